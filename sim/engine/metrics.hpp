// Metrics as declared reporters: each is registered once with its name,
// unit, meaning and how it is computed from the state at the end of a tick.
// The writer creates one dataset per entry; the summary and tests read them
// back by name. Adding a metric is adding one row to the table in metrics.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/engine/state.hpp"
#include "sim/output/run_writer.hpp"

namespace wfsim::engine {

// Aggregates computed once per tick over people, shared by several reporters.
struct TickAggregates {
  double headcount = 0, managers = 0, ics = 0, morale_sum = 0, morale_sq = 0, competence_sum = 0;
  double vacancies = 0, positions = 0, manager_positions = 0, span_sum = 0;
  int layers = 0;
  std::vector<double> fn_heads, fn_ics, fn_managers, fn_vacancies, fn_morale, fn_competence,
      fn_payroll;
};
TickAggregates aggregate(const State& s);

struct Metric {
  output::MetricDecl decl;
  std::function<double(const State&, const TickAggregates&)> value;
};
struct FunctionMetric {
  output::MetricDecl decl;
  std::function<double(const State&, const TickAggregates&, int)> value;
};

const std::vector<Metric>& firm_metrics();
const std::vector<FunctionMetric>& function_metrics();
int metric_index(const std::string& name);  // -1 if none

}  // namespace wfsim::engine
