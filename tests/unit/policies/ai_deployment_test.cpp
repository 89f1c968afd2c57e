// ai_deployment acting through the engine: the cut and the agents by hand,
// the announcement, augment capacity, the claimed-vs-realized backfire, the
// YAML errors, and determinism with all three AI policies on.
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>

#include "ai_test_support.hpp"
#include "sim/core/hash.hpp"
#include "sim/engine/invariants.hpp"

using namespace wfsim;

namespace {

// Occupied IC positions of the one function whose occupant is active.
std::vector<int> occupied_ics(const engine::State& s) {
  std::vector<int> out;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    auto o = s.pos.occupant[p];
    if (s.pos.alive[p] && s.pos.level[p] == 0 && o != engine::kNone &&
        s.people.status[o] == engine::Status::active) {
      out.push_back(static_cast<int>(p));
    }
  }
  return out;
}

long count_events(const engine::State& s, output::EventKind kind, int source) {
  return std::count_if(s.events.begin(), s.events.end(), [&](const output::Event& e) {
    return e.kind == kind && e.source == source;
  });
}

const std::string kExposed = ", ai_exposure: {mean: 0.6, sd: 0}";
const std::string kNoQuits = "  attrition: {annual_quit_rate: 0}\n";

}  // namespace

TEST_CASE("ai_deployment replace sized by claimed capability cuts s = â ē of the ICs",
          "[policies][ai]") {
  // â = 1.0 / 2 = 0.5, a = 0.6 / 2 = 0.3 at every tick (k = 0); ē = 0.6.
  auto sc = test::ai_firm("[1, 4, 40]",
                          "  - {type: ai_deployment, at: 2, function: eng, mode: replace, "
                          "sizing: claimed, agent_capacity_fte: 2, error_rate: 0.25, "
                          "capex_per_agent: 26000, opex_per_agent_week: 400, "
                          "oversight_hours: 4}\n",
                          kExposed, kNoQuits);
  engine::Engine e(sc);
  e.step();
  e.step();
  auto& s = e.state();
  // What phase 1 of tick 2 sees: the occupied ICs, their competences, and D_f.
  auto ics = occupied_ics(s);
  const double n_ic = static_cast<double>(ics.size());
  const double D = s.fn[0].demand;
  std::vector<std::pair<double, int>> by_c;
  for (int p : ics) by_c.emplace_back(s.people.competence[s.pos.occupant[p]], p);
  std::sort(by_c.begin(), by_c.end());
  e.step();

  const double share = 0.5 * 0.6;  // s = â ē = 0.3
  const auto cut = std::llround(share * n_ic);
  CHECK(s.fn[0].mean_exposure_at_deployment == Approx(0.6));
  CHECK(e.metric("layoffs") == cut);
  for (long k = 0; k < cut; ++k) CHECK(s.pos.alive[by_c[k].second] == 0);  // lowest c first
  CHECK(s.pos.alive[by_c[cut].second] == 1);
  CHECK(s.fn[0].planning_hold_until == 2 + 52);
  // agents = ceil(s D / (q (1 - error_rate))) = ceil(0.3 D / 1.5)
  const double agents = std::ceil(share * D / (2.0 * (1.0 - 0.25)));
  REQUIRE(e.metric("ai_agents") == agents);
  // Round-robin over the first-line teams, positions 1..4 in id order.
  for (std::size_t k = 0; k < s.machines.size(); ++k) {
    CHECK(s.machines.team[k] == 1 + static_cast<int>(k % 4));
    CHECK(s.machines.kind[k] == engine::MachineKind::ai_replace);
  }
  CHECK(count_events(s, output::EventKind::machine_add, 0) == agents);
  // Money: capex spent now, spread over 5 * 52 weeks; opex per agent-week.
  CHECK(e.metric("ai_capex") == Approx(agents * 26000));
  CHECK(e.metric("depreciation") == Approx(agents * 26000 / 260.0));
  CHECK(e.metric("machine_opex") == Approx(agents * 400));
  // Oversight V_f = agents * 4 h / 40 h taken from human capacity.
  CHECK(s.fn[0].oversight == Approx(agents * 4 / 40.0));
  // The agents do A_f = min(agents q (1 - e), a ē D) = a ē D = 0.18 D, while
  // leadership expects min(supply, â ē D) = 0.3 D of them.
  CHECK(s.fn[0].ai_work == Approx(0.3 * 0.6 * D));
  // So the humans face D - 0.18 D of work where leadership expects D - 0.3 D.
  // (Output itself can still meet demand here: 0.7 of the ICs are 0.82 D of
  // capacity at utilization 0.85; the backfire test below has the shortfall.)
  CHECK(s.fn[0].workload > s.fn[0].expected_workload);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
}

TEST_CASE("ai_deployment announces first: anxiety for announce_weeks, then the cut",
          "[policies][ai]") {
  const std::string policy =
      "  - {type: ai_deployment, at: 2, announce_weeks: 3, function: eng, mode: replace, "
      "sizing: realized}\n";
  auto sc = test::ai_firm("[1, 4, 40]", policy, kExposed, kNoQuits);
  auto base = test::ai_firm("[1, 4, 40]", "  []\n", kExposed, kNoQuits);
  engine::Engine e(sc), b(base);
  for (int t = 0; t < 2; ++t) {
    e.step();
    b.step();
    CHECK_FALSE(e.state().fn[0].ai_anxiety);
  }
  e.step();
  b.step();  // tick 2: announced
  auto& s = e.state();
  CHECK(s.fn[0].ai_anxiety);
  CHECK(s.fn[0].mean_exposure_at_deployment == 0);  // fixed at deployment, not announcement
  CHECK(e.metric("layoffs") == 0);
  // Same draws, same neighbours' morale at the start of tick 2: everyone's
  // morale is lower by exactly d_ai * e * anxiety = 0.05 * 0.6.
  for (std::size_t i = 0; i < s.people.size(); ++i) {
    if (s.people.status[i] != engine::Status::active) continue;
    CHECK(b.state().people.morale[i] - s.people.morale[i] == Approx(0.05 * 0.6));
  }
  e.step();
  e.step();  // ticks 3, 4: still announced, no cut
  CHECK(s.fn[0].ai_anxiety);
  CHECK(e.metric("layoffs") == 0);
  CHECK(e.metric("ai_agents") == 0);
  auto n_ic = static_cast<double>(occupied_ics(s).size());
  e.step();  // tick 5 = 2 + 3: the cut, sized by a ē = 0.3 * 0.6
  CHECK_FALSE(s.fn[0].ai_anxiety);
  CHECK(s.fn[0].mean_exposure_at_deployment == Approx(0.6));
  CHECK(e.metric("layoffs") == std::llround(0.3 * 0.6 * n_ic));
  CHECK(e.metric("ai_agents") > 0);
}

TEST_CASE("ai_deployment augment raises each IC's capacity by alpha a e", "[policies][ai]") {
  // One agent per first-line team (4), a = 0.3, e = 0.6 for everyone, alpha 0.3.
  auto sc = test::ai_firm("[1, 4, 40]",
                          "  - {type: ai_deployment, at: 0, function: eng, mode: augment, "
                          "capex_per_agent: 5200, opex_per_agent_week: 400}\n",
                          kExposed, kNoQuits);
  auto base = test::ai_firm("[1, 4, 40]", "  []\n", kExposed, kNoQuits);
  engine::Engine e(sc), b(base);
  e.step();
  b.step();
  const auto& f = e.state().fn[0];
  CHECK(f.augment);
  CHECK(e.metric("ai_agents") == 4);
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(e.state().machines.team[k] == 1 + static_cast<int>(k));
    CHECK(e.state().machines.kind[k] == engine::MachineKind::ai_augment);
  }
  // Same people, same tick-0 state: H_f scales by 1 + 0.3 * 0.3 * 0.6.
  CHECK(f.human_capacity == Approx(b.state().fn[0].human_capacity * (1 + 0.3 * 0.3 * 0.6)));
  CHECK(f.ai_work == 0);                       // augment agents do no separate work
  CHECK(f.oversight == Approx(4 * 2 / 40.0));  // model.ai.oversight_hours = 2
  // Costs differ by opex plus depreciation: 4 * 400 + 4 * 5200 / 260.
  CHECK(e.metric("costs") - b.metric("costs") == Approx(4 * 400 + 4 * 5200 / 260.0));
  CHECK(e.metric("ai_capex") == Approx(4 * 5200));
}

TEST_CASE("ai_deployment replace in steps along a schedule", "[policies][ai]") {
  auto sc = test::ai_firm("[1, 4, 40]",
                          "  - {type: ai_deployment, function: eng, mode: replace, agents: 8, "
                          "schedule: [{at: 1, share: 0.25}, {at: 3, share: 0.5}]}\n",
                          kExposed, kNoQuits);
  engine::Engine e(sc);
  e.step();
  auto n1 = static_cast<double>(occupied_ics(e.state()).size());
  e.step();  // tick 1: cut 25%, agents ceil(8 * 0.25 / 0.5) = 4
  CHECK(e.metric("layoffs") == std::llround(0.25 * n1));
  CHECK(e.metric("ai_agents") == 4);
  e.step();
  auto n3 = static_cast<double>(occupied_ics(e.state()).size());
  e.step();  // tick 3: cut (0.5 - 0.25) / (1 - 0.25) of what is left; agents to 8
  CHECK(e.metric("layoffs") == std::llround((0.5 - 0.25) / 0.75 * n3));
  CHECK(e.metric("ai_agents") == 8);
  for (std::size_t k = 0; k < 8; ++k) CHECK(e.state().machines.team[k] == 1 + int(k % 4));
  REQUIRE_NOTHROW(engine::check_invariants(e.state(), *sc, "test"));
}

TEST_CASE("AI as cover: sizing by claimed capability backfires against realized",
          "[policies][ai]") {
  // â ≈ 0.9, a ≈ 0.2 (k = 1, mid far in the past); ē = 0.6. claimed cuts
  // s = 0.54 of the ICs, realized 0.12; both get agents for their s, but the
  // agents do only a ē D = 0.12 D. Claimed leaves 0.46 of the people (0.54 D
  // of capacity at utilization 0.85) for 0.88 D of human work: overload.
  const std::string curves =
      "      realized: {max: 0.2, k: 1, mid: -100}\n"
      "      claimed: {max: 0.9, k: 1, mid: -100}\n";
  auto run = [&](const std::string& sizing) {
    auto sc = test::ai_firm("[1, 8, 80]",
                            "  - {type: ai_deployment, at: 4, function: eng, mode: replace, "
                            "sizing: " +
                                sizing + ", agent_capacity_fte: 2}\n",
                            kExposed, "", curves);
    auto e = std::make_unique<engine::Engine>(sc);
    return e;
  };
  auto claimed = run("claimed");
  auto realized = run("realized");
  double quits_c = 0, quits_r = 0, regret_c = 0, regret_r = 0, layoffs_c = 0, layoffs_r = 0;
  for (int t = 0; t < 52; ++t) {
    claimed->step();
    realized->step();
    quits_c += claimed->metric("quits");
    quits_r += realized->metric("quits");
    regret_c += claimed->metric("regretted_quits");
    regret_r += realized->metric("regretted_quits");
    layoffs_c += claimed->metric("layoffs");
    layoffs_r += realized->metric("layoffs");
  }
  CHECK(layoffs_c > layoffs_r);
  CHECK(claimed->metric("backlog") > realized->metric("backlog"));
  CHECK(claimed->metric("workload") > 1.2);
  CHECK(realized->metric("workload") < 1.0);
  CHECK(claimed->metric("output") < claimed->metric("expected_output"));
  CHECK(realized->metric("output") == Approx(realized->metric("expected_output")).epsilon(0.01));
  CHECK(quits_c > quits_r);
  CHECK(regret_c >= regret_r);
  CHECK(claimed->metric("mean_morale") < realized->metric("mean_morale"));
  REQUIRE_NOTHROW(engine::check_invariants(claimed->state(), claimed->scenario(), "test"));
}

TEST_CASE("ai_deployment YAML errors name line, column and key", "[policies][ai][errors]") {
  using test::check_error;
  const auto& F = test::kErrorFirm;
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: replac\n", 9,
              11, "policies[0].mode", "must be one of augment | replace", "replace");
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: augment\n"
                  "    sizing: claimed\n",
              10, 13, "policies[0].sizing",
              "applies only with mode: replace (augment cuts nothing)");
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: replace\n"
                  "    sizing: claimd\n",
              10, 13, "policies[0].sizing", "must be one of claimed | realized", "claimed");
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: replace\n"
                  "    agent_capacity: 5\n",
              10, 5, "policies[0].agent_capacity", "unknown key", "agent_capacity_fte", false);
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eg\n    mode: replace\n", 8,
              15, "policies[0].function", "names no function of firm.functions", "eng");
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: replace\n"
                  "    error_rate: 1\n",
              10, 17, "policies[0].error_rate", "must be below 1 (an agent must do some work)");
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: replace\n"
                  "    agent_capacity_fte: 0\n",
              10, 25, "policies[0].agent_capacity_fte", "must be > 0");
  check_error(F + "  - type: ai_deployment\n    function: eng\n    mode: replace\n", 6, 5,
              "policies[0].at", "is required but missing");
  check_error(F + "  - type: ai_deployment\n    function: eng\n    mode: replace\n"
                  "    sizing: claimed\n    schedule: [{at: 1, share: 0.2}]\n",
              9, 13, "policies[0].sizing",
              "does not apply with a schedule (its shares give the cut and the cover)");
  check_error(F + "  - type: ai_deployment\n    at: 2\n    announce_weeks: 4\n    function: eng\n"
                  "    mode: replace\n    schedule: [{at: 5, share: 0.2}]\n",
              11, 21, "policies[0].schedule[0].at",
              "must not come before at + announce_weeks (tick 6)");
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: augment\n"
                  "    select: random\n",
              10, 13, "policies[0].select",
              "applies only with mode: replace (augment cuts nothing)");
  check_error(F + "  - type: ai_deployment\n    at: 3\n    function: eng\n    mode: replace\n"
                  "    agents: -2\n",
              10, 13, "policies[0].agents", "must be >= 0");
}

namespace {

std::uint64_t fnv1a(const std::vector<double>& v, std::uint64_t h) {
  return wfsim::fnv1a(v.data(), v.size() * sizeof(double), h);
}

std::uint64_t ai_run_hash(int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  auto sc = std::make_shared<scenario::Scenario>(
      scenario::load_file(std::string(WFSIM_TEST_DATA) + "/ai_policies.yaml"));
  engine::Engine e(sc);
  std::uint64_t h = wfsim::kFnvOffset;
  for (std::int64_t t = 0; t < sc->ticks; ++t) {
    e.step();
    h = fnv1a(e.metrics(), h);
    h = fnv1a(e.function_metric_values(), h);
    h = fnv1a(e.state().people.morale, h);
  }
  return h;
}

}  // namespace

TEST_CASE("the AI policies give bit-identical runs on 1 and 2 threads", "[policies][ai]") {
  CHECK(ai_run_hash(2) == ai_run_hash(1));
}
