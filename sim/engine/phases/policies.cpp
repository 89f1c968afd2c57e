// Phase 1: layoffs whose notice ends now, then every policy in YAML list
// order, each seeing the changes of those before it.
#include "sim/engine/phases/phases.hpp"
#include "sim/engine/policy_context.hpp"
#include "sim/engine/structure.hpp"
#include "sim/policies/policy.hpp"

namespace wfsim::engine {

void apply_policies(State& s, const scenario::Scenario& sc) {
  complete_notices(s, sc);
  for (const auto& policy : sc.policies) {
    PolicyContext ctx(s, sc, policy->index());
    policy->apply(ctx);
  }
  refresh(s);
}

}  // namespace wfsim::engine
