#include "sim/engine/invariants.hpp"

#include <stdexcept>
#include <string>

namespace wfsim::engine {
namespace {

[[noreturn]] void broken(std::string_view where, const std::string& what) {
  throw std::logic_error("invariant broken after " + std::string(where) + ": " + what);
}

}  // namespace

void check_invariants(const State& s, const scenario::Scenario& sc, std::string_view where) {
  const auto n = static_cast<PositionId>(s.pos.size());
  int tops = 0;
  std::size_t alive = 0;
  for (PositionId p = 0; p < n; ++p) {
    if (!s.pos.alive[p]) {
      if (s.pos.occupant[p] != kNone)
        broken(where, "eliminated position " + std::to_string(p) + " has an occupant");
      continue;
    }
    ++alive;
    PositionId par = s.pos.parent[p];
    if (par == kNone) {
      ++tops;
    } else {
      if (par < 0 || par >= n)
        broken(where, "position " + std::to_string(p) + " has a dangling parent");
      if (!s.pos.alive[par])
        broken(where, "position " + std::to_string(p) + " reports to an eliminated position");
      if (s.pos.level[par] <= s.pos.level[p]) {
        broken(where, "position " + std::to_string(p) + " is not below its parent's level");
      }
    }
    PersonId o = s.pos.occupant[p];
    if (o != kNone) {
      if (o < 0 || static_cast<std::size_t>(o) >= s.people.size())
        broken(where, "dangling occupant");
      if (s.people.position[o] != p)
        broken(where, "occupant of " + std::to_string(p) + " holds another position");
      if (!on_payroll(s.people.status[o]))
        broken(where, "occupant of " + std::to_string(p) + " has left");
    }
    int f = s.pos.function[p];
    if (f < -1 || f >= static_cast<int>(sc.firm.functions.size())) broken(where, "bad function id");
  }
  if (tops != 1) broken(where, std::to_string(tops) + " top positions (want exactly 1)");
  // Levels strictly fall along every edge, so there is no cycle; connectivity:
  if (!s.structure_changed) {
    if (s.graph.top_down().size() != alive) {
      broken(where, "the reporting tree reaches " + std::to_string(s.graph.top_down().size()) +
                        " of " + std::to_string(alive) + " live positions");
    }
    std::size_t child_links = 0;
    for (PositionId p : s.graph.top_down()) child_links += s.graph.children(p).size();
    if (child_links + 1 != alive) broken(where, "spans do not add up to the live positions - 1");
  }
  for (std::size_t k = 0; k < s.machines.size(); ++k) {
    PositionId team = s.machines.team[k];
    if (s.machines.alive[k] && team != kNone && (team < 0 || team >= n || !s.pos.alive[team])) {
      broken(where, "machine " + std::to_string(k) + " is tied to a dead or missing team");
    }
  }
  for (std::size_t i = 0; i < s.people.size(); ++i) {
    if (!on_payroll(s.people.status[i]) || s.people.status[i] == Status::reskilling) continue;
    PositionId p = s.people.position[i];
    if (p < 0 || p >= n || s.pos.occupant[p] != static_cast<PersonId>(i)) {
      broken(where, "person " + std::to_string(i) + " is on the payroll without their position");
    }
    double c = s.people.competence[i], m = s.people.morale[i];
    if (!(c >= 0 && c <= 1) || !(m >= 0 && m <= 1))
      broken(where, "competence or morale outside [0,1]");
  }
}

}  // namespace wfsim::engine
