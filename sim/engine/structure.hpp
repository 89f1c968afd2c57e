// Structural changes to the firm: the only functions that add or remove
// people and positions or re-parent. They run serially (phase 1 policies,
// phases 6 to 8), each writes its /events row and counters, and marks the
// graphs for a rebuild where the shape changed.
#pragma once

#include "sim/core/rng.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/spec.hpp"

namespace wfsim::engine {

void add_event(State& s, output::EventKind kind, PersonId agent, PositionId position,
               std::int16_t source, double detail);

// A person leaves their position (which becomes vacant) with an exit status.
void vacate(State& s, PersonId person, Status exit_status, std::int16_t source);

// Severance owed to a person laid off now, USD (MODEL.md phase 4).
double severance(const scenario::Scenario& sc, const State& s, PersonId person);

// Lays off the occupant of `position` and eliminates the position; with
// notice_weeks > 0 the person works on under notice and leaves then.
void lay_off(State& s, const scenario::Scenario& sc, PositionId position, int notice_weeks,
             std::int16_t source);

// Completes layoffs whose notice ends this tick (start of phase 1).
void complete_notices(State& s, const scenario::Scenario& sc);

// Sends a displaced person (whose seat the caller eliminates) to retraining
// for r.duration_weeks, paid and not working; books r.cost_per_person.
void start_reskilling(State& s, PersonId person, const FunctionState::Reskill& r,
                      std::int16_t source);
// Ends retraining due this tick (start of phase 1): with the success rate the
// person fills a vacancy (or a new IC seat) of the target function with
// competence drawn anew from it, keeping their salary; else is laid off.
void complete_reskilling(State& s, const scenario::Scenario& sc);

// Removes a vacant position; its reports move to its parent.
void eliminate_position(State& s, PositionId position, std::int16_t source);

// Moves an on-payroll person from their position (left vacant, with no exit
// flagged: nobody left the firm) into the vacant position `to`.
void move_person(State& s, PersonId person, PositionId to);

// Opens a vacant position under `parent` tied into its new team.
PositionId open_position(State& s, const scenario::Scenario& sc, std::int16_t function,
                         std::int8_t level, PositionId parent, std::int16_t source);

// Moves a position (and its subtree) under a new parent; it gains team ties there.
void reparent(State& s, PositionId position, PositionId new_parent, std::int16_t source);

// Fills a vacant position with a new hire whose draws are keyed by the position id.
PersonId hire(State& s, const scenario::Scenario& sc, const Rng& rng, PositionId position,
              std::int16_t source);

// Draws a new person's attributes for `position` (used by generation and hiring).
void draw_person(State& s, const scenario::Scenario& sc, const Rng& rng, std::int64_t tick,
                 PersonId person, PositionId position, bool at_generation);

// The live direct reports of `parent` now, ascending id, including changes
// made since the child index was last rebuilt.
std::vector<PositionId> current_children(const State& s, PositionId parent);

// Rebuilds the reporting index, the collaboration graph and the active list
// after structural changes (no-op when nothing changed).
void refresh(State& s);

// The scenario function whose distributions a position uses (the CEO uses function 0).
inline int distribution_function(const State& s, PositionId p) {
  return s.pos.function[p] < 0 ? 0 : s.pos.function[p];
}

}  // namespace wfsim::engine
