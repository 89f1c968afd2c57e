// The layoff and hiring_policy modules acting through the engine.
#include <algorithm>
#include <catch2/catch.hpp>

#include "../engine/test_firm.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/invariants.hpp"

using namespace wfsim;

namespace {

std::shared_ptr<const scenario::Scenario> with_policy(const std::string& policy) {
  return test::small_firm("[1, 4, 40]", "  planning: {enabled: false}\npolicies:\n" + policy);
}

}  // namespace

TEST_CASE("layoff cuts the lowest performers it selects and pays severance", "[policies]") {
  auto sc = with_policy(
      "  - {type: layoff, at: 2, count: 5, functions: [eng], levels: [0], select: "
      "lowest_performance}\n");
  engine::Engine e(sc);
  e.step();
  e.step();
  // The five lowest-competence ICs just before the layoff (tick 2's phase 1).
  auto& s = e.state();
  std::vector<std::pair<double, int>> ics;
  for (int p = 5; p < 45; ++p) {
    auto o = s.pos.occupant[p];
    if (o != engine::kNone) ics.emplace_back(s.people.competence[o], o);
  }
  std::sort(ics.begin(), ics.end());
  std::vector<double> tenure_weeks;
  for (int k = 0; k < 5; ++k) tenure_weeks.push_back(s.people.tenure[ics[k].second]);
  e.step();
  CHECK(e.metric("layoffs") == 5);
  double expected_severance = 0;
  for (int k = 0; k < 5; ++k) {
    int person = ics[k].second;
    CHECK(s.people.status[person] == engine::Status::laid_off);
    CHECK(s.pos.alive[s.people.position[person]] == 0);
    // salary / 52 * max(4, 2 * tenure years); tenure at the time of the cut.
    expected_severance += 104000.0 / 52 * std::max(4.0, 2 * tenure_weeks[k] / 52);
  }
  CHECK(e.metric("severance") == Approx(expected_severance));
  CHECK(e.metric("positions") == 45 - 5);
  CHECK(s.fn[0].planning_hold_until == 2 + 52);
  REQUIRE_NOTHROW(engine::check_invariants(s, *sc, "test"));
  // Layoff events carry the policy index as their source, plus one policy event.
  auto n_layoff = std::count_if(s.events.begin(), s.events.end(), [](const output::Event& ev) {
    return ev.kind == output::EventKind::layoff && ev.source == 0;
  });
  CHECK(n_layoff == 5);
}

TEST_CASE("layoff with notice keeps people working until their exit tick", "[policies]") {
  auto sc = with_policy("  - {type: layoff, at: 1, share: 0.25, levels: [0], notice_weeks: 3}\n");
  engine::Engine e(sc);
  e.step();
  e.step();  // tick 1: notices
  auto& s = e.state();
  auto on_notice =
      std::count(s.people.status.begin(), s.people.status.end(), engine::Status::notice);
  CHECK(on_notice == 10);  // 25% of 40 ICs
  CHECK(e.metric("layoffs") == 0);
  e.step();
  e.step();  // ticks 2, 3
  CHECK(std::count(s.people.status.begin(), s.people.status.end(), engine::Status::notice) == 10);
  e.step();  // tick 4 = 1 + 3: they leave
  CHECK(e.metric("layoffs") == 10);
  CHECK(std::count(s.people.status.begin(), s.people.status.end(), engine::Status::notice) == 0);
}

TEST_CASE("a layoff lowers survivors' morale against the same seed without it", "[policies]") {
  auto base = with_policy("  []\n");
  auto cut = with_policy("  - {type: layoff, at: 1, share: 0.3, levels: [0], select: random}\n");
  engine::Engine a(base), b(cut);
  for (int t = 0; t < 2; ++t) {
    a.step();
    b.step();
  }
  // Common random numbers: survivors are the same people with the same draws.
  double gap = 0;
  int n = 0;
  for (std::size_t i = 0; i < b.state().people.size(); ++i) {
    if (b.state().people.status[i] != engine::Status::active) continue;
    gap += a.state().people.morale[i] - b.state().people.morale[i];
    ++n;
  }
  CHECK(gap / n > 0.02);
}

TEST_CASE("hiring_policy multiplies fill probabilities over its period and hires elites",
          "[policies]") {
  auto sc = test::small_firm("[1, 4, 40]",
                             "  hiring: {time_to_fill_weeks: 1}\n  planning: {enabled: false}\n"
                             "  attrition: {annual_quit_rate: 2}\npolicies:\n"
                             "  - {type: hiring_policy, from: 0, to: 5, multiplier: {default: 0}}\n"
                             "  - {type: hiring_policy, at: 6, multiplier: 1, elite: {function: "
                             "eng, count: 3, annual_salary: 500000, at: 6}}\n");
  engine::Engine e(sc);
  double hires = 0;
  for (int t = 0; t < 5; ++t) {
    e.step();
    hires += e.metric("hires");
  }
  CHECK(hires == 0);  // a freeze
  CHECK(e.metric("vacancies") > 0);
  e.step();  // tick 5: open again, time_to_fill 1 fills every IC vacancy
  CHECK(e.metric("hires") > 0);
  e.step();  // tick 6: three elite positions opened and filled at once
  int elites = 0;
  for (std::size_t i = 0; i < e.state().people.size(); ++i)
    elites += e.state().people.salary[i] == 500000;
  CHECK(elites == 3);
  CHECK(e.metric("positions_opened") == 3);
}
