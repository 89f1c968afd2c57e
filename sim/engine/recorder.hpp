// Phase 9's output half: turns the state at the end of a tick into the
// writer's rows (metrics, per-agent columns every agent_every ticks, events,
// reporting-tree snapshots). Per-agent columns are gathered in parallel into
// buffers reused across ticks.
#pragma once

#include <filesystem>
#include <memory>

#include "sim/engine/engine.hpp"
#include "sim/output/run_writer.hpp"

namespace wfsim::engine {

class Recorder {
 public:
  // What a run forked from a checkpoint carries over: the per-agent rows of
  // the last recorded tick (a leaver's column keeps its exit-time state) and
  // the tick of the last graph snapshot.
  struct Carry {
    std::vector<std::uint8_t> status;
    std::vector<std::int32_t> position, manager, tenure;
    std::vector<std::int16_t> function;
    std::vector<std::int8_t> level;
    std::vector<float> age, competence, morale, workload, salary;
    std::int64_t last_graph_tick = -1;
    std::uint8_t graph_pending = 0;  // the tree changed since the last snapshot
  };

  // `extra`: root attributes beyond the scenario's (a sweep's run id, parameters).
  Recorder(const Engine& engine, const std::filesystem::path& path, bool force,
           std::vector<output::Attr> extra = {});
  // Records the tick the engine just finished.
  void record(const Engine& engine);
  // Writes the last graph snapshot (if not already) and closes the file.
  void finish(const Engine& engine, double wall_seconds, std::span<const output::Attr> extra = {});
  [[nodiscard]] std::uint64_t bytes_written() const { return writer_->bytes_written(); }
  [[nodiscard]] Carry carry() const;
  void resume(Carry carry);

 private:
  void write_agents(const State& s);
  void write_graph(const State& s);

  std::unique_ptr<output::RunWriter> writer_;
  int agent_every_;
  std::int64_t last_graph_tick_ = -1;
  int graph_every_ = 1;  // at most one snapshot per this many ticks
  std::uint8_t graph_pending_ = 0;
  // Buffers for one tick of per-agent output.
  std::vector<std::uint8_t> status_;
  std::vector<std::int32_t> position_, manager_, tenure_;
  std::vector<std::int16_t> function_;
  std::vector<std::int8_t> level_;
  std::vector<float> age_, competence_, morale_, workload_, salary_;
};

}  // namespace wfsim::engine
