// Draws from a scenario Distribution with a counter-based Rng. Truncation
// redraws with the next counter word (k = 1, 2, ...), so the result is still
// a pure function of (seed, tick, entity, purpose).
#pragma once

#include <algorithm>
#include <limits>

#include "sim/core/rng.hpp"
#include "sim/scenario/spec.hpp"

namespace wfsim::engine {

inline double draw(const scenario::Distribution& d, const Rng& rng, std::int64_t tick,
                   std::int64_t entity, Purpose purpose) {
  const double lo = d.min.value_or(-std::numeric_limits<double>::infinity());
  const double hi = d.max.value_or(std::numeric_limits<double>::infinity());
  if (d.bound == scenario::Distribution::Bound::truncate) {
    for (std::uint32_t k = 0; k < 64; ++k) {
      double x = d.mean + d.sd * rng.normal(tick, entity, purpose, k);
      if (x >= lo && x <= hi) return x;
    }
  }
  // Clip, or give up redrawing after 64 tries (validation keeps this rare).
  return std::clamp(d.mean + d.sd * rng.normal(tick, entity, purpose, 0), lo, hi);
}

}  // namespace wfsim::engine
