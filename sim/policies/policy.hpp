// What every policy is: a small immutable type with a name, a parser of its
// YAML node (registered in registry.cpp) and an apply() over the run state,
// called in phase 1 of every tick in YAML list order. Policies act only
// through engine::PolicyContext (state, graphs, structural changes); the
// engine loop knows no policy by name.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/yaml_reader.hpp"

namespace wfsim::scenario {
struct Scenario;
}
namespace wfsim::engine {
class PolicyContext;
}

namespace wfsim::policies {

// When a policy acts: `at` a tick, during [from, to), or along a schedule of
// {at, share} points interpolated linearly and held after the last.
struct Timing {
  std::optional<std::int64_t> at;
  std::optional<std::int64_t> from;
  std::optional<std::int64_t> to;
  std::vector<std::pair<std::int64_t, double>> schedule;

  [[nodiscard]] bool in_period(std::int64_t t) const;   // from (or at) <= t < to; open ends allowed
  [[nodiscard]] double share_at(std::int64_t t) const;  // schedule value; 0 before the first point
  // The first tick it can act: `from`, else `at`, else the first schedule
  // point, else 0 (a period open at the start, or no timing: every tick).
  [[nodiscard]] std::int64_t first_tick() const;
};

// What a policy parser sees besides its node: the parts of the scenario
// already parsed (functions, sites, start date) and its own list index.
struct ParseContext {
  const scenario::Scenario& scenario;
  int index;
  // A tick from an integer or an ISO date (needs start_date); errors name the key.
  [[nodiscard]] std::int64_t tick(const scenario::Reader& r) const;
  // A function name to its index, or an error listing the functions.
  [[nodiscard]] int function(const scenario::Reader& r) const;
  [[nodiscard]] int site(const scenario::Reader& r) const;
  // Reads at/from/to/schedule where present (which are allowed is the caller's allow_only).
  [[nodiscard]] Timing timing(const scenario::Reader& r) const;
};

class Policy {
 public:
  Policy(std::string id, int index) : id_(std::move(id)), index_(index) {}
  virtual ~Policy() = default;
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  [[nodiscard]] virtual std::string_view type() const = 0;
  // Phase 1 of every tick, serially, in list order.
  virtual void apply(engine::PolicyContext& ctx) const = 0;
  // Phase 1, before any policy's apply(): levers that must be in place for
  // every policy of the tick whatever the list order (a reskilling programme
  // that the layoffs of any policy consult). Most set none.
  virtual void set_levers(engine::PolicyContext& /*ctx*/) const {}
  // Once, on the generated firm before tick-0 calibration (MODEL.md: robots
  // a schedule puts at tick 0 exist in the generated firm). Most do nothing.
  virtual void prepare(engine::PolicyContext& /*ctx*/) const {}

  // The first tick it may change anything (a warm start may fork only after
  // every policy that differs between burn-in and arm has started acting).
  // 0 when it acts on the generated firm or from the start. Conservative
  // default for a policy that does not say.
  [[nodiscard]] virtual std::int64_t first_tick() const { return 0; }

  [[nodiscard]] const std::string& id() const { return id_; }
  [[nodiscard]] int index() const { return index_; }

 private:
  std::string id_;
  int index_;
};

using PolicyParser = std::shared_ptr<const Policy> (*)(const scenario::Reader&,
                                                       const ParseContext&);

// The registry from YAML `type` to parser. Returns nullptr for an unknown type.
PolicyParser find_parser(std::string_view type);
std::vector<std::string> known_types();

}  // namespace wfsim::policies
