// The mutable state of one run, as structures of arrays. Phases are plain
// functions over it (sim/engine/phases/); structural changes go through
// sim/engine/structure.hpp so they happen serially, in id order, with events.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/engine/firm_graph.hpp"
#include "sim/engine/ids.hpp"
#include "sim/engine/machines.hpp"
#include "sim/output/run_writer.hpp"

namespace wfsim::engine {

// Per-position bookkeeping bits for the morale phase's f_lay term.
enum PositionFlag : std::uint8_t {
  kOccupiedAtStart = 1,      // had a working occupant when this tick began
  kOccupiedAtPrevStart = 2,  // ... when the previous tick began
  kLaidOffNow = 4,           // occupant laid off or cut in this tick's phase 1
  kExitedPrev = 8,           // occupant quit, retired or was dismissed last tick
  kExitedNow = 16,           // ... this tick (becomes kExitedPrev next tick)
};

struct Positions {
  std::vector<std::int16_t> function;  // -1: the CEO position
  std::vector<std::int8_t> level;      // 0 = IC
  std::vector<PositionId> parent;      // kNone for the top
  std::vector<std::int16_t> site;
  std::vector<PersonId> occupant;            // kNone if vacant
  std::vector<std::int32_t> vacant_since;    // tick, or -1 while occupied
  std::vector<std::uint8_t> alive;           // 0 once eliminated
  std::vector<std::uint8_t> external;        // manager vacancy sent to external hiring
  std::vector<std::uint8_t> flags;           // PositionFlag bits

  [[nodiscard]] std::size_t size() const { return function.size(); }
  PositionId add(std::int16_t fn, std::int8_t lvl, PositionId par, std::int16_t st);
};

struct People {
  std::vector<PositionId> position;
  std::vector<Status> status;
  std::vector<double> age;                // years
  std::vector<std::int32_t> tenure;       // weeks
  std::vector<double> salary;             // USD per year
  std::vector<double> competence;         // [0, 1]
  std::vector<double> morale;             // [0, 1]
  std::vector<double> remote_preference;  // [0, 1]
  std::vector<double> commute;            // minutes one way
  std::vector<double> exposure;           // share of tasks AI could do
  std::vector<std::int32_t> hired_tick;
  std::vector<std::int32_t> exit_tick;    // tick of a scheduled (notice) or past exit, -1 if none
  std::vector<std::int16_t> exit_source;  // policy that scheduled the exit, -1 for the model
  std::vector<std::int16_t> reskill_to;   // target function while reskilling, else -1

  [[nodiscard]] std::size_t size() const { return position.size(); }
  PersonId add();  // a new row with neutral values; the caller fills it
};

// Per-function quantities of the current tick (and what persists across ticks).
struct FunctionState {
  double demand0 = 0;         // D_f(0), FTE-weeks per week
  double others0 = 0;         // N_other(0): active headcount outside the function at tick 0
  double demand = 0;          // D_f(t)
  double backlog = 0;         // B_f
  double human_capacity = 0;  // H_f
  double ai_work = 0;         // A_f
  double robot_work = 0;
  double oversight = 0;  // V_f
  double output = 0;     // O_f
  double workload = 0;   // w_f
  double expected_output = 0;
  double expected_workload = 0;
  double capability = 0;                   // a_f(t)
  double claimed_capability = 0;           // â_f(t)
  double mean_exposure_at_deployment = 0;  // ē_f
  double mean_competence = 0;              // over active people, for the quit hazard
  double workload_sum_review = 0;          // sum of w_f since the last planning review
  // Set by policies in phase 1 each tick (reset to neutral before them).
  double hiring_multiplier = 1.0;
  bool ai_anxiety = false;
  // IC positions this function is to shrink to (attrition-first automation):
  // while its live IC positions exceed it, an IC exit eliminates the seat.
  std::int64_t ic_target = -1;  // -1: none
  // Where people displaced from this function are retrained (reskilling
  // programme; set by policies in phase 1 each tick, to_function -1: none).
  struct Reskill {
    int to_function = -1;
    double share = 0;         // of the displaced
    int duration_weeks = 26;  // in training, paid, no work
    double success_rate = 0.7;
    double cost_per_person = 10000;  // USD
  } reskill;
  // Tallied from State::machines after phase 1 (sim/engine/machines.hpp).
  bool augment = false;     // an augment-mode AI agent works here
  double ai_agents = 0;     // live AI agents, suspended ones included
  double ai_suspended = 0;  // live AI agents idled this tick (for want of oversight)
  double ai_supply = 0;     // sum of q (1 - error_rate) over working replace-mode agents
  double ai_oversight = 0;  // V_f, FTE: sum of oversight hours / hours_per_fte_week
  double robots = 0;        // robots in service
  double robot_supply = 0;  // sum of robot capacity, FTE
  double opex_weekly = 0;   // AI and robot opex, USD per week
  double capex_weekly = 0;  // depreciation of AI and robot capex, USD per week
  double headcount = 0;     // people of the function at work this tick (reskilling excluded)
  double ic_positions = 0;
  double occupied_ic_positions = 0;
  std::int64_t planning_hold_until = -1;  // no planning while tick < this
};

// Counters of one tick, reset at its start; they become metrics.
struct TickCounts {
  std::int64_t quits = 0, regretted_quits = 0, layoffs = 0, retirements = 0, dismissals = 0,
               hires = 0, promotions = 0, positions_opened = 0, positions_closed = 0,
               quiet_attrition = 0, reskilling_started = 0, reskilled = 0, relocations = 0,
               demotions = 0;
  // USD, paid next tick; other_cost is reskilling and fines.
  double severance = 0, hiring_cost = 0, other_cost = 0;
  double severance_avoided = 0;          // USD not paid because relocation decliners quit
  double ai_capex = 0, robot_capex = 0;  // USD spent this tick (depreciated in costs)
  double fines = 0;                      // USD booked this tick (in other_cost)
  double oversight_gap = 0;              // FTE of AI oversight owed but not staffed
  std::vector<std::int64_t> quits_by_function, hires_by_function, layoffs_by_function;

  // Zeroes every counter, keeping the per-function sizes (so a counter added
  // above is reset with the rest).
  void clear() {
    TickCounts fresh;
    for (auto* v : {&quits_by_function, &hires_by_function, &layoffs_by_function}) {
      std::fill(v->begin(), v->end(), 0);
    }
    fresh.quits_by_function = std::move(quits_by_function);
    fresh.hires_by_function = std::move(hires_by_function);
    fresh.layoffs_by_function = std::move(layoffs_by_function);
    *this = std::move(fresh);
  }
};

struct State {
  std::int64_t tick = 0;
  double price = 0;  // USD per value-weighted FTE-week
  Positions pos;
  People people;
  FirmGraph graph;
  std::vector<FunctionState> fn;
  TickCounts now;               // this tick's counters
  TickCounts last;              // last tick's (their costs are paid this tick)
  double support_coverage = 1;  // sigma
  double firm_workload = 1;     // headcount-weighted mean w_f: the CEO's workload
  double revenue = 0, costs = 0, payroll_weekly = 0;
  std::vector<PersonId> active;       // on-payroll people, ascending id; rebuilt on change
  std::vector<output::Event> events;  // events of this tick, flushed by the record phase
  bool structure_changed = false;     // the graphs need a rebuild
  bool people_changed = false;        // the active list needs a rebuild
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pending_ties;  // added at next rebuild
  // Positions re-parented or opened since the child index was built, by their
  // new parent (looked up, never iterated, so its order cannot reach output).
  std::unordered_map<PositionId, std::vector<PositionId>> moved_since_refresh;
  std::unordered_map<PositionId, double> salary_override;  // hires there get this salary
  Machines machines;                                       // AI agents and robots
  std::vector<double> rto_days;  // mandated office days per site, set in phase 1 each tick
  // Human IC capacity of each first-line team that hosts an AI agent, from the
  // last work phase (looked up by team, never iterated).
  std::unordered_map<PositionId, double> team_capacity;
  std::unordered_map<PersonId, double> reskill_success;  // success rate of each trainee
  // Numbers a policy keeps across ticks (its tick-0 baseline, what it has
  // done so far), by policy index; policies themselves are immutable.
  std::vector<std::vector<double>> policy_memory;
  double saved_payroll = 0;  // USD/year of salary x (1 + benefits) of eliminated occupied seats
  std::uint64_t seed = 0;
  bool snapshot_graph = false;  // record a /graph snapshot this tick
  int top_level = 0;            // level of the top position
};

}  // namespace wfsim::engine
