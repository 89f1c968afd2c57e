// AI agents and robots: nodes of the firm that work but are not people
// (MODEL.md, Entities). Each is tied to one team (the first-line manager
// position it works under; a robot to a team of its site), and never counts in
// spans, neighbour means or f_lay. Policies add and retire them through
// add_machine(); the work and money phases read the per-function tallies that
// tally_machines() writes into FunctionState after phase 1.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/engine/ids.hpp"

namespace wfsim::engine {

struct State;

enum class MachineKind : std::uint8_t { ai_replace = 0, ai_augment = 1, robot = 2 };

struct Machines {
  std::vector<MachineKind> kind;
  std::vector<std::int16_t> function;
  std::vector<PositionId> team;          // first-line manager position it works under
  std::vector<double> capacity_fte;      // q: FTE-weeks of work per week
  std::vector<double> error_rate;        // share of its work that must be redone
  std::vector<double> oversight_hours;   // human hours owed per week
  std::vector<double> opex_weekly;       // USD per week
  std::vector<double> capex;             // USD, paid when added
  std::vector<std::int32_t> added_tick;  // tick it went into service
  std::vector<std::int16_t> source;      // policy that added it
  std::vector<std::uint8_t> alive;       // 0 once retired
  std::vector<std::uint8_t> suspended;   // idled this tick (no work, no oversight, opex paid)
  // The machines of each team, ascending id (looked up, never iterated, so
  // its order cannot reach the output).
  std::unordered_map<PositionId, std::vector<MachineId>> by_team;

  [[nodiscard]] std::size_t size() const { return kind.size(); }
};

struct MachineSpec {
  MachineKind kind = MachineKind::ai_replace;
  std::int16_t function = 0;
  double capacity_fte = 1;
  double error_rate = 0;
  double oversight_hours = 0;
  double opex_weekly = 0;
  double capex = 0;
};

// Adds one machine in `team`; its capex is booked as spent this tick (ai_capex
// or robot_capex) and depreciated over depreciation_years in the costs.
MachineId add_machine(State& s, const MachineSpec& spec, PositionId team, std::int16_t source);

// Moves every machine tied to team `from` to team `to` (a team being
// eliminated hands its machines on; kNone unties them). O(machines moved).
void move_machines(State& s, PositionId from, PositionId to);

// Per-function tallies (agents, supply, oversight, opex, depreciation) from the
// live machines; run after phase 1 and at calibration.
void tally_machines(State& s, double hours_per_fte_week, double depreciation_years);

// Live first-line manager positions of function f (level 1), ascending id; if
// the function has none, its lowest manager level; empty if only ICs.
std::vector<PositionId> first_line_teams(const State& s, int f);

}  // namespace wfsim::engine
