// Phase 5: morale. Each person reads last tick's morale of their occupied
// collaboration neighbours (through a per-position snapshot) and writes only
// their own next value; the snapshot makes the update order-free.
#include <algorithm>
#include <cmath>

#include "sim/core/parallel.hpp"
#include "sim/engine/phases/phases.hpp"

namespace wfsim::engine {

double rto_burden(double days, double remote_preference, double commute_minutes) {
  if (days <= 0) return 0.0;
  double tolerated = std::floor(5.0 * (1.0 - remote_preference) + 0.5);
  return std::max(0.0, days - tolerated) / 5.0 * (1.0 + commute_minutes / 60.0);
}

void update_morale(State& s, const scenario::Scenario& sc, Scratch& x) {
  const auto& mp = sc.model.morale;
  x.seats.resize(s.pos.size());
  parallel_for_blocks(s.pos.size(), [&](std::size_t b, std::size_t e) {
    for (std::size_t p = b; p < e; ++p) {
      PersonId o = s.pos.occupant[p];
      x.seats[p].morale = o == kNone ? 0.0f : static_cast<float>(s.people.morale[o]);
      x.seats[p].flags = s.pos.flags[p] | (o == kNone ? 0u : kSeatOccupied);
    }
  });
  x.next_morale.resize(s.people.size());
  // Draws are keyed by the seat (position), not the person, so a policy variant
  // that hires in another order still shares draws seat by seat.
  Rng rng(s.seed, Stream::position);
  // Cross-team ties make neighbour loads random: prefetch the seats of the
  // person kAhead places on, so their cache misses overlap with this work.
  constexpr std::size_t kAhead = 8;
  parallel_for_blocks(s.active.size(), [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      if (k + kAhead < e) {
        for (auto q : s.graph.neighbors(s.people.position[s.active[k + kAhead]])) {
          __builtin_prefetch(&x.seats[q]);
        }
      }
      PersonId i = s.active[k];
      double m = s.people.morale[i];
      if (s.people.status[i] == Status::reskilling) {
        x.next_morale[i] = m;  // in training, away from any team: morale holds
        continue;
      }
      PositionId p = s.people.position[i];
      double sum = 0;
      int occupied = 0, at_start = 0, laid_off = 0, exited = 0, at_prev = 0;
      for (auto q : s.graph.neighbors(p)) {
        const SeatView v = x.seats[q];
        bool here = (v.flags & kSeatOccupied) != 0;
        sum += here ? static_cast<double>(v.morale) : 0.0;
        occupied += here;
        at_start += (v.flags & kOccupiedAtStart) != 0;
        laid_off += (v.flags & kLaidOffNow) != 0;
        exited += (v.flags & kExitedPrev) != 0;
        at_prev += (v.flags & kOccupiedAtPrevStart) != 0;
      }
      double neighbour = occupied > 0 ? sum / occupied : m;
      double f_lay = (at_start > 0 ? double(laid_off) / at_start : 0.0) +
                     mp.quit_spillover * (at_prev > 0 ? double(exited) / at_prev : 0.0);
      int fi = s.pos.function[p];
      double w = seat_workload(s, p);
      double anxiety = fi >= 0 && s.fn[fi].ai_anxiety ? 1.0 : 0.0;
      double burden = person_burden(s, i, p);
      double next = m + mp.rho * (mp.m0 - m) + mp.gamma * (neighbour - m) - mp.d_lay * f_lay -
                    mp.d_over * std::max(0.0, w - 1.0) - mp.d_rto * burden -
                    mp.d_ai * s.people.exposure[i] * anxiety +
                    mp.noise_sd * rng.normal(s.tick, p, Purpose::morale_noise);
      x.next_morale[i] = std::clamp(next, 0.0, 1.0);
    }
  });
  parallel_for_blocks(s.active.size(), [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) s.people.morale[s.active[k]] = x.next_morale[s.active[k]];
  });
}

}  // namespace wfsim::engine
