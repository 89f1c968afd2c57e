// rto_mandate: `days_per_week` mandated office days at `sites` (default: every
// hub) while in force (from `at`, or during [from, to)). The policy sets
// State::rto_days each tick it is in force; the model does the rest: the RTO
// burden of phases 5 and 6 on each person, and hires at a mandated site
// tolerating at least d - 1 office days. Onsite functions have r = 0 and so
// feel no burden. With `relocation`, at the start tick every position at a
// non-hub site in a non-onsite function moves to the largest mandated hub;
// its occupant accepts with `accept_probability` (commute drawn anew at the
// hub) or quits as "quiet attrition" (no severance; the seat stays, vacant,
// at the hub).
#pragma once

#include "sim/policies/policy.hpp"

namespace wfsim::policies {

class RtoMandate final : public Policy {
 public:
  struct Relocation {
    bool to_hubs = true;
    double accept_probability = 0;
  };
  struct Params {
    Timing timing;             // at / from / to
    double days_per_week = 0;  // [0, 5]
    std::vector<int> sites;    // the mandated sites; every hub when not given
    std::optional<Relocation> relocation;
  };

  RtoMandate(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "rto_mandate"; }
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override { return params_.timing.first_tick(); }
  [[nodiscard]] const Params& params() const { return params_; }

  // The tick the mandate starts (relocation happens then): `from`, else `at`, else 0.
  [[nodiscard]] std::int64_t start() const {
    return params_.timing.from.value_or(params_.timing.at.value_or(0));
  }

 private:
  void relocate(engine::PolicyContext& ctx) const;
  Params params_;
};

}  // namespace wfsim::policies
