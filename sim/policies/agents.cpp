#include "sim/policies/agents.hpp"

#include <cmath>

#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PositionId;

engine::MachineKind parse_mode(const scenario::Reader& r) {
  return r.as_choice({"augment", "replace"}) == "augment" ? engine::MachineKind::ai_augment
                                                          : engine::MachineKind::ai_replace;
}

AgentSpec parse_agent_spec(const scenario::Reader& r, const ParseContext& ctx,
                           engine::MachineKind kind) {
  AgentSpec a;
  a.kind = kind;
  a.capacity_fte = r.get("agent_capacity_fte", 1.0, scenario::kPositive);
  a.error_rate = r.get("error_rate", 0.0, scenario::kUnit);
  if (a.error_rate >= 1.0)
    r.child("error_rate").fail("must be below 1 (an agent must do some work)");
  a.capex = r.get("capex_per_agent", 0.0, scenario::kNonNegative);
  a.opex_weekly = r.get("opex_per_agent_week", 0.0, scenario::kNonNegative);
  a.oversight_hours =
      r.get("oversight_hours", ctx.scenario.model.ai.oversight_hours, scenario::kNonNegative);
  return a;
}

void note_mean_exposure(engine::State& s, int f) {
  auto& fs = s.fn[f];
  if (fs.mean_exposure_at_deployment != 0.0) return;
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (!s.pos.alive[p] || s.pos.function[p] != f || s.pos.level[p] != 0) continue;
    auto o = s.pos.occupant[p];
    if (o == kNone || !engine::working(s.people.status[o])) continue;
    sum += s.people.exposure[o];
    ++n;
  }
  fs.mean_exposure_at_deployment = n > 0 ? sum / static_cast<double>(n) : 0.0;
}

double demand_now(const engine::State& s, const scenario::Scenario& sc, int f) {
  const auto& fs = s.fn[f];
  if (s.tick > 0 && fs.demand > 0) return fs.demand;
  return fs.demand0 *
         std::pow(1.0 + sc.model.work.demand_growth, static_cast<double>(s.tick) / 52.0);
}

std::size_t agents_placed(const engine::State& s, int f, std::int16_t source) {
  const auto& m = s.machines;
  std::size_t n = 0;
  for (std::size_t k = 0; k < m.size(); ++k) {
    if (m.alive[k] && m.source[k] == source && m.function[k] == f &&
        m.kind[k] != engine::MachineKind::robot) {
      ++n;
    }
  }
  return n;
}

std::size_t place_agents(engine::PolicyContext& ctx, int f, const AgentSpec& spec,
                         std::size_t count, std::size_t already) {
  auto& s = ctx.state;
  if (count == 0) return 0;
  auto teams = engine::first_line_teams(s, f);
  if (teams.empty()) return 0;
  engine::MachineSpec m;
  m.kind = spec.kind;
  m.function = static_cast<std::int16_t>(f);
  m.capacity_fte = spec.capacity_fte;
  m.error_rate = spec.error_rate;
  m.oversight_hours = spec.oversight_hours;
  m.opex_weekly = spec.opex_weekly;
  m.capex = spec.capex;
  for (std::size_t k = 0; k < count; ++k) {
    PositionId team = teams[(already + k) % teams.size()];
    auto id = engine::add_machine(s, m, team, ctx.source);
    engine::add_event(s, output::EventKind::machine_add, kNone, team, ctx.source,
                      static_cast<double>(id));
  }
  return count;
}

}  // namespace wfsim::policies
