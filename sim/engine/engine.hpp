// The simulation loop: Engine::step() is MODEL.md's tick as a table of
// contents of named phases, each timed into a profile. The Engine owns the
// run state; what a tick produced is read back through metrics() and, for
// files, by the Recorder.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/engine/metrics.hpp"
#include "sim/engine/phases/phases.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/spec.hpp"

namespace wfsim::engine {

enum class Phase : std::uint8_t {
  policies,
  capability,
  work,
  money,
  morale,
  exits,
  promotions,
  hiring,
  record,
  output,
  count
};
std::string_view phase_name(Phase p);

struct Profile {
  std::array<double, static_cast<std::size_t>(Phase::count)> seconds{};
  double generation_seconds = 0;
  void add(Phase p, double s) { seconds[static_cast<std::size_t>(p)] += s; }
};

class Engine {
 public:
  // Generates the firm and calibrates demand and price (tick-0, policy-free).
  explicit Engine(std::shared_ptr<const scenario::Scenario> scenario);
  // Continues a run from a checkpoint's state (sim/engine/checkpoint.hpp).
  Engine(std::shared_ptr<const scenario::Scenario> scenario, State state,
         std::vector<std::vector<double>> history, std::int64_t ticks_done);

  // Runs one tick (phases 1 to 9) and computes its metrics.
  void step();

  [[nodiscard]] const State& state() const { return state_; }
  [[nodiscard]] State& state() { return state_; }
  [[nodiscard]] const scenario::Scenario& scenario() const { return *scenario_; }
  // Metrics of the last step, in firm_metrics() order; by function [metric][function].
  [[nodiscard]] const std::vector<double>& metrics() const { return metrics_; }
  [[nodiscard]] const std::vector<double>& function_metric_values() const { return by_function_; }
  // Every step's firm metrics, [tick][metric] (small: for summaries and tests).
  [[nodiscard]] const std::vector<std::vector<double>>& history() const { return history_; }
  [[nodiscard]] double metric(std::string_view name) const;
  [[nodiscard]] Profile& profile() { return profile_; }
  [[nodiscard]] std::int64_t ticks_done() const { return ticks_done_; }

 private:
  template <class Fn>
  void timed(Phase p, Fn&& fn);
  void compute_metrics();
  void validate(std::string_view after) const;  // invariants, in a WFSIM_VALIDATE build

  std::shared_ptr<const scenario::Scenario> scenario_;
  State state_;
  Scratch scratch_;
  Profile profile_;
  std::vector<double> metrics_, by_function_;
  std::vector<std::vector<double>> history_;
  std::int64_t ticks_done_ = 0;
  // Events and counters of Policy::prepare on the generated firm, reported in tick 0.
  std::vector<output::Event> prepared_events_;
  TickCounts prepared_counts_;
};

}  // namespace wfsim::engine
