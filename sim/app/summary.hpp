// The one-screen summary printed at the end of `wfsim run`, and the
// per-phase profile of --profile.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "sim/engine/engine.hpp"

namespace wfsim::app {

void print_summary(std::ostream& out, const engine::Engine& engine, double wall_seconds,
                   double agent_ticks, const std::filesystem::path& output);
void print_profile(std::ostream& out, engine::Engine& engine, double wall_seconds);

}  // namespace wfsim::app
