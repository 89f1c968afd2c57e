// capex_reallocation acting through the engine: saved payroll turned into
// agents by hand, placement continuing the rotation, costs; errors.
#include "ai_test_support.hpp"
#include "sim/engine/invariants.hpp"

using namespace wfsim;

TEST_CASE("capex_reallocation funds floor(share * saved payroll / capex) agents",
          "[policies][ai]") {
  // IC salaries are 104000 exactly (sd 0, level 0); benefits 0.3.
  auto sc = test::ai_firm(
      "[1, 4, 40]",
      "  - {type: layoff, at: 1, count: 5, levels: [0]}\n"
      "  - {type: layoff, at: 3, count: 3, levels: [0]}\n"
      "  - {type: capex_reallocation, from: 0, function: eng, share: 0.5, capex_per_agent: "
      "100000, opex_per_agent_week: 250, oversight_hours: 4}\n",
      ", ai_exposure: {mean: 0.6, sd: 0}", "  attrition: {annual_quit_rate: 0}\n");
  engine::Engine e(sc);
  e.step();  // tick 0: nothing saved yet
  auto& s = e.state();
  CHECK(e.metric("ai_agents") == 0);
  CHECK(s.fn[0].mean_exposure_at_deployment == 0);
  e.step();  // tick 1: 5 seats cut, saved 5 * 104000 * 1.3 = 676000
  CHECK(s.saved_payroll == Approx(676000));
  // floor(0.5 * 676000 / 100000) = 3 agents, teams 1, 2, 3.
  REQUIRE(e.metric("ai_agents") == 3);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(s.machines.team[k] == 1 + static_cast<int>(k));
    CHECK(s.machines.kind[k] == engine::MachineKind::ai_replace);  // the default mode
    CHECK(s.machines.source[k] == 2);
  }
  CHECK(s.fn[0].mean_exposure_at_deployment == Approx(0.6));
  CHECK(e.metric("ai_capex") == Approx(300000));
  CHECK(e.metric("depreciation") == Approx(300000 / 260.0));
  CHECK(e.metric("machine_opex") == Approx(3 * 250));
  CHECK(s.fn[0].oversight == Approx(3 * 4 / 40.0));
  e.step();  // tick 2: nothing new saved, nothing added
  CHECK(e.metric("ai_agents") == 3);
  CHECK(e.metric("ai_capex") == 0);
  e.step();  // tick 3: 3 more seats, saved 8 * 135200 = 1081600 -> floor(5.408) = 5
  REQUIRE(e.metric("ai_agents") == 5);
  // The rotation continues: the 4th agent to team 4, the 5th to team 1.
  CHECK(s.machines.team[3] == 4);
  CHECK(s.machines.team[4] == 1);
  CHECK(e.metric("ai_capex") == Approx(200000));
  CHECK(e.metric("depreciation") == Approx(500000 / 260.0));
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
}

TEST_CASE("capex_reallocation acts only in its period", "[policies][ai]") {
  auto sc = test::ai_firm(
      "[1, 4, 40]",
      "  - {type: layoff, at: 1, count: 5, levels: [0]}\n"
      "  - {type: capex_reallocation, from: 2, to: 3, function: eng, share: 1, mode: augment, "
      "capex_per_agent: 100000}\n"
      "  - {type: layoff, at: 3, count: 5, levels: [0]}\n",
      "", "  attrition: {annual_quit_rate: 0}\n");
  engine::Engine e(sc);
  e.step();
  e.step();  // tick 1: saved, but before `from`
  CHECK(e.metric("ai_agents") == 0);
  e.step();  // tick 2: floor(676000 / 100000) = 6 augment agents
  CHECK(e.metric("ai_agents") == 6);
  CHECK(e.state().fn[0].augment);
  e.step();  // tick 3: more saved, but the period has ended
  CHECK(e.metric("ai_agents") == 6);
}

TEST_CASE("capex_reallocation YAML errors name line, column and key", "[policies][ai][errors]") {
  using test::check_error;
  const auto& F = test::kErrorFirm;
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    share: 0.5\n", 6, 5,
              "policies[0].capex_per_agent", "is required but missing");
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    share: 0.5\n"
                  "    capex_per_agent: 0\n",
              9, 22, "policies[0].capex_per_agent", "must be > 0");
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    share: 1.5\n", 8, 12,
              "policies[0].share", "must be in [0, 1]");
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    capex_per_agent: 1\n", 6, 5,
              "policies[0].share", "is required but missing");
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    share: 0.5\n"
                  "    capex_per_agent: 1\n    mode: augmented\n",
              10, 11, "policies[0].mode", "must be one of augment | replace", "augment");
  check_error(F + "  - type: capex_reallocation\n    function: hrr\n    share: 0.5\n", 7, 15,
              "policies[0].function", "names no function of firm.functions", "hr");
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    share: 0.5\n"
                  "    capex_per_agnt: 1\n",
              9, 5, "policies[0].capex_per_agnt", "unknown key", "capex_per_agent", false);
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    share: 0.5\n"
                  "    capex_per_agent: 1\n    from: 5\n    to: 5\n",
              11, 9, "policies[0].to", "must be after `from`");
  check_error(F + "  - type: capex_reallocation\n    function: eng\n    share: 0.5\n"
                  "    capex_per_agent: 1\n    at: 2\n    from: 5\n",
              10, 9, "policies[0].at", "give `at` or `from`, not both");
}
