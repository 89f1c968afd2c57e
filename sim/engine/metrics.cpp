#include "sim/engine/metrics.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/parallel.hpp"

namespace wfsim::engine {

TickAggregates aggregate(const State& s) {
  const std::size_t nf = s.fn.size();
  TickAggregates a;
  a.fn_heads.assign(nf, 0);
  a.fn_ics.assign(nf, 0);
  a.fn_managers.assign(nf, 0);
  a.fn_vacancies.assign(nf, 0);
  a.fn_morale.assign(nf, 0);
  a.fn_competence.assign(nf, 0);
  a.fn_payroll.assign(nf, 0);
  // People: fixed blocks reduced in order (sums of doubles must not depend on threads).
  const std::size_t width = 4 + 5 * nf;
  auto sums =
      deterministic_sums(s.active.size(), width, [&](std::size_t k, std::vector<double>& part) {
        PersonId i = s.active[k];
        if (s.people.status[i] == Status::reskilling) return;
        PositionId p = s.people.position[i];
        double m = s.people.morale[i];
        part[0] += m;
        part[1] += m * m;
        part[2] += s.people.competence[i];
        part[3] += s.pos.level[p] == 0 ? 1 : 0;
        int f = s.pos.function[p];
        if (f < 0) return;
        part[4 + 5 * f] += 1;
        part[5 + 5 * f] += s.pos.level[p] == 0 ? 1 : 0;
        part[6 + 5 * f] += m;
        part[7 + 5 * f] += s.people.competence[i];
        part[8 + 5 * f] += s.people.salary[i];
      });
  a.morale_sum = sums[0];
  a.morale_sq = sums[1];
  a.competence_sum = sums[2];
  a.ics = sums[3];
  for (std::size_t f = 0; f < nf; ++f) {
    a.fn_heads[f] = sums[4 + 5 * f];
    a.fn_ics[f] = sums[5 + 5 * f];
    a.fn_managers[f] = a.fn_heads[f] - a.fn_ics[f];
    a.fn_morale[f] = sums[6 + 5 * f];
    a.fn_competence[f] = sums[7 + 5 * f];
    a.fn_payroll[f] = sums[8 + 5 * f];
  }
  for (PersonId i : s.active) a.headcount += s.people.status[i] != Status::reskilling;
  a.managers = a.headcount - a.ics;
  for (std::size_t p = 0; p < s.pos.size(); ++p) {
    if (!s.pos.alive[p]) continue;
    a.positions += 1;
    bool vacant = s.pos.occupant[p] == kNone;
    a.vacancies += vacant;
    if (vacant && s.pos.function[p] >= 0) a.fn_vacancies[s.pos.function[p]] += 1;
    if (s.pos.level[p] >= 1) {
      a.manager_positions += 1;
      a.span_sum += static_cast<double>(s.graph.children(static_cast<PositionId>(p)).size());
    }
    a.layers = std::max(a.layers, s.graph.depth(static_cast<PositionId>(p)));
  }
  return a;
}

namespace {

double ratio(double a, double b) {
  return b > 0 ? a / b : 0.0;
}

template <class F>
double sum_fn(const State& s, F&& f) {
  double x = 0;
  for (const auto& fs : s.fn) x += f(fs);
  return x;
}

double ic_weighted(const State& s, const TickAggregates& a, double FunctionState::*field) {
  double num = 0, den = 0;
  for (std::size_t f = 0; f < s.fn.size(); ++f) {
    num += s.fn[f].*field * a.fn_ics[f];
    den += a.fn_ics[f];
  }
  return ratio(num, den);
}

}  // namespace

const std::vector<Metric>& firm_metrics() {
  using S = const State&;
  using A = const TickAggregates&;
  static const std::vector<Metric> table = {
      {{"headcount", "people", "people on the payroll and at work (reskilling excluded)"},
       [](S, A a) { return a.headcount; }},
      {{"managers", "people", "people in manager positions (level >= 1)"},
       [](S, A a) { return a.managers; }},
      {{"ics", "people", "people in individual-contributor positions"},
       [](S, A a) { return a.ics; }},
      {{"ic_per_manager", "ratio", "ics / managers"},
       [](S, A a) { return ratio(a.ics, a.managers); }},
      {{"positions", "positions", "live positions, vacant ones included"},
       [](S, A a) { return a.positions; }},
      {{"vacancies", "positions", "live positions without an occupant"},
       [](S, A a) { return a.vacancies; }},
      {{"mean_span", "positions", "mean direct reports of manager positions (vacant included)"},
       [](S, A a) { return ratio(a.span_sum, a.manager_positions); }},
      {{"layers", "levels", "positions on the longest path from the top, both ends included"},
       [](S, A a) { return static_cast<double>(a.layers); }},
      {{"ai_agents", "agents", "AI agents deployed"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.ai_agents; }); }},
      {{"robots", "robots", "robots in service"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.robots; }); }},
      {{"revenue", "USD/week", "P * value-weighted core output * support coverage factor"},
       [](S s, A) { return s.revenue; }},
      {{"costs", "USD/week", "payroll with benefits, opex, depreciation, last tick's event costs"},
       [](S s, A) { return s.costs; }},
      {{"operating_income", "USD/week", "revenue - costs"},
       [](S s, A) { return s.revenue - s.costs; }},
      {{"operating_margin", "ratio", "operating_income / revenue"},
       [](S s, A) { return ratio(s.revenue - s.costs, s.revenue); }},
      {{"revenue_per_employee", "USD/year", "revenue * 52 / headcount"},
       [](S s, A a) { return ratio(s.revenue * 52.0, a.headcount); }},
      {{"payroll", "USD/week", "salaries * (1 + benefits) / 52 over the payroll"},
       [](S s, A) { return s.payroll_weekly; }},
      {{"price", "USD/FTE-week", "calibrated price of one value-weighted unit of work"},
       [](S s, A) { return s.price; }},
      {{"demand", "FTE-weeks/week", "sum of D_f"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.demand; }); }},
      {{"output", "FTE-weeks/week", "sum of done work O_f"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.output; }); }},
      {{"expected_output", "FTE-weeks/week",
        "done work leadership expects (claimed AI capability)"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.expected_output; }); }},
      {{"backlog", "FTE-weeks", "sum of backlogs B_f"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.backlog; }); }},
      {{"workload", "ratio", "IC-weighted mean workload w_f (1 = balanced)"},
       [](S s, A a) { return ic_weighted(s, a, &FunctionState::workload); }},
      {{"expected_workload", "ratio", "IC-weighted workload with claimed AI capability"},
       [](S s, A a) { return ic_weighted(s, a, &FunctionState::expected_workload); }},
      {{"support_coverage", "ratio", "sigma: support output / support demand, at most 1"},
       [](S s, A) { return s.support_coverage; }},
      {{"mean_morale", "0-1", "mean morale over the payroll"},
       [](S, A a) { return ratio(a.morale_sum, a.headcount); }},
      {{"sd_morale", "0-1", "standard deviation of morale over the payroll"},
       [](S, A a) {
         double m = ratio(a.morale_sum, a.headcount);
         return std::sqrt(std::max(0.0, ratio(a.morale_sq, a.headcount) - m * m));
       }},
      {{"mean_competence", "0-1", "mean competence over the payroll"},
       [](S, A a) { return ratio(a.competence_sum, a.headcount); }},
      {{"quits", "people/week", "voluntary quits this tick"},
       [](S s, A) { return double(s.now.quits); }},
      {{"regretted_quits", "people/week", "quits in the firm's top competence quartile"},
       [](S s, A) { return double(s.now.regretted_quits); }},
      {{"retirements", "people/week", "retirements this tick"},
       [](S s, A) { return double(s.now.retirements); }},
      {{"dismissals", "people/week", "dismissals below model.attrition.dismissal_below"},
       [](S s, A) { return double(s.now.dismissals); }},
      {{"layoffs", "people/week", "people laid off (or cut) this tick"},
       [](S s, A) { return double(s.now.layoffs); }},
      {{"hires", "people/week", "external hires this tick"},
       [](S s, A) { return double(s.now.hires); }},
      {{"promotions", "people/week", "internal promotions this tick"},
       [](S s, A) { return double(s.now.promotions); }},
      {{"positions_opened", "positions/week", "positions opened (planning, policies)"},
       [](S s, A) { return double(s.now.positions_opened); }},
      {{"positions_closed", "positions/week", "positions eliminated"},
       [](S s, A) { return double(s.now.positions_closed); }},
      {{"severance", "USD/week", "severance booked this tick (paid next tick)"},
       [](S s, A) { return s.now.severance; }},
      {{"hiring_cost", "USD/week", "hiring costs booked this tick (paid next tick)"},
       [](S s, A) { return s.now.hiring_cost; }},
      {{"quiet_attrition", "people/week", "relocation decliners who quit (rto_mandate)"},
       [](S s, A) { return double(s.now.quiet_attrition); }},
      {{"severance_avoided", "USD/week", "severance not paid because relocation decliners quit"},
       [](S s, A) { return s.now.severance_avoided; }},
      {{"relocations", "people/week", "people who accepted a move to a hub (rto_mandate)"},
       [](S s, A) { return double(s.now.relocations); }},
      {{"demotions", "people/week", "removed managers demoted to an IC seat (delayering)"},
       [](S s, A) { return double(s.now.demotions); }},
      {{"reskilling", "people", "people in retraining (paid, not at work)"},
       [](S s, A a) { return double(s.active.size()) - a.headcount; }},
      {{"reskilling_started", "people/week", "displaced people sent to retraining"},
       [](S s, A) { return double(s.now.reskilling_started); }},
      {{"reskilled", "people/week", "trainees placed in their new function"},
       [](S s, A) { return double(s.now.reskilled); }},
      {{"oversight_gap", "FTE", "AI oversight owed but not staffed, summed over teams"},
       [](S s, A) { return s.now.oversight_gap; }},
      {{"fines", "USD/week", "expected fines booked (ai_regulation, if_unstaffed: fine)"},
       [](S s, A) { return s.now.fines; }},
      {{"ai_capex", "USD/week", "AI capex spent this tick (depreciated in costs)"},
       [](S s, A) { return s.now.ai_capex; }},
      {{"robot_capex", "USD/week", "robot capex spent this tick (depreciated in costs)"},
       [](S s, A) { return s.now.robot_capex; }},
      {{"machine_opex", "USD/week", "AI agent and robot opex"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.opex_weekly; }); }},
      {{"depreciation", "USD/week", "AI agent and robot capex spread over depreciation_years"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.capex_weekly; }); }},
      {{"ai_work", "FTE-weeks/week", "work done by replace-mode AI agents, sum of A_f"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.ai_work; }); }},
      {{"robot_work", "FTE-weeks/week", "work done by robots"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.robot_work; }); }},
      {{"ai_oversight", "FTE", "human capacity spent on AI oversight, sum of V_f"},
       [](S s, A) { return sum_fn(s, [](const FunctionState& f) { return f.oversight; }); }},
      {{"saved_payroll", "USD/year",
        "cumulative annual payroll (with benefits) of eliminated seats"},
       [](S s, A) { return s.saved_payroll; }},
  };
  return table;
}

const std::vector<FunctionMetric>& function_metrics() {
  using S = const State&;
  using A = const TickAggregates&;
  static const std::vector<FunctionMetric> table = {
      {{"headcount", "people", "people of the function on the payroll"},
       [](S, A a, int f) { return a.fn_heads[f]; }},
      {{"ics", "people", "people in IC positions"}, [](S, A a, int f) { return a.fn_ics[f]; }},
      {{"managers", "people", "people in manager positions"},
       [](S, A a, int f) { return a.fn_managers[f]; }},
      {{"vacancies", "positions", "vacant live positions"},
       [](S, A a, int f) { return a.fn_vacancies[f]; }},
      {{"demand", "FTE-weeks/week", "D_f"}, [](S s, A, int f) { return s.fn[f].demand; }},
      {{"capacity", "FTE-weeks/week", "H_f, summed IC capacity"},
       [](S s, A, int f) { return s.fn[f].human_capacity; }},
      {{"output", "FTE-weeks/week", "O_f"}, [](S s, A, int f) { return s.fn[f].output; }},
      {{"expected_output", "FTE-weeks/week", "O_f with claimed AI capability"},
       [](S s, A, int f) { return s.fn[f].expected_output; }},
      {{"backlog", "FTE-weeks", "B_f"}, [](S s, A, int f) { return s.fn[f].backlog; }},
      {{"workload", "ratio", "w_f"}, [](S s, A, int f) { return s.fn[f].workload; }},
      {{"expected_workload", "ratio", "w_f with claimed AI capability"},
       [](S s, A, int f) { return s.fn[f].expected_workload; }},
      {{"mean_morale", "0-1", "mean morale"},
       [](S, A a, int f) { return ratio(a.fn_morale[f], a.fn_heads[f]); }},
      {{"mean_competence", "0-1", "mean competence"},
       [](S, A a, int f) { return ratio(a.fn_competence[f], a.fn_heads[f]); }},
      {{"payroll", "USD/year", "annual salaries (without benefits)"},
       [](S, A a, int f) { return a.fn_payroll[f]; }},
      {{"quits", "people/week", "quits"},
       [](S s, A, int f) { return double(s.now.quits_by_function[f]); }},
      {{"hires", "people/week", "external hires"},
       [](S s, A, int f) { return double(s.now.hires_by_function[f]); }},
      {{"layoffs", "people/week", "layoffs"},
       [](S s, A, int f) { return double(s.now.layoffs_by_function[f]); }},
      {{"ai_agents", "agents", "AI agents"}, [](S s, A, int f) { return s.fn[f].ai_agents; }},
      {{"robots", "robots", "robots"}, [](S s, A, int f) { return s.fn[f].robots; }},
      {{"ai_work", "FTE-weeks/week", "A_f, work done by AI agents"},
       [](S s, A, int f) { return s.fn[f].ai_work; }},
      {{"robot_work", "FTE-weeks/week", "work done by robots"},
       [](S s, A, int f) { return s.fn[f].robot_work; }},
      {{"ai_oversight", "FTE", "V_f, human capacity spent on AI oversight"},
       [](S s, A, int f) { return s.fn[f].oversight; }},
      {{"capability", "0-1", "a_f, realized AI capability"},
       [](S s, A, int f) { return s.fn[f].capability; }},
      {{"claimed_capability", "0-1", "claimed AI capability"},
       [](S s, A, int f) { return s.fn[f].claimed_capability; }},
      {{"ic_positions", "positions", "live IC positions"},
       [](S s, A, int f) { return s.fn[f].ic_positions; }},
  };
  return table;
}

int metric_index(const std::string& name) {
  const auto& t = firm_metrics();
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].decl.name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace wfsim::engine
