// Builds the tick-0 firm from a scenario (MODEL.md, Generation): positions in
// a reporting tree per function under one top position, sites, people drawn
// from the distributions, and the collaboration graph; all from the seed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/engine/state.hpp"
#include "sim/scenario/spec.hpp"

namespace wfsim::engine {

// Positions per level of one function, level 0 (ICs) first, summing to
// `headcount`: managers per level = ceil(below / span) until one head. The
// span list is top first: its last entry is the first-line span, and levels
// above the list's start use its first entry. With `layers`, the level
// layers - 1 is the head whatever its span. Headcount is exact: when no IC
// count gives exactly `headcount`, the few positions left over are extra ICs.
std::vector<std::int64_t> level_counts(std::int64_t headcount,
                                       const std::vector<int>& span_top_first,
                                       std::optional<int> layers);

State generate(const scenario::Scenario& sc);

}  // namespace wfsim::engine
