#include "sim/engine/structure.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "sim/engine/draw.hpp"
#include "sim/engine/machines.hpp"

namespace wfsim::engine {

using output::EventKind;

void add_event(State& s, EventKind kind, PersonId agent, PositionId position, std::int16_t source,
               double detail) {
  s.events.push_back(
      output::Event{static_cast<std::int32_t>(s.tick), kind, agent, position, source, detail});
}

void vacate(State& s, PersonId person, Status exit_status, std::int16_t source) {
  PositionId p = s.people.position[person];
  s.people.status[person] = exit_status;
  s.people.exit_tick[person] = static_cast<std::int32_t>(s.tick);
  s.people.exit_source[person] = source;
  if (p >= 0 && s.pos.occupant[p] == person) {
    s.pos.occupant[p] = kNone;
    s.pos.vacant_since[p] = static_cast<std::int32_t>(s.tick);
    s.pos.external[p] = 0;
    if (exit_status == Status::laid_off) {
      s.pos.flags[p] |= kLaidOffNow;
    } else if (exit_status != Status::reskilling) {
      s.pos.flags[p] |= kExitedNow;
    }
  }
  s.people_changed = true;
}

double severance(const scenario::Scenario& sc, const State& s, PersonId person) {
  const auto& m = sc.model.money;
  double years = s.people.tenure[person] / 52.0;
  double weeks = std::max(m.severance_min_weeks, m.severance_weeks_per_year * years);
  return s.people.salary[person] / 52.0 * weeks;
}

namespace {

void complete_layoff(State& s, const scenario::Scenario& sc, PersonId person, std::int16_t source) {
  PositionId p = s.people.position[person];
  double pay = severance(sc, s, person);
  s.saved_payroll += s.people.salary[person] * (1.0 + sc.model.money.benefits);
  s.now.severance += pay;
  s.now.layoffs += 1;
  int f = s.pos.function[p];
  if (f >= 0) s.now.layoffs_by_function[f] += 1;
  vacate(s, person, Status::laid_off, source);
  add_event(s, EventKind::layoff, person, p, source, pay);
  eliminate_position(s, p, source);
}

}  // namespace

void lay_off(State& s, const scenario::Scenario& sc, PositionId position, int notice_weeks,
             std::int16_t source) {
  PersonId person = s.pos.occupant[position];
  if (person == kNone) {
    eliminate_position(s, position, source);
    return;
  }
  // A reskilling programme for the function takes its share of the displaced.
  int f = s.pos.function[position];
  if (f >= 0 && s.fn[f].reskill.to_function >= 0) {
    const auto& r = s.fn[f].reskill;
    Rng rng(s.seed, Stream::policy);
    if (rng.uniform(s.tick, person, Purpose::reskill_pick) < r.share) {
      start_reskilling(s, person, r, source);
      eliminate_position(s, position, source);
      return;
    }
  }
  if (notice_weeks > 0) {
    s.people.status[person] = Status::notice;
    s.people.exit_tick[person] = static_cast<std::int32_t>(s.tick + notice_weeks);
    s.people.exit_source[person] = source;
    add_event(s, EventKind::notice, person, position, source, double(s.tick + notice_weeks));
    return;
  }
  complete_layoff(s, sc, person, source);
}

void complete_notices(State& s, const scenario::Scenario& sc) {
  for (PersonId person : s.active) {
    if (s.people.status[person] == Status::notice && s.people.exit_tick[person] <= s.tick) {
      complete_layoff(s, sc, person, s.people.exit_source[person]);
    }
  }
}

void eliminate_position(State& s, PositionId position, std::int16_t source) {
  s.pos.alive[position] = 0;
  s.pos.external[position] = 0;
  PositionId up = s.pos.parent[position];
  // Reports move to the skip level (policies that re-parent elsewhere do so first).
  for (PositionId c : current_children(s, position)) reparent(s, c, up, source);
  // AI agents and robots of the team follow its reports.
  move_machines(s, position, up);
  s.now.positions_closed += 1;
  add_event(s, EventKind::position_close, kNone, position, source, s.pos.level[position]);
  s.structure_changed = true;
  s.snapshot_graph = true;
}

void start_reskilling(State& s, PersonId person, const FunctionState::Reskill& r,
                      std::int16_t source) {
  PositionId p = s.people.position[person];
  vacate(s, person, Status::reskilling, source);
  s.people.exit_tick[person] = static_cast<std::int32_t>(s.tick + r.duration_weeks);
  s.people.reskill_to[person] = static_cast<std::int16_t>(r.to_function);
  s.reskill_success[person] = r.success_rate;
  s.now.reskilling_started += 1;
  s.now.other_cost += r.cost_per_person;
  add_event(s, EventKind::reskill, person, p, source, r.to_function);
}

namespace {

// Seats for the trainees placed in one function this tick: its vacant IC
// positions in ascending id, then new IC seats under its narrowest first-line
// team (spans kept as seats open). Built once per function and tick, so
// placing n trainees costs one scan of the positions, not n.
class Seats {
 public:
  Seats(const State& s, int f) {
    for (std::size_t p = 0; p < s.pos.size(); ++p) {
      if (s.pos.alive[p] && s.pos.function[p] == f && s.pos.level[p] == 0 &&
          s.pos.occupant[p] == kNone) {
        vacant_.push_back(static_cast<PositionId>(p));
      }
    }
    for (PositionId m : first_line_teams(s, f)) {
      teams_.insert({static_cast<int>(current_children(s, m).size()), m});
    }
  }
  PositionId take(State& s, const scenario::Scenario& sc, int f, std::int16_t source) {
    if (next_ < vacant_.size()) return vacant_[next_++];
    if (teams_.empty()) return kNone;
    auto [span, team] = *teams_.begin();
    teams_.erase(teams_.begin());
    teams_.insert({span + 1, team});
    return open_position(s, sc, static_cast<std::int16_t>(f), 0, team, source);
  }

 private:
  std::vector<PositionId> vacant_;
  std::size_t next_ = 0;
  std::set<std::pair<int, PositionId>> teams_;  // (span, id): narrowest, then lowest id
};

}  // namespace

void complete_reskilling(State& s, const scenario::Scenario& sc) {
  Rng rng(s.seed, Stream::policy);
  std::map<int, Seats> seats;  // by target function, built when first needed
  for (PersonId person : s.active) {
    if (s.people.status[person] != Status::reskilling || s.people.exit_tick[person] > s.tick) {
      continue;
    }
    std::int16_t source = s.people.exit_source[person];
    int f = s.people.reskill_to[person];
    double success = 0;
    if (auto it = s.reskill_success.find(person); it != s.reskill_success.end()) {
      success = it->second;
      s.reskill_success.erase(it);
    }
    s.people.reskill_to[person] = -1;
    PositionId seat = kNone;
    if (rng.uniform(s.tick, person, Purpose::reskill_success) < success) {
      auto it = seats.find(f);
      if (it == seats.end()) it = seats.emplace(f, Seats(s, f)).first;
      seat = it->second.take(s, sc, f, source);
    }
    if (seat == kNone) {
      // Failed (or nowhere to go): leaves as laid off, with severance, from the
      // function they were displaced from (their old seat is gone).
      const PositionId old_seat = s.people.position[person];
      double pay = severance(sc, s, person);
      s.now.severance += pay;
      s.now.layoffs += 1;
      const int from = old_seat >= 0 ? s.pos.function[old_seat] : -1;
      if (from >= 0) s.now.layoffs_by_function[from] += 1;
      s.saved_payroll += s.people.salary[person] * (1.0 + sc.model.money.benefits);
      s.people.status[person] = Status::laid_off;
      s.people.exit_tick[person] = static_cast<std::int32_t>(s.tick);
      add_event(s, EventKind::layoff, person, old_seat, source, pay);
      s.people_changed = true;
      continue;
    }
    s.people.position[person] = seat;
    s.people.status[person] = Status::active;
    s.people.exit_tick[person] = -1;
    s.people.exit_source[person] = -1;
    s.people.competence[person] = draw(sc.firm.functions[static_cast<std::size_t>(f)].competence,
                                       rng, s.tick, person, Purpose::reskill_competence);
    s.pos.occupant[seat] = person;
    s.pos.vacant_since[seat] = -1;
    s.pos.external[seat] = 0;
    s.now.reskilled += 1;
    add_event(s, EventKind::reskill, person, seat, source, f);
    s.people_changed = true;
  }
}

namespace {

// Team ties for a position joining `parent`'s team, plus its cross-team ties.
void tie_into_team(State& s, const scenario::Scenario& sc, PositionId position, PositionId parent,
                   bool with_cross_ties) {
  Rng rng(s.seed, Stream::position);
  std::vector<std::uint32_t> team;
  team.push_back(static_cast<std::uint32_t>(parent));
  for (PositionId c : current_children(s, parent)) {
    if (c != position) team.push_back(static_cast<std::uint32_t>(c));
  }
  const auto& collab = sc.firm.collaboration;
  std::size_t k =
      collab.team_ties ? std::min<std::size_t>(*collab.team_ties, team.size()) : team.size();
  for (std::size_t i = 0; i < k; ++i) {
    // Partial Fisher-Yates with counter-based draws.
    std::size_t j = i + rng.below(team.size() - i, s.tick, position, Purpose::team_tie,
                                  static_cast<std::uint32_t>(i));
    std::swap(team[i], team[j]);
    s.pending_ties.emplace_back(static_cast<std::uint32_t>(position), team[i]);
  }
  if (!with_cross_ties) return;
  // Partners outside the new position's team, as at generation.
  for (int t = 0; t < collab.cross_team_ties; ++t) {
    for (std::uint32_t attempt = 0; attempt < 16; ++attempt) {
      auto other =
          static_cast<PositionId>(rng.below(s.pos.size(), s.tick, position, Purpose::cross_tie,
                                            static_cast<std::uint32_t>(t * 16) + attempt));
      if (!s.pos.alive[other] || other == position || other == parent ||
          s.pos.parent[other] == parent) {
        continue;
      }
      s.pending_ties.emplace_back(static_cast<std::uint32_t>(position),
                                  static_cast<std::uint32_t>(other));
      break;
    }
  }
}

}  // namespace

PositionId open_position(State& s, const scenario::Scenario& sc, std::int16_t function,
                         std::int8_t level, PositionId parent, std::int16_t source) {
  PositionId p = s.pos.add(function, level, parent, s.pos.site[parent]);
  s.pos.vacant_since[p] = static_cast<std::int32_t>(s.tick);
  s.moved_since_refresh[parent].push_back(p);
  tie_into_team(s, sc, p, parent, true);
  s.now.positions_opened += 1;
  add_event(s, EventKind::position_open, kNone, p, source, level);
  s.structure_changed = true;
  s.snapshot_graph = true;
  return p;
}

void move_person(State& s, PersonId person, PositionId to) {
  PositionId from = s.people.position[person];
  if (from >= 0 && s.pos.occupant[from] == person) {
    s.pos.occupant[from] = kNone;
    s.pos.vacant_since[from] = static_cast<std::int32_t>(s.tick);
    s.pos.external[from] = 0;
  }
  s.people.position[person] = to;
  s.pos.occupant[to] = person;
  s.pos.vacant_since[to] = -1;
  s.pos.external[to] = 0;
  s.people_changed = true;
}

void reparent(State& s, PositionId position, PositionId new_parent, std::int16_t source) {
  // The position joins its new team as a clique member and keeps its old ties.
  for (PositionId c : current_children(s, new_parent)) {
    s.pending_ties.emplace_back(static_cast<std::uint32_t>(position),
                                static_cast<std::uint32_t>(c));
  }
  s.pending_ties.emplace_back(static_cast<std::uint32_t>(position),
                              static_cast<std::uint32_t>(new_parent));
  s.pos.parent[position] = new_parent;
  s.moved_since_refresh[new_parent].push_back(position);
  add_event(s, EventKind::reparent, kNone, position, source, new_parent);
  s.structure_changed = true;
  s.snapshot_graph = true;
}

void draw_person(State& s, const scenario::Scenario& sc, const Rng& rng, std::int64_t tick,
                 PersonId person, PositionId position, bool at_generation) {
  const auto& f = sc.firm.functions[distribution_function(s, position)];
  const auto& site = sc.firm.sites[s.pos.site[position]];
  auto& P = s.people;
  P.position[person] = position;
  P.status[person] = Status::active;
  P.competence[person] = draw(f.competence, rng, tick, position, Purpose::competence);
  P.age[person] = draw(at_generation ? f.age : f.hire_age, rng, tick, position, Purpose::age);
  double premium = 1.0 + sc.firm.hierarchy.salary_premium_per_level * s.pos.level[position];
  P.salary[person] = std::max(0.0, draw(f.salary, rng, tick, position, Purpose::salary)) * premium;
  if (auto it = s.salary_override.find(position); it != s.salary_override.end()) {
    P.salary[person] = it->second;
  }
  P.exposure[person] = draw(f.ai_exposure, rng, tick, position, Purpose::exposure);
  // A hire at a site under an office mandate of d days tolerates at least
  // d - 1 of them (MODEL.md, rto_mandate): r is drawn below 1 - (d - 1.5) / 5.
  scenario::Distribution remote = f.remote_preference;
  if (double d = s.rto_days.empty() ? 0.0 : s.rto_days[s.pos.site[position]];
      !at_generation && d > 0) {
    remote.max = std::min(remote.max.value_or(1.0), 1.0 - (std::ceil(d - 1.0) - 0.5) / 5.0);
    remote.min = std::min(remote.min.value_or(0.0), *remote.max);
  }
  P.remote_preference[person] = f.onsite ? 0.0 : draw(remote, rng, tick, position, Purpose::remote);
  P.commute[person] =
      site.hub ? std::max(0.0, draw(site.commute_minutes, rng, tick, position, Purpose::commute))
               : 0.0;
  P.morale[person] = sc.model.morale.m0;
  P.tenure[person] = 0;
  if (at_generation) {
    // Exponential tenure, mean 1 / annual_quit_rate years, capped at age - 20.
    double u = rng.uniform(tick, position, Purpose::tenure);
    double q = std::max(sc.model.attrition.annual_quit_rate, 1e-6);
    double years = std::min(-std::log(u) / q, std::max(0.0, P.age[person] - 20.0));
    P.tenure[person] = static_cast<std::int32_t>(std::floor(years * 52.0));
  }
  // Generated staff were hired before the run: their clocks advance from tick 0.
  P.hired_tick[person] = at_generation ? -1 : static_cast<std::int32_t>(tick);
  P.exit_tick[person] = -1;
  P.exit_source[person] = -1;
  P.reskill_to[person] = -1;
  s.pos.occupant[position] = person;
  s.pos.vacant_since[position] = -1;
  s.pos.external[position] = 0;
}

PersonId hire(State& s, const scenario::Scenario& sc, const Rng& rng, PositionId position,
              std::int16_t source) {
  PersonId person = s.people.add();
  draw_person(s, sc, rng, s.tick, person, position, false);
  s.now.hires += 1;
  s.now.hiring_cost += sc.model.money.hiring_cost_share * s.people.salary[person];
  int f = s.pos.function[position];
  if (f >= 0) s.now.hires_by_function[f] += 1;
  add_event(s, EventKind::hire, person, position, source, s.people.salary[person]);
  s.people_changed = true;
  return person;
}

std::vector<PositionId> current_children(const State& s, PositionId parent) {
  std::vector<PositionId> out;
  for (auto c : s.graph.children(parent)) {
    if (s.pos.alive[c] && s.pos.parent[c] == parent) out.push_back(static_cast<PositionId>(c));
  }
  if (auto it = s.moved_since_refresh.find(parent); it != s.moved_since_refresh.end()) {
    for (PositionId c : it->second) {
      if (s.pos.alive[c] && s.pos.parent[c] == parent) out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void refresh(State& s) {
  if (s.structure_changed) {
    s.moved_since_refresh.clear();
    s.graph.rebuild_tree(s.pos.parent, s.pos.alive);
    s.graph.add_collaboration_ties(s.pos.size(), s.pending_ties);
    s.pending_ties.clear();
    s.structure_changed = false;
    s.people_changed = true;
  }
  if (s.people_changed) {
    s.active.clear();
    for (std::size_t i = 0; i < s.people.size(); ++i) {
      if (on_payroll(s.people.status[i])) s.active.push_back(static_cast<PersonId>(i));
    }
    s.people_changed = false;
  }
}

PositionId Positions::add(std::int16_t fn, std::int8_t lvl, PositionId par, std::int16_t st) {
  function.push_back(fn);
  level.push_back(lvl);
  parent.push_back(par);
  site.push_back(st);
  occupant.push_back(kNone);
  vacant_since.push_back(-1);
  alive.push_back(1);
  external.push_back(0);
  flags.push_back(0);
  return static_cast<PositionId>(function.size() - 1);
}

PersonId People::add() {
  position.push_back(kNone);
  status.push_back(Status::absent);
  age.push_back(0);
  tenure.push_back(0);
  salary.push_back(0);
  competence.push_back(0);
  morale.push_back(0);
  remote_preference.push_back(0);
  commute.push_back(0);
  exposure.push_back(0);
  hired_tick.push_back(-1);
  exit_tick.push_back(-1);
  exit_source.push_back(-1);
  reskill_to.push_back(-1);
  return static_cast<PersonId>(position.size() - 1);
}

}  // namespace wfsim::engine
