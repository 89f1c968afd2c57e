#include "sim/policies/selection.hpp"

#include <algorithm>
#include <limits>

#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PositionId;

Select parse_select(const scenario::Reader& r) {
  auto v = r.as_choice({"lowest_performance", "random", "narrowest_span", "highest_cost"});
  if (v == "lowest_performance") return Select::lowest_performance;
  if (v == "random") return Select::random;
  if (v == "narrowest_span") return Select::narrowest_span;
  return Select::highest_cost;
}

std::vector<PositionId> select_positions(const engine::PolicyContext& ctx,
                                         std::vector<PositionId> eligible, std::size_t count,
                                         Select how) {
  const auto& s = ctx.state;
  count = std::min(count, eligible.size());
  // A sort key per position: smaller is chosen first.
  std::vector<std::pair<double, PositionId>> keyed;
  keyed.reserve(eligible.size());
  for (PositionId p : eligible) {
    auto o = s.pos.occupant[p];
    double key = 0;
    switch (how) {
      case Select::lowest_performance:
        key = o == kNone ? -1.0 : s.people.competence[o];  // vacant positions go first
        break;
      case Select::random:
        key = ctx.rng.uniform(s.tick, p, Purpose::policy_select,
                              static_cast<std::uint32_t>(ctx.source));
        break;
      case Select::narrowest_span:
        key = static_cast<double>(engine::current_children(s, p).size());
        break;
      case Select::highest_cost:
        key = o == kNone ? std::numeric_limits<double>::infinity() : -s.people.salary[o];
        break;
    }
    keyed.emplace_back(key, p);
  }
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(count), keyed.end());
  std::vector<PositionId> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(keyed[i].second);
  std::sort(out.begin(), out.end());  // structural changes apply in id order
  return out;
}

}  // namespace wfsim::policies
