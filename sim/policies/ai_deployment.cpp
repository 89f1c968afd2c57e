#include "sim/policies/ai_deployment.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/phases/phases.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PositionId;

std::shared_ptr<const Policy> AiDeployment::parse(const scenario::Reader& r,
                                                  const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "schedule", "function", "mode", "sizing", "announce_weeks",
                "agents", "agent_capacity_fte", "error_rate", "capex_per_agent",
                "opex_per_agent_week", "oversight_hours", "select"});
  Params p;
  p.function = ctx.function(r.child("function"));
  const auto kind = parse_mode(r.child("mode"));
  p.agent = parse_agent_spec(r, ctx, kind);
  if (kind == engine::MachineKind::ai_augment) {
    for (auto key : {"sizing", "schedule", "select"}) {
      if (auto x = r.find(key)) x->fail("applies only with mode: replace (augment cuts nothing)");
    }
  }
  if (auto z = r.find("sizing")) {
    if (r.has("schedule")) {
      z->fail("does not apply with a schedule (its shares give the cut and the cover)");
    }
    p.sizing =
        z->as_choice({"claimed", "realized"}) == "claimed" ? Sizing::claimed : Sizing::realized;
  }
  Timing t = ctx.timing(r);
  if (!t.at && t.schedule.empty()) static_cast<void>(r.child("at"));  // fails: required
  p.at = t.at ? *t.at : t.schedule.front().first;
  p.announce_weeks = static_cast<int>(r.get_int("announce_weeks", 0, scenario::kNonNegative));
  p.schedule = t.schedule;
  if (!p.schedule.empty()) {
    const std::int64_t first_cut = p.at + p.announce_weeks;
    auto points = r.child("schedule").items();
    for (std::size_t k = 0; k < p.schedule.size(); ++k) {
      if (p.schedule[k].first < first_cut) {
        points[k].child("at").fail("must not come before at + announce_weeks (tick " +
                                   std::to_string(first_cut) + ")");
      }
    }
  }
  if (auto a = r.find("agents")) p.agents = a->as_int(scenario::kNonNegative);
  if (auto x = r.find("select")) p.select = parse_select(*x);
  return std::make_shared<AiDeployment>(r.get_string("id", ""), ctx.index, std::move(p));
}

void AiDeployment::replace_step(engine::PolicyContext& ctx, double cut_share, double cover_share,
                                std::optional<std::int64_t> agents) const {
  auto& s = ctx.state;
  const int f = params_.function;
  std::vector<PositionId> occupied;
  for (std::size_t i = 0; i < s.pos.size(); ++i) {
    auto p = static_cast<PositionId>(i);
    if (!s.pos.alive[p] || s.pos.function[p] != f || s.pos.level[p] != 0) continue;
    auto o = s.pos.occupant[p];
    if (o != kNone && s.people.status[o] == engine::Status::active) occupied.push_back(p);
  }
  auto n = static_cast<std::size_t>(
      std::llround(std::max(0.0, cut_share) * static_cast<double>(occupied.size())));
  auto chosen = select_positions(ctx, std::move(occupied), n, params_.select);
  for (PositionId p : chosen) engine::lay_off(s, ctx.scenario, p, 0, ctx.source);
  s.fn[f].planning_hold_until = s.tick + ctx.scenario.model.planning.hold_weeks;
  engine::add_event(s, output::EventKind::policy, kNone, kNone, ctx.source,
                    static_cast<double>(chosen.size()));

  const auto& a = params_.agent;
  double target = agents ? static_cast<double>(*agents)
                         : std::ceil(cover_share * demand_now(s, ctx.scenario, f) /
                                     (a.capacity_fte * (1.0 - a.error_rate)));
  std::size_t already = agents_placed(s, f, ctx.source);
  auto want = static_cast<std::size_t>(std::max(0.0, target));
  if (want > already) place_agents(ctx, f, a, want - already, already);
}

void AiDeployment::apply(engine::PolicyContext& ctx) const {
  auto& s = ctx.state;
  const auto& p = params_;
  const std::int64_t t = ctx.tick();
  if (t < p.at) return;
  const int f = p.function;
  const std::int64_t deploy = p.at + p.announce_weeks;
  if (t < deploy) s.fn[f].ai_anxiety = true;
  // ē_f: the ICs' mean exposure at the tick AI is first deployed, before any
  // cut (MODEL.md phase 2), so after the announcement's anxious weeks.
  if (t == deploy) note_mean_exposure(s, f);

  if (p.agent.kind == engine::MachineKind::ai_augment) {
    if (t != deploy) return;
    std::size_t n =
        p.agents ? static_cast<std::size_t>(*p.agents) : engine::first_line_teams(s, f).size();
    place_agents(ctx, f, p.agent, n, agents_placed(s, f, ctx.source));
    return;
  }
  if (p.schedule.empty()) {
    if (t != deploy) return;
    // The believed share, read at this tick (phase 2 has not run yet).
    const auto& curve = p.sizing == Sizing::claimed ? ctx.scenario.capability[f].claimed
                                                    : ctx.scenario.capability[f].realized;
    double share =
        engine::logistic(curve, static_cast<double>(t)) * s.fn[f].mean_exposure_at_deployment;
    replace_step(ctx, share, share, p.agents);
    return;
  }
  double prev = 0, top = 0;
  for (const auto& pt : p.schedule) top = std::max(top, pt.second);
  for (const auto& [at, share] : p.schedule) {
    if (at == t) {
      note_mean_exposure(s, f);  // no-op once set
      // Cut the part of what is left that brings the cumulative share to `share`.
      double cut = share > prev && prev < 1.0 ? (share - prev) / (1.0 - prev) : 0.0;
      std::optional<std::int64_t> agents;
      if (p.agents) {
        agents =
            top > 0
                ? static_cast<std::int64_t>(std::ceil(static_cast<double>(*p.agents) * share / top))
                : 0;
      }
      replace_step(ctx, cut, share, agents);
      return;
    }
    prev = std::max(prev, share);
  }
}

}  // namespace wfsim::policies
