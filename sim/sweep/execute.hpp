// Runs a sweep's runs on this machine: `jobs` runs at a time, each on its
// own thread with its own TBB arena of threads / jobs workers (runs of a
// small firm scale better side by side than inside one run). Run indices
// come from a `next` callback, so the same pool serves a local sweep (a
// counter), a Slurm task (its share) and an MPI rank (the dispatcher).
//
// A run is written to runs/ID.h5.partial and renamed to runs/ID.h5 once
// complete, so a run file exists only when finished; a failed run leaves
// runs/ID.error with its message instead. Nothing of a finished run is kept
// in memory: its engine is freed before the next run starts.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "sim/sweep/plan.hpp"

namespace wfsim::sweep {

struct ExecOptions {
  int threads = 0;  // worker threads in all (0: all cores)
  int jobs = 0;     // concurrent runs (0: min(threads, runs))
  bool progress = true;
  const std::atomic<int>* stop = nullptr;  // non-zero: finish the tick, keep runs incomplete
};

struct ExecStats {
  std::int64_t done = 0, failed = 0, interrupted = 0;
  double wall_seconds = 0;
  double agent_ticks = 0;
};

// Where runs come from: the next run index, or -1 when there are no more.
// Called from several threads at once: it must be thread-safe.
using NextRun = std::function<std::int64_t()>;
// Told of every finished (or failed) run, from the worker threads.
using OnRunDone = std::function<void(std::int64_t index, bool ok)>;

// `expected`: how many runs `next` will hand out (for the progress bar and
// the default job count); negative if unknown.
ExecStats execute(const Plan& plan, const NextRun& next, std::int64_t expected,
                  const ExecOptions& options, const OnRunDone& on_done = {});

// Runs one run of the plan into its file (used by execute); true when complete.
bool run_one(const Plan& plan, std::int64_t index, const std::atomic<int>* stop,
             double* agent_ticks = nullptr);

// A progress bar over runs on stderr (a line every 10% when not a terminal).
class RunBar {
 public:
  RunBar(std::int64_t total, bool enabled);
  void update(std::int64_t done, std::int64_t failed);
  void finish();

 private:
  std::int64_t total_;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  int last_decile_ = -1;
};

// The concurrent runs and threads per run for `threads` threads and `runs` runs.
std::pair<int, int> split_threads(int threads, int jobs, std::int64_t runs);

}  // namespace wfsim::sweep
