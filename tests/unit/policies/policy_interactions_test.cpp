// Policies acting together, and the bookkeeping between them: machines
// follow their team through successive eliminations, a reskilling programme
// acts whatever its place in the list, failed trainees count as laid off from
// their function, trainees' morale holds, tick-0 robots are reported in
// tick 0, and automation holds planning only on ticks it acts.
#include <algorithm>
#include <catch2/catch.hpp>

#include "../engine/test_firm.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/invariants.hpp"
#include "sim/scenario/load.hpp"

using namespace wfsim;

namespace {

// One function [1, 3, 12]: head 0, first-line managers 1-3, ICs 4-15 (four each).
std::shared_ptr<const scenario::Scenario> one(const std::string& policies) {
  return test::small_firm("[1, 3, 12]", "  planning: {enabled: false}\npolicies:\n" + policies);
}

std::shared_ptr<const scenario::Scenario> two(const std::string& policies,
                                              const std::string& model = "") {
  std::string yaml =
      "name: two\nseed: 4\nticks: 30\n"
      "firm:\n"
      "  sites: [{name: hq, hub: true, share: 1}]\n"
      "  functions:\n"
      "    - {name: ops, headcount: 45, salary: {mean: 52000, sd: 0}}\n"
      "    - {name: tech, headcount: 10, salary: {mean: 65000, sd: 0}}\n"
      "  collaboration: {team_ties: all, cross_team_ties: 0}\n"
      "model:\n"
      "  morale: {noise_sd: 0}\n"
      "  attrition: {annual_quit_rate: 0.0001}\n" +
      model + "policies:\n" + policies;
  return std::make_shared<scenario::Scenario>(scenario::load_string(yaml, "two.yaml"));
}

}  // namespace

TEST_CASE("machines follow their team through a delayering and a later layoff",
          "[policies][interactions]") {
  // An augment agent on each of the three first-line teams; delayering removes
  // one team (its agent goes to the peer that took the reports); then every
  // first-line manager is laid off (the agents go to the head).
  auto sc =
      one("  - {type: ai_deployment, at: 0, function: eng, mode: augment}\n"
          "  - {type: management_delayering, at: 1, levels: [1], share: 0.34, reassign: peer}\n"
          "  - {type: layoff, at: 2, levels: [1], share: 1}\n");
  engine::Engine e(sc);
  for (int t = 0; t < 4; ++t) {
    e.step();
    const auto& s = e.state();
    REQUIRE(s.machines.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
      INFO("tick " << t << ", machine " << k);
      CHECK(s.pos.alive[s.machines.team[k]]);
    }
    REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
  }
  // All three end with the head (position 0), the only manager left.
  for (std::size_t k = 0; k < 3; ++k) CHECK(e.state().machines.team[k] == 0);
}

TEST_CASE("a reskilling programme acts whatever its place in the list",
          "[policies][interactions][reskilling]") {
  auto run = [](bool programme_first) {
    const std::string cut = "  - {type: layoff, at: 1, count: 5, functions: [ops], levels: [0]}\n";
    const std::string prog = "  - {type: reskilling, functions: [ops], target: tech, share: 1}\n";
    engine::Engine e(two(programme_first ? prog + cut : cut + prog));
    e.step();
    e.step();
    return std::make_pair(e.metric("reskilling_started"), e.metric("layoffs"));
  };
  CHECK(run(true) == std::make_pair(5.0, 0.0));
  CHECK(run(false) == std::make_pair(5.0, 0.0));
}

TEST_CASE("failed trainees are laid off from their function, and their payroll is saved",
          "[policies][interactions][reskilling]") {
  auto sc =
      two("  - {type: reskilling, functions: [ops], target: tech, share: 1, duration_weeks: 2,\n"
          "     success_rate: 0}\n"
          "  - {type: layoff, at: 1, count: 4, functions: [ops], levels: [0]}\n");
  engine::Engine e(sc);
  e.step();
  e.step();  // tick 1: four into retraining; nothing saved yet (they are paid)
  CHECK(e.metric("saved_payroll") == 0);
  // Morale of a trainee holds while in training (no team, no workload, no noise).
  std::vector<int> trainees;
  for (std::size_t i = 0; i < e.state().people.size(); ++i) {
    if (e.state().people.status[i] == engine::Status::reskilling) trainees.push_back(int(i));
  }
  REQUIRE(trainees.size() == 4);
  std::vector<double> m0;
  for (int i : trainees) m0.push_back(e.state().people.morale[i]);
  e.step();  // tick 2
  for (std::size_t k = 0; k < trainees.size(); ++k) {
    CHECK(e.state().people.morale[trainees[k]] == m0[k]);
  }
  e.step();  // tick 3: training over, all fail
  CHECK(e.metric("layoffs") == 4);
  CHECK(e.state().now.layoffs_by_function[0] == 4);
  // 4 x 52,000 USD x (1 + benefits 0.3) a year.
  CHECK(e.metric("saved_payroll") == Approx(4 * 52000 * 1.3));
}

TEST_CASE("tick-0 robots are reported in tick 0, and automation holds planning only when it acts",
          "[policies][interactions][warehouse]") {
  auto sc =
      two("  - {type: warehouse_automation, function: ops, robot_capacity_fte: 2,\n"
          "     capex_per_robot: 1000, schedule: [{at: 0, share: 0.2}, {at: 3, share: 0.3}]}\n",
          "  planning: {hold_weeks: 10}\n  work: {demand_growth: 0}\n");
  engine::Engine e(sc);
  const double robots0 = e.state().fn[0].robots;
  REQUIRE(robots0 > 0);
  e.step();
  CHECK(e.metric("robot_capex") == Approx(1000 * robots0));
  auto adds =
      std::count_if(e.state().events.begin(), e.state().events.end(), [](const output::Event& ev) {
        return ev.kind == output::EventKind::machine_add && ev.tick == 0;
      });
  CHECK(adds == static_cast<long>(robots0));
  // The schedule stops rising at week 3; once nothing more is cut or bought,
  // the hold runs out hold_weeks after the last action.
  std::int64_t last_hold = -1;
  for (int t = 1; t < 30; ++t) {
    e.step();
    last_hold = e.state().fn[0].planning_hold_until;
  }
  CHECK(last_hold <= 3 + 10 + 5);  // the last seat closes within a few weeks of week 3
  CHECK(last_hold < 29);
}

TEST_CASE("augment and replace agents in one function: both act", "[policies][interactions][ai]") {
  // Flat curves (k = 0): a = max / 2 = 0.25 at every tick. Augment agents at
  // tick 0, replace agents at tick 1 (cut sized by realized a * ē).
  auto sc = test::small_firm(
      "[1, 3, 12]",
      "  planning: {enabled: false}\n"
      "ai:\n  capability:\n    eng:\n      realized: {max: 0.5, k: 0, mid: 0}\n"
      "      claimed: {max: 0.5, k: 0, mid: 0}\n"
      "policies:\n"
      "  - {type: ai_deployment, at: 0, function: eng, mode: augment}\n"
      "  - {type: ai_deployment, at: 1, function: eng, mode: replace, sizing: realized,\n"
      "     agent_capacity_fte: 2}\n");
  engine::Engine e(sc);
  e.step();
  e.step();
  const auto& f = e.state().fn[0];
  CHECK(f.augment);
  REQUIRE(f.ai_supply > 0);
  // A_f = min(supply, a * ē * D_f) with the replace agents' supply only.
  CHECK(f.ai_work ==
        Approx(std::min(f.ai_supply, 0.25 * f.mean_exposure_at_deployment * f.demand)));
  CHECK(f.ai_work > 0);
}
