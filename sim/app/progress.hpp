// Progress reporting for long runs: a redrawn bar with rate and ETA when
// stderr is a terminal, plain periodic lines when it is not (logs, Slurm).
#pragma once

#include <chrono>
#include <cstdint>

namespace wfsim::app {

class Progress {
 public:
  Progress(std::int64_t total_ticks, bool enabled);
  void update(std::int64_t ticks_done, double agent_ticks);
  void finish();

 private:
  std::int64_t total_;
  bool enabled_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_print_;
  int last_decile_ = -1;
};

}  // namespace wfsim::app
