// MODEL.md's phases, one function each, in the order Engine::step calls
// them. The parallel loops (in 3, 4, 5, the draws of 6, and 9) read the
// previous phase's state and write only their own rows; structural changes
// (1, 6 to 8) are serial, in id order.
#pragma once

#include <vector>

#include "sim/core/rng.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/spec.hpp"

namespace wfsim::engine {

// What a person's neighbours read of a seat in the morale phase, packed in
// 8 bytes so that each neighbour costs one load (the phase is bound by them).
struct SeatView {
  float morale;         // occupant's morale at the start of the phase
  std::uint32_t flags;  // PositionFlag bits, plus kSeatOccupied
};
inline constexpr std::uint32_t kSeatOccupied = 1u << 8;

// Per-run scratch buffers reused across ticks (no allocation in the hot loop).
struct Scratch {
  std::vector<double> coordination;  // per position: eta products, depth and own-manager factor
  std::vector<SeatView> seats;       // per position, for the morale phase
  std::vector<double> next_morale;   // per person
  std::vector<std::uint8_t> exit;    // per person: 0 stay, else an exit Status
};

void begin_tick(State& s);                                               // flags and counters
void apply_policies(State& s, const scenario::Scenario& sc);             // 1
// Before calibration: what policies put into the generated firm (robots at tick 0).
void prepare_policies(State& s, const scenario::Scenario& sc);
void update_capability(State& s, const scenario::Scenario& sc);          // 2
void do_work(State& s, const scenario::Scenario& sc, Scratch& x);        // 3
void account_money(State& s, const scenario::Scenario& sc);              // 4
void update_morale(State& s, const scenario::Scenario& sc, Scratch& x);  // 5
void process_exits(State& s, const scenario::Scenario& sc, Scratch& x);  // 6
void fill_by_promotion(State& s, const scenario::Scenario& sc);          // 7
void hire_and_plan(State& s, const scenario::Scenario& sc);              // 8
void advance_clocks(State& s);                                           // 9 (ages, tenures)

// Shared pieces, exposed for calibration and tests.
double logistic(const scenario::Logistic& l, double t);
double eta(double span, const scenario::WorkParams& w);
// Fills x.coordination and returns H_f per function (summed IC capacity).
std::vector<double> human_capacity(const State& s, const scenario::Scenario& sc, Scratch& x);
// The IC capacity of one person given the coordination factors.
double ic_capacity(const State& s, const scenario::Scenario& sc, const Scratch& x, PersonId i);
// Weekly quit hazard h (MODEL.md phase 6); the weekly probability is 1 - exp(-h).
double quit_hazard(const scenario::AttritionParams& a, double m0, double morale, double workload,
                   double burden, double competence, double mean_competence);
// Firm-wide 75th percentile of competence over active people: a quit at or
// above it is a regretted quit.
double top_quartile_threshold(const State& s);
// RTO burden of a person under `days` mandated office days.
double rto_burden(double days, double remote_preference, double commute_minutes);

// The workload a person at position p works under: their function's w_f, or
// for the CEO (no function) the firm's headcount-weighted mean.
inline double seat_workload(const State& s, PositionId p) {
  int f = s.pos.function[p];
  return f >= 0 ? s.fn[f].workload : s.firm_workload;
}
// Office days mandated at position p's site this tick (the CEO is under no
// mandate; onsite functions have r = 0, so a mandate never burdens them).
inline double office_days(const State& s, PositionId p) {
  if (s.pos.function[p] < 0 || s.rto_days.empty()) return 0.0;
  return s.rto_days[static_cast<std::size_t>(s.pos.site[p])];
}
// The RTO burden of person i at position p.
inline double person_burden(const State& s, PersonId i, PositionId p) {
  return rto_burden(office_days(s, p), s.people.remote_preference[i], s.people.commute[i]);
}

}  // namespace wfsim::engine
