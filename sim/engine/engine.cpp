#include "sim/engine/engine.hpp"

#include "sim/engine/calibrate.hpp"
#include "sim/engine/generate.hpp"
#include "sim/engine/invariants.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::engine {

std::string_view phase_name(Phase p) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(Phase::count)> names{
      "1 policies",         "2 capability",   "3 work",       "4 money",
      "5 morale",           "6 exits",        "7 promotions", "8 hiring",
      "9 record (metrics)", "  output (HDF5)"};
  return names[static_cast<std::size_t>(p)];
}

Engine::Engine(std::shared_ptr<const scenario::Scenario> scenario)
    : scenario_(std::move(scenario)) {
  auto t0 = std::chrono::steady_clock::now();
  state_ = generate(*scenario_);
  prepare_policies(state_, *scenario_);
  // What policies did to the generated firm (tick-0 robots) is reported as
  // tick 0's: its events and capex are handed to the first step.
  prepared_events_ = std::move(state_.events);
  state_.events.clear();
  prepared_counts_ = state_.now;
  calibrate(state_, *scenario_, scratch_);
  validate("generation");
  profile_.generation_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Engine::Engine(std::shared_ptr<const scenario::Scenario> scenario, State state,
               std::vector<std::vector<double>> history, std::int64_t ticks_done)
    : scenario_(std::move(scenario)),
      state_(std::move(state)),
      history_(std::move(history)),
      ticks_done_(ticks_done) {
  validate("checkpoint");
}

template <class Fn>
void Engine::timed(Phase p, Fn&& fn) {
  auto t0 = std::chrono::steady_clock::now();
  fn();
  profile_.add(p, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  validate(phase_name(p));
}

void Engine::step() {
  State& s = state_;
  const auto& sc = *scenario_;
  s.tick = ticks_done_;
  s.events.clear();
  s.snapshot_graph = false;
  timed(Phase::policies, [&] {
    begin_tick(s);
    if (ticks_done_ == 0) {
      s.events = std::move(prepared_events_);
      s.now.ai_capex += prepared_counts_.ai_capex;
      s.now.robot_capex += prepared_counts_.robot_capex;
    }
    apply_policies(s, sc);
  });
  timed(Phase::capability, [&] { update_capability(s, sc); });
  timed(Phase::work, [&] { do_work(s, sc, scratch_); });
  timed(Phase::money, [&] { account_money(s, sc); });
  timed(Phase::morale, [&] { update_morale(s, sc, scratch_); });
  timed(Phase::exits, [&] { process_exits(s, sc, scratch_); });
  timed(Phase::promotions, [&] { fill_by_promotion(s, sc); });
  timed(Phase::hiring, [&] {
    hire_and_plan(s, sc);
    refresh(s);
  });
  timed(Phase::record, [&] {
    advance_clocks(s);
    compute_metrics();
  });
  ++ticks_done_;
}

void Engine::compute_metrics() {
  auto a = aggregate(state_);
  const auto& fm = firm_metrics();
  metrics_.resize(fm.size());
  for (std::size_t i = 0; i < fm.size(); ++i) metrics_[i] = fm[i].value(state_, a);
  const auto& bf = function_metrics();
  const std::size_t nf = state_.fn.size();
  by_function_.resize(bf.size() * nf);
  for (std::size_t i = 0; i < bf.size(); ++i) {
    for (std::size_t f = 0; f < nf; ++f) {
      by_function_[i * nf + f] = bf[i].value(state_, a, static_cast<int>(f));
    }
  }
  history_.push_back(metrics_);
}

double Engine::metric(std::string_view name) const {
  int i = metric_index(std::string(name));
  return i < 0 || metrics_.empty() ? 0.0 : metrics_[i];
}

void Engine::validate([[maybe_unused]] std::string_view after) const {
#ifdef WFSIM_VALIDATE
  check_invariants(state_, *scenario_, after);
#endif
}

}  // namespace wfsim::engine
