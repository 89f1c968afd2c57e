// Tick-0 calibration (MODEL.md): each function's demand from its tick-0
// capacity, and the price that gives the target operating margin at the
// expected steady state, as if no policy existed.
#pragma once

#include "sim/engine/phases/phases.hpp"

namespace wfsim::engine {

void calibrate(State& s, const scenario::Scenario& sc, Scratch& x);

}  // namespace wfsim::engine
