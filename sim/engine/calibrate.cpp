#include "sim/engine/calibrate.hpp"

namespace wfsim::engine {

void calibrate(State& s, const scenario::Scenario& sc, Scratch& x) {
  const auto& w = sc.model.work;
  const auto& m = sc.model.money;
  const auto& a = sc.model.attrition;
  auto H = human_capacity(s, sc, x);
  double total_heads = 0;
  std::vector<double> heads(s.fn.size(), 0.0);
  double salaries = 0;
  for (PersonId i : s.active) {
    salaries += s.people.salary[i];
    int f = s.pos.function[s.people.position[i]];
    if (f >= 0) heads[f] += 1;
  }
  for (double h : heads) total_heads += h;
  double value = 0, other_costs = 0;
  for (std::size_t k = 0; k < s.fn.size(); ++k) {
    const auto& spec = sc.firm.functions[k];
    auto& f = s.fn[k];
    // Robots present at tick 0 are part of the firm's capacity.
    double capacity0 = H[k] + f.robot_supply;
    f.demand0 = spec.demand_fte ? *spec.demand_fte : w.utilization * capacity0;
    f.others0 = total_heads - heads[k];
    if (!spec.support) value += spec.value_per_unit * f.demand0;
    other_costs += f.opex_weekly + f.capex_weekly;
  }
  if (m.price) {
    s.price = *m.price;
    return;
  }
  // Expected steady-state weekly costs: payroll less the average vacancy share,
  // plus replacement hiring, plus the other tick-0 costs.
  double v = a.annual_quit_rate * sc.model.hiring.time_to_fill_weeks / 52.0;
  double payroll = salaries * (1.0 + m.benefits) / 52.0;
  double costs = payroll * (1.0 - v) + m.hiring_cost_share * a.annual_quit_rate * salaries / 52.0 +
                 other_costs;
  s.price = value > 0 ? costs / ((1.0 - m.operating_margin) * value) : 0.0;
}

}  // namespace wfsim::engine
