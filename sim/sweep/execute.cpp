#include "sim/sweep/execute.hpp"

#include <tbb/info.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "sim/core/bar.hpp"
#include "sim/core/temp_name.hpp"
#include "sim/engine/run_scenario.hpp"
#include "sim/sweep/index.hpp"

namespace wfsim::sweep {
namespace fs = std::filesystem;

RunBar::RunBar(std::int64_t total, bool enabled)
    : total_(total), enabled_(enabled && total > 0), tty_(isatty(STDERR_FILENO) != 0) {}

void RunBar::update(std::int64_t done, std::int64_t failed) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  double el = std::chrono::duration<double>(now - start_).count();
  double frac = static_cast<double>(done) / static_cast<double>(total_);
  double eta = done > 0 ? el * static_cast<double>(total_ - done) / static_cast<double>(done) : 0;
  double per_hour = el > 0 ? 3600.0 * static_cast<double>(done) / el : 0;
  if (tty_) {
    const std::string bar = progress_bar(frac);
    std::fprintf(stderr, "\r[%s] %3.0f%%  run %lld/%lld  %lld failed  %.0f runs/h  ETA %4.0fs ",
                 bar.c_str(), 100 * frac, static_cast<long long>(done),
                 static_cast<long long>(total_), static_cast<long long>(failed), per_hour, eta);
  } else {
    int decile = static_cast<int>(frac * 10);
    if (decile == last_decile_) return;
    last_decile_ = decile;
    std::fprintf(stderr,
                 "wfsim sweep: run %lld/%lld (%.0f%%), %lld failed, %.0f runs/h, ETA %.0fs\n",
                 static_cast<long long>(done), static_cast<long long>(total_), 100 * frac,
                 static_cast<long long>(failed), per_hour, eta);
  }
  std::fflush(stderr);
}

void RunBar::finish() {
  if (enabled_ && tty_) std::fprintf(stderr, "\n");
}

std::pair<int, int> split_threads(int threads, int jobs, std::int64_t runs) {
  if (threads <= 0) threads = tbb::info::default_concurrency();
  if (jobs <= 0) {
    jobs = static_cast<int>(std::min<std::int64_t>(threads, std::max<std::int64_t>(runs, 1)));
  }
  jobs = std::max(1, jobs);
  return {jobs, std::max(1, threads / jobs)};
}

namespace {

// Replicate k's burn-in, run once per process (the checkpoint is renamed into
// place whole, so processes that race write the same file harmlessly).
bool ensure_burn_in(const Plan& plan, int replicate, const std::atomic<int>* stop) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  const fs::path ckpt = plan.checkpoint_file(replicate);
  // Both or neither: a kill between the checkpoint's rename and the burn-in
  // file's leaves a checkpoint alone, and the burn-in is then made again.
  if (fs::exists(ckpt) && fs::exists(plan.burn_in_file(replicate))) return true;
  fs::create_directories(ckpt.parent_path());
  const fs::path partial = temp_name(plan.burn_in_file(replicate));
  engine::RunRequest rq;
  rq.scenario = plan.burn_in_scenario(replicate);
  rq.output = partial;
  rq.force = true;
  rq.stop = stop;
  rq.checkpoint_at = *plan.spec().fork_at;
  rq.checkpoint = ckpt;
  auto out = engine::run_scenario(rq);
  if (!out.complete) return false;
  fs::rename(partial, plan.burn_in_file(replicate));
  return true;
}

}  // namespace

bool run_one(const Plan& plan, std::int64_t index, const std::atomic<int>* stop,
             double* agent_ticks) {
  const Run r = plan.run(index);
  const fs::path partial = plan.partial_file(r), final_path = plan.run_file(r);
  std::error_code ec;
  fs::remove(plan.error_file(r), ec);
  try {
    engine::RunRequest rq;
    rq.scenario = plan.scenario(r);
    rq.output = partial;
    rq.force = true;  // a partial file is what a killed run left behind
    rq.attributes = plan.attributes(r);
    rq.final_attributes = [&](const engine::Engine& e) {
      return summary_attributes(plan, e.history());
    };
    rq.stop = stop;
    if (plan.spec().fork_at) {
      if (!ensure_burn_in(plan, r.replicate, stop)) return false;
      rq.from = plan.checkpoint_file(r.replicate);
    }
    auto out = engine::run_scenario(rq);
    if (agent_ticks) *agent_ticks += out.agent_ticks;
    if (!out.complete) return false;
    fs::rename(partial, final_path);
    return true;
  } catch (const std::exception& e) {
    fs::remove(partial, ec);
    std::ofstream err(plan.error_file(r));
    err << e.what() << "\n";
    std::fprintf(stderr, "wfsim sweep: run %s failed: %s\n", r.id.c_str(), e.what());
    throw;
  }
}

ExecStats execute(const Plan& plan, const NextRun& next, std::int64_t expected,
                  const ExecOptions& o, const OnRunDone& on_done) {
  auto t0 = std::chrono::steady_clock::now();
  auto [jobs, per_run] = split_threads(o.threads, o.jobs, expected < 0 ? 1 << 20 : expected);
  ExecStats st;
  std::mutex mu;
  RunBar bar(expected, o.progress);
  auto worker = [&] {
    tbb::task_arena arena(per_run);
    for (;;) {
      if (o.stop && o.stop->load() != 0) return;
      std::int64_t i = next();
      if (i < 0) return;
      bool ok = false, failed = false;
      double at = 0;
      arena.execute([&] {
        try {
          ok = run_one(plan, i, o.stop, &at);
        } catch (const std::exception&) {
          failed = true;
        }
      });
      if (on_done && (ok || failed)) on_done(i, ok);
      std::lock_guard lock(mu);
      st.agent_ticks += at;
      if (ok)
        ++st.done;
      else if (failed)
        ++st.failed;
      else
        ++st.interrupted;
      bar.update(st.done + st.failed, st.failed);
    }
  };
  std::vector<std::thread> pool;
  for (int k = 1; k < jobs; ++k) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  bar.finish();
  st.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace wfsim::sweep
