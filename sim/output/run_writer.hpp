// Writes one run's HDF5 file in the layout of docs/output-format.md.
//
// Design: every dataset is created in the constructor, then the file switches
// to SWMR mode so readers can open it while the run grows it. Per-agent
// chunks are shuffled and compressed in parallel (oneTBB) by us and written
// with H5Dwrite_chunk, because HDF5's own filter pipeline compresses serially
// in the calling thread and would dominate the tick at a million agents.
// close() leaves SWMR, writes `wall_seconds` and `complete` = 1.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace wfsim::output {

// Name, unit and meaning of one metric; the writer creates one dataset each.
struct MetricDecl {
  std::string name;
  std::string unit;
  std::string description;
};

struct Compression {
  enum class Filter : std::uint8_t { none, deflate };
  // zlib's run-length strategy compresses shuffled floats about 2.8 times as
  // fast as its default one at the same ratio (measured for tools/bench); the
  // stream is ordinary deflate, so every HDF5 reader inflates it. `standard`
  // gives chunks byte-identical to HDF5's own deflate filter.
  enum class Strategy : std::uint8_t { rle, standard };
  Filter filter = Filter::deflate;
  int level = 4;  // 0..9 for deflate
  bool shuffle = true;
  Strategy strategy = Strategy::rle;
};

// An extra root attribute (a sweep's run id, parameters, summary scalars).
struct Attr {
  std::string name;
  std::variant<std::string, std::int64_t, double> value;
};

struct FileMeta {
  std::string scenario_yaml;
  std::string scenario_name;
  std::int64_t seed = 0;
  std::int64_t ticks = 0;
  std::string start_date;   // ISO date or empty
  std::vector<Attr> extra;  // written with the others, before SWMR starts
};

struct WriterOptions {
  bool force = false;    // overwrite an existing file
  int agent_every = 1;   // 0: no /agents group
  int flush_every = 13;  // ticks between flushes, 1..52
  // Slots per agent chunk: each recorded tick writes whole chunks, so a small
  // firm wants narrow ones (the Recorder sizes them to the firm).
  std::size_t agent_chunk_slots = 65536;
  Compression compression;
};

// One tick of per-agent state: every span has one element per slot (person
// id), slots 0..n-1; n never shrinks between calls.
struct AgentColumns {
  std::span<const std::uint8_t> status;
  std::span<const std::int32_t> position;
  std::span<const std::int16_t> function;
  std::span<const std::int8_t> level;
  std::span<const std::int32_t> manager;
  std::span<const float> age;
  std::span<const std::int32_t> tenure;
  std::span<const float> competence;
  std::span<const float> morale;
  std::span<const float> workload;
  std::span<const float> salary;
};

enum class EventKind : std::uint8_t {
  hire = 0,
  quit = 1,
  layoff = 2,
  retire = 3,
  dismiss = 4,
  promote = 5,
  notice = 6,
  position_open = 7,
  position_close = 8,
  reparent = 9,
  policy = 10,
  reskill = 11,
  relocate = 12,        // a position moved to another site (detail: the new site)
  demote = 13,          // a removed manager took an IC seat (detail: the new position)
  machine_add = 14,     // an AI agent or robot went into service (detail: its id)
  machine_retire = 15,  // ... was taken out of service (detail: its id)
  suspend = 16,         // AI agents idled for want of oversight (detail: how many)
  fine = 17,            // an expected fine booked (detail: USD)
};

struct Event {
  std::int32_t tick = 0;
  EventKind kind = EventKind::hire;
  std::int32_t agent = -1;
  std::int32_t position = -1;
  std::int16_t source = -1;
  double detail = 0.0;
};

// One snapshot of the reporting tree: parallel columns, one row per live position.
struct GraphSnapshot {
  std::span<const std::int32_t> position;
  std::span<const std::int32_t> parent;
  std::span<const std::int16_t> function;
  std::span<const std::int8_t> level;
  std::span<const std::int16_t> site;
  std::span<const std::int32_t> occupant;
};

class RunWriter {
 public:
  // Throws OutputError if `path` exists and !options.force, or on any HDF5 failure.
  RunWriter(const std::filesystem::path& path, const FileMeta& meta, const WriterOptions& options,
            std::vector<MetricDecl> metrics, std::vector<MetricDecl> function_metrics,
            std::vector<std::string> function_names, std::vector<std::string> site_names);
  ~RunWriter();  // closes without marking complete if close() was not called
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  // values.size() == metrics.size(); by_function is [metric][function], row-major.
  void append_metrics(std::int64_t tick, std::span<const double> values,
                      std::span<const double> by_function);
  // Call only on ticks where tick % agent_every == 0 (the engine decides).
  void append_agents(std::int64_t tick, const AgentColumns& columns);
  void append_events(std::span<const Event> events);
  void append_graph(std::int64_t tick, const GraphSnapshot& snapshot);
  // Flushes if flush_every ticks passed since the last flush (the engine calls it each tick).
  void end_tick(std::int64_t tick);
  // Marks the file complete; `extra` root attributes are added with wall_seconds.
  void close(double wall_seconds, std::span<const Attr> extra = {});

  // Bytes handed to HDF5 so far (after compression), for the benchmark.
  [[nodiscard]] std::uint64_t bytes_written() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a finished or growing file and prints what it holds (for `wfsim info`).
void print_info(const std::filesystem::path& path, std::ostream& out);

}  // namespace wfsim::output
