#include "sim/core/rng.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace wfsim;

TEST_CASE("Philox draws are a pure function of their counter", "[rng]") {
  Rng a(42, Stream::position), b(42, Stream::position), c(43, Stream::position),
      d(42, Stream::generation);
  CHECK(a.uniform(3, 7, Purpose::quit) == b.uniform(3, 7, Purpose::quit));
  CHECK(a.uniform(3, 7, Purpose::quit) != a.uniform(3, 8, Purpose::quit));
  CHECK(a.uniform(3, 7, Purpose::quit) != a.uniform(4, 7, Purpose::quit));
  CHECK(a.uniform(3, 7, Purpose::quit) != a.uniform(3, 7, Purpose::morale_noise));
  CHECK(a.uniform(3, 7, Purpose::quit) != c.uniform(3, 7, Purpose::quit));
  CHECK(a.uniform(3, 7, Purpose::quit) != d.uniform(3, 7, Purpose::quit));
}

TEST_CASE("uniform, normal and below have the right moments", "[rng]") {
  Rng r(1, Stream::position);
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0;
  std::vector<int> counts(5, 0);
  for (int i = 0; i < n; ++i) {
    double u = r.uniform(0, i, Purpose::quit);
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    su += u;
    double z = r.normal(0, i, Purpose::morale_noise);
    sn += z;
    sn2 += z * z;
    counts[r.below(5, 0, i, Purpose::promote_pick)] += 1;
  }
  CHECK(std::abs(su / n - 0.5) < 0.005);
  CHECK(std::abs(sn / n) < 0.01);
  CHECK(std::abs(sn2 / n - 1.0) < 0.02);
  for (int k : counts) CHECK(std::abs(k - n / 5) < 1000);
}
