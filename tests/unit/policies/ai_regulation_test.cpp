// ai_regulation acting through the engine: per-team oversight, suspension,
// fines and the oversight gap worked out from the team capacities; errors.
#include "sim/policies/ai_regulation.hpp"

#include <algorithm>

#include "ai_test_support.hpp"
#include "sim/engine/invariants.hpp"

using namespace wfsim;

namespace {

// A manager, two first-line managers (positions 1, 2) with two ICs each;
// high-risk; three replace agents (no capability curve, so no AI work):
// agents 0 and 2 in team 1, agent 1 in team 2.
std::shared_ptr<const scenario::Scenario> regulated(const std::string& regulation) {
  return test::ai_firm("[1, 2, 4]",
                       "  - {type: ai_deployment, at: 0, function: eng, mode: replace, agents: 3, "
                       "opex_per_agent_week: 100}\n" +
                           regulation,
                       ", high_risk_ai: true, competence: {mean: 0.5, sd: 0}",
                       "  attrition: {annual_quit_rate: 0}\n",
                       "      realized: {max: 0, k: 0, mid: 0}\n");
}

long count_events(const engine::State& s, output::EventKind kind, int source) {
  return std::count_if(s.events.begin(), s.events.end(), [&](const output::Event& e) {
    return e.kind == kind && e.source == source;
  });
}

const output::Event* find_event(const engine::State& s, output::EventKind kind) {
  for (const auto& e : s.events)
    if (e.kind == kind) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("ai_regulation suspends the agents of teams that cannot staff their oversight",
          "[policies][ai]") {
  // 36 h per agent: V_team1 = 2 * 36 / 40 = 1.8 FTE, V_team2 = 0.9 FTE. With
  // c = 0.5 for all and no quits (initial tenure capped at age - 20, so fully
  // ramped), an IC's capacity is (0.5 + 0.5) * (0.6 + 0.4 * 0.7) * 1.0 *
  // 0.98^2 = 0.845, a two-IC team's 1.69: team 1 is short, team 2 is not.
  auto sc = regulated(
      "  - {type: ai_regulation, at: 1, high_risk_oversight_hours: 36, if_unstaffed: suspend}\n");
  engine::Engine e(sc);
  e.step();  // tick 0: agents placed; oversight at model.ai.oversight_hours = 2
  auto& s = e.state();
  REQUIRE(s.machines.size() == 3);
  CHECK(s.machines.team[0] == 1);
  CHECK(s.machines.team[1] == 2);
  CHECK(s.machines.team[2] == 1);
  CHECK(s.fn[0].oversight == Approx(3 * 2 / 40.0));
  CHECK(e.metric("oversight_gap") == 0);  // not in force yet
  // The team capacities the regulation reads at tick 1 (tick 0's work phase).
  REQUIRE(s.team_capacity.count(1) == 1);
  REQUIRE(s.team_capacity.count(2) == 1);
  const double cap1 = s.team_capacity.at(1), cap2 = s.team_capacity.at(2);
  const double v1 = 2 * 36 / 40.0, v2 = 1 * 36 / 40.0;
  CHECK(cap1 == Approx(2 * 0.88 * 0.98 * 0.98));
  REQUIRE(cap1 < v1);   // the premise: team 1 unstaffed ...
  REQUIRE(cap2 >= v2);  // ... team 2 staffed
  e.step();             // tick 1: in force
  CHECK(s.machines.suspended[0] == 1);
  CHECK(s.machines.suspended[2] == 1);
  CHECK(s.machines.suspended[1] == 0);
  CHECK(s.fn[0].ai_suspended == 2);
  CHECK(e.metric("ai_agents") == 3);                   // suspended agents are still in service ...
  CHECK(e.metric("machine_opex") == Approx(3 * 100));  // ... and paid
  // Only team 2's agent owes oversight now; the gap is what was owed.
  CHECK(s.fn[0].oversight == Approx(v2));
  CHECK(e.metric("oversight_gap") == Approx(v1 - cap1));
  CHECK(count_events(s, output::EventKind::suspend, 1) == 1);
  const auto* ev = find_event(s, output::EventKind::suspend);
  REQUIRE(ev);
  CHECK(ev->detail == 2);
  CHECK(ev->position == 1);
  CHECK(e.metric("fines") == 0);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
  // Next tick the count is unchanged if the teams are: then no new event.
  const double c1 = s.team_capacity.at(1), c2 = s.team_capacity.at(2);
  e.step();
  const double expected = (c1 < v1 ? 2 : 0) + (c2 < v2 ? 1 : 0);
  CHECK(s.fn[0].ai_suspended == expected);
  CHECK(count_events(s, output::EventKind::suspend, 1) == (expected == 2 ? 0 : 1));
}

TEST_CASE("ai_regulation with fines books fine_per_week * unstaffed / agents", "[policies][ai]") {
  auto sc = regulated(
      "  - {type: ai_regulation, at: 1, high_risk_oversight_hours: 36, if_unstaffed: fine, "
      "fine_per_week: 30000}\n");
  engine::Engine e(sc);
  e.step();
  auto& s = e.state();
  const double cap1 = s.team_capacity.at(1), cap2 = s.team_capacity.at(2);
  REQUIRE(cap1 < 1.8);
  REQUIRE(cap2 >= 0.9);
  e.step();
  // Two of the function's three agents unstaffed: 30000 * 2 / 3.
  CHECK(e.metric("fines") == Approx(20000));
  CHECK(s.now.other_cost == Approx(20000));
  CHECK(s.machines.suspended[0] == 0);
  CHECK(s.fn[0].oversight == Approx(3 * 36 / 40.0));  // all owed, all taken from capacity
  CHECK(e.metric("oversight_gap") == Approx(1.8 - cap1));
  const auto* ev = find_event(s, output::EventKind::fine);
  REQUIRE(ev);
  CHECK(ev->detail == Approx(20000));
  CHECK(ev->source == 1);
  // Paid with the next tick's costs, like every event cost.
  e.step();
  CHECK(s.last.other_cost == Approx(20000));
  CHECK(e.metric("costs") ==
        Approx(s.payroll_weekly + 3 * 100 + s.last.severance + s.last.hiring_cost + 20000));
}

TEST_CASE("ai_regulation in force on the tick agents arrive measures their teams itself",
          "[policies][ai]") {
  // No team capacity exists before tick 0's work phase; the regulation
  // computes it from the state, which is what tick 0's work phase then records.
  auto sc = regulated(
      "  - {type: ai_regulation, at: 0, high_risk_oversight_hours: 36, if_unstaffed: fine, "
      "fine_per_week: 30000}\n");
  engine::Engine e(sc);
  e.step();
  auto& s = e.state();
  const double cap1 = s.team_capacity.at(1), cap2 = s.team_capacity.at(2);
  CHECK(e.metric("oversight_gap") == Approx(std::max(0.0, 1.8 - cap1) + std::max(0.0, 0.9 - cap2)));
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
}

TEST_CASE("ai_regulation leaves functions that are not high-risk alone", "[policies][ai]") {
  auto sc = test::ai_firm("[1, 2, 4]",
                          "  - {type: ai_deployment, at: 0, function: eng, mode: replace, "
                          "agents: 3}\n"
                          "  - {type: ai_regulation, at: 0, high_risk_oversight_hours: 36}\n",
                          "", "", "      realized: {max: 0, k: 0, mid: 0}\n");
  engine::Engine e(sc);
  e.step();
  CHECK(e.state().fn[0].oversight == Approx(3 * 2 / 40.0));
  CHECK(e.metric("oversight_gap") == 0);
}

TEST_CASE("ai_regulation YAML errors name line, column and key", "[policies][ai][errors]") {
  using test::check_error;
  const auto& F = test::kErrorFirm;
  check_error(F + "  - type: ai_regulation\n    at: 3\n    if_unstaffed: fines\n", 8, 19,
              "policies[0].if_unstaffed", "must be one of suspend | fine", "fine");
  check_error(F + "  - type: ai_regulation\n    at: 3\n    if_unstaffed: fine\n", 8, 19,
              "policies[0].if_unstaffed",
              "needs `fine_per_week` (USD per week at full non-compliance)");
  check_error(F + "  - type: ai_regulation\n    at: 3\n    high_risk_oversight_hours: -1\n", 8, 32,
              "policies[0].high_risk_oversight_hours", "must be >= 0");
  check_error(F + "  - type: ai_regulation\n    from: 3\n", 7, 5, "policies[0].from", "unknown key",
              "", false);
  check_error(F + "  - type: ai_regulation\n    at: 2026-08-03\n", 7, 9, "policies[0].at",
              "must be a tick number (a date needs the scenario's start_date)");
  check_error(F + "  - type: ai_regulation\n    high_risk_oversight_hours: 8\n", 6, 5,
              "policies[0].at", "is required but missing");
}

TEST_CASE("ai_regulation takes a date with start_date", "[policies][ai]") {
  auto sc = scenario::load_string(
      "start_date: 2026-01-05\n" + test::kErrorFirm + "  - {type: ai_regulation, at: 2026-08-03}\n",
      "ai.yaml");
  REQUIRE(sc.policies.size() == 1);
  // 2026-01-05 to 2026-08-03 is 210 days = 30 weeks.
  const auto* reg = dynamic_cast<const policies::AiRegulation*>(sc.policies[0].get());
  REQUIRE(reg);
  CHECK(reg->params().at == 30);
  CHECK(reg->params().high_risk_oversight_hours == 8);  // model.ai default
}
