#include "sim/app/sweep_cmd.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <iostream>
#include <mutex>

#include "sim/app/sweep_mpi.hpp"
#include "sim/core/errors.hpp"
#include "sim/sweep/execute.hpp"
#include "sim/sweep/index.hpp"
#include "sim/sweep/plan.hpp"

namespace wfsim::app {
namespace {

void print_index(const sweep::Plan& plan, const sweep::IndexStats& ix) {
  std::cout << "  index        " << plan.index_file().string() << ": " << ix.complete
            << " complete, " << ix.incomplete << " incomplete, " << ix.failed << " failed, "
            << ix.missing << " missing";
  if (ix.foreign > 0) std::cout << ", " << ix.foreign << " of another sweep";
  std::cout << " (written in " << ix.seconds << " s)\n";
}

void print_runs(const sweep::Plan& plan, std::int64_t planned, std::int64_t already,
                const sweep::ExecStats& st, int jobs, int per_run) {
  std::cout << "== wfsim sweep: " << plan.spec().name << " (" << plan.runs() << " runs, design "
            << plan.hash() << ") ==\n"
            << "  this process " << planned << " runs planned, " << already << " already done, "
            << st.done << " run now, " << st.failed << " failed, " << st.interrupted
            << " interrupted\n"
            << "  wall time    " << st.wall_seconds << " s  ("
            << (st.wall_seconds > 0 ? 3600.0 * static_cast<double>(st.done) / st.wall_seconds : 0)
            << " runs/h; " << jobs << " runs at a time x " << per_run << " threads)\n"
            << "  output       " << plan.spec().output.string() << "\n";
}

int exit_code(const std::atomic<int>& stop, std::int64_t failed) {
  if (stop.load() != 0) return 130;
  return failed > 0 ? 1 : 0;
}

}  // namespace

std::unique_ptr<SweepArgs> add_sweep_command(CLI::App& app) {
  auto a = std::make_unique<SweepArgs>();
  auto* c = app.add_subcommand(
      "sweep", "Run every design point and replicate of a sweep file (docs/clusters.md)");
  c->footer(
      "Examples:\n"
      "  wfsim sweep s.yaml --dry-run                    # list the runs, run none\n"
      "  wfsim sweep s.yaml                              # all runs here; resumable\n"
      "  mpirun -n 4 wfsim sweep s.yaml                  # across MPI ranks\n"
      "  wfsim sweep s.yaml --task-index 3 --task-count 8  # one Slurm array task's share\n"
      "  wfsim sweep s.yaml --collect                    # index.h5 from the run files");
  a->command = c;
  c->add_option("sweep", a->file, "Sweep YAML file")->required()->check(CLI::ExistingFile);
  c->add_option("--set", a->sets,
                "Override a value of the base scenario, as in `run` (repeatable)");
  c->add_option("-o,--output", a->output,
                "The sweep's folder (default: the sweep file's `output:`, relative to it)");
  c->add_option("--ticks", a->ticks, "Weeks per run (overrides the base's `ticks`)")
      ->check(CLI::PositiveNumber);
  c->add_flag("--dry-run", a->dry_run, "List the runs and their parameters; run nothing");
  c->add_option("--threads", a->threads, "Worker threads in all (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--jobs", a->jobs,
                "Runs at a time (default: one per thread; threads are split between them)")
      ->check(CLI::NonNegativeNumber);
  auto* ti = c->add_option("--task-index", a->task_index,
                           "Run only the share of task I of --task-count (0-based)")
                 ->check(CLI::NonNegativeNumber);
  auto* tc = c->add_option("--task-count", a->task_count, "Tasks the runs are shared among")
                 ->check(CLI::PositiveNumber);
  ti->needs(tc);
  tc->needs(ti);
  c->add_flag("--collect", a->collect, "Build index.h5 from the run files; run nothing")
      ->excludes(ti);
  c->add_flag("-q,--quiet", a->quiet, "No progress bar and no summary");
  return a;
}

int run_sweep(const SweepArgs& a, const std::atomic<int>& stop) {
  std::vector<std::string> sets = a.sets;
  if (a.ticks > 0) sets.push_back("ticks=" + std::to_string(a.ticks));
  if (a.task_index >= 0 && a.task_index >= a.task_count) {
    throw UsageError("--task-index must be below --task-count (got " +
                     std::to_string(a.task_index) + " of " + std::to_string(a.task_count) + ")");
  }
  const int ranks = mpi::launched_size();
  if (ranks > 1 && !mpi::available() && !a.dry_run) {
    throw UsageError("launched as one of " + std::to_string(ranks) +
                     " MPI ranks, but this wfsim was built without MPI (WFSIM_MPI): every rank "
                     "would run the whole sweep; rebuild with libopenmpi-dev installed");
  }
  auto spec = sweep::parse_sweep_file(a.file, sets);
  if (!a.output.empty()) spec.output = a.output;
  const sweep::Plan plan(std::move(spec));
  if (a.dry_run) {
    sweep::print_plan(plan, std::cout);
    return 0;
  }
  if (a.collect) {
    if (!std::filesystem::exists(plan.manifest_file())) {
      throw UsageError("'" + plan.spec().output.string() +
                       "' holds no runs of this sweep (no sweep.txt); run it first");
    }
    sweep::claim_output(plan);  // checks the design hash
    auto ix = sweep::write_index(plan);
    if (!a.quiet) print_index(plan, ix);
    return ix.complete == plan.runs() ? 0 : 1;
  }

  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  sweep::ExecOptions opt;
  opt.threads = threads;
  opt.jobs = a.jobs;
  opt.progress = !a.quiet;
  opt.stop = &stop;

  if (ranks > 1) {
    const mpi::World world = mpi::init();
    std::vector<std::int64_t> todo;
    std::string refusal;
    std::int64_t already = 0;
    if (world.rank == 0) {
      try {
        sweep::claim_output(plan);
        todo = sweep::pending(plan, plan.share(0, 1));
        already = plan.runs() - static_cast<std::int64_t>(todo.size());
      } catch (const std::exception& e) {
        refusal = e.what();
      }
    }
    auto [jobs, per_run] = sweep::split_threads(threads, a.jobs, plan.runs() / world.size + 1);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, jobs * per_run);
    auto st = mpi::run_distributed(world, plan, todo, !refusal.empty(), opt);
    std::int64_t failed = mpi::sum_at_root(world, st.failed);
    std::int64_t done = mpi::sum_at_root(world, st.done);
    int code = 0;
    if (world.rank == 0) {
      if (!refusal.empty()) {
        std::cerr << "wfsim: error: " << refusal << "\n";
        code = 2;
      } else {
        if (!a.quiet) {
          st.done = done;
          st.failed = failed;
          print_runs(plan, plan.runs(), already, st, jobs, per_run);
          std::cout << "  ranks        " << world.size << "\n";
        }
        auto ix = sweep::write_index(plan);
        if (!a.quiet) print_index(plan, ix);
        code = exit_code(stop, failed);
      }
    } else {
      code = exit_code(stop, st.failed);
    }
    mpi::finalize();
    return code;
  }

  sweep::claim_output(plan);
  const bool task = a.task_index >= 0;
  const auto mine = task ? plan.share(a.task_index, a.task_count) : plan.share(0, 1);
  const auto todo = sweep::pending(plan, mine);
  auto [jobs, per_run] =
      sweep::split_threads(threads, a.jobs, static_cast<std::int64_t>(todo.size()));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, jobs * per_run);
  std::mutex mu;
  std::size_t next = 0;
  auto take = [&]() -> std::int64_t {
    std::lock_guard lock(mu);
    return next < todo.size() ? todo[next++] : -1;
  };
  auto st = sweep::execute(plan, take, static_cast<std::int64_t>(todo.size()), opt);
  if (!a.quiet) {
    print_runs(plan, static_cast<std::int64_t>(mine.size()),
               static_cast<std::int64_t>(mine.size() - todo.size()), st, jobs, per_run);
    if (task) {
      std::cout << "  task         " << a.task_index << " of " << a.task_count
                << " (the index is built by `wfsim sweep " << a.file << " --collect`)\n";
    }
  }
  if (!task && stop.load() == 0) {
    auto ix = sweep::write_index(plan);
    if (!a.quiet) print_index(plan, ix);
  }
  return exit_code(stop, st.failed);
}

}  // namespace wfsim::app
