// Phase 1: layoffs whose notice ends now and retraining that ends now, then
// every policy in YAML list order, each seeing the changes of those before
// it; then the machines are tallied for the work phase.
#include "sim/engine/machines.hpp"
#include "sim/engine/phases/phases.hpp"
#include "sim/engine/policy_context.hpp"
#include "sim/engine/structure.hpp"
#include "sim/policies/policy.hpp"

namespace wfsim::engine {

void apply_policies(State& s, const scenario::Scenario& sc) {
  complete_notices(s, sc);
  complete_reskilling(s, sc);
  for (const auto& policy : sc.policies) {
    PolicyContext ctx(s, sc, policy->index());
    policy->set_levers(ctx);
  }
  for (const auto& policy : sc.policies) {
    PolicyContext ctx(s, sc, policy->index());
    policy->apply(ctx);
  }
  refresh(s);
  tally_machines(s, sc.model.work.hours_per_fte_week, sc.model.money.depreciation_years);
}

void prepare_policies(State& s, const scenario::Scenario& sc) {
  for (const auto& policy : sc.policies) {
    PolicyContext ctx(s, sc, policy->index());
    policy->prepare(ctx);
  }
  refresh(s);
  tally_machines(s, sc.model.work.hours_per_fte_week, sc.model.money.depreciation_years);
}

}  // namespace wfsim::engine
