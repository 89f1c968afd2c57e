// Design note. Removal runs serially: the chosen managers in order of level
// (top first), then id. Each one's reports are re-parented before it goes,
// so eliminate_position() finds no children and the tree stays a tree
// (levels fall along every edge: a peer has the removed manager's level, the
// skip level a higher one, a demoted manager's new seat is level 0). Peers
// still to be removed this tick receive no reports, so a whole removed layer
// re-parents to the skip level.
#include "sim/policies/management_delayering.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/machines.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PersonId;
using engine::PositionId;

std::shared_ptr<const Policy> ManagementDelayering::parse(const scenario::Reader& r,
                                                          const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "share", "target_ic_per_manager_increase", "remove_level",
                "levels", "functions", "select", "reassign", "demote_share", "include_vacant"});
  Params p;
  p.at = ctx.tick(r.child("at"));
  int sizings = int(r.has("share")) + int(r.has("target_ic_per_manager_increase")) +
                int(r.has("remove_level"));
  if (sizings != 1) {
    r.fail("give exactly one of `share`, `target_ic_per_manager_increase` or `remove_level`");
  }
  if (auto x = r.find("share")) p.share = x->as_double(scenario::kUnit);
  if (auto x = r.find("target_ic_per_manager_increase")) {
    p.target_ic_per_manager_increase = x->as_double(scenario::kNonNegative);
  }
  const scenario::Range manager_level{1.0, {}};
  if (auto x = r.find("remove_level")) {
    p.remove_level = static_cast<int>(x->as_int(manager_level));
    // A whole layer is removed: nothing is selected.
    for (const char* key : {"levels", "select", "include_vacant"}) {
      if (auto k = r.find(key)) {
        k->fail(std::string("does not go with `remove_level` (the whole layer is removed)"));
      }
    }
  }
  if (auto x = r.find("levels")) {
    for (const auto& l : x->items()) p.levels.push_back(static_cast<int>(l.as_int(manager_level)));
    if (p.levels.empty()) x->fail("must list at least one manager level");
  }
  if (auto x = r.find("functions")) {
    for (const auto& f : x->items()) p.functions.push_back(ctx.function(f));
  }
  if (auto x = r.find("select")) p.select = parse_select(*x);
  if (auto x = r.find("reassign")) {
    p.reassign =
        x->as_choice({"peer", "skip_level"}) == "peer" ? Reassign::peer : Reassign::skip_level;
  }
  p.demote_share = r.get("demote_share", 0.0, scenario::kUnit);
  p.include_vacant = r.get_bool("include_vacant", false);
  if (p.include_vacant && p.target_ic_per_manager_increase) {
    r.child("include_vacant")
        .fail(
            "does not go with `target_ic_per_manager_increase` (removing a vacant position "
            "does not change ics / managers)");
  }
  return std::make_shared<ManagementDelayering>(r.get_string("id", ""), ctx.index, std::move(p));
}

std::size_t ManagementDelayering::managers_to_remove(double ics, double managers, double increase,
                                                     double demote_share, std::size_t available) {
  if (managers <= 0 || ics <= 0 || increase <= 0) return 0;
  const double goal = (1.0 + increase) * ics / managers;
  for (std::size_t k = 1; k <= available; ++k) {
    double kk = static_cast<double>(k);
    double left = managers - kk;
    if (left <= 0) return k;
    if ((ics + std::round(demote_share * kk)) / left >= goal) return k;
  }
  return available;
}

namespace {

bool listed(const std::vector<int>& list, int v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

// The position of `among` with the fewest direct reports now (ties: lower id).
PositionId narrowest(const engine::State& s, const std::vector<PositionId>& among) {
  PositionId best = kNone;
  std::size_t best_span = 0;
  for (PositionId p : among) {
    std::size_t span = engine::current_children(s, p).size();
    if (best == kNone || span < best_span || (span == best_span && p < best)) {
      best = p;
      best_span = span;
    }
  }
  return best;
}

}  // namespace

void ManagementDelayering::apply(engine::PolicyContext& ctx) const {
  if (ctx.tick() != params_.at) return;
  auto& s = ctx.state;
  const auto& sc = ctx.scenario;
  auto in_scope = [&](PositionId p) {
    return s.pos.alive[p] && s.pos.parent[p] != kNone && s.pos.function[p] >= 0 &&
           listed(params_.functions, s.pos.function[p]);
  };
  std::vector<PositionId> chosen;
  if (params_.remove_level) {
    for (std::size_t i = 0; i < s.pos.size(); ++i) {
      auto p = static_cast<PositionId>(i);
      if (in_scope(p) && s.pos.level[p] == *params_.remove_level) chosen.push_back(p);
    }
  } else {
    std::vector<PositionId> eligible;
    for (std::size_t i = 0; i < s.pos.size(); ++i) {
      auto p = static_cast<PositionId>(i);
      if (!in_scope(p) || s.pos.level[p] < 1 || !listed(params_.levels, s.pos.level[p])) continue;
      PersonId o = s.pos.occupant[p];
      if (o == kNone ? !params_.include_vacant : s.people.status[o] != engine::Status::active)
        continue;
      eligible.push_back(p);
    }
    std::size_t n = 0;
    if (params_.share) {
      n = static_cast<std::size_t>(std::llround(*params_.share * double(eligible.size())));
    } else {
      // ics / managers over the people at work in scope (the metric's
      // definition; without a functions filter the CEO counts as a manager).
      double ics = 0, managers = 0;
      for (PersonId i : s.active) {
        if (!engine::working(s.people.status[i])) continue;
        PositionId p = s.people.position[i];
        if (!params_.functions.empty() && !listed(params_.functions, s.pos.function[p])) continue;
        (s.pos.level[p] == 0 ? ics : managers) += 1;
      }
      n = managers_to_remove(ics, managers, *params_.target_ic_per_manager_increase,
                             params_.demote_share, eligible.size());
    }
    chosen = select_positions(ctx, std::move(eligible), n, params_.select);
  }

  // Who is demoted: round(demote_share * occupied removed managers), those
  // with the smallest draws keyed by their position.
  std::vector<std::uint8_t> demote(s.pos.size(), 0);
  {
    std::vector<std::pair<double, PositionId>> draws;
    for (PositionId p : chosen) {
      PersonId o = s.pos.occupant[p];
      if (o == kNone || s.people.status[o] != engine::Status::active) continue;
      draws.emplace_back(
          ctx.rng.uniform(s.tick, p, Purpose::demote_pick, static_cast<std::uint32_t>(ctx.source)),
          p);
    }
    auto k = static_cast<std::size_t>(std::llround(params_.demote_share * double(draws.size())));
    std::sort(draws.begin(), draws.end());
    for (std::size_t i = 0; i < k && i < draws.size(); ++i) demote[draws[i].second] = 1;
  }

  // Positions still to be removed (demotion seats opened below get higher ids).
  std::vector<std::uint8_t> pending(s.pos.size(), 0);
  for (PositionId p : chosen) pending[p] = 1;
  auto is_pending = [&](PositionId p) {
    return static_cast<std::size_t>(p) < pending.size() && pending[p] != 0;
  };
  std::sort(chosen.begin(), chosen.end(), [&](PositionId a, PositionId b) {
    return s.pos.level[a] != s.pos.level[b] ? s.pos.level[a] > s.pos.level[b] : a < b;
  });
  for (PositionId m : chosen) {
    const PositionId up = s.pos.parent[m];
    std::vector<PositionId> peers;
    if (params_.reassign == Reassign::peer) {
      for (PositionId c : engine::current_children(s, up)) {
        if (c != m && !is_pending(c) && s.pos.level[c] == s.pos.level[m] &&
            s.pos.function[c] == s.pos.function[m]) {
          peers.push_back(c);
        }
      }
    }
    std::vector<PositionId> receivers;
    for (PositionId r : engine::current_children(s, m)) {
      PositionId to = peers.empty() ? up : narrowest(s, peers);
      engine::reparent(s, r, to, ctx.source);
      if (std::find(receivers.begin(), receivers.end(), to) == receivers.end()) {
        receivers.push_back(to);
      }
    }
    pending[m] = 0;
    // The manager who got the reports (the narrowest of them now, if several;
    // with no reports, where a report would have gone).
    PositionId host = !receivers.empty() ? narrowest(s, receivers)
                      : peers.empty()    ? up
                                         : narrowest(s, peers);
    // AI agents of the team go where its reports went.
    engine::move_machines(s, m, host);
    const int f = s.pos.function[m];
    s.fn[f].planning_hold_until = s.tick + sc.model.planning.hold_weeks;
    PersonId o = s.pos.occupant[m];
    if (o != kNone && demote[m]) {
      PositionId seat =
          engine::open_position(s, sc, static_cast<std::int16_t>(f), 0, host, ctx.source);
      engine::move_person(s, o, seat);  // salary unchanged
      s.now.demotions += 1;
      engine::add_event(s, output::EventKind::demote, o, m, ctx.source, seat);
      engine::eliminate_position(s, m, ctx.source);
    } else {
      engine::lay_off(s, sc, m, 0, ctx.source);
    }
  }
  engine::add_event(s, output::EventKind::policy, kNone, kNone, ctx.source,
                    static_cast<double>(chosen.size()));
}

}  // namespace wfsim::policies
