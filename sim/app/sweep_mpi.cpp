#include "sim/app/sweep_mpi.hpp"

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#ifdef WFSIM_MPI
#include <mpi.h>
#endif

namespace wfsim::app::mpi {

int launched_size() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"}) {
    if (const char* s = std::getenv(v)) return std::max(1, std::atoi(s));
  }
  return 1;
}

#ifndef WFSIM_MPI

bool available() {
  return false;
}
World init() {
  return {};
}
void finalize() {}
sweep::ExecStats run_distributed(const World&, const sweep::Plan&, const std::vector<std::int64_t>&,
                                 bool, const sweep::ExecOptions&) {
  return {};
}
std::int64_t sum_at_root(const World&, std::int64_t v) {
  return v;
}

#else

namespace {

constexpr int kTagAsk = 1;    // worker -> rank 0: {runs finished, of them failed}
constexpr int kTagReply = 2;  // rank 0 -> worker: run index, -1 for none left
// worker -> rank 0: {runs finished, failed}, "I stop asking" (interrupted
// before rank 0 said none are left): no reply, the rank is done.
constexpr int kTagBye = 3;
bool g_initialized = false;

sweep::ExecStats dispatch(const World& world, const sweep::Plan& plan,
                          const std::vector<std::int64_t>& todo, bool refuse,
                          const sweep::ExecOptions& o) {
  std::mutex mu;
  std::size_t next = refuse ? todo.size() : 0;
  std::int64_t finished = 0, failed = 0;
  sweep::RunBar bar(static_cast<std::int64_t>(todo.size()), o.progress);
  auto take = [&]() -> std::int64_t {
    std::lock_guard lock(mu);
    if (next >= todo.size() || (o.stop && o.stop->load() != 0)) return -1;
    return todo[next++];
  };
  sweep::ExecOptions local = o;
  local.progress = false;  // the bar below counts every rank's runs
  sweep::ExecStats st;
  std::thread runner([&] {
    st = sweep::execute(plan, take, static_cast<std::int64_t>(todo.size()) / world.size + 1, local,
                        [&](std::int64_t, bool ok) {
                          std::lock_guard lock(mu);
                          ++finished;
                          failed += ok ? 0 : 1;
                          bar.update(finished, failed);
                        });
  });
  int active = world.size - 1;  // ranks not yet told that no runs are left
  while (active > 0) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    std::int64_t msg[2];
    MPI_Recv(msg, 2, MPI_INT64_T, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (status.MPI_TAG == kTagBye) {
      std::lock_guard lock(mu);
      finished += msg[0];
      failed += msg[1];
      --active;
      continue;
    }
    {
      std::lock_guard lock(mu);
      finished += msg[0];
      failed += msg[1];
      if (msg[0] > 0) bar.update(finished, failed);
    }
    std::int64_t index = take();
    MPI_Send(&index, 1, MPI_INT64_T, status.MPI_SOURCE, kTagReply, MPI_COMM_WORLD);
    if (index < 0) --active;
  }
  runner.join();
  bar.finish();
  return st;
}

// A rank other than 0: its worker threads' requests are funnelled through
// the main thread, which alone talks to rank 0.
sweep::ExecStats work(const World&, const sweep::Plan& plan, const sweep::ExecOptions& o) {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::promise<std::int64_t>*> asks;
  bool exhausted = false, workers_done = false;
  std::int64_t finished = 0, failed = 0;  // since the last request
  auto next = [&]() -> std::int64_t {
    std::promise<std::int64_t> p;
    auto f = p.get_future();
    {
      std::lock_guard lock(mu);
      if (exhausted) return -1;
      asks.push_back(&p);
    }
    cv.notify_all();
    return f.get();
  };
  sweep::ExecOptions local = o;
  local.progress = false;
  sweep::ExecStats st;
  std::thread runner([&] {
    st = sweep::execute(plan, next, -1, local, [&](std::int64_t, bool ok) {
      std::lock_guard lock(mu);
      ++finished;
      failed += ok ? 0 : 1;
    });
    {
      std::lock_guard lock(mu);
      workers_done = true;
    }
    cv.notify_all();
  });
  std::unique_lock lock(mu);
  for (;;) {
    cv.wait(lock, [&] { return !asks.empty() || workers_done; });
    if (asks.empty()) break;
    auto* p = asks.front();
    asks.pop_front();
    std::int64_t msg[2] = {finished, failed};
    finished = failed = 0;
    lock.unlock();
    std::int64_t index = -1;
    MPI_Send(msg, 2, MPI_INT64_T, 0, kTagAsk, MPI_COMM_WORLD);
    MPI_Recv(&index, 1, MPI_INT64_T, 0, kTagReply, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    lock.lock();
    if (index < 0) {
      exhausted = true;
      for (auto* q : asks) q->set_value(-1);
      asks.clear();
    }
    p->set_value(index);
  }
  // Stopped (Ctrl-C, scancel) before rank 0 said none are left: say good-bye,
  // or rank 0 would wait for this rank's next request for ever.
  if (!exhausted) {
    std::int64_t msg[2] = {finished, failed};
    lock.unlock();
    MPI_Send(msg, 2, MPI_INT64_T, 0, kTagBye, MPI_COMM_WORLD);
  } else {
    lock.unlock();
  }
  runner.join();
  // Runs that finished after the last request are not on rank 0's bar; the
  // index counts them from their files.
  return st;
}

}  // namespace

bool available() {
  return true;
}

World init() {
  World w;
  if (launched_size() <= 1) return w;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  g_initialized = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &w.size);
  return w;
}

void finalize() {
  if (g_initialized) MPI_Finalize();
  g_initialized = false;
}

sweep::ExecStats run_distributed(const World& world, const sweep::Plan& plan,
                                 const std::vector<std::int64_t>& todo, bool refuse,
                                 const sweep::ExecOptions& options) {
  return world.rank == 0 ? dispatch(world, plan, todo, refuse, options)
                         : work(world, plan, options);
}

std::int64_t sum_at_root(const World& world, std::int64_t v) {
  if (world.size <= 1) return v;
  std::int64_t total = 0;
  MPI_Reduce(&v, &total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  return total;
}

#endif

}  // namespace wfsim::app::mpi
