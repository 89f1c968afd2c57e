// management_delayering: at tick `at`, manager positions are removed, by one
// of three sizings: a `share` of the managers at `levels` (taken together,
// chosen by `select`), enough of them to raise the IC-to-manager ratio by
// `target_ic_per_manager_increase`, or a whole layer (`remove_level`). Top
// levels are processed first. A removed manager's reports go, each in turn,
// to the narrowest peer manager under the same parent (`reassign: peer`; the
// skip level when there is none) or to the skip level (`skip_level`). The
// removed managers are laid off with severance, except a `demote_share` of
// them who take a new IC seat under the manager who got their reports,
// keeping their salary. Spans widen; eta(span) in the work phase does the rest.
#pragma once

#include "sim/policies/policy.hpp"
#include "sim/policies/selection.hpp"

namespace wfsim::policies {

class ManagementDelayering final : public Policy {
 public:
  enum class Reassign : std::uint8_t { peer, skip_level };

  struct Params {
    std::int64_t at = 0;
    // Exactly one of the three sizings.
    std::optional<double> share;                           // of the eligible managers, [0, 1]
    std::optional<double> target_ic_per_manager_increase;  // relative rise of ics / managers
    std::optional<int> remove_level;                       // a whole layer, level >= 1
    std::vector<int> levels;     // manager levels for share / target; empty: every level >= 1
    std::vector<int> functions;  // empty: all
    Select select = Select::lowest_performance;
    Reassign reassign = Reassign::peer;
    double demote_share = 0;  // of the removed (occupied) managers
    bool include_vacant = false;
  };

  ManagementDelayering(std::string id, int index, Params p)
      : Policy(std::move(id), index), params_(std::move(p)) {}
  static std::shared_ptr<const Policy> parse(const scenario::Reader& r, const ParseContext& ctx);

  [[nodiscard]] std::string_view type() const override { return "management_delayering"; }
  void apply(engine::PolicyContext& ctx) const override;
  [[nodiscard]] std::int64_t first_tick() const override { return params_.at; }
  [[nodiscard]] const Params& params() const { return params_; }

  // The fewest managers to remove, k, so that (ics + round(demote_share k)) /
  // (managers - k) >= (1 + increase) ics / managers; capped at `available`.
  static std::size_t managers_to_remove(double ics, double managers, double increase,
                                        double demote_share, std::size_t available);

 private:
  Params params_;
};

}  // namespace wfsim::policies
