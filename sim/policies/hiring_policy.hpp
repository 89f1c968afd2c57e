// hiring_policy: during [from, to), each function's vacancy fill probability
// is scaled by its `multiplier` (a freeze is 0, which also suspends headcount
// planning there); `elite` opens `count` IC positions in a function at `at`,
// filled by hiring at `annual_salary`.
#pragma once

#include "sim/policies/policy.hpp"

namespace wfsim::policies {

class HiringPolicy final : public Policy {
 public:
  struct Elite {
    int function = 0;
    std::int64_t count = 0;
    double annual_salary = 0;  // USD per year
    std::int64_t at = 0;
  };
  struct Params {
    Timing timing;
    std::vector<double> multiplier;  // per function
    std::optional<Elite> elite;
  };

  HiringPolicy(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "hiring_policy"; }
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override {
    return params_.elite ? std::min(params_.timing.first_tick(), params_.elite->at)
                         : params_.timing.first_tick();
  }
  [[nodiscard]] const Params& params() const { return params_; }

 private:
  Params params_;
};

}  // namespace wfsim::policies
