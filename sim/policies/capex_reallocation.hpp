// capex_reallocation: the payroll saved by eliminated positions funds AI
// agents (MODEL.md, Policies). Each tick in its period, the agents funded are
// floor(share * saved_payroll / capex_per_agent), saved_payroll being the
// cumulative annual salary x (1 + benefits) of every occupied seat eliminated
// so far (State::saved_payroll; layoffs, cuts and attrition-first seats, by
// any policy). The count never decreases; the difference to the agents this
// policy already placed is added round-robin over the function's first-line
// teams. The agents are ordinary AI agents (augment or replace mode); this
// policy cuts nothing.
#pragma once

#include "sim/policies/agents.hpp"
#include "sim/policies/policy.hpp"

namespace wfsim::policies {

class CapexReallocation final : public Policy {
 public:
  struct Params {
    int function = 0;
    Timing timing;     // at / from / to; none: every tick
    double share = 0;  // of the saved annual payroll, [0, 1]
    AgentSpec agent;   // capex_per_agent > 0 required
  };

  CapexReallocation(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "capex_reallocation"; }
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override { return params_.timing.first_tick(); }
  [[nodiscard]] const Params& params() const { return params_; }

 private:
  Params params_;
};

}  // namespace wfsim::policies
