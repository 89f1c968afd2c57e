#include "sim/app/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "sim/core/bar.hpp"

namespace wfsim::app {

Progress::Progress(std::int64_t total_ticks, bool enabled)
    : total_(total_ticks),
      enabled_(enabled),
      tty_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void Progress::update(std::int64_t done, double agent_ticks) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  double since = std::chrono::duration<double>(now - last_print_).count();
  double frac = total_ > 0 ? static_cast<double>(done) / total_ : 1.0;
  double rate = elapsed > 0 ? agent_ticks / elapsed : 0.0;
  double eta = done > 0 ? elapsed * (total_ - done) / done : 0.0;
  if (tty_) {
    if (since < 0.1 && done < total_) return;
    const std::string bar = progress_bar(frac);
    std::fprintf(stderr, "\r[%s] %3.0f%%  tick %lld/%lld  %.2e agent-ticks/s  ETA %4.0fs ",
                 bar.c_str(), 100 * frac, static_cast<long long>(done),
                 static_cast<long long>(total_), rate, eta);
    std::fflush(stderr);
  } else {
    int decile = static_cast<int>(frac * 10);
    if (decile == last_decile_ && since < 30.0) return;
    last_decile_ = decile;
    std::fprintf(stderr, "wfsim: tick %lld/%lld (%.0f%%), %.2e agent-ticks/s, ETA %.0fs\n",
                 static_cast<long long>(done), static_cast<long long>(total_), 100 * frac, rate,
                 eta);
  }
  last_print_ = now;
}

void Progress::finish() {
  if (enabled_ && tty_) std::fprintf(stderr, "\n");
}

}  // namespace wfsim::app
