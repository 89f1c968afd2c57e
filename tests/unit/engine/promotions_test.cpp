// Phase 7 on a firm of a top, two managers and six ICs:
// position 0 (level 2) -> 1, 2 (level 1); 1 -> 3, 4, 5; 2 -> 6, 7, 8.
#include <catch2/catch.hpp>

#include "sim/engine/generate.hpp"
#include "sim/engine/structure.hpp"
#include "test_firm.hpp"

using namespace wfsim;

namespace {

engine::State promo_firm(const scenario::Scenario& sc) {
  auto s = engine::generate(sc);
  s.people.competence = {0.5, 0.7, 0.8, 0.4, 0.9, 0.6, 0.95, 0.3, 0.5};
  return s;
}

engine::PersonId occupant(const engine::State& s, int p) {
  return s.pos.occupant[p];
}

}  // namespace

TEST_CASE("strategy best promotes the best direct report and its old seat opens", "[promotions]") {
  auto sc = test::small_firm("[1, 2, 6]");
  auto s = promo_firm(*sc);
  REQUIRE(s.pos.parent[4] == 1);
  REQUIRE(s.pos.parent[6] == 2);
  engine::vacate(s, 1, engine::Status::quit, -1);
  engine::fill_by_promotion(s, *sc);
  CHECK(occupant(s, 1) == 4);  // c = 0.9, the best of 3, 4, 5
  CHECK(occupant(s, 4) == engine::kNone);
  CHECK(s.people.position[4] == 1);
  CHECK(s.people.salary[4] == Approx(104000 * 1.25));  // (1 + 0.25 * 1) / (1 + 0)
  CHECK(s.people.competence[4] == Approx(0.9));        // common_sense with width 0
  CHECK(s.now.promotions == 1);
}

TEST_CASE("strategies worst, pool level, alternate and random", "[promotions]") {
  SECTION("worst") {
    auto sc = test::small_firm("[1, 2, 6]", "", "", "{strategy: worst, p_external: 0}");
    auto s = promo_firm(*sc);
    engine::vacate(s, 1, engine::Status::quit, -1);
    engine::fill_by_promotion(s, *sc);
    CHECK(occupant(s, 1) == 3);  // c = 0.4
  }
  SECTION("pool level takes the best of the whole level") {
    auto sc = test::small_firm("[1, 2, 6]", "", "", "{pool: level, p_external: 0}");
    auto s = promo_firm(*sc);
    engine::vacate(s, 1, engine::Status::quit, -1);
    engine::fill_by_promotion(s, *sc);
    CHECK(occupant(s, 1) == 6);  // c = 0.95 reports to 2 but is on the level below
  }
  SECTION("alternate with p_best 1 and 0") {
    auto best =
        test::small_firm("[1, 2, 6]", "", "", "{strategy: alternate, p_best: 1, p_external: 0}");
    auto s = promo_firm(*best);
    engine::vacate(s, 1, engine::Status::quit, -1);
    engine::fill_by_promotion(s, *best);
    CHECK(occupant(s, 1) == 4);
    auto worst =
        test::small_firm("[1, 2, 6]", "", "", "{strategy: alternate, p_best: 0, p_external: 0}");
    auto w = promo_firm(*worst);
    engine::vacate(w, 1, engine::Status::quit, -1);
    engine::fill_by_promotion(w, *worst);
    CHECK(occupant(w, 1) == 3);
  }
  SECTION("random picks each report over many vacancies") {
    auto sc = test::small_firm("[1, 2, 6]", "", "", "{strategy: random, p_external: 0}");
    std::set<engine::PersonId> picked;
    for (int t = 0; t < 40; ++t) {
      auto s = promo_firm(*sc);
      s.tick = t;
      engine::vacate(s, 1, engine::Status::quit, -1);
      engine::fill_by_promotion(s, *sc);
      picked.insert(occupant(s, 1));
    }
    CHECK(picked == std::set<engine::PersonId>{3, 4, 5});
  }
}

TEST_CASE("a chain of promotions completes in one tick", "[promotions]") {
  auto sc = test::small_firm("[1, 2, 6]");
  auto s = promo_firm(*sc);
  engine::vacate(s, 0, engine::Status::retired, -1);
  engine::fill_by_promotion(s, *sc);
  CHECK(occupant(s, 0) == 2);  // c 0.8 beats 0.7
  CHECK(occupant(s, 2) == 6);  // then 2's seat goes to its best report
  CHECK(occupant(s, 6) == engine::kNone);
  CHECK(s.now.promotions == 2);
}

TEST_CASE("p_external sends the vacancy to hiring; an empty pool does too", "[promotions]") {
  auto sc = test::small_firm("[1, 2, 6]", "", "", "{p_external: 1}");
  auto s = promo_firm(*sc);
  engine::vacate(s, 1, engine::Status::quit, -1);
  engine::fill_by_promotion(s, *sc);
  CHECK(occupant(s, 1) == engine::kNone);
  CHECK(s.pos.external[1] == 1);
  CHECK(s.now.promotions == 0);

  auto sc2 = test::small_firm("[1, 2, 6]");
  auto e = promo_firm(*sc2);
  for (int i : {1, 3, 4, 5}) engine::vacate(e, i, engine::Status::quit, -1);
  engine::fill_by_promotion(e, *sc2);
  CHECK(e.pos.external[1] == 1);
}

TEST_CASE("competence rules: common_sense noise and peter redraw", "[promotions]") {
  auto uni = test::small_firm("[1, 2, 6]", "", "",
                              "{p_external: 0, noise: {distribution: uniform, width: 0.1}}");
  auto s = promo_firm(*uni);
  engine::vacate(s, 1, engine::Status::quit, -1);
  engine::fill_by_promotion(s, *uni);
  CHECK(std::abs(s.people.competence[4] - 0.9) <= 0.1);
  CHECK(s.people.competence[4] != 0.9);

  auto peter = test::small_firm("[1, 2, 6]", "", ", competence: {mean: 0.42, sd: 0}",
                                "{competence_rule: peter, p_external: 0}");
  auto p = promo_firm(*peter);
  engine::vacate(p, 1, engine::Status::quit, -1);
  engine::fill_by_promotion(p, *peter);
  CHECK(p.people.competence[4] == Approx(0.42));  // redrawn from the function's distribution
}
