// management_delayering on small firms worked out by hand, then on a firm of
// a few hundred positions (MODEL.md: a 13% cut of level-1/2 managers widens
// spans moderately, 8 -> ~9.2, and does not collapse the firm).
#include "sim/policies/management_delayering.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "../engine/test_firm.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/generate.hpp"
#include "sim/engine/invariants.hpp"
#include "sim/engine/policy_context.hpp"
#include "sim/engine/structure.hpp"

using namespace wfsim;
using engine::PositionId;
using output::EventKind;

namespace {

// [1, 3, 9]: the head 0 (level 2); first-line managers 1, 2, 3 (level 1);
// ICs 4-6 under 1, 7-9 under 2, 10-12 under 3. Person id = position id.
std::shared_ptr<const scenario::Scenario> firm(const std::string& policy) {
  return test::small_firm("[1, 3, 9]",
                          "  planning: {enabled: false}\npolicies:\n  - {type: "
                          "management_delayering, at: 0, " +
                              policy + "}\n");
}

// The generated firm with the policy applied once (tick 0), graphs rebuilt.
engine::State delayered(const scenario::Scenario& sc, const double (&manager_c)[3]) {
  auto s = engine::generate(sc);
  for (int m = 1; m <= 3; ++m) {
    s.people.competence[m] = manager_c[m - 1];
    s.people.tenure[m] = 3 * 52;
  }
  engine::PolicyContext ctx(s, sc, 0);
  sc.policies[0]->apply(ctx);
  engine::refresh(s);
  return s;
}

std::vector<PositionId> children(const engine::State& s, PositionId p) {
  return engine::current_children(s, p);
}

long count(const engine::State& s, EventKind kind) {
  return std::count_if(s.events.begin(), s.events.end(),
                       [&](const output::Event& e) { return e.kind == kind && e.source == 0; });
}

}  // namespace

TEST_CASE("delayering: the firm the hand checks use", "[policies][delayering]") {
  auto sc = firm("share: 0");
  auto s = engine::generate(*sc);
  CHECK(children(s, 0) == std::vector<PositionId>{1, 2, 3});
  CHECK(children(s, 2) == std::vector<PositionId>{7, 8, 9});
  CHECK(s.pos.level[0] == 2);
}

TEST_CASE("delayering by share: reports go one by one to the narrowest peer",
          "[policies][delayering]") {
  auto sc = firm("levels: [1], share: 0.34, select: lowest_performance");
  auto s = delayered(*sc, {0.6, 0.3, 0.5});
  // round(0.34 * 3) = 1 manager: the lowest c, manager 2.
  CHECK(s.pos.alive[2] == 0);
  CHECK(s.people.status[2] == engine::Status::laid_off);
  // Its reports 7, 8, 9 in turn to the narrowest peer (ties to the lower id):
  // spans (1: 3, 3: 3) -> 7 to 1 (4, 3) -> 8 to 3 (4, 4) -> 9 to 1 (5, 4).
  CHECK(children(s, 1) == std::vector<PositionId>{4, 5, 6, 7, 9});
  CHECK(children(s, 3) == std::vector<PositionId>{8, 10, 11, 12});
  // Severance: salary 104000 * (1 + 0.25) = 130000; 3 years -> max(4, 6) weeks.
  CHECK(s.now.severance == Approx(130000.0 / 52 * 6));
  CHECK(s.now.layoffs == 1);
  CHECK(s.now.demotions == 0);
  CHECK(s.fn[0].planning_hold_until == 0 + 52);
  CHECK(count(s, EventKind::reparent) == 3);
  CHECK(count(s, EventKind::layoff) == 1);
  CHECK(count(s, EventKind::position_close) == 1);
  CHECK(count(s, EventKind::policy) == 1);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "delayering"));
}

TEST_CASE("delayering to the skip level with every removed manager demoted",
          "[policies][delayering]") {
  auto sc = firm("levels: [1], share: 0.34, reassign: skip_level, demote_share: 1");
  auto s = delayered(*sc, {0.6, 0.3, 0.5});
  // Manager 2's reports go to the head 0; manager 2 takes a new IC seat (id
  // 13, level 0) under 0, the manager who got the reports, at its salary.
  CHECK(children(s, 0) == std::vector<PositionId>{1, 3, 7, 8, 9, 13});
  CHECK(s.pos.alive[2] == 0);
  CHECK(s.pos.level[13] == 0);
  CHECK(s.pos.occupant[13] == 2);
  CHECK(s.people.position[2] == 13);
  CHECK(s.people.status[2] == engine::Status::active);
  CHECK(s.people.salary[2] == 130000.0);
  CHECK(s.now.demotions == 1);
  CHECK(s.now.layoffs == 0);
  CHECK(s.now.severance == 0);
  auto demote = std::find_if(s.events.begin(), s.events.end(),
                             [](const output::Event& e) { return e.kind == EventKind::demote; });
  REQUIRE(demote != s.events.end());
  CHECK(demote->agent == 2);
  CHECK(demote->position == 2);
  CHECK(demote->detail == 13);
  CHECK(demote->source == 0);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "delayering"));
}

TEST_CASE("delayering a whole level re-parents to the skip level", "[policies][delayering]") {
  auto sc = firm("remove_level: 1, demote_share: 0.5");
  auto s = delayered(*sc, {0.6, 0.3, 0.5});
  // All three first-line managers go; their peers go too, so every IC
  // reports to the head. round(0.5 * 3) = 2 of them are demoted: those with
  // the two smallest draws keyed by their position.
  Rng rng(sc->seed, Stream::policy);
  std::vector<std::pair<double, PositionId>> draws;
  for (PositionId m = 1; m <= 3; ++m)
    draws.emplace_back(rng.uniform(0, m, Purpose::demote_pick), m);
  std::sort(draws.begin(), draws.end());
  PositionId laid_off = draws[2].second;
  for (PositionId m = 1; m <= 3; ++m) CHECK(s.pos.alive[m] == 0);
  CHECK(s.people.status[laid_off] == engine::Status::laid_off);
  CHECK(s.now.layoffs == 1);
  CHECK(s.now.demotions == 2);
  // 9 ICs plus the 2 demoted seats (13, 14) under the head, level 0.
  auto top = children(s, 0);
  CHECK(top.size() == 11);
  for (PositionId c : top) CHECK(s.pos.level[c] == 0);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "delayering"));
}

TEST_CASE("delayering to an IC-per-manager target", "[policies][delayering]") {
  using D = policies::ManagementDelayering;
  // 800 ICs, 100 managers, +15%: goal 9.2; 800 / (100 - k) >= 9.2 -> k >= 13.04.
  CHECK(D::managers_to_remove(800, 100, 0.15, 0.0, 100) == 14);
  // Half demoted: (800 + round(k / 2)) / (100 - k) >= 9.2: k = 12 gives
  // 806 / 88 = 9.16, k = 13 gives 807 / 87 = 9.28.
  CHECK(D::managers_to_remove(800, 100, 0.15, 0.5, 100) == 13);
  CHECK(D::managers_to_remove(800, 100, 0.15, 0.0, 5) == 5);  // capped at the eligible
  CHECK(D::managers_to_remove(800, 100, 0.0, 0.0, 100) == 0);
  // On the small firm: 9 ICs / 4 managers (the head counts) = 2.25; +15% ->
  // 2.5875; one manager out gives 9 / 3 = 3: one is enough.
  auto sc = firm("target_ic_per_manager_increase: 0.15");
  auto s = delayered(*sc, {0.6, 0.3, 0.5});
  CHECK(s.now.layoffs == 1);
  CHECK(s.pos.alive[2] == 0);  // the lowest performer among levels 1 and 2 (head excluded)
}

TEST_CASE("a 13% cut of level-1/2 managers widens spans moderately", "[policies][delayering]") {
  // ~600 positions with span 8: 523 ICs, about 66 first-line, 9 second-line
  // and 1 head above them.
  auto sc = std::make_shared<scenario::Scenario>(scenario::load_string(
      "seed: 11\nticks: 30\nfirm:\n  functions: [{name: eng, headcount: 601}]\n"
      "model: {planning: {enabled: false}}\n"
      "policies:\n  - {type: management_delayering, at: 0, levels: [1, 2], share: 0.13, "
      "reassign: peer}\n",
      "cut.yaml"));
  auto s = engine::generate(*sc);
  double ics0 = 0, managers0 = 0, level12 = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    (s.pos.level[p] == 0 ? ics0 : managers0) += 1;
    level12 += s.pos.level[p] == 1 || s.pos.level[p] == 2;
  }
  INFO("generated: " << ics0 << " ICs, " << managers0 << " managers");
  engine::Scratch x;
  const double capacity0 = engine::human_capacity(s, *sc, x)[0];
  engine::PolicyContext ctx(s, *sc, 0);
  sc->policies[0]->apply(ctx);
  engine::refresh(s);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "delayering"));
  // round(0.13 * 75) = 10 of the 75 level-1/2 managers go (all positions
  // are occupied at generation); ics / managers (the head counts) rises by
  // 78 / 68 - 1 = 15%: about the share asked, plus its rounding and the head.
  const double removed = std::round(0.13 * level12);
  CHECK(removed == 10);
  CHECK(s.now.layoffs == removed);
  double ics = 0, managers = 0, first_line = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (!s.pos.alive[p]) continue;
    (s.pos.level[p] == 0 ? ics : managers) += 1;
    first_line += s.pos.level[p] == 1;
  }
  CHECK(ics == ics0);
  CHECK(managers == managers0 - removed);
  CHECK((ics / managers) / (ics0 / managers0) - 1 == Approx(0.13).margin(0.025));
  // First-line spans about 8 -> about 8 / 0.87 = 9.2.
  CHECK(ics / first_line == Approx(9.2).margin(0.25));
  // Capacity falls only modestly: eta bites only on spans past s_opt = 10,
  // and the reports of the weakest managers get better ones (seed 11: -1.2%).
  const double capacity1 = engine::human_capacity(s, *sc, x)[0];
  CHECK(capacity1 / capacity0 > 0.95);
  CHECK(capacity1 / capacity0 < 1.02);

  // Through the engine over half a year: no collapse.
  sc = std::make_shared<scenario::Scenario>(scenario::load_string(
      "seed: 11\nticks: 30\nfirm:\n  functions: [{name: eng, headcount: 601}]\n"
      "policies:\n  - {type: management_delayering, at: 2, levels: [1, 2], share: 0.13}\n",
      "cut.yaml"));
  engine::Engine e(sc);
  for (int t = 0; t < 30; ++t) {
    e.step();
    CHECK(e.metric("workload") < 1.1);
  }
  CHECK(e.metric("headcount") > 0.9 * 591);
}

TEST_CASE("delayering only in the listed functions", "[policies][delayering]") {
  auto sc = std::make_shared<scenario::Scenario>(scenario::load_string(
      "seed: 5\nticks: 2\nfirm:\n  functions: [{name: eng, headcount: 100}, {name: ops, "
      "headcount: 100}]\nmodel: {planning: {enabled: false}}\n"
      "policies:\n  - {type: management_delayering, at: 0, functions: [ops], remove_level: 1}\n",
      "two.yaml"));
  auto s = engine::generate(*sc);
  int eng_l1 = 0, ops_l1 = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (s.pos.level[p] == 1) (s.pos.function[p] == 0 ? eng_l1 : ops_l1) += 1;
  }
  engine::PolicyContext ctx(s, *sc, 0);
  sc->policies[0]->apply(ctx);
  engine::refresh(s);
  int eng_after = 0, ops_after = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (s.pos.alive[p] && s.pos.level[p] == 1)
      (s.pos.function[p] == 0 ? eng_after : ops_after) += 1;
  }
  CHECK(eng_after == eng_l1);
  CHECK(ops_after == 0);
  CHECK(s.now.layoffs == ops_l1);
  CHECK(s.fn[0].planning_hold_until == -1);
  CHECK(s.fn[1].planning_hold_until == 52);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "delayering"));
}

TEST_CASE("delayering selects by span or by cost", "[policies][delayering]") {
  SECTION("narrowest_span") {
    // [1, 3, 10]: ten ICs in blocks under three managers, so the spans differ.
    auto sc = test::small_firm("[1, 3, 10]",
                               "  planning: {enabled: false}\npolicies:\n  - {type: "
                               "management_delayering, at: 0, share: 0.34, levels: [1], select: "
                               "narrowest_span}\n");
    auto s = engine::generate(*sc);
    PositionId narrow = 1;
    for (PositionId m = 2; m <= 3; ++m) {
      if (children(s, m).size() < children(s, narrow).size()) narrow = m;
    }
    REQUIRE(children(s, narrow).size() == 3);
    engine::PolicyContext ctx(s, *sc, 0);
    sc->policies[0]->apply(ctx);
    engine::refresh(s);
    for (PositionId m = 1; m <= 3; ++m) CHECK(s.pos.alive[m] == (m != narrow));
    REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "delayering"));
  }
  SECTION("highest_cost") {
    auto sc = firm("share: 0.34, select: highest_cost");
    auto s = engine::generate(*sc);
    s.people.salary[3] = 200000;  // managers 1 and 2 earn 130000
    engine::PolicyContext ctx(s, *sc, 0);
    sc->policies[0]->apply(ctx);
    engine::refresh(s);
    CHECK(s.pos.alive[3] == 0);
    CHECK(s.pos.alive[1] == 1);
    CHECK(s.pos.alive[2] == 1);
    // 3's reports 10, 11, 12 to peers 1 and 2 in turn: 1, 2, 1.
    CHECK(children(s, 1) == std::vector<PositionId>{4, 5, 6, 10, 12});
    CHECK(children(s, 2) == std::vector<PositionId>{7, 8, 9, 11});
  }
}

TEST_CASE("delayering every peer at once with demotion: seats under the skip level",
          "[policies][delayering]") {
  // All three first-line managers chosen (share 1): none is a peer of another,
  // so reports and the demoted go to the head; the second and third removals
  // see the seats opened for the first among the head's reports.
  auto sc = firm("levels: [1], share: 1, demote_share: 1");
  auto s = delayered(*sc, {0.6, 0.3, 0.5});
  CHECK(s.now.demotions == 3);
  CHECK(s.now.layoffs == 0);
  CHECK(children(s, 0) == std::vector<PositionId>{4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  for (PositionId m = 1; m <= 3; ++m) {
    CHECK(s.pos.level[s.people.position[m]] == 0);
    CHECK(s.people.salary[m] == 130000.0);
  }
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "delayering"));
}
