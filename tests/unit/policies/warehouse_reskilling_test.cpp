// warehouse_automation and reskilling acting through the engine, on a small
// two-function firm whose numbers can be worked out by hand.
#include <tbb/global_control.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/core/errors.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/invariants.hpp"
#include "sim/scenario/load.hpp"

using namespace wfsim;

namespace {

// A warehouse of 45 positions and a robotics function of 10, one hub, no
// morale noise, almost no quits (so the cuts are the policy's alone).
std::string firm_yaml(const std::string& policies, const std::string& warehouse_extra = "",
                      const std::string& attrition = "{annual_quit_rate: 0.0001}") {
  return "name: wh\nseed: 11\nticks: 20\n"
         "firm:\n"
         "  sites: [{name: hq, hub: true, share: 1}]\n"
         "  functions:\n"
         "    - {name: warehouse, headcount: 45, salary: {mean: 52000, sd: 0}" +
         warehouse_extra +
         "}\n"
         "    - {name: robotics, headcount: 10, salary: {mean: 65000, sd: 0}}\n"
         "  collaboration: {team_ties: all, cross_team_ties: 0}\n"
         "model:\n"
         "  morale: {noise_sd: 0}\n"
         "  attrition: " +
         attrition +
         "\n"
         "  planning: {enabled: false}\n"
         "policies:\n" +
         policies;
}

std::shared_ptr<const scenario::Scenario> load(const std::string& yaml) {
  return std::make_shared<scenario::Scenario>(scenario::load_string(yaml, "wh.yaml"));
}

// Live IC positions of function f.
int ic_positions(const engine::State& s, int f) {
  int n = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    n += s.pos.alive[p] && s.pos.function[p] == f && s.pos.level[p] == 0;
  }
  return n;
}

int count_status(const engine::State& s, engine::Status st) {
  return static_cast<int>(std::count(s.people.status.begin(), s.people.status.end(), st));
}

const std::string kRobots =
    "    robot_capacity_fte: 2\n    capex_per_robot: 156000\n    opex_per_robot_week: 100\n";

}  // namespace

TEST_CASE("robots a schedule puts at tick 0 are in the generated firm and its calibration",
          "[policies][warehouse]") {
  auto sc =
      load(firm_yaml("  - type: warehouse_automation\n    function: warehouse\n"
                     "    schedule: [{at: 0, share: 0.1}]\n" +
                         kRobots,
                     ", demand_fte: 40"));
  engine::Engine e(sc);
  // ceil(0.1 * 40 / 2) = 2 robots before tick 0.
  CHECK(e.state().fn[0].robots == 2);
  CHECK(e.state().fn[0].demand0 == 40);
  e.step();
  CHECK(e.metric("robots") == 2);
  CHECK(e.metric("robot_work") == 4);
  // 156,000 USD each over 5 years of 52 weeks: 600 USD a week each.
  CHECK(e.metric("depreciation") == Approx(2 * 600.0));
  CHECK(e.metric("machine_opex") == Approx(200.0));

  // Without demand_fte, D = u (H + R q) and the robots do at least share0 of
  // it, one robot fewer would do less.
  auto sc2 =
      load(firm_yaml("  - type: warehouse_automation\n    function: warehouse\n"
                     "    schedule: [{at: 0, share: 0.3}]\n" +
                     kRobots));
  engine::Engine e2(sc2);
  const auto& f = e2.state().fn[0];
  const double q = 2;
  CHECK(f.robots * q >= 0.3 * f.demand0);
  CHECK((f.robots - 1) * q < 0.3 * f.demand0);
  CHECK(f.robots >= 1);
}

TEST_CASE("robots follow the schedule, linear between points", "[policies][warehouse]") {
  auto sc =
      load(firm_yaml("  - type: warehouse_automation\n    function: warehouse\n"
                     "    schedule: [{at: 0, share: 0.1}, {at: 10, share: 0.6}]\n" +
                         kRobots,
                     ", demand_fte: 40"));
  engine::Engine e(sc);
  std::vector<double> robots;
  for (int t = 0; t < 12; ++t) {
    e.step();
    robots.push_back(e.metric("robots"));
    REQUIRE_NOTHROW(engine::check_invariants(e.state(), *sc, "test"));
  }
  // share(4) = 0.1 + 0.5 * 4/10 = 0.3: ceil(0.3 * 40 / 2) = 6; share(10) = 0.6: 12; held after.
  CHECK(robots[4] == 6);
  CHECK(robots[10] == 12);
  CHECK(robots[11] == 12);
  CHECK(std::is_sorted(robots.begin(), robots.end()));
  // Every robot is a machine_add event of the policy; ai capex is untouched.
  CHECK(e.state().machines.size() == 12);
  CHECK(e.metric("ai_capex") == 0);
}

TEST_CASE("attrition_first moves reskill_share of the planned cut into retraining",
          "[policies][warehouse]") {
  auto sc = load(firm_yaml(
      "  - type: warehouse_automation\n    function: warehouse\n"
      "    schedule: [{at: 0, share: 0.0}, {at: 2, share: 0.5}]\n" +
      kRobots +
      "    response: attrition_first\n    reskill_share: 0.5\n    reskill_to: robotics\n"));
  engine::Engine e(sc);
  const int n0 = ic_positions(e.state(), 0);
  e.step();  // share 0: nothing to cut
  CHECK(e.metric("reskilling_started") == 0);
  CHECK(ic_positions(e.state(), 0) == n0);
  e.step();  // tick 1: share 0.25, N* = round(n0 * 0.75), half the planned cut moves
  const int target = static_cast<int>(std::lround(n0 * 0.75));
  const int moved = static_cast<int>(std::floor(0.5 * (n0 - target)));
  CHECK(e.metric("reskilling_started") == moved);
  CHECK(e.metric("reskilling") == moved);
  CHECK(ic_positions(e.state(), 0) == n0 - moved);
  CHECK(e.state().fn[0].ic_target == target);
  // Each trainee costs 10,000 USD (MODEL.md default), paid next tick.
  CHECK(e.state().now.other_cost == Approx(10000.0 * moved));
  CHECK(count_status(e.state(), engine::Status::reskilling) == moved);
  for (std::size_t i = 0; i < e.state().people.size(); ++i) {
    if (e.state().people.status[i] == engine::Status::reskilling) {
      CHECK(e.state().people.reskill_to[i] == 1);
    }
  }
  REQUIRE_NOTHROW(engine::check_invariants(e.state(), *sc, "test"));
}

TEST_CASE("attrition_first: exits take their seats while IC positions exceed N*",
          "[policies][warehouse]") {
  // Quits at 300% a year: plenty of exits in a few weeks.
  auto sc =
      load(firm_yaml("  - type: warehouse_automation\n    function: warehouse\n"
                     "    schedule: [{at: 0, share: 0.0}, {at: 1, share: 0.6}]\n" +
                         kRobots + "    response: attrition_first\n",
                     "", "{annual_quit_rate: 3.0}"));
  engine::Engine e(sc);
  const int n0 = ic_positions(e.state(), 0);
  const int target = static_cast<int>(std::lround(n0 * 0.4));
  e.step();
  int before = ic_positions(e.state(), 0);
  double closed = 0;
  for (int t = 1; t < 15; ++t) {
    e.step();
    const auto& s = e.state();
    int now = ic_positions(s, 0);
    CHECK(now <= before);  // never refilled by new seats
    CHECK(now >= target);  // never below N*
    // While above N*, no warehouse IC seat is refilled: exits take their
    // seats, and a seat a promotion empties stays vacant until the next tick
    // closes it.
    if (now > target) {
      int vacant = 0;
      for (std::size_t p = 0; p < s.pos.size(); ++p) {
        if (s.pos.alive[p] && s.pos.function[p] == 0 && s.pos.level[p] == 0) {
          vacant += s.pos.occupant[p] == engine::kNone;
        }
      }
      CHECK(vacant <= e.metric("promotions"));
      for (const auto& ev : s.events) {
        if (ev.kind == output::EventKind::hire && s.pos.function[ev.position] == 0) {
          CHECK(s.pos.level[ev.position] >= 1);  // managers are still hired, ICs not
        }
      }
    }
    closed += e.metric("positions_closed");
    before = now;
    REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
  }
  CHECK(closed > 0);
  CHECK(e.metric("layoffs") == 0);
  CHECK(e.metric("saved_payroll") > 0);
}

TEST_CASE("attrition_first keeps the reskilling share even when quits run ahead of the schedule",
          "[policies][warehouse]") {
  // Quits at 300% a year take seats much faster than the schedule plans to
  // shed them; the seats due for retraining are held back for it.
  auto sc =
      load(firm_yaml("  - type: warehouse_automation\n    function: warehouse\n"
                     "    schedule: [{at: 0, share: 0.0}, {at: 20, share: 0.5}]\n" +
                         kRobots +
                         "    response: attrition_first\n    reskill_share: 0.4\n"
                         "    reskill_to: robotics\n",
                     "", "{annual_quit_rate: 3.0}"));
  engine::Engine e(sc);
  const int n0 = ic_positions(e.state(), 0);
  double started = 0;
  for (int t = 0; t < 16; ++t) {
    e.step();
    started += e.metric("reskilling_started");
    // Cumulatively floor(0.4 * (N_IC(0) - N*(t))) have been moved by tick t.
    const double share = 0.5 * t / 20.0;
    const auto target = std::lround(n0 * (1.0 - share));
    CHECK(started == std::floor(0.4 * static_cast<double>(n0 - target)));
    REQUIRE_NOTHROW(engine::check_invariants(e.state(), *sc, "test"));
  }
  CHECK(started > 0);
}

TEST_CASE("the layoff response cuts the excess at each schedule point", "[policies][warehouse]") {
  auto sc =
      load(firm_yaml("  - type: warehouse_automation\n    function: warehouse\n"
                     "    schedule: [{at: 0, share: 0.0}, {at: 3, share: 0.25}]\n" +
                     kRobots + "    response: layoff\n    select: lowest_performance\n"));
  engine::Engine e(sc);
  const int n0 = ic_positions(e.state(), 0);
  for (int t = 0; t < 3; ++t) {
    e.step();
    CHECK(e.metric("layoffs") == 0);  // between points nothing is cut
  }
  // Competence of the warehouse ICs just before the cut.
  std::vector<double> c;
  const auto& s = e.state();
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (s.pos.alive[p] && s.pos.function[p] == 0 && s.pos.level[p] == 0 &&
        s.pos.occupant[p] != engine::kNone) {
      c.push_back(s.people.competence[s.pos.occupant[p]]);
    }
  }
  std::sort(c.begin(), c.end());
  e.step();
  const int cut = n0 - static_cast<int>(std::lround(n0 * 0.75));
  CHECK(e.metric("layoffs") == cut);
  CHECK(ic_positions(s, 0) == n0 - cut);
  // The laid-off are the `cut` lowest performers.
  for (std::size_t i = 0; i < s.people.size(); ++i) {
    if (s.people.status[i] == engine::Status::laid_off) {
      CHECK(s.people.competence[i] <= c[static_cast<std::size_t>(cut - 1)]);
    }
  }
  CHECK(s.fn[0].planning_hold_until >= 3 + 52);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
}

TEST_CASE("reskilling retrains the displaced, then places or lays them off",
          "[policies][reskilling]") {
  auto run = [](double success) {
    auto sc = load(
        firm_yaml("  - {type: reskilling, functions: [warehouse], target: robotics, share: 1,\n"
                  "     duration_weeks: 2, success_rate: " +
                  std::to_string(success) +
                  ", cost_per_person: 5000}\n"
                  "  - {type: layoff, at: 1, count: 4, functions: [warehouse], levels: [0]}\n"));
    auto e = std::make_unique<engine::Engine>(sc);
    e->step();
    e->step();  // tick 1: the layoff, diverted whole into retraining
    CHECK(e->metric("layoffs") == 0);
    CHECK(e->metric("reskilling_started") == 4);
    CHECK(e->metric("reskilling") == 4);
    CHECK(e->state().now.other_cost == Approx(4 * 5000.0));
    // Trainees are paid and not at work: headcount drops, payroll does not.
    CHECK(e->metric("headcount") == 45 + 10 + 1 - 4);  // the CEO too
    return std::make_pair(std::move(e), sc);
  };

  SECTION("success: a seat in the target function, salary kept") {
    auto [e, sc] = run(1.0);
    std::vector<int> trainees;
    for (std::size_t i = 0; i < e->state().people.size(); ++i) {
      if (e->state().people.status[i] == engine::Status::reskilling) trainees.push_back(int(i));
    }
    REQUIRE(trainees.size() == 4);
    e->step();  // tick 2: still training
    CHECK(e->metric("reskilled") == 0);
    e->step();  // tick 3 = 1 + 2 weeks: placed
    CHECK(e->metric("reskilled") == 4);
    const auto& s = e->state();
    for (int i : trainees) {
      CHECK(s.people.status[i] == engine::Status::active);
      auto p = s.people.position[i];
      CHECK(s.pos.function[p] == 1);
      CHECK(s.pos.level[p] == 0);
      CHECK(s.pos.occupant[p] == i);
      CHECK(s.people.salary[i] == 52000);  // kept, not robotics' 65,000
      CHECK(s.people.reskill_to[i] == -1);
    }
    // Robotics had no vacancy: four new IC seats were opened there.
    CHECK(e->metric("positions_opened") == 4);
    REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
  }

  SECTION("failure: laid off with severance at the end of training") {
    auto [e, sc] = run(0.0);
    e->step();
    // Severance at the exit tick: salary / 52 * max(4, 2 * tenure years), tenure then.
    double expected = 0;
    const auto& s = e->state();
    for (std::size_t i = 0; i < s.people.size(); ++i) {
      if (s.people.status[i] == engine::Status::reskilling) {
        expected += 52000.0 / 52 * std::max(4.0, 2 * s.people.tenure[i] / 52.0);
      }
    }
    e->step();
    CHECK(e->metric("layoffs") == 4);
    CHECK(e->metric("reskilled") == 0);
    CHECK(e->metric("severance") == Approx(expected));
    CHECK(count_status(s, engine::Status::reskilling) == 0);
    CHECK(count_status(s, engine::Status::laid_off) == 4);
  }
}

TEST_CASE("warehouse_automation and reskilling give identical runs on 1 and 2 threads",
          "[policies][warehouse][determinism]") {
  auto run = [](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    auto sc = load(firm_yaml(
        "  - type: warehouse_automation\n    function: warehouse\n"
        "    schedule: [{at: 0, share: 0.1}, {at: 10, share: 0.5}]\n" +
            kRobots +
            "    response: attrition_first\n    reskill_share: 0.3\n    reskill_to: robotics\n",
        "", "{annual_quit_rate: 0.5}"));
    engine::Engine e(sc);
    for (int t = 0; t < 20; ++t) e.step();
    return e.history();
  };
  CHECK(run(1) == run(2));
}

namespace {

ScenarioError error_of(const std::string& policy) {
  try {
    load(firm_yaml(policy));
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no error");
  throw;
}

}  // namespace

TEST_CASE("warehouse_automation and reskilling reject bad YAML with file, line and key path",
          "[policies][warehouse][errors]") {
  // Policies start at line 15 of firm_yaml's text.
  auto e =
      error_of("  - {type: warehouse_automation, function: warehouse, robot_capacity_fte: 2}\n");
  CHECK(e.line == 15);
  CHECK(e.key_path == "policies[0]");
  CHECK_THAT(e.rule, Catch::Contains("needs a `schedule`"));

  e = error_of(
      "  - {type: warehouse_automation, function: warehouse, robot_capacity_fte: 2,\n"
      "     schedule: [{at: 0, share: 0.5}, {at: 5, share: 0.2}]}\n");
  CHECK(e.key_path == "policies[0].schedule[1].share");
  CHECK(e.line == 16);
  CHECK_THAT(e.rule, Catch::Contains("must not fall"));

  e = error_of(
      "  - {type: warehouse_automation, function: warehouse, robot_capacity_fte: 2,\n"
      "     schedule: [{at: 0, share: 0.5}], response: layof}\n");
  CHECK(e.key_path == "policies[0].response");
  CHECK(e.suggestion == "layoff");

  e = error_of(
      "  - {type: warehouse_automation, function: warehouse, robot_capacity_fte: 2,\n"
      "     schedule: [{at: 0, share: 0.5}], reskill_share: 0.2}\n");
  CHECK(e.key_path == "policies[0].reskill_share");
  CHECK_THAT(e.rule, Catch::Contains("needs `reskill_to`"));

  e = error_of(
      "  - {type: warehouse_automation, function: warehouse, robot_capacity_fte: 0,\n"
      "     schedule: [{at: 0, share: 0.5}]}\n");
  CHECK(e.key_path == "policies[0].robot_capacity_fte");

  e = error_of("  - {type: reskilling, target: robotcs}\n");
  CHECK(e.key_path == "policies[0].target");
  CHECK(e.suggestion == "robotics");

  e = error_of("  - {type: reskilling, target: robotics, functions: [robotics]}\n");
  CHECK(e.key_path == "policies[0].functions[0]");
  CHECK_THAT(e.rule, Catch::Contains("target itself"));

  e = error_of("  - {type: reskilling, target: robotics, success_rate: 1.5}\n");
  CHECK(e.key_path == "policies[0].success_rate");
}
