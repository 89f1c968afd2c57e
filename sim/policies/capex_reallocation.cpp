#include "sim/policies/capex_reallocation.hpp"

#include <cmath>

namespace wfsim::policies {

std::shared_ptr<const Policy> CapexReallocation::parse(const scenario::Reader& r,
                                                       const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "from", "to", "function", "share", "mode", "capex_per_agent",
                "agent_capacity_fte", "error_rate", "opex_per_agent_week", "oversight_hours"});
  Params p;
  p.function = ctx.function(r.child("function"));
  p.timing = ctx.timing(r);
  if (p.timing.at && p.timing.from) r.child("at").fail("give `at` or `from`, not both");
  p.share = r.child("share").as_double(scenario::kUnit);
  auto kind = r.has("mode") ? parse_mode(r.child("mode")) : engine::MachineKind::ai_replace;
  p.agent = parse_agent_spec(r, ctx, kind);
  // capex_per_agent is what converts savings into agents: required and > 0.
  p.agent.capex = r.child("capex_per_agent").as_double(scenario::kPositive);
  return std::make_shared<CapexReallocation>(r.get_string("id", ""), ctx.index, std::move(p));
}

void CapexReallocation::apply(engine::PolicyContext& ctx) const {
  if (!params_.timing.in_period(ctx.tick())) return;
  auto& s = ctx.state;
  const int f = params_.function;
  const double funded = std::floor(params_.share * s.saved_payroll / params_.agent.capex);
  const std::size_t already = agents_placed(s, f, ctx.source);
  if (funded <= static_cast<double>(already)) return;
  // ē_f is fixed at the function's first deployment, before any cut of its own.
  note_mean_exposure(s, f);
  place_agents(ctx, f, params_.agent, static_cast<std::size_t>(funded) - already, already);
}

}  // namespace wfsim::policies
