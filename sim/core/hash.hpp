// FNV-1a, 64-bit: the one byte hash of the project (design hashes of sweeps,
// the burn-in hash of checkpoints, the tests' run hashes). Not for security;
// stable across machines and builds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wfsim {

inline constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;

inline std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = kFnvOffset) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

inline std::uint64_t fnv1a(std::string_view s, std::uint64_t h = kFnvOffset) {
  return fnv1a(s.data(), s.size(), h);
}

}  // namespace wfsim
