// Paired statistics of `wfsim compare`, checked against hand arithmetic.
#include "sim/compare/paired.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace wfsim::compare;

TEST_CASE("paired differences: mean, sd and the Student-t interval", "[compare]") {
  // Differences 1, 2, 3: mean 2, sd 1, half-width t(2) * 1 / sqrt(3) = 4.303 / 1.732.
  auto s = paired({10, 20, 30}, {11, 22, 33});
  CHECK(s.n == 3);
  CHECK(s.base_mean == Approx(20));
  CHECK(s.policy_mean == Approx(22));
  CHECK(s.diff_mean == Approx(2));
  CHECK(s.diff_sd == Approx(1));
  CHECK(s.ci_low == Approx(2 - 4.303 / std::sqrt(3.0)));
  CHECK(s.ci_high == Approx(2 + 4.303 / std::sqrt(3.0)));
  // Pairing removes the shared part: huge spread between replicates, none in the difference.
  auto p = paired({1, 1000, 1e6}, {6, 1005, 1e6 + 5});
  CHECK(p.diff_sd == Approx(0).margin(1e-9));
  CHECK(p.ci_low == Approx(5));
  CHECK(p.ci_high == Approx(5));
  // One replicate: the difference, no interval width.
  auto one = paired({3}, {5});
  CHECK(one.diff_mean == 2);
  CHECK(one.ci_low == 2);
  CHECK(one.ci_high == 2);
  CHECK_THROWS(paired({1, 2}, {1}));
}

TEST_CASE("t quantiles and reductions", "[compare]") {
  CHECK(t_975(1) == Approx(12.706));
  CHECK(t_975(9) == Approx(2.262));
  CHECK(t_975(30) == Approx(2.042));
  CHECK(t_975(1000) == Approx(1.962).margin(0.001));
  std::vector<double> x(60);
  for (int t = 0; t < 60; ++t) x[t] = t;
  CHECK(reduce(x, Reduce::sum) == 59 * 60 / 2);
  CHECK(reduce(x, Reduce::last) == 59);
  CHECK(reduce(x, Reduce::mean) == Approx(29.5));
  // Last 52 of 0..59 are 8..59: mean 33.5.
  CHECK(reduce(x, Reduce::mean_last_year) == Approx(33.5));
  CHECK(reduce({}, Reduce::sum) == 0);
  CHECK(reduce({1, 7, 3}, Reduce::max) == 7);
}
