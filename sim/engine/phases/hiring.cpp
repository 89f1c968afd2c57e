// Phase 8: headcount planning (every review_weeks), then external hiring into
// vacancies, each filled with weekly probability min(1, multiplier / time_to_fill).
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "sim/engine/phases/phases.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::engine {
namespace {

// Opens one IC position in function f under the narrowest first-line manager,
// opening manager positions upwards when every manager of a level is at s_opt.
class Planner {
 public:
  Planner(State& s, const scenario::Scenario& sc, int f) : s_(s), sc_(sc), f_(f) {
    for (std::size_t p = 0; p < s.pos.size(); ++p) {
      if (!s.pos.alive[p] || s.pos.function[p] != f || s.pos.level[p] < 1) continue;
      auto level = static_cast<std::size_t>(s.pos.level[p]);
      if (by_level_.size() <= level) by_level_.resize(level + 1);
      int span = static_cast<int>(current_children(s, static_cast<PositionId>(p)).size());
      by_level_[level].insert({span, static_cast<PositionId>(p)});
      span_[static_cast<PositionId>(p)] = span;
    }
  }

  // Under the narrowest first-line manager; a function whose first-line level
  // was cut (a layoff of level 1) puts new ICs under its lowest manager level.
  bool open_ic() {
    std::size_t level = 1;
    while (level < by_level_.size() && by_level_[level].empty()) ++level;
    PositionId m = manager_at(level);
    if (m == kNone) return false;
    open_under(m, 0);
    return true;
  }

 private:
  // The narrowest manager of `level`, or a new one when all are at s_opt.
  PositionId manager_at(std::size_t level) {
    if (level >= by_level_.size() || by_level_[level].empty()) return kNone;
    auto narrowest = *by_level_[level].begin();
    bool is_head = level + 1 >= by_level_.size();  // never a new top
    if (narrowest.first < sc_.model.work.s_opt || is_head) return narrowest.second;
    PositionId up = manager_at(level + 1);
    if (up == kNone) return narrowest.second;
    PositionId fresh = open_under(up, static_cast<std::int8_t>(level));
    by_level_[level].insert({0, fresh});
    span_[fresh] = 0;
    return fresh;
  }

  PositionId open_under(PositionId parent, std::int8_t level) {
    auto& set = by_level_[s_.pos.level[parent]];
    int& span = span_[parent];
    set.erase({span, parent});
    set.insert({++span, parent});
    return open_position(s_, sc_, static_cast<std::int16_t>(f_), level, parent, -1);
  }

  State& s_;
  const scenario::Scenario& sc_;
  int f_;
  std::vector<std::set<std::pair<int, PositionId>>> by_level_;  // (span, id) per level
  std::unordered_map<PositionId, int> span_;
};

void plan_headcount(State& s, const scenario::Scenario& sc) {
  const auto& pl = sc.model.planning;
  const double u = sc.model.work.utilization;
  for (std::size_t k = 0; k < s.fn.size(); ++k) {
    FunctionState& f = s.fn[k];
    double mean_w = f.workload_sum_review / pl.review_weeks;
    f.workload_sum_review = 0;
    if (f.hiring_multiplier == 0.0 || s.tick < f.planning_hold_until || f.ic_positions <= 0) {
      continue;
    }
    double w_plan = mean_w * f.occupied_ic_positions / f.ic_positions;
    if (w_plan <= pl.open_above * u) continue;
    auto n = static_cast<std::int64_t>(
        std::ceil(std::min(pl.max_share, w_plan / u - 1.0) * f.ic_positions));
    Planner planner(s, sc, static_cast<int>(k));
    for (std::int64_t j = 0; j < n; ++j) {
      if (!planner.open_ic()) break;
    }
  }
}

}  // namespace

void hire_and_plan(State& s, const scenario::Scenario& sc) {
  const auto& pl = sc.model.planning;
  if (pl.enabled && (s.tick + 1) % pl.review_weeks == 0) plan_headcount(s, sc);
  Rng rng(s.seed, Stream::position);
  const double ttf = sc.model.hiring.time_to_fill_weeks;
  const std::size_t n = s.pos.size();
  // A function shrinking by attrition (ic_target set) refills no IC seat while
  // it has more than its target; the next phase 1 closes the excess.
  std::vector<std::int64_t> ic_excess(s.fn.size(), 0);
  bool shrinking = false;
  for (const auto& f : s.fn) shrinking |= f.ic_target >= 0;
  if (shrinking) {
    for (std::size_t p = 0; p < n; ++p) {
      if (s.pos.alive[p] && s.pos.level[p] == 0 && s.pos.function[p] >= 0) {
        ic_excess[s.pos.function[p]] += 1;
      }
    }
    for (std::size_t f = 0; f < s.fn.size(); ++f) {
      ic_excess[f] = s.fn[f].ic_target >= 0 ? ic_excess[f] - s.fn[f].ic_target : 0;
    }
  }
  for (std::size_t v = 0; v < n; ++v) {
    if (!s.pos.alive[v] || s.pos.occupant[v] != kNone) continue;
    if (s.pos.level[v] >= 1 && !s.pos.external[v]) continue;  // awaiting promotion next tick
    int f = s.pos.function[v];
    if (f >= 0 && s.pos.level[v] == 0 && ic_excess[f] > 0) continue;
    double multiplier = f >= 0 ? s.fn[f].hiring_multiplier : 1.0;
    double p = std::min(1.0, multiplier / ttf);
    if (rng.uniform(s.tick, static_cast<PositionId>(v), Purpose::hire_fill) < p) {
      hire(s, sc, rng, static_cast<PositionId>(v), -1);
    }
  }
}

}  // namespace wfsim::engine
