// Ids and enumerations shared by the engine. Position and person ids index
// the structure-of-arrays columns directly; -1 means "none".
#pragma once

#include <cstdint>

namespace wfsim::engine {

using PositionId = std::int32_t;
using PersonId = std::int32_t;
using MachineId = std::int32_t;  // AI agent or robot (State::machines)
inline constexpr std::int32_t kNone = -1;

// Values match the HDF5 enum of /agents/status (docs/output-format.md).
enum class Status : std::uint8_t {
  active = 0,
  quit = 1,
  laid_off = 2,
  retired = 3,
  dismissed = 4,
  notice = 5,
  reskilling = 6,
  absent = 255,
};

// Holds a position and is paid (may or may not work: reskilling does not).
inline bool on_payroll(Status s) {
  return s == Status::active || s == Status::notice || s == Status::reskilling;
}
// Does the work of its position this tick.
inline bool working(Status s) {
  return s == Status::active || s == Status::notice;
}

}  // namespace wfsim::engine
