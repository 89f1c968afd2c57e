// The engine's parallel loop, and reductions whose result does not depend
// on scheduling (the HDF5 writer's chunk compression uses TBB directly): work is cut into fixed
// blocks (independent of the thread count), each block reduces its own range, and the blocks are
// then combined serially in block order.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace wfsim {

// Fixed block size of every deterministic reduction: changing it changes the
// order of floating-point sums, so the output's last bits (and the golden hash).
inline constexpr std::size_t kBlock = 4096;

#if defined(__SANITIZE_THREAD__)
// ThreadSanitizer cannot see the synchronisation inside Debian's oneTBB (not
// built with TSan), so it would report every parallel loop. A TSan build runs
// the same fixed blocks on plain threads instead (as many as TBB may use),
// whose start and join TSan does see: it then checks our loop bodies for
// real races, with real parallelism.
template <class Fn>
void parallel_for_blocks(std::size_t n, Fn&& fn, std::size_t block = kBlock) {
  if (n == 0) return;
  const std::size_t blocks = (n + block - 1) / block;
  const std::size_t width = std::min<std::size_t>(
      blocks, tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t b = next++; b < blocks; b = next++)
      fn(b * block, std::min(n, (b + 1) * block));
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < width; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
}
#else
// fn(begin, end) over [0, n) in blocks of `block`; blocks run in parallel.
template <class Fn>
void parallel_for_blocks(std::size_t n, Fn&& fn, std::size_t block = kBlock) {
  if (n == 0) return;
  std::size_t blocks = (n + block - 1) / block;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks, 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t b = r.begin(); b != r.end(); ++b) {
          fn(b * block, std::min(n, (b + 1) * block));
        }
      },
      tbb::simple_partitioner());
}
#endif

// Deterministic reduction: partial(begin, end) -> Acc per fixed block, then
// combine(acc, partial) in block order starting from `init`.
template <class Acc, class Partial, class Combine>
Acc deterministic_reduce(std::size_t n, Acc init, Partial&& partial, Combine&& combine,
                         std::size_t block = kBlock) {
  std::size_t blocks = (n + block - 1) / block;
  std::vector<Acc> parts(blocks, init);
  parallel_for_blocks(
      n, [&](std::size_t b, std::size_t e) { parts[b / block] = partial(b, e); }, block);
  Acc acc = init;
  for (const auto& p : parts) combine(acc, p);
  return acc;
}

// Deterministic sums of `width` quantities over items [0, n): add(k, part)
// adds item k's contributions into part[0..width); blocks are summed in
// block order, so the result is the same for any thread count.
template <class Add>
std::vector<double> deterministic_sums(std::size_t n, std::size_t width, Add&& add,
                                       std::size_t block = kBlock) {
  return deterministic_reduce(
      n, std::vector<double>(width, 0.0),
      [&](std::size_t b, std::size_t e) {
        std::vector<double> part(width, 0.0);
        for (std::size_t k = b; k < e; ++k) add(k, part);
        return part;
      },
      [](std::vector<double>& acc, const std::vector<double>& part) {
        for (std::size_t j = 0; j < acc.size(); ++j) acc[j] += part[j];
      },
      block);
}

}  // namespace wfsim
