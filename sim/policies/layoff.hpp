// layoff: at tick `at`, a `count` or `share` of the positions matching
// `functions`, `levels` and `sites` is cut, chosen by `select`; occupants are
// laid off with severance (after `notice_weeks`, working and paid until then)
// and the positions eliminated (a manager's reports move to the skip level).
// Survivors feel it through f_lay in the morale phase; headcount planning in
// the affected functions holds for model.planning.hold_weeks.
#pragma once

#include "sim/policies/policy.hpp"
#include "sim/policies/selection.hpp"

namespace wfsim::policies {

class Layoff final : public Policy {
 public:
  struct Params {
    std::int64_t at = 0;
    std::optional<std::int64_t> count;
    std::optional<double> share;  // of the matching positions
    std::vector<int> functions;   // empty: all
    std::vector<int> levels;      // empty: all
    std::vector<int> sites;       // empty: all
    Select select = Select::lowest_performance;
    int notice_weeks = 0;
    bool include_vacant = false;
  };

  Layoff(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "layoff"; }
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override { return params_.at; }
  [[nodiscard]] const Params& params() const { return params_; }

 private:
  Params params_;
};

}  // namespace wfsim::policies
