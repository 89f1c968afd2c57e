// Small hand-checkable firms for mechanism tests.
#pragma once

#include <memory>
#include <string>

#include "sim/engine/engine.hpp"
#include "sim/scenario/load.hpp"

namespace wfsim::test {

// One function, levels given top first (e.g. "[1, 3]": a manager and three
// ICs), no noise in morale, deterministic promotions; `extra` is appended YAML.
// `function_extra` adds keys to the one function's mapping (", key: value");
// `promotion` replaces model.promotion.
inline std::shared_ptr<const scenario::Scenario> small_firm(
    const std::string& levels, const std::string& extra = "",
    const std::string& function_extra = "",
    const std::string& promotion = "{p_external: 0, noise: {width: 0}}") {
  std::string yaml =
      "name: small\nseed: 3\nticks: 10\n"
      "firm:\n"
      "  sites: [{name: hq, hub: true, share: 1}]\n"
      "  functions:\n"
      "    - {name: eng, salary: {mean: 104000, sd: 0}" +
      function_extra +
      "}\n"
      "  hierarchy: {positions_per_level: " +
      levels +
      "}\n"
      "  collaboration: {team_ties: all, cross_team_ties: 0}\n"
      "model:\n"
      "  morale: {noise_sd: 0}\n"
      "  promotion: " +
      promotion + "\n" + extra;
  return std::make_shared<scenario::Scenario>(scenario::load_string(yaml, "small.yaml"));
}

}  // namespace wfsim::test
