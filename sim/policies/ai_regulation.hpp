// ai_regulation (EU AI Act): from `at` on, every AI agent in a high_risk_ai
// function needs `high_risk_oversight_hours` of human oversight a week.
// Oversight is owed per team (the first-line team the agent works in):
// V_team = sum of its agents' hours / hours_per_fte_week. A team whose human
// IC capacity (State::team_capacity, from the last work phase) is below
// V_team is unstaffed: with `if_unstaffed: suspend` its agents are idled for
// the tick (no work, no oversight, opex still paid); with `fine` the function
// is booked fine_per_week * unstaffed agents / agents_f. The gap owed,
// sum over teams of max(0, V_team - capacity), is the metric oversight_gap,
// counted before any suspension.
#pragma once

#include "sim/policies/policy.hpp"

namespace wfsim::policies {

class AiRegulation final : public Policy {
 public:
  enum class IfUnstaffed : std::uint8_t { suspend, fine };
  struct Params {
    std::int64_t at = 0;
    double high_risk_oversight_hours = 8;  // hours per agent per week
    IfUnstaffed if_unstaffed = IfUnstaffed::suspend;
    double fine_per_week = 0;  // USD per week at full non-compliance (fine mode)
  };

  AiRegulation(std::string id, int index, Params p) : Policy(std::move(id), index), params_(p) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "ai_regulation"; }
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override { return params_.at; }
  [[nodiscard]] const Params& params() const { return params_; }

 private:
  Params params_;
};

}  // namespace wfsim::policies
