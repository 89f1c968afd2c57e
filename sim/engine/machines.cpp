#include "sim/engine/machines.hpp"

#include <algorithm>

#include "sim/engine/state.hpp"

namespace wfsim::engine {

MachineId add_machine(State& s, const MachineSpec& spec, PositionId team, std::int16_t source) {
  auto& m = s.machines;
  m.kind.push_back(spec.kind);
  m.function.push_back(spec.function);
  m.team.push_back(team);
  m.capacity_fte.push_back(spec.capacity_fte);
  m.error_rate.push_back(spec.error_rate);
  m.oversight_hours.push_back(spec.oversight_hours);
  m.opex_weekly.push_back(spec.opex_weekly);
  m.capex.push_back(spec.capex);
  m.added_tick.push_back(static_cast<std::int32_t>(s.tick));
  m.source.push_back(source);
  m.alive.push_back(1);
  m.suspended.push_back(0);
  const auto id = static_cast<MachineId>(m.size() - 1);
  if (team != kNone) m.by_team[team].push_back(id);
  (spec.kind == MachineKind::robot ? s.now.robot_capex : s.now.ai_capex) += spec.capex;
  return id;
}

void move_machines(State& s, PositionId from, PositionId to) {
  auto& m = s.machines;
  auto it = m.by_team.find(from);
  if (it == m.by_team.end()) return;
  std::vector<MachineId> moving = std::move(it->second);
  m.by_team.erase(it);
  for (MachineId k : moving) m.team[static_cast<std::size_t>(k)] = to;
  if (to == kNone) return;
  auto& dest = m.by_team[to];
  dest.insert(dest.end(), moving.begin(), moving.end());
  std::sort(dest.begin(), dest.end());
}

void tally_machines(State& s, double hours_per_fte_week, double depreciation_years) {
  for (auto& f : s.fn) {
    f.augment = false;
    f.ai_agents = f.ai_suspended = f.ai_supply = f.ai_oversight = f.robots = f.robot_supply = 0;
    f.opex_weekly = f.capex_weekly = 0;
  }
  const auto& m = s.machines;
  const double life_weeks = depreciation_years * 52.0;
  for (std::size_t k = 0; k < m.size(); ++k) {
    if (!m.alive[k]) continue;
    FunctionState& f = s.fn[m.function[k]];
    f.opex_weekly += m.opex_weekly[k];
    // Straight-line depreciation from the tick it went into service.
    if (life_weeks > 0 && static_cast<double>(s.tick - m.added_tick[k]) < life_weeks) {
      f.capex_weekly += m.capex[k] / life_weeks;
    }
    if (m.kind[k] == MachineKind::robot) {
      f.robots += 1;
      f.robot_supply += m.capacity_fte[k];
      continue;
    }
    f.ai_agents += 1;
    if (m.suspended[k]) {
      f.ai_suspended += 1;
      continue;
    }
    f.ai_oversight += m.oversight_hours[k] / hours_per_fte_week;
    if (m.kind[k] == MachineKind::ai_augment) {
      f.augment = true;
    } else {
      f.ai_supply += m.capacity_fte[k] * (1.0 - m.error_rate[k]);
    }
  }
}

std::vector<PositionId> first_line_teams(const State& s, int f) {
  int lowest = 0;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (!s.pos.alive[p] || s.pos.function[p] != f || s.pos.level[p] < 1) continue;
    if (lowest == 0 || s.pos.level[p] < lowest) lowest = s.pos.level[p];
  }
  std::vector<PositionId> out;
  if (lowest == 0) return out;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (s.pos.alive[p] && s.pos.function[p] == f && s.pos.level[p] == lowest) {
      out.push_back(static_cast<PositionId>(p));
    }
  }
  return out;
}

}  // namespace wfsim::engine
