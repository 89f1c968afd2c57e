// Phases 3 and 4 and the tick-0 calibration on a manager with three ICs,
// against the equations of MODEL.md worked out by hand.
#include <catch2/catch.hpp>

#include "sim/engine/calibrate.hpp"
#include "sim/engine/generate.hpp"
#include "sim/engine/structure.hpp"
#include "test_firm.hpp"

using namespace wfsim;

namespace {

// Position 0 is the manager, 1..3 the ICs; person id = position id.
engine::State hand_firm(const scenario::Scenario& sc) {
  auto s = engine::generate(sc);
  const double c[] = {0.6, 0.5, 0.7, 0.9};
  for (int i = 0; i < 4; ++i) {
    s.people.competence[i] = c[i];
    s.people.morale[i] = 0.7;
    s.people.tenure[i] = 52;
  }
  return s;
}

}  // namespace

TEST_CASE("IC capacity follows ramp, competence, morale and coordination", "[work]") {
  auto sc = test::small_firm("[1, 3]");
  auto s = hand_firm(*sc);
  engine::Scratch x;
  // coord = (0.75 + 0.5 * 0.6) * eta(3) * (1 - 0.02)^(2 - 1) = 1.05 * 1 * 0.98
  // cap   = 1 * (0.5 + c) * (0.6 + 0.4 * 0.7) * coord
  auto H = engine::human_capacity(s, *sc, x);
  CHECK(H[0] == Approx((1.0 + 1.2 + 1.4) * 0.88 * 1.05 * 0.98).epsilon(1e-12));
  CHECK(engine::ic_capacity(s, *sc, x, 1) == Approx(1.0 * 0.88 * 1.029).epsilon(1e-12));

  // Onboarding ramp: 6 of 12 weeks -> 0.25 + 0.75 * 0.5.
  s.people.tenure[1] = 6;
  CHECK(engine::ic_capacity(s, *sc, x, 1) == Approx(0.625 * 1.0 * 0.88 * 1.029).epsilon(1e-12));

  // A vacant own manager: factor 0.8 * eta with c_m = 0.5.
  s.people.tenure[1] = 52;
  engine::vacate(s, 0, engine::Status::quit, -1);
  engine::refresh(s);
  engine::human_capacity(s, *sc, x);
  CHECK(engine::ic_capacity(s, *sc, x, 1) ==
        Approx(1.0 * 0.88 * (1.0 * 0.8 * 0.98)).epsilon(1e-12));
}

TEST_CASE("spans past s_opt cost coordination through eta", "[work]") {
  auto sc = test::small_firm("[1, 15]");
  auto s = engine::generate(*sc);
  engine::Scratch x;
  engine::human_capacity(s, *sc, x);
  // eta(15) = 1 / (1 + 0.5 * (15 - 10) / 10) = 0.8 for every IC under the top,
  // times the own manager's (0.75 + 0.5 c_m) and one layer's loss (1 - 0.02).
  CHECK(x.coordination[1] == Approx(0.8 * (0.75 + 0.5 * s.people.competence[0]) * 0.98));
  CHECK(engine::eta(8, sc->model.work) == 1.0);
  CHECK(engine::eta(20, sc->model.work) == Approx(1.0 / 1.5));
}

TEST_CASE("done work, backlog and workload follow demand", "[work]") {
  auto sc = test::small_firm("[1, 3]");
  auto s = hand_firm(*sc);
  engine::Scratch x;
  double H = (1.0 + 1.2 + 1.4) * 0.88 * 1.029;
  s.fn[0].demand0 = 3.0;  // below capacity: all done, no backlog, w = D / H
  engine::do_work(s, *sc, x);
  CHECK(s.fn[0].human_capacity == Approx(H));
  CHECK(s.fn[0].output == Approx(3.0));
  CHECK(s.fn[0].backlog == Approx(0.0));
  CHECK(s.fn[0].workload == Approx(3.0 / H));
  s.fn[0].demand0 = 4.0;  // above capacity: O = H, B = 0.9 (D - O), w = (D + B / 13) / H
  engine::do_work(s, *sc, x);
  double B = 0.9 * (4.0 - H);
  CHECK(s.fn[0].output == Approx(H));
  CHECK(s.fn[0].backlog == Approx(B));
  CHECK(s.fn[0].workload == Approx((4.0 + B / 13.0) / H));
  // Next tick the backlog is worked off first: O = min(D + B, H) = H again.
  engine::do_work(s, *sc, x);
  CHECK(s.fn[0].backlog == Approx(0.9 * (4.0 + B - H)));
  // Demand grows by (1 + g)^(t / 52).
  auto grow = test::small_firm("[1, 3]", "  work: {demand_growth: 0.1}\n");
  auto g = hand_firm(*grow);
  g.fn[0].demand0 = 1.0;
  g.tick = 26;
  engine::do_work(g, *grow, x);
  CHECK(g.fn[0].demand == Approx(std::pow(1.1, 0.5)));
}

TEST_CASE("calibration sets demand from capacity and the price from the target margin", "[money]") {
  auto sc = test::small_firm("[1, 3]");
  auto s = hand_firm(*sc);
  engine::Scratch x;
  engine::calibrate(s, *sc, x);
  double H = (1.0 + 1.2 + 1.4) * 0.88 * 1.029;
  CHECK(s.fn[0].demand0 == Approx(0.85 * H));
  // Salaries: three ICs at 104,000 and the manager at 104,000 * 1.25.
  double salaries = 3 * 104000.0 + 130000.0;
  double v = 0.13 * 6 / 52;
  double costs = salaries * 1.3 / 52 * (1 - v) + 0.2 * 0.13 * salaries / 52;
  CHECK(s.price == Approx(costs / (0.88 * 0.85 * H)));

  // Money: at calibrated demand with everyone in place, revenue = P * D and the
  // payroll is salaries * 1.3 / 52.
  engine::do_work(s, *sc, x);
  engine::account_money(s, *sc);
  CHECK(s.revenue == Approx(s.price * 0.85 * H));
  CHECK(s.payroll_weekly == Approx(salaries * 1.3 / 52));
  CHECK(s.costs == Approx(s.payroll_weekly));
  // Last tick's severance and hiring costs are paid this tick.
  s.last.severance = 1000;
  s.last.hiring_cost = 500;
  engine::account_money(s, *sc);
  CHECK(s.costs == Approx(salaries * 1.3 / 52 + 1500));
}

TEST_CASE("support coverage scales revenue", "[money]") {
  auto sc = scenario::load_string(R"(
name: support
firm:
  functions:
    - {name: core, headcount: 40, salary: {mean: 100000, sd: 0}}
    - {name: hr, headcount: 10, support: true, salary: {mean: 100000, sd: 0}}
model: {money: {price: 1000}}
)",
                                  "support.yaml");
  auto s = engine::generate(sc);
  engine::Scratch x;
  engine::calibrate(s, sc, x);
  CHECK(s.price == 1000);
  engine::do_work(s, sc, x);
  engine::account_money(s, sc);
  CHECK(s.support_coverage == Approx(1.0));
  CHECK(s.revenue == Approx(1000 * s.fn[0].output));
  // Half the support demand undone: sigma = 0.5, revenue * (1 - 0.3 * 0.5).
  s.fn[1].output = 0.5 * s.fn[1].demand;
  engine::account_money(s, sc);
  CHECK(s.support_coverage == Approx(0.5));
  CHECK(s.revenue == Approx(1000 * s.fn[0].output * 0.85));
}
