// Phase 7: manager vacancies filled from below, serially, levels from the top
// down and vacancies in id order within a level, so that the vacancy a
// promotion leaves is handled in the same pass (a chain completes in one tick).
#include <algorithm>
#include <cmath>

#include "sim/engine/draw.hpp"
#include "sim/engine/phases/phases.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::engine {
namespace {

using scenario::PromotionStrategy;

bool promotable(const State& s, PositionId p) {
  PersonId o = s.pos.occupant[p];
  return s.pos.alive[p] && o != kNone && s.people.status[o] == Status::active;
}

// The pool for vacancy v: its direct reports, or everyone one level below in its function.
std::vector<PositionId> candidates(const State& s, const scenario::Scenario& sc, PositionId v) {
  std::vector<PositionId> pool;
  bool by_level =
      sc.model.promotion.pool == scenario::PromotionPool::level && s.pos.function[v] >= 0;
  if (!by_level) {
    for (PositionId c : current_children(s, v)) {
      if (promotable(s, c)) pool.push_back(c);
    }
    return pool;
  }
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (s.pos.function[p] == s.pos.function[v] && s.pos.level[p] == s.pos.level[v] - 1 &&
        promotable(s, static_cast<PositionId>(p))) {
      pool.push_back(static_cast<PositionId>(p));
    }
  }
  return pool;
}

PositionId pick(const State& s, const scenario::Scenario& sc, const Rng& rng, PositionId v,
                const std::vector<PositionId>& pool) {
  auto c = [&](PositionId q) { return s.people.competence[s.pos.occupant[q]]; };
  // Ties go to the lower id for both best and worst.
  auto best = [&] {
    return *std::max_element(pool.begin(), pool.end(), [&](PositionId a, PositionId b) {
      return c(a) < c(b) || (c(a) == c(b) && a > b);
    });
  };
  auto worst = [&] {
    return *std::min_element(pool.begin(), pool.end(), [&](PositionId a, PositionId b) {
      return c(a) < c(b) || (c(a) == c(b) && a < b);
    });
  };
  switch (sc.model.promotion.strategy) {
    case PromotionStrategy::best:
      return best();
    case PromotionStrategy::worst:
      return worst();
    case PromotionStrategy::random:
      return pool[rng.below(pool.size(), s.tick, v, Purpose::promote_pick)];
    case PromotionStrategy::alternate:
      return rng.uniform(s.tick, v, Purpose::promote_pick) < sc.model.promotion.p_best ? best()
                                                                                       : worst();
  }
  return best();
}

void promote(State& s, const scenario::Scenario& sc, const Rng& rng, PositionId from,
             PositionId to) {
  const auto& pr = sc.model.promotion;
  PersonId person = s.pos.occupant[from];
  double c = s.people.competence[person];
  if (pr.competence_rule == scenario::CompetenceRule::peter) {
    const auto& f = sc.firm.functions[distribution_function(s, to)];
    c = draw(f.competence, rng, s.tick, to, Purpose::promote_noise);
  } else if (pr.noise_distribution == scenario::NoiseDistribution::normal) {
    c += pr.noise_width * rng.normal(s.tick, to, Purpose::promote_noise);
  } else {
    c += pr.noise_width * (2.0 * rng.uniform(s.tick, to, Purpose::promote_noise) - 1.0);
  }
  s.people.competence[person] = std::clamp(c, 0.0, 1.0);
  double p = sc.firm.hierarchy.salary_premium_per_level;
  s.people.salary[person] *= (1.0 + p * s.pos.level[to]) / (1.0 + p * s.pos.level[from]);
  s.people.position[person] = to;
  s.pos.occupant[to] = person;
  s.pos.vacant_since[to] = -1;
  s.pos.external[to] = 0;
  s.pos.occupant[from] = kNone;
  s.pos.vacant_since[from] = static_cast<std::int32_t>(s.tick);
  s.pos.external[from] = 0;
  s.now.promotions += 1;
  add_event(s, output::EventKind::promote, person, to, -1, s.pos.level[to]);
}

}  // namespace

void fill_by_promotion(State& s, const scenario::Scenario& sc) {
  Rng rng(s.seed, Stream::position);
  // Manager vacancies by level; a promotion adds the vacancy it leaves one level down.
  std::vector<std::vector<PositionId>> vacancies(static_cast<std::size_t>(s.top_level) + 1);
  for (std::size_t v = 0; v < s.pos.size(); ++v) {
    if (s.pos.alive[v] && s.pos.level[v] >= 1 && s.pos.occupant[v] == kNone && !s.pos.external[v]) {
      vacancies[s.pos.level[v]].push_back(static_cast<PositionId>(v));
    }
  }
  for (int level = s.top_level; level >= 1; --level) {
    auto& here = vacancies[level];
    std::sort(here.begin(), here.end());
    for (PositionId v : here) {
      if (rng.uniform(s.tick, v, Purpose::promote_external) < sc.model.promotion.p_external) {
        s.pos.external[v] = 1;
        continue;
      }
      auto pool = candidates(s, sc, v);
      if (pool.empty()) {
        s.pos.external[v] = 1;
        continue;
      }
      PositionId from = pick(s, sc, rng, v, pool);
      promote(s, sc, rng, from, v);
      if (s.pos.level[from] >= 1) vacancies[s.pos.level[from]].push_back(from);
    }
  }
}

}  // namespace wfsim::engine
