// ai_deployment: AI agents enter a function (MODEL.md, Policies). At `at`
// the move is announced (AI anxiety in the function for `announce_weeks`);
// at `at + announce_weeks` the agents go in. `mode: replace` cuts the IC
// positions leadership believes AI covers: the share s = â_f ē_f (`sizing:
// claimed`) or a_f ē_f (`realized`), read at that tick, of the occupied IC
// positions, chosen by `select`, occupants laid off; and places
// ceil(s D_f / (q (1 - error_rate))) agents (or `agents`). A `schedule` of
// {at, share} cuts in steps to the given cumulative shares instead.
// `mode: augment` places one agent per first-line team (or `agents`): they do
// no separate work but raise IC capacity by alpha a_f e_i (phase 3).
//
// The backfire ("AI as cover"): agents do A_f = min(supply, a_f ē_f D_f),
// so when the cut was sized by a claimed share above the realized one the
// work the AI was believed to do is left to fewer people; backlog and
// workload rise, output falls below expected_output, and overload feeds
// morale and quits. Nothing here models that: it follows from phases 3-6.
#pragma once

#include "sim/policies/agents.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/selection.hpp"

namespace wfsim::policies {

class AiDeployment final : public Policy {
 public:
  enum class Sizing : std::uint8_t { claimed, realized };
  struct Params {
    int function = 0;
    std::int64_t at = 0;  // announcement; `schedule`'s first point if not given
    int announce_weeks = 0;
    Sizing sizing = Sizing::claimed;  // replace only
    std::optional<std::int64_t> agents;
    AgentSpec agent;
    Select select = Select::lowest_performance;
    // Replace in steps: {tick, cumulative share of IC positions cut and of
    // demand the agents cover}; empty: one step at at + announce_weeks.
    std::vector<std::pair<std::int64_t, double>> schedule;
  };

  AiDeployment(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "ai_deployment"; }
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override {
    return params_.schedule.empty() ? params_.at
                                    : std::min(params_.at, params_.schedule.front().first);
  }
  [[nodiscard]] const Params& params() const { return params_; }

 private:
  void replace_step(engine::PolicyContext& ctx, double cut_share, double cover_share,
                    std::optional<std::int64_t> agents) const;
  Params params_;
};

}  // namespace wfsim::policies
