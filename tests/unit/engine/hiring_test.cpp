// Phase 8: filling vacancies and headcount planning.
#include <catch2/catch.hpp>

#include "sim/engine/generate.hpp"
#include "sim/engine/structure.hpp"
#include "test_firm.hpp"

using namespace wfsim;

TEST_CASE("vacancies fill with probability min(1, multiplier / time_to_fill)", "[hiring]") {
  auto sc = test::small_firm("[1, 2000]",
                             "  hiring: {time_to_fill_weeks: 4}\n  planning: {enabled: false}\n");
  auto s = engine::generate(*sc);
  for (int i = 1; i <= 2000; ++i) engine::vacate(s, i, engine::Status::quit, -1);
  engine::hire_and_plan(s, *sc);
  // p = 1/4: expect 500 +- 3 sd (58).
  CHECK(std::abs(static_cast<double>(s.now.hires) - 500) < 60);
  CHECK(s.people.size() == 2001 + static_cast<std::size_t>(s.now.hires));
  // A new hire is keyed by its position, starts at tenure 0 and morale m0.
  engine::PersonId hired = 2001;
  CHECK(s.people.tenure[hired] == 0);
  CHECK(s.people.morale[hired] == 0.7);
  CHECK(s.pos.occupant[s.people.position[hired]] == hired);

  // A freeze (multiplier 0) fills nothing; time_to_fill 1 fills everything.
  auto s2 = engine::generate(*sc);
  for (int i = 1; i <= 10; ++i) engine::vacate(s2, i, engine::Status::quit, -1);
  s2.fn[0].hiring_multiplier = 0;
  engine::hire_and_plan(s2, *sc);
  CHECK(s2.now.hires == 0);
  auto fast = test::small_firm("[1, 20]", "  hiring: {time_to_fill_weeks: 1}\n");
  auto s3 = engine::generate(*fast);
  for (int i = 1; i <= 10; ++i) engine::vacate(s3, i, engine::Status::quit, -1);
  engine::hire_and_plan(s3, *fast);
  CHECK(s3.now.hires == 10);
}

TEST_CASE("planning opens IC positions under the narrowest first-line manager", "[hiring]") {
  // Four teams of 5, 5, 5 and 4 ICs; every review is overloaded.
  auto sc = test::small_firm("[1, 4, 19]", "  hiring: {time_to_fill_weeks: 1000}\n");
  auto s = engine::generate(*sc);
  engine::refresh(s);
  s.tick = 12;  // the end of the first 13-week review
  s.fn[0].workload_sum_review = 13 * 1.5;
  s.fn[0].ic_positions = 19;
  s.fn[0].occupied_ic_positions = 19;
  engine::hire_and_plan(s, *sc);
  // w_plan = 1.5 > 1.05 * 0.85: open ceil(min(0.05, 1.5 / 0.85 - 1) * 19) = 1 position.
  CHECK(s.now.positions_opened == 1);
  REQUIRE(s.pos.size() == 25);
  CHECK(s.pos.level[24] == 0);
  CHECK(s.pos.parent[24] == 4);  // the team with 4 ICs (the last manager)
  CHECK(s.fn[0].workload_sum_review == 0);

  // Held after a layoff, and not at other ticks.
  auto h = engine::generate(*sc);
  engine::refresh(h);
  h.tick = 12;
  h.fn[0].workload_sum_review = 13 * 1.5;
  h.fn[0].ic_positions = h.fn[0].occupied_ic_positions = 19;
  h.fn[0].planning_hold_until = 60;
  engine::hire_and_plan(h, *sc);
  CHECK(h.now.positions_opened == 0);
}

TEST_CASE("planning opens a manager when every first-line span is at s_opt", "[hiring]") {
  auto sc = test::small_firm(
      "[1, 2, 20]", "  hiring: {time_to_fill_weeks: 1000}\n  planning: {max_share: 0.5}\n");
  auto s = engine::generate(*sc);
  engine::refresh(s);
  s.tick = 12;
  s.fn[0].workload_sum_review = 13 * 3.0;
  s.fn[0].ic_positions = s.fn[0].occupied_ic_positions = 20;
  engine::hire_and_plan(s, *sc);
  // ceil(min(0.5, 3 / 0.85 - 1) * 20) = 10 new ICs; both teams are at 10 = s_opt,
  // so a new first-line manager opens under the top and takes them.
  CHECK(s.now.positions_opened == 11);
  int new_managers = 0;
  for (std::size_t p = 23; p < s.pos.size(); ++p) new_managers += s.pos.level[p] == 1;
  CHECK(new_managers == 1);
}

TEST_CASE("planning still opens positions after a function's first-line level is cut", "[hiring]") {
  auto sc = test::small_firm("[1, 2, 20]", "  hiring: {time_to_fill_weeks: 1000}\n");
  auto s = engine::generate(*sc);
  engine::refresh(s);
  engine::lay_off(s, *sc, 1, 0, 0);
  engine::lay_off(s, *sc, 2, 0, 0);
  engine::refresh(s);
  REQUIRE(engine::current_children(s, 0).size() == 20);  // the ICs report to the top now
  s.tick = 12;
  s.fn[0].workload_sum_review = 13 * 1.5;
  s.fn[0].ic_positions = s.fn[0].occupied_ic_positions = 20;
  engine::hire_and_plan(s, *sc);
  // ceil(min(0.05, 1.5 / 0.85 - 1) * 20) = 1 new IC, under the top (the lowest manager level).
  CHECK(s.now.positions_opened == 1);
  CHECK(s.pos.parent.back() == 0);
  CHECK(s.pos.level.back() == 0);
}
