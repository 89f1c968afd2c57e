#include "sim/engine/generate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/core/parallel.hpp"
#include "sim/core/rng.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::engine {
namespace {

// The span of managers at `level` (1 = first-line): the list read bottom-up
// from its last entry, its first entry repeated for the levels above.
int span_at(const std::vector<int>& top_first, int level) {
  int n = static_cast<int>(top_first.size());
  return top_first[std::max(0, n - level)];
}

std::vector<std::int64_t> counts_for_ics(std::int64_t ics, const std::vector<int>& spans,
                                         std::optional<int> layers) {
  std::vector<std::int64_t> c{ics};
  while (c.back() > 1 || c.size() == 1) {  // ICs always have a head above them
    int level = static_cast<int>(c.size());
    if (layers && level == *layers - 1) {
      c.push_back(1);
      break;
    }
    int s = span_at(spans, level);
    c.push_back((c.back() + s - 1) / s);
  }
  return c;
}

std::int64_t total(const std::vector<std::int64_t>& c) {
  return std::accumulate(c.begin(), c.end(), std::int64_t{0});
}

}  // namespace

std::vector<std::int64_t> level_counts(std::int64_t headcount, const std::vector<int>& spans,
                                       std::optional<int> layers) {
  if (headcount <= 1) return {headcount};
  // total(counts_for_ics(n)) grows with n: find the largest n that fits.
  std::int64_t lo = 1, hi = headcount;
  while (lo < hi) {
    std::int64_t mid = lo + (hi - lo + 1) / 2;
    if (total(counts_for_ics(mid, spans, layers)) <= headcount) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  auto c = counts_for_ics(lo, spans, layers);
  c[0] += headcount - total(c);
  return c;
}

namespace {

// Builds one function's positions top-down under `top_parent` (kNone: it is the top).
void build_function(State& s, int f, const std::vector<std::int64_t>& counts,
                    PositionId top_parent) {
  std::vector<PositionId> above;  // positions of the level above, in order
  if (top_parent != kNone) above.push_back(top_parent);
  for (int level = static_cast<int>(counts.size()) - 1; level >= 0; --level) {
    std::vector<PositionId> here;
    here.reserve(counts[level]);
    for (std::int64_t j = 0; j < counts[level]; ++j) {
      PositionId parent = kNone;
      if (!above.empty()) {
        // Contiguous, even blocks: child j goes to parent floor(j * parents / children).
        auto idx =
            static_cast<std::size_t>((j * static_cast<std::int64_t>(above.size())) / counts[level]);
        parent = above[idx];
      }
      here.push_back(
          s.pos.add(static_cast<std::int16_t>(f), static_cast<std::int8_t>(level), parent, 0));
    }
    above = std::move(here);
  }
}

// Post-order of a subtree: teams end up contiguous, so sites are too.
void post_order(const State& s, PositionId p, std::vector<PositionId>& out) {
  for (auto c : s.graph.children(p)) post_order(s, static_cast<PositionId>(c), out);
  out.push_back(p);
}

// Largest-remainder apportionment of n items over weights.
std::vector<std::int64_t> apportion(std::int64_t n, const std::vector<double>& weights) {
  double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::int64_t> out(weights.size());
  std::vector<std::pair<double, std::size_t>> rem;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    double exact = sum > 0 ? n * weights[i] / sum : 0.0;
    out[i] = static_cast<std::int64_t>(std::floor(exact));
    given += out[i];
    rem.emplace_back(-(exact - out[i]), i);  // largest remainder first, ties by index
  }
  std::sort(rem.begin(), rem.end());
  for (std::size_t k = 0; given < n; ++k, ++given) out[rem[k % rem.size()].second] += 1;
  return out;
}

void assign_sites(State& s, const scenario::Scenario& sc, const std::vector<PositionId>& heads) {
  for (std::size_t f = 0; f < heads.size(); ++f) {
    std::vector<PositionId> order;
    post_order(s, heads[f], order);
    const auto& fs = sc.firm.functions[f].sites;
    std::vector<double> w;
    for (int site : fs) w.push_back(sc.firm.sites[site].share);
    auto counts = apportion(static_cast<std::int64_t>(order.size()), w);
    std::size_t k = 0;
    for (std::size_t i = 0; i < fs.size(); ++i) {
      for (std::int64_t j = 0; j < counts[i]; ++j)
        s.pos.site[order[k++]] = static_cast<std::int16_t>(fs[i]);
    }
  }
}

void build_collaboration(State& s, const scenario::Scenario& sc) {
  Rng rng(sc.seed, Stream::generation);
  const auto& collab = sc.firm.collaboration;
  const std::size_t n = s.pos.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
  std::vector<std::uint32_t> team;
  for (std::size_t m = 0; m < n; ++m) {
    auto kids = s.graph.children(static_cast<PositionId>(m));
    if (kids.empty()) continue;
    team.assign(1, static_cast<std::uint32_t>(m));
    team.insert(team.end(), kids.begin(), kids.end());
    if (!collab.team_ties) {
      for (std::size_t a = 0; a < team.size(); ++a) {
        for (std::size_t b = a + 1; b < team.size(); ++b) ties.emplace_back(team[a], team[b]);
      }
      continue;
    }
    // Each member ties to team_ties random teammates (partial Fisher-Yates per member).
    std::vector<std::uint32_t> mates;
    for (std::size_t a = 0; a < team.size(); ++a) {
      mates = team;
      mates.erase(mates.begin() + static_cast<std::ptrdiff_t>(a));
      std::size_t k = std::min<std::size_t>(*collab.team_ties, mates.size());
      for (std::size_t i = 0; i < k; ++i) {
        std::size_t j = i + rng.below(mates.size() - i, static_cast<std::int64_t>(m), team[a],
                                      Purpose::team_tie, static_cast<std::uint32_t>(i));
        std::swap(mates[i], mates[j]);
        ties.emplace_back(team[a], mates[i]);
      }
    }
  }
  // Cross-team ties: uniform partners outside the position's team (itself,
  // its manager, its manager's reports, its own reports).
  auto same_team = [&](std::uint32_t a, std::uint32_t b) {
    PositionId pa = s.pos.parent[a], pb = s.pos.parent[b];
    return a == b || pa == static_cast<PositionId>(b) || pb == static_cast<PositionId>(a) ||
           (pa != kNone && pa == pb);
  };
  for (std::size_t p = 0; p < n && n > 1; ++p) {
    for (int t = 0; t < collab.cross_team_ties; ++t) {
      for (std::uint32_t attempt = 0; attempt < 16; ++attempt) {
        auto other = static_cast<std::uint32_t>(
            rng.below(n, 0, static_cast<std::int64_t>(p), Purpose::cross_tie,
                      static_cast<std::uint32_t>(t * 16) + attempt));
        if (!same_team(static_cast<std::uint32_t>(p), other)) {
          ties.emplace_back(static_cast<std::uint32_t>(p), other);
          break;
        }
      }
    }
  }
  s.graph.build_collaboration(n, std::move(ties));
}

}  // namespace

State generate(const scenario::Scenario& sc) {
  State s;
  s.seed = sc.seed;
  const auto& h = sc.firm.hierarchy;
  const std::size_t nf = sc.firm.functions.size();
  std::vector<std::vector<std::int64_t>> counts(nf);
  for (std::size_t f = 0; f < nf; ++f) {
    if (!h.positions_per_level.empty()) {
      counts[f].assign(h.positions_per_level.rbegin(), h.positions_per_level.rend());
    } else {
      counts[f] = level_counts(sc.firm.functions[f].headcount, h.span, h.layers);
    }
  }
  std::vector<PositionId> heads;
  PositionId ceo = kNone;
  if (nf > 1) {
    std::size_t top = 0;
    for (const auto& c : counts) top = std::max(top, c.size());
    ceo = s.pos.add(-1, static_cast<std::int8_t>(top), kNone, 0);
    s.top_level = static_cast<int>(top);
  } else {
    s.top_level = static_cast<int>(counts[0].size()) - 1;
  }
  for (std::size_t f = 0; f < nf; ++f) {
    heads.push_back(static_cast<PositionId>(s.pos.size()));
    build_function(s, static_cast<int>(f), counts[f], ceo);
  }
  s.graph.rebuild_tree(s.pos.parent, s.pos.alive);
  assign_sites(s, sc, heads);
  if (ceo != kNone) {
    for (std::size_t i = 0; i < sc.firm.sites.size(); ++i) {
      if (sc.firm.sites[i].hub) {
        s.pos.site[ceo] = static_cast<std::int16_t>(i);
        break;
      }
    }
  }
  // People: one per position, person id = position id at tick 0.
  const std::size_t n = s.pos.size();
  for (std::size_t i = 0; i < n; ++i) s.people.add();
  Rng rng(sc.seed, Stream::generation);
  parallel_for_blocks(n, [&](std::size_t b, std::size_t e) {
    for (std::size_t p = b; p < e; ++p) {
      draw_person(s, sc, rng, 0, static_cast<PersonId>(p), static_cast<PositionId>(p), true);
    }
  });
  build_collaboration(s, sc);
  s.fn.assign(nf, FunctionState{});
  s.rto_days.assign(sc.firm.sites.size(), 0.0);
  s.now.quits_by_function.assign(nf, 0);
  s.now.hires_by_function.assign(nf, 0);
  s.now.layoffs_by_function.assign(nf, 0);
  s.last = s.now;
  s.people_changed = true;
  refresh(s);
  return s;
}

}  // namespace wfsim::engine
