// Phase 2: AI capability curves, realized and claimed, per function.
#include <cmath>

#include "sim/engine/phases/phases.hpp"

namespace wfsim::engine {

double logistic(const scenario::Logistic& l, double t) {
  if (l.max == 0.0) return 0.0;
  return l.max / (1.0 + std::exp(-l.k * (t - l.mid)));
}

void update_capability(State& s, const scenario::Scenario& sc) {
  for (std::size_t f = 0; f < s.fn.size(); ++f) {
    s.fn[f].capability = logistic(sc.capability[f].realized, static_cast<double>(s.tick));
    s.fn[f].claimed_capability = logistic(sc.capability[f].claimed, static_cast<double>(s.tick));
  }
}

}  // namespace wfsim::engine
