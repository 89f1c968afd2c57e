#include "sim/policies/warehouse_automation.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/machines.hpp"
#include "sim/engine/phases/phases.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PositionId;

namespace {

// What the policy remembers across ticks (State::policy_memory).
enum Slot : std::size_t { kIcPositions0, kShare0, kMoved, kLastPoint, kSlots };

}  // namespace

std::shared_ptr<const Policy> WarehouseAutomation::parse(const scenario::Reader& r,
                                                         const ParseContext& ctx) {
  r.allow_only({"type", "id", "function", "schedule", "robot_capacity_fte", "capex_per_robot",
                "opex_per_robot_week", "response", "select", "reskill_share", "reskill_to",
                "notice_weeks"});
  Params p;
  p.function = ctx.function(r.child("function"));
  if (!r.has("schedule")) r.fail("needs a `schedule` of {at, share} points");
  p.timing = ctx.timing(r);
  for (std::size_t i = 1; i < p.timing.schedule.size(); ++i) {
    if (p.timing.schedule[i].second < p.timing.schedule[i - 1].second) {
      r.child("schedule")
          .items()[i]
          .child("share")
          .fail("must not fall: robots are never taken out of service");
    }
  }
  if (p.timing.schedule.back().second >= 1.0) {
    r.child("schedule")
        .items()
        .back()
        .child("share")
        .fail("must stay below 1: some ICs must remain to run the function");
  }
  p.robot_capacity_fte = r.child("robot_capacity_fte").as_double(scenario::kPositive);
  p.capex_per_robot = r.get("capex_per_robot", 0.0, scenario::kNonNegative);
  p.opex_per_robot_week = r.get("opex_per_robot_week", 0.0, scenario::kNonNegative);
  if (auto x = r.find("response")) {
    p.response = x->as_choice({"attrition_first", "layoff"}) == "layoff"
                     ? Response::layoff
                     : Response::attrition_first;
  }
  if (auto x = r.find("select")) p.select = parse_select(*x);
  p.reskill_share = r.get("reskill_share", 0.0, scenario::kUnit);
  if (auto x = r.find("reskill_to")) {
    p.reskill_to = ctx.function(*x);
    if (p.reskill_to == p.function) x->fail("must be another function than `function`");
  }
  if (p.reskill_share > 0 && p.reskill_to < 0) {
    r.child("reskill_share").fail("needs `reskill_to`: the function the displaced retrain for");
  }
  p.notice_weeks = static_cast<int>(r.get_int("notice_weeks", 0, scenario::kNonNegative));
  return std::make_shared<WarehouseAutomation>(r.get_string("id", ""), ctx.index, std::move(p));
}

void WarehouseAutomation::add_robots(engine::PolicyContext& ctx, double demand) const {
  auto& s = ctx.state;
  const int f = params_.function;
  const double share = params_.timing.share_at(ctx.tick());
  // A hair below the ceiling so that float noise in share(t) (0.1 + 0.2 =
  // 0.30000000000000004) does not buy a robot more than the exact arithmetic.
  const auto want =
      static_cast<std::int64_t>(std::ceil(share * demand / params_.robot_capacity_fte - 1e-9));
  auto have = static_cast<std::int64_t>(s.fn[f].robots);
  if (want <= have) return;
  auto teams = engine::first_line_teams(s, f);
  engine::MachineSpec spec;
  spec.kind = engine::MachineKind::robot;
  spec.function = static_cast<std::int16_t>(f);
  spec.capacity_fte = params_.robot_capacity_fte;
  spec.opex_weekly = params_.opex_per_robot_week;
  spec.capex = params_.capex_per_robot;
  for (std::int64_t k = have; k < want; ++k) {
    // Round-robin over the function's first-line teams (their sites).
    PositionId team = teams.empty() ? kNone : teams[static_cast<std::size_t>(k) % teams.size()];
    auto id = engine::add_machine(s, spec, team, ctx.source);
    engine::add_event(s, output::EventKind::machine_add, kNone, team, ctx.source, id);
  }
  s.fn[f].robots = static_cast<double>(want);  // tallied again after phase 1
}

void WarehouseAutomation::prepare(engine::PolicyContext& ctx) const {
  auto& s = ctx.state;
  const int f = params_.function;
  auto& mem = ctx.memory(kSlots);
  double ics = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    ics += s.pos.alive[p] && s.pos.function[p] == f && s.pos.level[p] == 0;
  }
  mem[kIcPositions0] = ics;
  mem[kShare0] = params_.timing.share_at(0);
  mem[kLastPoint] = -1;
  if (mem[kShare0] <= 0) return;
  // Robots at tick 0 are part of the generated firm. Calibration will set
  // D = u (H + R q); robots doing share0 of it solve R q = share0 u H / (1 - share0 u).
  const auto& spec = ctx.scenario.firm.functions[static_cast<std::size_t>(f)];
  double demand = 0;
  if (spec.demand_fte) {
    demand = *spec.demand_fte;
  } else {
    engine::Scratch x;
    const double H = engine::human_capacity(s, ctx.scenario, x)[static_cast<std::size_t>(f)];
    const double u = ctx.scenario.model.work.utilization;
    demand = u * H / (1.0 - mem[kShare0] * u);
  }
  add_robots(ctx, demand);
}

void WarehouseAutomation::set_levers(engine::PolicyContext& ctx) const {
  if (params_.reskill_share <= 0 || ctx.tick() < params_.timing.schedule.front().first) return;
  auto& fs = ctx.state.fn[static_cast<std::size_t>(params_.function)];
  // Keep a reskilling policy's terms for this target if one set them.
  auto programme = fs.reskill.to_function == params_.reskill_to ? fs.reskill
                                                                : engine::FunctionState::Reskill{};
  programme.to_function = params_.reskill_to;
  programme.share = params_.reskill_share;
  fs.reskill = programme;
}

void WarehouseAutomation::apply(engine::PolicyContext& ctx) const {
  auto& s = ctx.state;
  const auto t = ctx.tick();
  const auto& schedule = params_.timing.schedule;
  if (t < schedule.front().first) return;
  const int f = params_.function;
  auto& fs = s.fn[static_cast<std::size_t>(f)];
  auto& mem = ctx.memory(kSlots);
  const auto& w = ctx.scenario.model.work;
  // D_f(t) before the work phase computes it: tick-0 demand with its growth.
  const double demand = fs.demand0 * std::pow(1.0 + w.demand_growth, static_cast<double>(t) / 52.0);
  const double robots_before = fs.robots;
  add_robots(ctx, demand);
  const double share = params_.timing.share_at(t);
  const auto target = static_cast<std::int64_t>(
      std::llround(mem[kIcPositions0] * (1.0 - share) / (1.0 - mem[kShare0])));
  // The function's live IC positions now, ascending id.
  std::vector<PositionId> vacant, occupied;
  std::int64_t notice = 0;
  for (std::size_t i = 0; i < s.pos.size(); ++i) {
    auto p = static_cast<PositionId>(i);
    if (!s.pos.alive[p] || s.pos.function[p] != f || s.pos.level[p] != 0) continue;
    auto o = s.pos.occupant[p];
    if (o == kNone) {
      vacant.push_back(p);
    } else if (s.people.status[o] == engine::Status::active) {
      occupied.push_back(p);
    } else {
      ++notice;
    }
  }
  // Live IC seats counted as phases 6 and 8 count them: seats of people under
  // notice too (they close when the notice ends), though nobody in them is chosen.
  std::int64_t live = static_cast<std::int64_t>(vacant.size() + occupied.size()) + notice;
  std::int64_t excess = std::max<std::int64_t>(0, live - target);
  std::int64_t removed = 0;
  if (params_.response == Response::attrition_first) {
    // reskill_share of the reduction planned so far is carried out by moving
    // occupants into retraining; the rest by attrition. Attrition may only
    // take seats down to N* plus the transfers still due, so a fast-quitting
    // workforce cannot use up the reskilling share before it is moved.
    std::int64_t due = 0;
    if (params_.reskill_share > 0) {
      const double planned = std::max(0.0, mem[kIcPositions0] - static_cast<double>(target));
      due = static_cast<std::int64_t>(std::floor(params_.reskill_share * planned)) -
            static_cast<std::int64_t>(mem[kMoved]);
      due = std::max<std::int64_t>(0, due);
      const auto now = std::min<std::int64_t>(due, excess);
      for (PositionId p :
           select_positions(ctx, occupied, static_cast<std::size_t>(now), params_.select)) {
        engine::start_reskilling(s, s.pos.occupant[p], fs.reskill, ctx.source);
        engine::eliminate_position(s, p, ctx.source);
        mem[kMoved] += 1;
        ++removed;
        --due;
      }
    }
    fs.ic_target = target + due;
    // Stop refilling: vacancies above the target close.
    for (std::size_t k = 0; k < vacant.size() && live - removed > fs.ic_target; ++k, ++removed) {
      engine::eliminate_position(s, vacant[k], ctx.source);
    }
  } else {
    // Layoff response: only at the schedule's points.
    std::size_t point = 0;
    while (point < schedule.size() && schedule[point].first != t) ++point;
    if (point < schedule.size() && static_cast<double>(point) > mem[kLastPoint]) {
      mem[kLastPoint] = static_cast<double>(point);
      for (std::size_t k = 0; k < vacant.size() && removed < excess; ++k, ++removed) {
        engine::eliminate_position(s, vacant[k], ctx.source);
      }
      for (PositionId p : select_positions(
               ctx, occupied, static_cast<std::size_t>(excess - removed), params_.select)) {
        engine::lay_off(s, ctx.scenario, p, params_.notice_weeks, ctx.source);
        ++removed;
      }
    }
  }
  if (removed > 0 || fs.robots > robots_before) {
    // Headcount planning holds for hold_weeks after each tick the policy acts.
    fs.planning_hold_until =
        std::max(fs.planning_hold_until, t + ctx.scenario.model.planning.hold_weeks);
    engine::add_event(s, output::EventKind::policy, kNone, kNone, ctx.source,
                      static_cast<double>(removed));
  }
}

}  // namespace wfsim::policies
