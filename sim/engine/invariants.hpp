// State invariants: the reporting tree is a tree, spans add up, occupancy is
// consistent both ways, no dangling ids. Tests call it; a WFSIM_VALIDATE
// build calls it after every phase. Throws std::logic_error naming the first
// broken rule and where it was checked.
#pragma once

#include <string_view>

#include "sim/engine/state.hpp"
#include "sim/scenario/spec.hpp"

namespace wfsim::engine {

void check_invariants(const State& s, const scenario::Scenario& sc, std::string_view where);

}  // namespace wfsim::engine
