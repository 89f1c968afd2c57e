// Warm starts: the complete run state after tick T-1 saved to a file, so a
// burn-in runs once and every policy arm forks from it (`wfsim run
// --checkpoint-at T`, `wfsim run --from FILE`). A forked run's output equals
// the unforked run's from tick T on.
//
// The file is binary, little-endian: magic "WFSIMCKP", a format version, the
// hash of the scenario's burn-in part (everything but name, description,
// ticks and policies: the firm, model, ai, seed, start date and output), the
// tick, then every field of engine::State, the engine's metric history and
// the Recorder's carried rows, in the order of checkpoint.cpp's one list of
// fields. The graphs are rebuilt from the parent and alive columns and the
// saved collaboration ties. Policies of the arm act from the fork tick on;
// the hash does not cover them, so an arm must not differ from the burn-in
// in a policy that acts before T.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "sim/engine/engine.hpp"
#include "sim/engine/recorder.hpp"

namespace wfsim::engine {

inline constexpr std::uint32_t kCheckpointVersion = 2;  // 2: policies' state, graph_pending

// FNV-1a 64 (hex) of the scenario's burn-in part.
std::string burn_in_hash(const scenario::Scenario& sc);

// Writes the engine's state (and the recorder's carried rows, if any) after
// the last step; written to a temporary name and renamed.
void save_checkpoint(const std::filesystem::path& path, const Engine& engine,
                     const Recorder* recorder);

struct Restored {
  std::unique_ptr<Engine> engine;
  std::optional<Recorder::Carry> carry;  // when the burn-in recorded a file
  std::string hash;
};

// Reads a checkpoint for `scenario`; throws UsageError if the file is not a
// checkpoint, has another version, or was made by a scenario whose burn-in
// part differs, and if the scenario's ticks do not go past the fork tick.
Restored load_checkpoint(const std::filesystem::path& path,
                         std::shared_ptr<const scenario::Scenario> scenario);

}  // namespace wfsim::engine
