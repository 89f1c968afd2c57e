// warehouse_automation: robots take a growing share of a function's work
// along a schedule (MODEL.md, Policies). share(t) from the {at, share}
// schedule (linear between points, held after the last) is the share of the
// function's demand robots do: robots = ceil(share(t) * D_f(t) / capacity),
// never decreasing, each tied to a first-line team of the function. IC
// positions are to shrink to N*(t) = round(N_IC(0) (1 - share(t)) / (1 - share(0))):
//  - `attrition_first`: quits and retirements take their seats with them while
//    IC positions exceed N* (FunctionState::ic_target), excess vacancies are
//    closed, and `reskill_share` of the planned reduction moves occupants into
//    retraining for `reskill_to` instead of waiting for them to leave;
//  - `layoff`: at each schedule point the excess is laid off by `select`,
//    `reskill_share` of them retrained instead (FunctionState::reskill).
// Robots at tick 0 exist in the generated firm and enter calibration (prepare()).
#pragma once

#include "sim/policies/policy.hpp"
#include "sim/policies/selection.hpp"

namespace wfsim::policies {

class WarehouseAutomation final : public Policy {
 public:
  enum class Response : std::uint8_t { attrition_first, layoff };
  struct Params {
    int function = 0;
    Timing timing;                   // the schedule
    double robot_capacity_fte = 1;   // FTE-weeks of work per robot-week
    double capex_per_robot = 0;      // USD
    double opex_per_robot_week = 0;  // USD
    Response response = Response::attrition_first;
    Select select = Select::lowest_performance;  // who is laid off or moved (layoff response)
    double reskill_share = 0;
    int reskill_to = -1;
    int notice_weeks = 0;
  };

  WarehouseAutomation(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "warehouse_automation"; }
  void prepare(engine::PolicyContext& ctx) const override;
  void set_levers(engine::PolicyContext& ctx) const override;
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override { return params_.timing.first_tick(); }
  [[nodiscard]] const Params& params() const { return params_; }

 private:
  void add_robots(engine::PolicyContext& ctx, double demand) const;
  Params params_;
};

}  // namespace wfsim::policies
