// What the AI policies (ai_deployment, capex_reallocation) share: the keys
// that describe an AI agent, the mean exposure ē_f fixed at first
// deployment, the function's demand as a policy sees it in phase 1, and the
// placement of agents round-robin over the function's first-line teams.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/engine/machines.hpp"
#include "sim/engine/policy_context.hpp"
#include "sim/policies/policy.hpp"

namespace wfsim::policies {

// One AI agent as the YAML describes it (MODEL.md, Policies: ai_deployment keys).
struct AgentSpec {
  engine::MachineKind kind = engine::MachineKind::ai_replace;
  double capacity_fte = 1.0;     // q, FTE-weeks of work per week
  double error_rate = 0.0;       // [0, 1): share of its work redone
  double capex = 0.0;            // USD per agent, spent when placed
  double opex_weekly = 0.0;      // USD per agent per week
  double oversight_hours = 2.0;  // human hours per agent per week
};

// `mode: augment | replace` (required).
engine::MachineKind parse_mode(const scenario::Reader& r);
// agent_capacity_fte (1), error_rate (0), capex_per_agent (0), opex_per_agent_week
// (0), oversight_hours (model.ai.oversight_hours); `mode` is read by the caller.
AgentSpec parse_agent_spec(const scenario::Reader& r, const ParseContext& ctx,
                           engine::MachineKind kind);

// Sets ē_f, the mean exposure of the function's working ICs, if it is not set
// yet (0 counts as unset). Call before any cut.
void note_mean_exposure(engine::State& s, int f);

// D_f as phase 1 sees it: last tick's demand, or D_f(0) with growth before the
// first work phase.
double demand_now(const engine::State& s, const scenario::Scenario& sc, int f);

// Live AI agents in function f placed by policy `source`.
std::size_t agents_placed(const engine::State& s, int f, std::int16_t source);

// Adds `count` agents of `spec` to function f, round-robin over its
// first-line teams in ascending id, the k-th agent of this policy going to
// team k mod teams (so later additions continue the rotation after
// `already`). One machine_add event each (position: team, detail: machine
// id). Returns the number placed (0 if the function has no manager position).
std::size_t place_agents(engine::PolicyContext& ctx, int f, const AgentSpec& spec,
                         std::size_t count, std::size_t already);

}  // namespace wfsim::policies
