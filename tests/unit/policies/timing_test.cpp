#include <catch2/catch.hpp>

#include "sim/policies/policy.hpp"

using wfsim::policies::Timing;

TEST_CASE("a period runs from `from` (or `at`) up to but not including `to`", "[policies][timing]") {
  Timing at_only{10, {}, {}, {}};
  CHECK_FALSE(at_only.in_period(9));
  CHECK(at_only.in_period(10));
  CHECK(at_only.in_period(500));
  Timing at_to{10, {}, 20, {}};  // `at` starts the period when there is no `from`
  CHECK_FALSE(at_to.in_period(0));
  CHECK(at_to.in_period(10));
  CHECK(at_to.in_period(19));
  CHECK_FALSE(at_to.in_period(20));
  Timing from_to{{}, 0, 104, {}};
  CHECK(from_to.in_period(0));
  CHECK_FALSE(from_to.in_period(104));
  Timing open{};
  CHECK(open.in_period(0));
}

TEST_CASE("a schedule interpolates linearly and holds after its last point", "[policies][timing]") {
  Timing t{{}, {}, {}, {{0, 0.1}, {520, 0.75}}};
  CHECK(t.share_at(0) == Approx(0.1));
  CHECK(t.share_at(260) == Approx(0.425));
  CHECK(t.share_at(520) == Approx(0.75));
  CHECK(t.share_at(1000) == Approx(0.75));
  Timing later{{}, {}, {}, {{10, 0.5}}};
  CHECK(later.share_at(9) == 0.0);  // nothing before the first point
  CHECK(later.share_at(10) == 0.5);
}
