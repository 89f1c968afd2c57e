// One run of a scenario from generation to its last tick, with or without an
// output file: the loop `wfsim run` and every run of a sweep share. It stops
// early, leaving the file closed but marked incomplete, when `stop` becomes
// non-zero (Ctrl-C); the caller decides what that means.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/output/run_writer.hpp"

namespace wfsim::engine {

struct RunRequest {
  std::shared_ptr<const scenario::Scenario> scenario;
  std::filesystem::path output;          // empty: write no file
  bool force = false;                    // replace an existing file
  std::vector<output::Attr> attributes;  // extra root attributes of the file
  // Root attributes computed from the finished run (a sweep's summary scalars).
  std::function<std::vector<output::Attr>(const Engine&)> final_attributes;
  const std::atomic<int>* stop = nullptr;             // non-zero: stop after this tick
  std::function<void(std::int64_t, double)> on_tick;  // (ticks done, agent-ticks so far)
  // Warm starts (sim/engine/checkpoint.hpp): stop after `checkpoint_at`
  // ticks and save the state to `checkpoint`; or continue from `from`.
  std::int64_t checkpoint_at = -1;
  std::filesystem::path checkpoint;
  std::filesystem::path from;
};

struct RunOutcome {
  std::unique_ptr<Engine> engine;  // the state at the end, for summaries
  bool complete = false;           // all ticks ran (else stopped by `stop`)
  std::int64_t ticks_done = 0;
  std::int64_t first_tick = 0;  // the fork tick of a run continued from a checkpoint
  double wall_seconds = 0;      // generation included
  double agent_ticks = 0;       // people on the payroll summed over ticks
  std::uint64_t bytes_written = 0;
};

RunOutcome run_scenario(const RunRequest& request);

}  // namespace wfsim::engine
