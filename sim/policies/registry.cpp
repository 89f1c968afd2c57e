// The registry from YAML `type` to policy parser: the one place that names
// every policy module. Add a module by adding its row.
#include <algorithm>

#include "sim/policies/ai_deployment.hpp"
#include "sim/policies/ai_regulation.hpp"
#include "sim/policies/capex_reallocation.hpp"
#include "sim/policies/hiring_policy.hpp"
#include "sim/policies/layoff.hpp"
#include "sim/policies/management_delayering.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/reskilling.hpp"
#include "sim/policies/rto_mandate.hpp"
#include "sim/policies/warehouse_automation.hpp"

namespace wfsim::policies {
namespace {

struct Entry {
  std::string_view type;
  PolicyParser parse;
};

constexpr Entry kRegistry[] = {
    {"layoff", &Layoff::parse},
    {"hiring_policy", &HiringPolicy::parse},
    {"warehouse_automation", &WarehouseAutomation::parse},
    {"reskilling", &Reskilling::parse},
    {"ai_deployment", &AiDeployment::parse},
    {"ai_regulation", &AiRegulation::parse},
    {"capex_reallocation", &CapexReallocation::parse},
    {"management_delayering", &ManagementDelayering::parse},
    {"rto_mandate", &RtoMandate::parse},
};

}  // namespace

PolicyParser find_parser(std::string_view type) {
  for (const auto& e : kRegistry) {
    if (e.type == type) return e.parse;
  }
  return nullptr;
}

std::vector<std::string> known_types() {
  std::vector<std::string> out;
  for (const auto& e : kRegistry) out.emplace_back(e.type);
  return out;
}

}  // namespace wfsim::policies
