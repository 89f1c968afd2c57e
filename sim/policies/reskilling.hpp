// reskilling: while in force, people displaced from `functions` (laid off by
// any policy, or moved out by automation) are, with probability `share`,
// retrained for `target` instead of leaving: `duration_weeks` in training
// (status reskilling, paid, no work), then with `success_rate` they fill a
// vacancy of the target function (or a new IC seat there) with competence
// drawn anew from it and their salary kept; otherwise they leave as laid off.
// Each trainee costs `cost_per_person`. The policy only sets the programme
// (FunctionState::reskill); engine::lay_off and complete_reskilling act on it.
#pragma once

#include "sim/policies/policy.hpp"

namespace wfsim::policies {

class Reskilling final : public Policy {
 public:
  struct Params {
    Timing timing;               // none: in force for the whole run
    std::vector<int> functions;  // whose displaced are retrained; empty: all but the target
    int target = 0;              // the function they are retrained for
    double share = 1.0;          // of the displaced, [0, 1]
    int duration_weeks = 26;
    double success_rate = 0.7;
    double cost_per_person = 10000;  // USD
  };

  Reskilling(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "reskilling"; }
  // The programme is a lever: set before every policy's apply(), so layoffs
  // of policies listed before this one are retrained too.
  void set_levers(engine::PolicyContext& ctx) const override;
  void apply(engine::PolicyContext& /*ctx*/) const override {}
  [[nodiscard]] std::int64_t first_tick() const override { return params_.timing.first_tick(); }
  [[nodiscard]] const Params& params() const { return params_; }

 private:
  Params params_;
};

}  // namespace wfsim::policies
