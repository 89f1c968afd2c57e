#include "sim/policies/ai_regulation.hpp"

#include <algorithm>

#include "sim/engine/phases/phases.hpp"
#include "sim/engine/policy_context.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PositionId;

std::shared_ptr<const Policy> AiRegulation::parse(const scenario::Reader& r,
                                                  const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "high_risk_oversight_hours", "if_unstaffed", "fine_per_week"});
  Params p;
  p.at = ctx.tick(r.child("at"));
  p.high_risk_oversight_hours =
      r.get("high_risk_oversight_hours", ctx.scenario.model.ai.high_risk_oversight_hours,
            scenario::kNonNegative);
  if (auto x = r.find("if_unstaffed")) {
    p.if_unstaffed =
        x->as_choice({"suspend", "fine"}) == "fine" ? IfUnstaffed::fine : IfUnstaffed::suspend;
    if (p.if_unstaffed == IfUnstaffed::fine && !r.has("fine_per_week")) {
      x->fail("needs `fine_per_week` (USD per week at full non-compliance)");
    }
  }
  p.fine_per_week = r.get("fine_per_week", 0.0, scenario::kNonNegative);
  return std::make_shared<AiRegulation>(r.get_string("id", ""), ctx.index, p);
}

namespace {

// Human IC capacity of each team, computed now from the state as the last
// tick left it (plus earlier policies' changes this tick): for teams the
// last work phase did not measure because they hosted no agent then.
class FreshCapacity {
 public:
  FreshCapacity(engine::State& s, const scenario::Scenario& sc) : s_(s), sc_(sc) {}
  double of(PositionId team) {
    if (!ready_) {
      engine::refresh(s_);
      engine::human_capacity(s_, sc_, x_);  // fills the coordination factors
      ready_ = true;
    }
    double sum = 0;
    for (auto c : s_.graph.children(team)) {
      auto o = s_.pos.occupant[c];
      if (s_.pos.level[c] != 0 || o == kNone || !engine::working(s_.people.status[o])) continue;
      sum += engine::ic_capacity(s_, sc_, x_, o);
    }
    return sum;
  }

 private:
  engine::State& s_;
  const scenario::Scenario& sc_;
  engine::Scratch x_;
  bool ready_ = false;
};

}  // namespace

void AiRegulation::apply(engine::PolicyContext& ctx) const {
  if (ctx.tick() < params_.at) return;
  auto& s = ctx.state;
  auto& m = s.machines;
  const auto& functions = ctx.scenario.firm.functions;
  const double fte_hours = ctx.scenario.model.work.hours_per_fte_week;
  // The governed agents, grouped by team in ascending id.
  std::vector<std::pair<PositionId, std::size_t>> governed;
  for (std::size_t k = 0; k < m.size(); ++k) {
    if (!m.alive[k] || m.kind[k] == engine::MachineKind::robot) continue;
    if (!functions[static_cast<std::size_t>(m.function[k])].high_risk_ai) continue;
    m.oversight_hours[k] = std::max(m.oversight_hours[k], params_.high_risk_oversight_hours);
    governed.emplace_back(m.team[k], k);
  }
  std::sort(governed.begin(), governed.end());
  const std::size_t nf = s.fn.size();
  std::vector<double> agents(nf, 0.0), unstaffed(nf, 0.0);
  std::vector<PositionId> first_team(nf, kNone);  // names the function in its events
  FreshCapacity fresh(s, ctx.scenario);
  double gap = 0;
  for (std::size_t b = 0; b < governed.size();) {
    const PositionId team = governed[b].first;
    std::size_t e = b;
    double owed = 0;  // V_team, FTE
    while (e < governed.size() && governed[e].first == team) {
      owed += m.oversight_hours[governed[e].second] / fte_hours;
      ++e;
    }
    auto it = s.team_capacity.find(team);
    const double capacity = it != s.team_capacity.end() ? it->second : fresh.of(team);
    gap += std::max(0.0, owed - capacity);
    const bool short_staffed = capacity < owed;
    for (std::size_t j = b; j < e; ++j) {
      const std::size_t k = governed[j].second;
      agents[m.function[k]] += 1;
      if (first_team[m.function[k]] == kNone) first_team[m.function[k]] = team;
      if (!short_staffed) continue;
      unstaffed[m.function[k]] += 1;
      if (params_.if_unstaffed == IfUnstaffed::suspend) m.suspended[k] = 1;
    }
    b = e;
  }
  s.now.oversight_gap = gap;  // what is owed now (a second regulation restates it)
  for (std::size_t f = 0; f < nf; ++f) {
    if (agents[f] == 0) continue;
    if (params_.if_unstaffed == IfUnstaffed::suspend) {
      // s.fn[f].ai_suspended is still last tick's tally (phase 1 runs first).
      if (ctx.tick() == params_.at || unstaffed[f] != s.fn[f].ai_suspended) {
        engine::add_event(s, output::EventKind::suspend, kNone, first_team[f], ctx.source,
                          unstaffed[f]);
      }
    } else if (unstaffed[f] > 0) {
      double fine = params_.fine_per_week * unstaffed[f] / agents[f];
      s.now.fines += fine;
      s.now.other_cost += fine;
      engine::add_event(s, output::EventKind::fine, kNone, first_team[f], ctx.source, fine);
    }
  }
}

}  // namespace wfsim::policies
