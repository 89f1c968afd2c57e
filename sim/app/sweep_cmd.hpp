// `wfsim sweep`: runs, lists (--dry-run), shares out (--task-index/--task-count,
// for Slurm job arrays) and indexes (--collect) the runs of a sweep file.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <string>
#include <vector>

namespace wfsim::app {

struct SweepArgs {
  CLI::App* command = nullptr;
  std::string file;
  std::string output;  // replaces the sweep file's `output:`
  std::vector<std::string> sets;
  std::int64_t ticks = 0;
  int threads = 0, jobs = 0;
  std::int64_t task_index = -1, task_count = 0;
  bool dry_run = false, collect = false, quiet = false;
};

// Registers the subcommand; the returned args fill in when it is parsed.
std::unique_ptr<SweepArgs> add_sweep_command(CLI::App& app);

// Runs it; `stop` becomes non-zero on Ctrl-C or SIGTERM. Returns the exit code.
int run_sweep(const SweepArgs& args, const std::atomic<int>& stop);

}  // namespace wfsim::app
