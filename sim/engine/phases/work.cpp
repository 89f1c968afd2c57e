// Phase 3: IC capacity, demand, done work, backlog and workload per function.
#include <algorithm>
#include <cmath>

#include "sim/core/parallel.hpp"
#include "sim/engine/phases/phases.hpp"

namespace wfsim::engine {

double eta(double span, const scenario::WorkParams& w) {
  return 1.0 / (1.0 + w.kappa * std::max(0.0, span - w.s_opt) / w.s_opt);
}

double ic_capacity(const State& s, const scenario::Scenario& sc, const Scratch& x, PersonId i) {
  const auto& w = sc.model.work;
  PositionId p = s.people.position[i];
  const FunctionState& f = s.fn[s.pos.function[p]];
  double ramp =
      w.ramp_start + (1.0 - w.ramp_start) * std::min(1.0, s.people.tenure[i] / w.onboarding_weeks);
  double augment = f.augment ? 1.0 + w.alpha * f.capability * s.people.exposure[i] : 1.0;
  return ramp * (0.5 + s.people.competence[i]) * (0.6 + 0.4 * s.people.morale[i]) * augment *
         x.coordination[p];
}

namespace {

// The own manager's factor is 0.75 + 0.5 c_m; a vacant manager position gives
// 0.8 times that of an average (c_m = 0.5) manager (MODEL.md phase 3).
constexpr double kVacantManagerFactor = 0.8 * (0.75 + 0.5 * 0.5);

// coord_i for every position i: (0.75 + 0.5 c_m) * (own manager vacant ? 0.8 : 1)
// * prod of eta(span) over the manager positions above i * (1 - lambda)^(L_i - 1).
// Computed top down per position, so the per-IC loop only reads it.
void coordination(const State& s, const scenario::Scenario& sc, Scratch& x) {
  const auto& w = sc.model.work;
  std::vector<double> layer_loss;  // (1 - lambda)^(L - 1) by depth L
  std::vector<double> eta_above(s.pos.size(), 1.0);
  x.coordination.assign(s.pos.size(), 0.0);
  // The top has no manager: its factor is 1 (it is an IC only in a one-person firm).
  if (!s.graph.top_down().empty()) x.coordination[s.graph.top_down().front()] = 1.0;
  for (PositionId p : s.graph.top_down()) {
    auto kids = s.graph.children(p);
    double e = eta_above[p] * eta(static_cast<double>(kids.size()), w);
    PersonId occ = s.pos.occupant[p];
    double own = occ == kNone ? kVacantManagerFactor : 0.75 + 0.5 * s.people.competence[occ];
    for (auto c : kids) {
      eta_above[c] = e;
      auto depth = static_cast<std::size_t>(s.graph.depth(static_cast<PositionId>(c)));
      while (layer_loss.size() <= depth) {
        layer_loss.push_back(
            std::pow(1.0 - w.lambda, static_cast<double>(layer_loss.size()) - 1.0));
      }
      x.coordination[c] = own * e * layer_loss[depth];
    }
  }
}

}  // namespace

std::vector<double> human_capacity(const State& s, const scenario::Scenario& sc, Scratch& x) {
  coordination(s, sc, x);
  const std::size_t nf = s.fn.size();
  auto sums =
      deterministic_sums(s.active.size(), nf, [&](std::size_t k, std::vector<double>& part) {
        PersonId i = s.active[k];
        PositionId p = s.people.position[i];
        if (s.pos.level[p] != 0 || !working(s.people.status[i])) return;
        part[s.pos.function[p]] += ic_capacity(s, sc, x, i);
      });
  return sums;
}

namespace {

// Headcount and IC positions per function (serial; a few passes over ids).
void count_positions(State& s) {
  for (auto& f : s.fn) f.headcount = f.ic_positions = f.occupied_ic_positions = 0;
  for (PersonId i : s.active) {
    int f = s.pos.function[s.people.position[i]];
    if (f >= 0 && s.people.status[i] != Status::reskilling) s.fn[f].headcount += 1;
  }
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (!s.pos.alive[p] || s.pos.level[p] != 0 || s.pos.function[p] < 0) continue;
    auto& f = s.fn[s.pos.function[p]];
    f.ic_positions += 1;
    if (s.pos.occupant[p] != kNone) f.occupied_ic_positions += 1;
  }
}

// Human IC capacity of each team that hosts an AI agent (for the per-team
// oversight of ai_regulation, read in the next tick's phase 1). Serial: few teams.
void team_capacities(State& s, const scenario::Scenario& sc, const Scratch& x) {
  s.team_capacity.clear();
  const auto& m = s.machines;
  for (std::size_t k = 0; k < m.size(); ++k) {
    if (!m.alive[k] || m.kind[k] == MachineKind::robot) continue;
    PositionId team = m.team[k];
    if (!s.team_capacity.try_emplace(team, 0.0).second) continue;
    double sum = 0;
    for (auto c : s.graph.children(team)) {
      PersonId o = s.pos.occupant[c];
      if (s.pos.level[c] != 0 || o == kNone || !working(s.people.status[o])) continue;
      sum += ic_capacity(s, sc, x, o);
    }
    s.team_capacity[team] = sum;
  }
}

}  // namespace

void do_work(State& s, const scenario::Scenario& sc, Scratch& x) {
  const auto& w = sc.model.work;
  count_positions(s);
  auto H = human_capacity(s, sc, x);
  team_capacities(s, sc, x);
  double total_heads = 0;
  for (const auto& f : s.fn) total_heads += f.headcount;
  double growth = std::pow(1.0 + w.demand_growth, static_cast<double>(s.tick) / 52.0);
  for (std::size_t k = 0; k < s.fn.size(); ++k) {
    FunctionState& f = s.fn[k];
    const auto& spec = sc.firm.functions[k];
    f.human_capacity = H[k];
    double scale = 1.0;
    if (spec.support && f.others0 > 0) scale = (total_heads - f.headcount) / f.others0;
    f.demand = f.demand0 * growth * scale;
    double ai_supply = f.ai_supply;
    double exposure = f.mean_exposure_at_deployment;
    // ai_supply counts replace-mode agents only, so a function with both
    // kinds gets the replace agents' work and the augment factor.
    f.ai_work = std::min(ai_supply, f.capability * exposure * f.demand);
    double ai_claimed = std::min(ai_supply, f.claimed_capability * exposure * f.demand);
    f.robot_work = f.robot_supply;
    f.oversight = f.ai_oversight;
    double humans = f.human_capacity - f.oversight;
    auto work_of = [&](double ai, double& output, double& workload) {
      output = std::max(0.0, std::min(f.demand + f.backlog, ai + f.robot_work + humans));
      double backlog = w.backlog_retention * (f.demand + f.backlog - output);
      double need = f.demand - ai - f.robot_work + backlog / w.backlog_horizon_weeks;
      workload = humans > 0 ? std::clamp(need / humans, 0.0, w.w_max) : w.w_max;
      return backlog;
    };
    work_of(ai_claimed, f.expected_output, f.expected_workload);
    f.backlog = work_of(f.ai_work, f.output, f.workload);
    f.workload_sum_review += f.workload;
  }
  double weighted = 0;
  for (const auto& f : s.fn) weighted += f.workload * f.headcount;
  s.firm_workload = total_heads > 0 ? weighted / total_heads : 1.0;
}

}  // namespace wfsim::engine
