// Counter-based random numbers (Random123 Philox4x32-10).
//
// A draw is a pure function of (seed, stream, tick, entity id, purpose, k):
// no generator state is carried between draws, so the result cannot depend
// on thread or rank count or on the order in which agents are visited, and a
// scenario and its policy variant share every draw where their agents
// coincide (common random numbers). The key is (seed, stream); the counter is
// (tick, entity, purpose, k), k numbering the draws one purpose needs.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace wfsim {

// Which id space the entity id belongs to.
// (2 was a per-person stream; per-tick draws are keyed by seat.)
enum class Stream : std::uint32_t { generation = 1, position = 3, policy = 4 };

// What a draw is for; each purpose has its own counter lane.
enum class Purpose : std::uint32_t {
  // generation
  site = 1,
  competence,
  age,
  tenure,
  salary,
  exposure,
  remote,
  commute,
  team_tie,
  cross_tie,
  // the tick
  morale_noise = 32,
  quit,
  promote_external,
  promote_pick,
  promote_noise,
  hire_fill,
  // policies
  policy_select = 64,
  reskill_pick,
  reskill_success,
  reskill_competence,
  relocation_accept,
  relocation_commute,
  remote_redraw,
  demote_pick,
  // sweeps (the points of random and Latin hypercube designs)
  sweep_design = 96,
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed, Stream stream)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32) ^
                                                    (static_cast<std::uint32_t>(stream) << 24)}} {}

  // Four independent 32-bit words for (tick, entity, purpose, k).
  [[nodiscard]] r123::Philox4x32::ctr_type words(std::int64_t tick, std::int64_t entity,
                                                 Purpose purpose, std::uint32_t k = 0) const {
    r123::Philox4x32 philox;
    r123::Philox4x32::ctr_type ctr{{static_cast<std::uint32_t>(tick),
                                    static_cast<std::uint32_t>(entity),
                                    static_cast<std::uint32_t>(purpose), k}};
    return philox(ctr, key_);
  }

  // Uniform in the open interval (0, 1), 53-bit resolution.
  [[nodiscard]] double uniform(std::int64_t tick, std::int64_t entity, Purpose purpose,
                               std::uint32_t k = 0) const {
    auto w = words(tick, entity, purpose, k);
    return to_open_unit(w[0], w[1]);
  }

  // Standard normal by Box-Muller from one counter (both uniforms from its words).
  [[nodiscard]] double normal(std::int64_t tick, std::int64_t entity, Purpose purpose,
                              std::uint32_t k = 0) const {
    auto w = words(tick, entity, purpose, k);
    double u1 = to_open_unit(w[0], w[1]);
    double u2 = to_open_unit(w[2], w[3]);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  // Uniform integer in [0, n), n > 0 (bias below n / 2^32, negligible for firm sizes).
  [[nodiscard]] std::uint64_t below(std::uint64_t n, std::int64_t tick, std::int64_t entity,
                                    Purpose purpose, std::uint32_t k = 0) const {
    auto w = words(tick, entity, purpose, k);
    // Lemire's multiply-shift on 32-bit halves (no 128-bit type needed for n < 2^32).
    if (n <= 0xffffffffULL) return (static_cast<std::uint64_t>(w[0]) * n) >> 32;
    std::uint64_t x = (static_cast<std::uint64_t>(w[0]) << 32) | w[1];
    return x % n;
  }

 private:
  static double to_open_unit(std::uint32_t hi, std::uint32_t lo) {
    std::uint64_t bits = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;  // 53 bits
    return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
  }

  r123::Philox4x32::key_type key_;
};

}  // namespace wfsim
