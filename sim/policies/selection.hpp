// Choosing positions for a policy (MODEL.md, Policies: `select`), shared by
// every policy that cuts: lowest_performance, random, narrowest_span,
// highest_cost, over occupied positions unless vacant ones are included.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/policy_context.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace wfsim::policies {

enum class Select : std::uint8_t { lowest_performance, random, narrowest_span, highest_cost };

Select parse_select(const scenario::Reader& r);

// The first `count` of `eligible` in selection order (ties by lower id).
std::vector<engine::PositionId> select_positions(const engine::PolicyContext& ctx,
                                                 std::vector<engine::PositionId> eligible,
                                                 std::size_t count, Select how);

}  // namespace wfsim::policies
