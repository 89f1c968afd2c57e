// What a policy's apply() works with in phase 1: the run state, the scenario,
// the tick, its own index (the `source` of its events) and a random stream
// of its own. Structural changes go through sim/engine/structure.hpp.
#pragma once

#include "sim/core/rng.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/spec.hpp"

namespace wfsim::engine {

class PolicyContext {
 public:
  PolicyContext(State& s, const scenario::Scenario& sc, int index)
      : state(s),
        scenario(sc),
        source(static_cast<std::int16_t>(index)),
        rng(s.seed, Stream::policy) {}

  [[nodiscard]] std::int64_t tick() const { return state.tick; }
  // This policy's numbers kept across ticks (State::policy_memory), at least n long.
  std::vector<double>& memory(std::size_t n) {
    auto& all = state.policy_memory;
    const auto i = static_cast<std::size_t>(source);
    if (all.size() <= i) all.resize(i + 1);
    if (all[i].size() < n) all[i].resize(n, 0.0);
    return all[i];
  }

  State& state;
  const scenario::Scenario& scenario;
  std::int16_t source;
  Rng rng;
};

}  // namespace wfsim::engine
