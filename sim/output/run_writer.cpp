// RunWriter: the file layout of docs/output-format.md, written in SWMR mode.
//
// SWMR in HDF5 1.10 forbids creating objects or attributes once it has begun,
// so the constructor creates every group, dataset and attribute (`complete` =
// 0 included) and only then calls H5Fstart_swmr_write; afterwards datasets
// only grow. close() ends SWMR by closing the file, then reopens it plainly to
// add `wall_seconds` and set `complete` = 1.
//
// Per-agent fields are [R, S] datasets chunked (1, C), C = agent_chunk_slots: each recorded tick
// is one row of whole chunks, padded with the fill value past the last slot,
// so cells of slots hired later read as fill in earlier rows (both in padded
// chunks and in chunks never written). Chunks are encoded by ChunkCodec in
// parallel and stored serially with H5Dwrite_chunk; everything else goes
// through HDF5's ordinary write path, unfiltered (it is small).
#include "sim/output/run_writer.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <ctime>
#include <limits>
#include <set>
#include <type_traits>

#include "sim/core/errors.hpp"
#include "sim/core/parallel.hpp"
#include "sim/output/chunk_codec.hpp"
#include "sim/output/h5.hpp"

#ifndef WFSIM_VERSION
#define WFSIM_VERSION "unknown"
#endif
#ifndef WFSIM_GIT_COMMIT
#define WFSIM_GIT_COMMIT "unknown"
#endif

static_assert(std::endian::native == std::endian::little,
              "direct chunk writes store memory bytes as little-endian file data");

namespace wfsim::output {
namespace {

constexpr std::int64_t kSchemaVersion = 1;
constexpr hsize_t kSeriesChunk = 1024;  // rows per chunk of per-tick series
constexpr hsize_t kByFunctionChunk = 256;
constexpr hsize_t kEventChunk = 8192;
constexpr hsize_t kGraphChunk = 16384;
constexpr int kMaxFlushEvery = 52;
constexpr std::size_t kFields = 11;
constexpr const char* kUnits = "tick=week; money=USD; work=FTE-week; age=years; tenure=weeks";

// Field order of AgentColumns and of the datasets created under /agents.
constexpr std::array<const char*, kFields> kFieldNames{
    "status", "position",   "function", "level",    "manager", "age",
    "tenure", "competence", "morale",   "workload", "salary"};

std::array<std::span<const std::byte>, kFields> field_bytes(const AgentColumns& c) {
  return {std::as_bytes(c.status),   std::as_bytes(c.position),   std::as_bytes(c.function),
          std::as_bytes(c.level),    std::as_bytes(c.manager),    std::as_bytes(c.age),
          std::as_bytes(c.tenure),   std::as_bytes(c.competence), std::as_bytes(c.morale),
          std::as_bytes(c.workload), std::as_bytes(c.salary)};
}

constexpr std::array<h5::EnumMember, 8> kStatusMembers{{{"active", 0},
                                                        {"quit", 1},
                                                        {"laid_off", 2},
                                                        {"retired", 3},
                                                        {"dismissed", 4},
                                                        {"notice", 5},
                                                        {"reskilling", 6},
                                                        {"absent", 255}}};

constexpr std::array<h5::EnumMember, 18> kEventKinds{{{"hire", 0},
                                                      {"quit", 1},
                                                      {"layoff", 2},
                                                      {"retire", 3},
                                                      {"dismiss", 4},
                                                      {"promote", 5},
                                                      {"notice", 6},
                                                      {"position_open", 7},
                                                      {"position_close", 8},
                                                      {"reparent", 9},
                                                      {"policy", 10},
                                                      {"reskill", 11},
                                                      {"relocate", 12},
                                                      {"demote", 13},
                                                      {"machine_add", 14},
                                                      {"machine_retire", 15},
                                                      {"suspend", 16},
                                                      {"fine", 17}}};

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

std::string host_name() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) {
    return "unknown";
  }
  return name.data();
}

void write_extra(hid_t obj, std::span<const Attr> extra) {
  for (const Attr& a : extra) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            h5::write_attr(obj, a.name.c_str(), std::string_view(v));
          } else {
            h5::write_attr(obj, a.name.c_str(), v);
          }
        },
        a.value);
  }
}

void check_names(const std::vector<MetricDecl>& metrics, const char* group) {
  std::set<std::string> seen;
  for (const MetricDecl& m : metrics) {
    if (m.name.empty() || m.name == "tick" || m.name == "." ||
        m.name.find('/') != std::string::npos || !seen.insert(m.name).second) {
      throw OutputError(std::string("invalid or duplicate metric name '") + m.name + "' in /" +
                        group);
    }
  }
}

// One per-agent dataset and the bytes of its fill value.
struct AgentField {
  h5::Handle dset;
  std::array<std::byte, 4> fill_storage{};
  std::size_t size = 0;
  [[nodiscard]] std::span<const std::byte> fill() const { return {fill_storage.data(), size}; }
};

struct GraphSets {
  h5::Handle snapshot_tick, snapshot_start, snapshot_rows;
  h5::Handle position, parent, function, level, site, occupant;
};

}  // namespace

struct RunWriter::Impl {
  std::filesystem::path path;
  WriterOptions options;
  ChunkCodec codec;
  hsize_t slot_chunk;  // agent chunk columns
  std::size_t n_functions = 0;

  // Declared first so that it is destroyed (closed) after every dataset.
  h5::Handle file;
  h5::Handle status_type, kind_type, event_mem_type;

  h5::Handle metrics_tick, by_function_tick;
  std::vector<h5::Handle> metrics, by_function;
  hsize_t metric_rows = 0;

  h5::Handle agents_tick;
  std::array<AgentField, kFields> agents;
  hsize_t agent_rows = 0;
  hsize_t agent_slots = 0;
  std::vector<ChunkBuffer> encoded;  // one per (field, chunk) of a tick
  std::vector<std::span<const std::byte>> encoded_view;
  tbb::enumerable_thread_specific<ChunkBuffer> scratch;

  h5::Handle events;
  hsize_t event_rows = 0;
  std::size_t event_file_size = 0;  // bytes of one packed row in the file

  GraphSets graph;
  hsize_t snapshots = 0;
  hsize_t graph_rows = 0;

  std::int64_t last_flush_tick = -1;
  std::uint64_t bytes = 0;
  bool closed = false;

  Impl(const std::filesystem::path& p, const WriterOptions& o)
      : path(p), options(o), codec(o.compression), slot_chunk(o.agent_chunk_slots) {
    if (slot_chunk < 1 || slot_chunk > (hsize_t{1} << 22)) {
      throw OutputError("agent_chunk_slots must be in 1..4194304");
    }
  }

  void create_root(const FileMeta& meta);
  void create_metrics(const std::vector<MetricDecl>& decls,
                      const std::vector<MetricDecl>& function_decls,
                      const std::vector<std::string>& function_names);
  void create_agents();
  void create_events();
  void create_graph(const std::vector<std::string>& function_names,
                    const std::vector<std::string>& site_names);
  void check_open() const {
    if (closed) {
      throw OutputError("output file '" + path.string() + "' is already closed");
    }
  }
  // Closes every dataset, then the file (which ends SWMR writing).
  void close_file();
};

void RunWriter::Impl::create_root(const FileMeta& meta) {
  const hid_t root = file.get();
  h5::write_attr(root, "format", std::string_view("wfsim"));
  h5::write_attr(root, "schema_version", kSchemaVersion);
  h5::write_attr(root, "wfsim_version", std::string_view(WFSIM_VERSION));
  h5::write_attr(root, "git_commit", std::string_view(WFSIM_GIT_COMMIT));
  h5::write_attr(root, "scenario_yaml", std::string_view(meta.scenario_yaml));
  h5::write_attr(root, "scenario_name", std::string_view(meta.scenario_name));
  h5::write_attr(root, "seed", meta.seed);
  h5::write_attr(root, "ticks", meta.ticks);
  h5::write_attr(root, "start_date", std::string_view(meta.start_date));
  h5::write_attr(root, "units", std::string_view(kUnits));
  h5::write_attr(root, "created", std::string_view(utc_now_iso8601()));
  h5::write_attr(root, "host", std::string_view(host_name()));
  h5::write_attr(root, "complete", std::int64_t{0});
  write_extra(root, meta.extra);
}

void RunWriter::Impl::create_metrics(const std::vector<MetricDecl>& decls,
                                     const std::vector<MetricDecl>& function_decls,
                                     const std::vector<std::string>& function_names) {
  const h5::ExtendibleSpec tick_spec{.type = h5::file_type<std::int64_t>(),
                                     .chunk_rows = kSeriesChunk};
  const h5::ExtendibleSpec series{.type = h5::file_type<double>(), .chunk_rows = kSeriesChunk};
  const h5::Handle group = h5::create_group(file.get(), "metrics");
  metrics_tick = h5::create_extendible(group.get(), "tick", tick_spec);
  for (const MetricDecl& m : decls) {
    metrics.push_back(h5::create_extendible(group.get(), m.name.c_str(), series));
    h5::write_attr(metrics.back().get(), "unit", std::string_view(m.unit));
    h5::write_attr(metrics.back().get(), "description", std::string_view(m.description));
  }

  // With no functions a fixed width of 0 cannot hold a chunk, so that axis
  // is made unlimited instead; the shape is [T, 0] either way.
  const h5::ExtendibleSpec table{.type = h5::file_type<double>(),
                                 .chunk_rows = kByFunctionChunk,
                                 .rank = 2,
                                 .cols = n_functions,
                                 .chunk_cols = std::max<hsize_t>(n_functions, 1),
                                 .grow_cols = n_functions == 0};
  const h5::Handle by_fn = h5::create_group(file.get(), "metrics_by_function");
  h5::write_attr(by_fn.get(), "functions", std::span<const std::string>(function_names));
  by_function_tick = h5::create_extendible(by_fn.get(), "tick", tick_spec);
  for (const MetricDecl& m : function_decls) {
    by_function.push_back(h5::create_extendible(by_fn.get(), m.name.c_str(), table));
    h5::write_attr(by_function.back().get(), "unit", std::string_view(m.unit));
    h5::write_attr(by_function.back().get(), "description", std::string_view(m.description));
  }
}

void RunWriter::Impl::create_agents() {
  const h5::Handle group = h5::create_group(file.get(), "agents");
  h5::write_attr(group.get(), "compression", std::string_view(codec.describe()));
  agents_tick = h5::create_extendible(
      group.get(), "tick", {.type = h5::file_type<std::int64_t>(), .chunk_rows = kSeriesChunk});

  const float nan = std::numeric_limits<float>::quiet_NaN();
  const auto add = [&](std::size_t i, hid_t type, hid_t fill_type, auto fill) {
    AgentField& field = agents[i];
    field.size = sizeof(fill);
    std::memcpy(field.fill_storage.data(), &fill, sizeof(fill));
    const h5::ExtendibleSpec spec{.type = type,
                                  .chunk_rows = 1,
                                  .rank = 2,
                                  .cols = 0,
                                  .chunk_cols = slot_chunk,
                                  .grow_cols = true,
                                  .fill_type = fill_type,
                                  .fill = &fill,
                                  .shuffle = codec.shuffle(),
                                  .deflate_level = codec.deflate_level()};
    field.dset = h5::create_extendible(group.get(), kFieldNames[i], spec);
  };
  const auto add_typed = [&](std::size_t i, auto fill) {
    using T = decltype(fill);
    add(i, h5::file_type<T>(), h5::mem_type<T>(), fill);
  };
  add(0, status_type.get(), status_type.get(), std::uint8_t{255});
  add_typed(1, std::int32_t{-1});
  add_typed(2, std::int16_t{-1});
  add_typed(3, std::int8_t{-1});
  add_typed(4, std::int32_t{-1});
  add_typed(5, nan);
  add_typed(6, std::int32_t{-1});
  for (std::size_t i = 7; i < kFields; ++i) {
    add_typed(i, nan);
  }
}

void RunWriter::Impl::create_events() {
  const std::array<h5::CompoundMember, 6> members{{
      {"tick", offsetof(Event, tick), H5T_NATIVE_INT32},
      {"kind", offsetof(Event, kind), kind_type.get()},
      {"agent", offsetof(Event, agent), H5T_NATIVE_INT32},
      {"position", offsetof(Event, position), H5T_NATIVE_INT32},
      {"source", offsetof(Event, source), H5T_NATIVE_INT16},
      {"detail", offsetof(Event, detail), H5T_NATIVE_DOUBLE},
  }};
  event_mem_type = h5::compound(sizeof(Event), members);
  const h5::Handle file_type = h5::packed_copy(event_mem_type.get());
  event_file_size = H5Tget_size(file_type.get());
  events = h5::create_extendible(file.get(), "events",
                                 {.type = file_type.get(), .chunk_rows = kEventChunk});
}

void RunWriter::Impl::create_graph(const std::vector<std::string>& function_names,
                                   const std::vector<std::string>& site_names) {
  const h5::Handle group = h5::create_group(file.get(), "graph");
  h5::write_attr(group.get(), "sites", std::span<const std::string>(site_names));
  h5::write_attr(group.get(), "functions", std::span<const std::string>(function_names));
  const auto make = [&](const char* name, hid_t type, hsize_t chunk) {
    return h5::create_extendible(group.get(), name, {.type = type, .chunk_rows = chunk});
  };
  const hid_t i64 = h5::file_type<std::int64_t>();
  graph.snapshot_tick = make("snapshot_tick", i64, kSeriesChunk);
  graph.snapshot_start = make("snapshot_start", i64, kSeriesChunk);
  graph.snapshot_rows = make("snapshot_rows", i64, kSeriesChunk);
  graph.position = make("position", h5::file_type<std::int32_t>(), kGraphChunk);
  graph.parent = make("parent", h5::file_type<std::int32_t>(), kGraphChunk);
  graph.function = make("function", h5::file_type<std::int16_t>(), kGraphChunk);
  graph.level = make("level", h5::file_type<std::int8_t>(), kGraphChunk);
  graph.site = make("site", h5::file_type<std::int16_t>(), kGraphChunk);
  graph.occupant = make("occupant", h5::file_type<std::int32_t>(), kGraphChunk);
}

void RunWriter::Impl::close_file() {
  closed = true;
  metrics_tick.close();
  by_function_tick.close();
  for (h5::Handle& d : metrics) {
    d.close();
  }
  for (h5::Handle& d : by_function) {
    d.close();
  }
  agents_tick.close();
  for (AgentField& f : agents) {
    f.dset.close();
  }
  events.close();
  for (h5::Handle* d :
       {&graph.snapshot_tick, &graph.snapshot_start, &graph.snapshot_rows, &graph.position,
        &graph.parent, &graph.function, &graph.level, &graph.site, &graph.occupant}) {
    d->close();
  }
  file.close();
}

RunWriter::RunWriter(const std::filesystem::path& path, const FileMeta& meta,
                     const WriterOptions& options, std::vector<MetricDecl> metrics,
                     std::vector<MetricDecl> function_metrics,
                     std::vector<std::string> function_names, std::vector<std::string> site_names) {
  namespace fs = std::filesystem;
  h5::init();
  if (options.flush_every < 1 || options.flush_every > kMaxFlushEvery) {
    throw OutputError("output.flush_every must be in 1..52 (got " +
                      std::to_string(options.flush_every) + ")");
  }
  if (options.agent_every < 0) {
    throw OutputError("output.agent_every must be >= 0");
  }
  check_names(metrics, "metrics");
  check_names(function_metrics, "metrics_by_function");
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)) && !options.force) {
    throw OutputError("output file '" + path.string() +
                      "' already exists; use --force to overwrite it");
  }
  const fs::path dir = path.parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec)) {
    throw OutputError("cannot create '" + path.string() + "': directory '" + dir.string() +
                      "' does not exist");
  }

  impl_ = std::make_unique<Impl>(path, options);
  Impl& w = *impl_;
  w.n_functions = function_names.size();
  const h5::Handle fapl = h5::file_access_latest();
  const h5::Handle fcpl(H5Pcreate(H5P_FILE_CREATE), "create file creation list");
  h5::check(H5Pset_obj_track_times(fcpl.get(), false), "disable root group times");
  w.file = h5::Handle(
      H5Fcreate(path.c_str(), options.force ? H5F_ACC_TRUNC : H5F_ACC_EXCL, fcpl.get(), fapl.get()),
      "create '" + path.string() + "'");
  try {
    w.status_type = h5::enum_u8(kStatusMembers);
    w.kind_type = h5::enum_u8(kEventKinds);
    w.create_root(meta);
    w.create_metrics(metrics, function_metrics, function_names);
    if (options.agent_every > 0) {
      w.create_agents();
    }
    w.create_events();
    w.create_graph(function_names, site_names);
    h5::check(H5Fstart_swmr_write(w.file.get()), "start SWMR writing to '" + path.string() + "'");
  } catch (...) {
    // A half-built file is no result; do not leave it behind to be mistaken for one.
    impl_.reset();
    fs::remove(path, ec);
    throw;
  }
}

RunWriter::~RunWriter() {
  if (!impl_ || impl_->closed) {
    return;
  }
  try {
    impl_->close_file();
  } catch (const std::exception&) {
    // Nothing to report from a destructor; the handles close what is left.
  }
}

void RunWriter::append_metrics(std::int64_t tick, std::span<const double> values,
                               std::span<const double> by_function) {
  Impl& w = *impl_;
  w.check_open();
  if (values.size() != w.metrics.size() ||
      by_function.size() != w.by_function.size() * w.n_functions) {
    throw OutputError("append_metrics: got " + std::to_string(values.size()) + " values and " +
                      std::to_string(by_function.size()) + " by-function values, expected " +
                      std::to_string(w.metrics.size()) + " and " +
                      std::to_string(w.by_function.size() * w.n_functions));
  }
  const hsize_t row = w.metric_rows;
  const hid_t i64 = h5::mem_type<std::int64_t>();
  const hid_t f64 = h5::mem_type<double>();
  h5::append(w.metrics_tick.get(), i64, row, 1, &tick);
  for (std::size_t i = 0; i < values.size(); ++i) {
    h5::append(w.metrics[i].get(), f64, row, 1, &values[i]);
  }
  h5::append(w.by_function_tick.get(), i64, row, 1, &tick);
  for (std::size_t i = 0; i < w.by_function.size(); ++i) {
    h5::append(w.by_function[i].get(), f64, row, 1, by_function.data() + i * w.n_functions);
  }
  w.metric_rows = row + 1;
  w.bytes += 2 * sizeof(std::int64_t) + (values.size() + by_function.size()) * sizeof(double);
}

void RunWriter::append_agents(std::int64_t tick, const AgentColumns& columns) {
  Impl& w = *impl_;
  w.check_open();
  if (w.options.agent_every <= 0) {
    throw OutputError("append_agents: agent output is off");
  }
  const auto fields = field_bytes(columns);
  const std::size_t slots = columns.status.size();
  for (std::size_t f = 0; f < kFields; ++f) {
    if (fields[f].size() != slots * w.agents[f].size) {
      throw OutputError(std::string("append_agents: column ") + kFieldNames[f] + " has " +
                        std::to_string(fields[f].size() / w.agents[f].size) +
                        " slots, status has " + std::to_string(slots));
    }
  }
  if (slots < w.agent_slots) {
    throw OutputError("append_agents: slot count fell from " + std::to_string(w.agent_slots) +
                      " to " + std::to_string(slots));
  }

  const hsize_t row = w.agent_rows;
  const std::array<hsize_t, 2> dims{row + 1, slots};
  for (AgentField& f : w.agents) {
    h5::set_extent(f.dset.get(), dims);
  }
  h5::append(w.agents_tick.get(), h5::mem_type<std::int64_t>(), row, 1, &tick);

  // Encode every chunk of every field in parallel (the expensive part), then
  // hand them to HDF5 in a fixed order from this thread.
  const std::size_t chunks = (slots + w.slot_chunk - 1) / w.slot_chunk;
  const std::size_t tasks = kFields * chunks;
  if (w.encoded.size() < tasks) {
    w.encoded.resize(tasks);
  }
  w.encoded_view.resize(tasks);
  // One chunk per block (sim/core/parallel.hpp: plain threads in a TSan build).
  parallel_for_blocks(
      tasks,
      [&](std::size_t t, std::size_t) {
        const std::size_t f = t / chunks;
        const std::size_t c = t % chunks;
        const AgentField& field = w.agents[f];
        const std::size_t first = c * w.slot_chunk * field.size;
        const std::size_t len =
            std::min<std::size_t>(w.slot_chunk * field.size, fields[f].size() - first);
        w.encoded_view[t] = w.codec.encode(fields[f].subspan(first, len), field.fill(),
                                           w.slot_chunk, w.scratch.local(), w.encoded[t]);
      },
      1);
  for (std::size_t t = 0; t < tasks; ++t) {
    const std::array<hsize_t, 2> offset{row, (t % chunks) * w.slot_chunk};
    const std::span<const std::byte> chunk = w.encoded_view[t];
    h5::check(H5Dwrite_chunk(w.agents[t / chunks].dset.get(), H5P_DEFAULT, 0, offset.data(),
                             chunk.size(), chunk.data()),
              std::string("write chunk of /agents/") + kFieldNames[t / chunks]);
    w.bytes += chunk.size();
  }
  w.agent_rows = row + 1;
  w.agent_slots = slots;
  w.bytes += sizeof(std::int64_t);
}

void RunWriter::append_events(std::span<const Event> events) {
  Impl& w = *impl_;
  w.check_open();
  if (events.empty()) {
    return;
  }
  h5::append(w.events.get(), w.event_mem_type.get(), w.event_rows, events.size(), events.data());
  w.event_rows += events.size();
  w.bytes += events.size() * w.event_file_size;
}

void RunWriter::append_graph(std::int64_t tick, const GraphSnapshot& snapshot) {
  Impl& w = *impl_;
  w.check_open();
  const std::size_t n = snapshot.position.size();
  if (snapshot.parent.size() != n || snapshot.function.size() != n || snapshot.level.size() != n ||
      snapshot.site.size() != n || snapshot.occupant.size() != n) {
    throw OutputError("append_graph: snapshot columns differ in length");
  }
  GraphSets& g = w.graph;
  const hsize_t first = w.graph_rows;
  h5::append(g.position.get(), h5::mem_type<std::int32_t>(), first, n, snapshot.position.data());
  h5::append(g.parent.get(), h5::mem_type<std::int32_t>(), first, n, snapshot.parent.data());
  h5::append(g.function.get(), h5::mem_type<std::int16_t>(), first, n, snapshot.function.data());
  h5::append(g.level.get(), h5::mem_type<std::int8_t>(), first, n, snapshot.level.data());
  h5::append(g.site.get(), h5::mem_type<std::int16_t>(), first, n, snapshot.site.data());
  h5::append(g.occupant.get(), h5::mem_type<std::int32_t>(), first, n, snapshot.occupant.data());
  const auto start = static_cast<std::int64_t>(first);
  const auto rows = static_cast<std::int64_t>(n);
  const hid_t i64 = h5::mem_type<std::int64_t>();
  h5::append(g.snapshot_tick.get(), i64, w.snapshots, 1, &tick);
  h5::append(g.snapshot_start.get(), i64, w.snapshots, 1, &start);
  h5::append(g.snapshot_rows.get(), i64, w.snapshots, 1, &rows);
  w.graph_rows = first + n;
  w.snapshots += 1;
  w.bytes +=
      n * (3 * sizeof(std::int32_t) + 2 * sizeof(std::int16_t) + 1) + 3 * sizeof(std::int64_t);
}

void RunWriter::end_tick(std::int64_t tick) {
  Impl& w = *impl_;
  w.check_open();
  if (tick - w.last_flush_tick < w.options.flush_every) {
    return;
  }
  h5::check(H5Fflush(w.file.get(), H5F_SCOPE_LOCAL), "flush '" + w.path.string() + "'");
  w.last_flush_tick = tick;
}

void RunWriter::close(double wall_seconds, std::span<const Attr> extra) {
  Impl& w = *impl_;
  w.check_open();
  w.close_file();
  // SWMR has ended with the close; a plain open may add attributes again.
  // A SWMR reader that still has the file open (a notebook, `wfsim info`)
  // holds a shared lock that makes the locked open fail, so retry without
  // file locking: the reader tolerates the two attribute writes, as it
  // tolerated the growing file (checksummed metadata, read retries).
  const h5::Handle fapl = h5::file_access_latest();
  hid_t reopened = H5Fopen(w.path.c_str(), H5F_ACC_RDWR, fapl.get());
  if (reopened < 0) {
    H5Eclear2(H5E_DEFAULT);
    h5::check(H5Pset_file_locking(fapl.get(), false, true), "disable file locking");
    reopened = H5Fopen(w.path.c_str(), H5F_ACC_RDWR, fapl.get());
  }
  h5::Handle file(reopened, "reopen '" + w.path.string() + "' to mark it complete");
  h5::write_attr(file.get(), "wall_seconds", wall_seconds);
  write_extra(file.get(), extra);
  h5::write_attr(file.get(), "complete", std::int64_t{1});
  file.close();
}

// An estimate of the payload handed to HDF5: the encoded (compressed) agent
// chunks as stored, plus the file-type size of every other element appended.
// File metadata (object headers, chunk indexes, attributes) is not counted.
std::uint64_t RunWriter::bytes_written() const {
  return impl_->bytes;
}

}  // namespace wfsim::output
