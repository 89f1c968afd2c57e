// Phases 5 and 6 on a manager with three ICs, by hand.
#include <catch2/catch.hpp>

#include "sim/engine/generate.hpp"
#include "sim/engine/structure.hpp"
#include "test_firm.hpp"

using namespace wfsim;

namespace {

// Neighbours' morale is read through a float snapshot (SeatView).
double f(double x) {
  return static_cast<double>(static_cast<float>(x));
}

engine::State morale_firm(const scenario::Scenario& sc) {
  auto s = engine::generate(sc);
  const double m[] = {0.5, 0.6, 0.8, 0.9};
  for (int i = 0; i < 4; ++i) s.people.morale[i] = m[i];
  s.fn[0].workload = 1.2;
  return s;
}

}  // namespace

TEST_CASE("morale moves toward m0 and the neighbours, less overload", "[morale]") {
  auto sc = test::small_firm("[1, 3]");
  auto s = morale_firm(*sc);
  engine::Scratch x;
  engine::update_morale(s, *sc, x);
  // IC 1's neighbours are 0, 2, 3: mean (0.5 + 0.8 + 0.9) / 3.
  double expected =
      0.6 + 0.05 * (0.7 - 0.6) + 0.1 * ((f(0.5) + f(0.8) + f(0.9)) / 3 - 0.6) - 0.02 * 0.2;
  CHECK(s.people.morale[1] == Approx(expected).epsilon(1e-12));
  // The manager's neighbours are its three reports.
  double manager = 0.5 + 0.05 * 0.2 + 0.1 * ((f(0.6) + f(0.8) + f(0.9)) / 3 - 0.5) - 0.02 * 0.2;
  CHECK(s.people.morale[0] == Approx(manager).epsilon(1e-12));
}

TEST_CASE("a neighbour laid off this tick is felt through f_lay", "[morale]") {
  auto sc = test::small_firm("[1, 3]");
  auto s = morale_firm(*sc);
  engine::begin_tick(s);  // everyone occupied at the start of the tick
  engine::vacate(s, 3, engine::Status::laid_off, 0);
  engine::refresh(s);
  engine::Scratch x;
  engine::update_morale(s, *sc, x);
  // N = 3 occupied at start, L = 1 laid off: f_lay = 1/3. Neighbour mean over 0 and 2.
  double expected = 0.6 + 0.05 * 0.1 + 0.1 * ((f(0.5) + f(0.8)) / 2 - 0.6) - 0.5 / 3.0 - 0.02 * 0.2;
  CHECK(s.people.morale[1] == Approx(expected).epsilon(1e-12));
  // Next tick the layoff no longer counts, but a quit last tick does (quit_spillover 0.3).
  engine::begin_tick(s);
  engine::vacate(s, 2, engine::Status::quit, -1);
  engine::begin_tick(s);
  s.people.morale[1] = 0.6;
  s.people.morale[0] = 0.5;
  engine::refresh(s);
  engine::update_morale(s, *sc, x);
  // Neighbours of 1 are 0, 2, 3. At the previous tick's start 0 and 2 were occupied
  // (3 was already cut): N_prev = 2, X = 1 (2 quit), L = 0: f_lay = 0.3 * 1 / 2.
  // Only 0 is occupied now, so the neighbour mean is its 0.5.
  double f_lay = 0.3 * 1.0 / 2.0;
  double after = 0.6 + 0.05 * 0.1 + 0.1 * (f(0.5) - 0.6) - 0.5 * f_lay - 0.02 * 0.2;
  CHECK(s.people.morale[1] == Approx(after).epsilon(1e-12));
}

TEST_CASE("the RTO burden follows tolerated days and commute", "[morale]") {
  // r = 0.5 tolerates floor(2.5 + 0.5) = 3 days; 5 mandated -> 2/5 * (1 + 30/60).
  CHECK(engine::rto_burden(5, 0.5, 30) == Approx(0.4 * 1.5));
  CHECK(engine::rto_burden(3, 0.5, 30) == 0.0);
  CHECK(engine::rto_burden(0, 1.0, 90) == 0.0);
  CHECK(engine::rto_burden(5, 1.0, 0) == Approx(1.0));
}

TEST_CASE("the quit hazard follows morale, overload and burden, capped", "[exits]") {
  scenario::AttritionParams a;
  double h0 = 0.13 / 52;
  CHECK(engine::quit_hazard(a, 0.7, 0.7, 1.0, 0, 0.5, 0.5) == Approx(h0));
  CHECK(engine::quit_hazard(a, 0.7, 0.6, 1.2, 0, 0.5, 0.5) == Approx(std::exp(0.3 + 0.2) * h0));
  CHECK(engine::quit_hazard(a, 0.7, 0.7, 0.5, 0, 0.5, 0.5) ==
        Approx(h0));  // underload is no relief
  // The skilled feel the RTO burden more: 0.3 * 1 * (1 + 2 * (0.8 - 0.5)).
  CHECK(engine::quit_hazard(a, 0.7, 0.7, 1.0, 1.0, 0.8, 0.5) == Approx(std::exp(0.48) * h0));
  CHECK(engine::quit_hazard(a, 0.7, 0.0, 3.0, 0, 0.5, 0.5) == Approx(8 * h0));  // capped
}

TEST_CASE("retirement and dismissal come before the quit draw", "[exits]") {
  auto sc =
      test::small_firm("[1, 3]", "  attrition: {dismissal_below: 0.55, annual_quit_rate: 0}\n");
  auto s = engine::generate(*sc);
  s.people.competence = {0.6, 0.5, 0.7, 0.9};
  s.people.age = {50, 40, 65.0, 30};
  engine::Scratch x;
  engine::process_exits(s, *sc, x);
  CHECK(s.people.status[1] == engine::Status::dismissed);
  CHECK(s.people.status[2] == engine::Status::retired);
  CHECK(s.people.status[0] == engine::Status::active);
  CHECK(s.people.status[3] == engine::Status::active);
  CHECK(s.now.dismissals == 1);
  CHECK(s.now.retirements == 1);
  CHECK(s.now.quits == 0);
  CHECK(s.pos.occupant[1] == engine::kNone);
  CHECK(s.pos.occupant[2] == engine::kNone);
  REQUIRE(s.events.size() == 2);
  CHECK(s.events[0].kind == output::EventKind::dismiss);  // id order
  CHECK(s.events[1].kind == output::EventKind::retire);
}

TEST_CASE("quits happen at the hazard's rate", "[exits]") {
  // 2,000 ICs with hazard multiplier 1 and an annual rate of 5.2: p = 1 - exp(-0.1).
  auto sc = test::small_firm("[1, 2000]", "  attrition: {annual_quit_rate: 5.2}\n");
  auto s = engine::generate(*sc);
  for (auto& m : s.people.morale) m = 0.7;
  engine::Scratch x;
  engine::process_exits(s, *sc, x);
  double p = 1 - std::exp(-0.1);  // 0.0952: expect 190 +- 3 sd (13)
  CHECK(std::abs(static_cast<double>(s.now.quits) - 2001 * p) < 40);
  CHECK(s.now.regretted_quits <= s.now.quits);
  CHECK(s.now.regretted_quits > 0);
}
