// Phase 9 (state part): tenure and age advance for everyone on the payroll
// who was not hired this tick. Also begin_tick, the bookkeeping between one
// tick's record and the next tick's phase 1. Writing metrics and per-agent rows is the
// Recorder's job (sim/engine/recorder.cpp).
#include <algorithm>

#include "sim/core/parallel.hpp"
#include "sim/engine/phases/phases.hpp"

namespace wfsim::engine {

void advance_clocks(State& s) {
  parallel_for_blocks(s.active.size(), [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      PersonId i = s.active[k];
      if (s.people.hired_tick[i] == s.tick) continue;
      s.people.tenure[i] += 1;
      s.people.age[i] += 1.0 / 52.0;
    }
  });
}

void begin_tick(State& s) {
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    std::uint8_t fl = s.pos.flags[p];
    std::uint8_t next = 0;
    if (fl & kExitedNow) next |= kExitedPrev;
    if (fl & kOccupiedAtStart) next |= kOccupiedAtPrevStart;
    PersonId o = s.pos.occupant[p];
    if (s.pos.alive[p] && o != kNone && working(s.people.status[o])) next |= kOccupiedAtStart;
    s.pos.flags[p] = next;
  }
  s.last = s.now;
  s.now.clear();
  for (auto& f : s.fn) {
    f.hiring_multiplier = 1.0;
    f.ai_anxiety = false;
    f.ic_target = -1;
    f.reskill = FunctionState::Reskill{};
  }
  std::fill(s.rto_days.begin(), s.rto_days.end(), 0.0);
  std::fill(s.machines.suspended.begin(), s.machines.suspended.end(), 0);
}

}  // namespace wfsim::engine
