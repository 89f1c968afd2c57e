// The registry from YAML `type` to policy parser: the one place that names
// every policy module. Add a module by adding its row.
#include <algorithm>

#include "sim/policies/hiring_policy.hpp"
#include "sim/policies/layoff.hpp"
#include "sim/policies/management_delayering.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/rto_mandate.hpp"

namespace wfsim::policies {
namespace {

struct Entry {
  std::string_view type;
  PolicyParser parse;
};

constexpr Entry kRegistry[] = {
    {"layoff", &Layoff::parse},
    {"hiring_policy", &HiringPolicy::parse},
    {"management_delayering", &ManagementDelayering::parse},
    {"rto_mandate", &RtoMandate::parse},
};

// MODEL.md's other policy types, built by the policies issue.
constexpr std::string_view kPlanned[] = {
    "management_delayering", "rto_mandate", "warehouse_automation", "ai_deployment",
    "ai_regulation",         "reskilling",  "capex_reallocation"};

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

std::vector<std::string> planned_types() {
  std::vector<std::string> out;
  for (auto t : kPlanned) {
    if (!find_parser(t)) out.emplace_back(t);
  }
  return out;
}

}  // namespace wfsim::policies
