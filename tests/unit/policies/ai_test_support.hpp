// Shared by the AI policy tests: a small firm with AI capability curves and
// an exact check of a scenario error.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "../engine/test_firm.hpp"
#include "sim/core/errors.hpp"
#include "sim/engine/engine.hpp"
#include "sim/scenario/load.hpp"

namespace wfsim::test {

// test_firm's one-function firm "eng" (salaries 104000, no morale noise) with
// planning off, model keys `model_extra` (lines under model:), constant
// capability curves (k = 0 gives max / 2 at every tick) and `policies`.
inline std::shared_ptr<const scenario::Scenario> ai_firm(const std::string& levels,
                                                         const std::string& policies,
                                                         const std::string& function_extra = "",
                                                         const std::string& model_extra = "",
                                                         const std::string& capability = "") {
  std::string cap = capability.empty() ? "      realized: {max: 0.6, k: 0, mid: 0}\n"
                                         "      claimed: {max: 1.0, k: 0, mid: 0}\n"
                                       : capability;
  return small_firm(levels,
                    "  planning: {enabled: false}\n" + model_extra +
                        "ai:\n  capability:\n    eng:\n" + cap + "policies:\n" + policies,
                    function_extra);
}

// A scenario text's error must be at file:line:column and key path with the
// rule (exactly, or containing `rule` when !exact) and suggestion.
inline void check_error(const std::string& text, int line, int column, const std::string& key_path,
                        const std::string& rule, const std::string& suggestion = "",
                        bool exact = true) {
  INFO("scenario:\n" << text);
  try {
    scenario::load_string(text, "ai.yaml");
  } catch (const ScenarioError& e) {
    INFO("what(): " << e.what());
    CHECK(e.file == "ai.yaml");
    CHECK(e.line == line);
    CHECK(e.column == column);
    CHECK(e.key_path == key_path);
    if (exact) {
      CHECK(e.rule == rule);
    } else {
      CHECK_THAT(e.rule, Catch::Contains(rule));
    }
    CHECK(e.suggestion == suggestion);
    CHECK_THAT(std::string(e.what()),
               Catch::StartsWith("ai.yaml:" + std::to_string(line) + ":" + std::to_string(column) +
                                 ": " + key_path + ": "));
    return;
  }
  FAIL("no ScenarioError");
}

// The firm part of the error scenarios: lines 1-5; policies start on line 6.
inline const std::string kErrorFirm =
    "firm:\n"
    "  functions:\n"
    "    - {name: eng, headcount: 50}\n"
    "    - {name: hr, headcount: 20, support: true}\n"
    "policies:\n";

}  // namespace wfsim::test
