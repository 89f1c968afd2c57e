// management_delayering, rto_mandate (with relocation) and layoff together:
// the run must not depend on the thread count.
#include <tbb/global_control.h>

#include <catch2/catch.hpp>

#include "sim/engine/engine.hpp"
#include "sim/engine/invariants.hpp"
#include "sim/scenario/load.hpp"

using namespace wfsim;

namespace {

struct Run {
  std::vector<std::vector<double>> history;
  std::vector<double> morale, salary, commute;
  std::vector<engine::PositionId> position, parent;
  std::vector<std::int16_t> site;
};

Run run(int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  auto sc = std::make_shared<scenario::Scenario>(scenario::load_string(
      "seed: 21\nticks: 20\nfirm:\n"
      "  sites: [{name: hq, hub: true, share: 0.5}, {name: east, hub: true, share: 0.2}, "
      "{name: home, hub: false, share: 0.3}]\n"
      "  functions: [{name: eng, headcount: 500}, {name: sales, headcount: 300}]\n"
      "policies:\n"
      "  - {type: rto_mandate, at: 2, days_per_week: 5, relocation: {accept_probability: 0.5}}\n"
      "  - {type: management_delayering, at: 3, levels: [1, 2], share: 0.13, demote_share: 0.3}\n"
      "  - {type: management_delayering, at: 6, functions: [sales], remove_level: 1, reassign: "
      "skip_level}\n"
      "  - {type: layoff, at: 5, share: 0.05, select: random, notice_weeks: 2}\n",
      "org.yaml"));
  engine::Engine e(sc);
  for (int t = 0; t < 20; ++t) {
    e.step();
    engine::check_invariants(e.state(), *sc, "org determinism");
  }
  const auto& s = e.state();
  return Run{e.history(),       s.people.morale, s.people.salary, s.people.commute,
             s.people.position, s.pos.parent,    s.pos.site};
}

}  // namespace

TEST_CASE("delayering, RTO and layoff runs are identical on 1 and 2 threads",
          "[policies][delayering][rto][determinism]") {
  auto one = run(1);
  auto two = run(2);
  CHECK(one.history == two.history);
  CHECK(one.morale == two.morale);
  CHECK(one.salary == two.salary);
  CHECK(one.commute == two.commute);
  CHECK(one.position == two.position);
  CHECK(one.parent == two.parent);
  CHECK(one.site == two.site);
}
