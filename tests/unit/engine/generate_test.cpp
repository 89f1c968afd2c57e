#include "sim/engine/generate.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <numeric>

#include "sim/engine/invariants.hpp"
#include "sim/scenario/load.hpp"
#include "test_firm.hpp"

using namespace wfsim;
using engine::level_counts;

TEST_CASE("level_counts follows ceil(n_below / span) up to one head", "[generate]") {
  // 100 positions, span 8: 86 ICs -> ceil(86/8)=11 -> ceil(11/8)=2 -> 1; 86+11+2+1 = 100.
  CHECK(level_counts(100, {8}, std::nullopt) == std::vector<std::int64_t>{86, 11, 2, 1});
  // 10 positions: 8 ICs + 1 head = 9; the one left over is a ninth IC.
  CHECK(level_counts(10, {8}, std::nullopt) == std::vector<std::int64_t>{9, 1});
  CHECK(level_counts(2, {8}, std::nullopt) == std::vector<std::int64_t>{1, 1});
  CHECK(level_counts(1, {8}, std::nullopt) == std::vector<std::int64_t>{1});
  for (std::int64_t h : {2, 3, 9, 12, 57, 1000, 11200, 24200}) {
    auto c = level_counts(h, {8}, std::nullopt);
    CHECK(std::accumulate(c.begin(), c.end(), std::int64_t{0}) == h);
    CHECK(c.back() == 1);
    for (std::size_t l = 1; l + 1 < c.size(); ++l) CHECK(c[l + 1] == (c[l] + 7) / 8);
  }
  // A span list is top first: first-line span 4, above it 3. 36 ICs -> 9 -> 3 -> 1
  // makes 49; 37 ICs would make 54, so the 4 left over join the ICs.
  auto c = level_counts(53, {3, 4}, std::nullopt);
  CHECK(c == std::vector<std::int64_t>{40, 9, 3, 1});
  // layers caps the depth: the level layers-1 is the head whatever its span.
  auto capped = level_counts(1000, {8}, 3);
  CHECK(capped.size() == 3);
  CHECK(capped.back() == 1);
  CHECK(std::accumulate(capped.begin(), capped.end(), std::int64_t{0}) == 1000);
}

TEST_CASE("a generated firm is a tree with exact head counts, spans and site shares",
          "[generate]") {
  auto sc = scenario::load_string(R"(
name: gen
seed: 11
firm:
  sites:
    - {name: a, hub: true, share: 0.5}
    - {name: b, hub: true, share: 0.3}
    - {name: c, hub: false, share: 0.2}
  functions:
    - {name: eng, headcount: 1000, salary: {mean: 100000, sd: 10000}}
    - {name: ops, headcount: 333, salary: {mean: 60000, sd: 5000}, sites: [a, c]}
)",
                                  "gen.yaml");
  auto s = engine::generate(sc);
  REQUIRE_NOTHROW(engine::check_invariants(s, sc, "generation"));
  // 1,333 positions in functions plus one CEO, every one occupied.
  REQUIRE(s.pos.size() == 1334);
  CHECK(s.active.size() == 1334);
  std::map<int, int> per_function;
  std::map<std::pair<int, int>, int> per_site;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    per_function[s.pos.function[p]] += 1;
    if (s.pos.function[p] >= 0) per_site[{s.pos.function[p], s.pos.site[p]}] += 1;
  }
  CHECK(per_function[-1] == 1);
  CHECK(per_function[0] == 1000);
  CHECK(per_function[1] == 333);
  // Shares renormalised over the function's sites, largest remainder: exact within one.
  CHECK(per_site[{0, 0}] == 500);
  CHECK(per_site[{0, 1}] == 300);
  CHECK(per_site[{0, 2}] == 200);
  CHECK(per_site[{1, 0}] == 238);  // 333 * 0.5 / 0.7 = 237.86
  CHECK(per_site[{1, 2}] == 95);   // 333 * 0.2 / 0.7 = 95.14
  CHECK(per_site.count({1, 1}) == 0);
  // The CEO's reports are the two function heads; spans never exceed 8 + leftover ICs.
  CHECK(s.graph.children(0).size() == 2);
  for (std::size_t p = 1; p < s.pos.size(); ++p) {
    if (s.pos.level[p] >= 2) CHECK(s.graph.children(static_cast<int>(p)).size() <= 8);
    if (s.pos.level[p] >= 1) CHECK(s.graph.children(static_cast<int>(p)).size() >= 1);
  }
  // Distributions are respected: competence in [0,1], ages in [20,64], salary premium by level.
  for (std::size_t i = 0; i < s.people.size(); ++i) {
    CHECK(s.people.competence[i] >= 0.0);
    CHECK(s.people.competence[i] <= 1.0);
    CHECK(s.people.age[i] >= 20.0);
    CHECK(s.people.age[i] <= 64.0);
    CHECK(s.people.tenure[i] <= (s.people.age[i] - 20.0) * 52.0 + 1);
  }
}

TEST_CASE("the collaboration graph holds every team as a clique plus cross-team ties",
          "[generate]") {
  auto sc = test::small_firm("[1, 3, 9]", "");
  auto s = engine::generate(*sc);
  // Team of the top: itself and its 3 reports; each manager's team: it and its 3 ICs.
  for (int p = 0; p < 13; ++p) {
    auto nb = s.graph.neighbors(p);
    CHECK(std::find(nb.begin(), nb.end(), static_cast<std::uint32_t>(p)) == nb.end());
    for (auto q : nb) {  // symmetric
      auto back = s.graph.neighbors(static_cast<int>(q));
      CHECK(std::find(back.begin(), back.end(), static_cast<std::uint32_t>(p)) != back.end());
    }
  }
  // The top (0) knows its three reports; a manager (1) knows the top, 2 peers, 3 reports.
  CHECK(s.graph.neighbors(0).size() == 3);
  CHECK(s.graph.neighbors(1).size() == 6);
  // An IC knows its manager and two teammates (cross_team_ties: 0).
  CHECK(s.graph.neighbors(4).size() == 3);
  CHECK(s.graph.collaboration_ties() == 6 + 3 * 6);
}

TEST_CASE("generation is a function of the seed", "[generate]") {
  auto a = engine::generate(*test::small_firm("[1, 4, 20]", ""));
  auto b = engine::generate(*test::small_firm("[1, 4, 20]", ""));
  auto c = engine::generate(*test::small_firm("[1, 4, 20]", "").get());
  CHECK(a.people.competence == b.people.competence);
  auto other = scenario::load_string(
      "name: x\nseed: 4\nfirm:\n  functions: [{name: eng, salary: {mean: 1, sd: 0}}]\n"
      "  hierarchy: {positions_per_level: [1, 4, 20]}\n",
      "x.yaml");
  auto d = engine::generate(other);
  CHECK(d.people.competence != a.people.competence);
  CHECK(c.people.age == a.people.age);
}
