// Phase 4: support coverage, revenue, costs and operating income.
#include <algorithm>

#include "sim/core/parallel.hpp"
#include "sim/engine/phases/phases.hpp"

namespace wfsim::engine {

void account_money(State& s, const scenario::Scenario& sc) {
  const auto& m = sc.model.money;
  double support_done = 0, support_demand = 0, value = 0, opex = 0, capex = 0;
  for (std::size_t k = 0; k < s.fn.size(); ++k) {
    const auto& f = s.fn[k];
    if (sc.firm.functions[k].support) {
      support_done += f.output;
      support_demand += f.demand;
    } else {
      value += sc.firm.functions[k].value_per_unit * f.output;
    }
    opex += f.opex_weekly;
    capex += f.capex_weekly;
  }
  s.support_coverage = support_demand > 0 ? std::min(1.0, support_done / support_demand) : 1.0;
  s.revenue = s.price * value * (1.0 - m.support_weight * (1.0 - s.support_coverage));
  double salaries = deterministic_reduce(
      s.active.size(), 0.0,
      [&](std::size_t b, std::size_t e) {
        double sum = 0;
        for (std::size_t k = b; k < e; ++k) sum += s.people.salary[s.active[k]];
        return sum;
      },
      [](double& acc, double part) { acc += part; });
  s.payroll_weekly = salaries * (1.0 + m.benefits) / 52.0;
  // Events are paid the tick after they happen.
  s.costs =
      s.payroll_weekly + opex + capex + s.last.severance + s.last.hiring_cost + s.last.other_cost;
}

}  // namespace wfsim::engine
