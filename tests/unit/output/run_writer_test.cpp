// Tests of the HDF5 output layer. Files are read back through the plain HDF5
// C API (not through the writer's helpers), so a layout mistake shows up here
// as an outside reader would see it. The SWMR test runs the reader in a child
// process (this test binary, re-run on a hidden test case), because HDF5
// shares one open file per process and would not exercise SWMR in-process.
#include "sim/output/run_writer.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/output/chunk_codec.hpp"
#include "sim/output/h5.hpp"

extern char** environ;

namespace wfsim::output {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
struct TempDir {
  fs::path dir;
  explicit TempDir(const std::string& name)
      : dir(fs::temp_directory_path() /
            ("wfsim_output_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TempDir() { fs::remove_all(dir); }
  [[nodiscard]] fs::path file(const std::string& name) const { return dir / name; }
};

// One tick of agent columns with values derived from (row, slot).
struct AgentData {
  std::vector<std::uint8_t> status;
  std::vector<std::int32_t> position, manager, tenure;
  std::vector<std::int16_t> function;
  std::vector<std::int8_t> level;
  std::vector<float> age, competence, morale, workload, salary;

  AgentData(std::size_t slots, int row) {
    for (std::size_t s = 0; s < slots; ++s) {
      const auto i = static_cast<std::int32_t>(s);
      status.push_back(static_cast<std::uint8_t>((s + row) % 7));
      position.push_back(i * 3 + row);
      function.push_back(static_cast<std::int16_t>(i % 5 - 1));
      level.push_back(static_cast<std::int8_t>(i % 4));
      manager.push_back(i / 2 - 1);
      age.push_back(20.0f + static_cast<float>(s % 45) + 0.5f * row);
      tenure.push_back(row + i % 100);
      competence.push_back(static_cast<float>(s % 1000) / 1000.0f);
      morale.push_back(static_cast<float>((s * 7) % 1000) / 1000.0f);
      workload.push_back(1.0f + 0.01f * row);
      salary.push_back(50000.0f + static_cast<float>(s % 20000));
    }
  }
  [[nodiscard]] AgentColumns columns() const {
    return {status, position,   function, level,    manager, age,
            tenure, competence, morale,   workload, salary};
  }
};

const std::vector<MetricDecl> kMetrics{{"headcount", "people", "people employed"},
                                       {"quits", "people/tick", "voluntary exits"}};
const std::vector<MetricDecl> kByFunction{{"fte", "FTE", "work capacity"}};
const std::vector<std::string> kFunctions{"eng", "sales", "ops"};
const std::vector<std::string> kSites{"berlin", "austin"};

FileMeta meta(std::int64_t seed = 42) {
  return {"name: tiny\nticks: 3\n", "tiny", seed, 3, "2024-01-01"};
}

// ---- readers over the raw C API ----

struct File {
  hid_t id;
  explicit File(const fs::path& p, unsigned flags = H5F_ACC_RDONLY)
      : id(H5Fopen(p.c_str(), flags, H5P_DEFAULT)) {
    REQUIRE(id >= 0);
  }
  ~File() { H5Fclose(id); }
};

std::vector<hsize_t> dims_of(hid_t file, const char* name) {
  const hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t space = H5Dget_space(d);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  H5Sclose(space);
  H5Dclose(d);
  return dims;
}

// Reads a whole dataset; mem < 0 means "in the dataset's own type" (enums).
template <class T>
std::vector<T> read_all(hid_t file, const char* name, hid_t mem) {
  std::size_t n = 1;
  for (const hsize_t d : dims_of(file, name)) {
    n *= d;
  }
  std::vector<T> out(n);
  const hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
  const hid_t type = mem >= 0 ? H5Tcopy(mem) : H5Dget_type(d);
  if (n > 0) {
    REQUIRE(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  }
  H5Tclose(type);
  H5Dclose(d);
  return out;
}

std::int64_t int_attr(hid_t obj, const char* name) {
  std::int64_t v = 0;
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  REQUIRE(a >= 0);
  REQUIRE(H5Aread(a, H5T_NATIVE_INT64, &v) >= 0);
  H5Aclose(a);
  return v;
}

void write_small_run(const fs::path& path, const WriterOptions& options, int ticks,
                     bool close = true, std::int64_t seed = 42) {
  RunWriter w(path, meta(seed), options, kMetrics, kByFunction, kFunctions, kSites);
  for (int t = 0; t < ticks; ++t) {
    const std::vector<double> values{100.0 + t, 1.0 * t};
    const std::vector<double> by_fn{10.0 + t, 20.0, 30.0};
    w.append_metrics(t, values, by_fn);
    const AgentData agents(7, t);
    w.append_agents(t, agents.columns());
    w.end_tick(t);
  }
  if (close) {
    w.close(0.25);
  }
}

Compression compression_of(int which) {
  switch (which) {
    case 0:
      return {Compression::Filter::deflate, 4, true};
    case 1:
      return {Compression::Filter::deflate, 1, false};
    default:
      return {Compression::Filter::none, 0, false};
  }
}

}  // namespace

TEST_CASE("RunWriter writes the documented layout and it reads back exactly", "[output]") {
  const int which = GENERATE(0, 1, 2);
  const Compression compression = compression_of(which);
  const TempDir tmp("layout" + std::to_string(which));
  const fs::path path = tmp.file("run.h5");
  // Slots grow within a chunk, then across chunk boundaries.
  const std::vector<std::size_t> slots{5, 70000, 131073};
  const std::vector<Event> events{{0, EventKind::hire, 3, 7, -1, 61000.0},
                                  {1, EventKind::quit, 4, 8, -1, 0.25},
                                  {2, EventKind::reskill, 5, 9, 2, 1.0}};
  const std::vector<std::int32_t> pos{0, 1, 2}, parent{-1, 0, 0}, occ{0, -1, 4};
  const std::vector<std::int16_t> fn{-1, 0, 1}, site{0, 1, 1};
  const std::vector<std::int8_t> lvl{2, 1, 0};
  {
    RunWriter w(tmp.file("run.h5"), meta(), {.compression = compression}, kMetrics, kByFunction,
                kFunctions, kSites);
    for (int t = 0; t < 3; ++t) {
      const std::vector<double> values{100.0 + t, 0.5 * t};
      const std::vector<double> by_fn{10.0 + t, 20.0 + t, 30.0 + t};
      w.append_metrics(t, values, by_fn);
      const AgentData agents(slots[static_cast<std::size_t>(t)], t);
      w.append_agents(t, agents.columns());
      w.append_events(std::span(events).subspan(static_cast<std::size_t>(t), 1));
      w.end_tick(t);
    }
    w.append_graph(0, {pos, parent, fn, lvl, site, occ});
    w.append_graph(2, {std::span(pos).first(2), std::span(parent).first(2), std::span(fn).first(2),
                       std::span(lvl).first(2), std::span(site).first(2), std::span(occ).first(2)});
    CHECK(w.bytes_written() > 0);
    w.close(1.5);
  }

  const File f(path);
  const hid_t root = f.id;
  CHECK(h5::read_attr_string(root, "format") == "wfsim");
  CHECK(int_attr(root, "schema_version") == 1);
  CHECK(h5::read_attr_string(root, "wfsim_version") == WFSIM_VERSION);
  CHECK(h5::read_attr_string(root, "git_commit") == WFSIM_GIT_COMMIT);
  CHECK(h5::read_attr_string(root, "scenario_yaml") == "name: tiny\nticks: 3\n");
  CHECK(h5::read_attr_string(root, "scenario_name") == "tiny");
  CHECK(int_attr(root, "seed") == 42);
  CHECK(int_attr(root, "ticks") == 3);
  CHECK(h5::read_attr_string(root, "start_date") == "2024-01-01");
  CHECK(h5::read_attr_string(root, "units") ==
        "tick=week; money=USD; work=FTE-week; age=years; tenure=weeks");
  CHECK(h5::read_attr_string(root, "created").back() == 'Z');
  CHECK_FALSE(h5::read_attr_string(root, "host").empty());
  CHECK(h5::read_attr_double(root, "wall_seconds") == 1.5);
  CHECK(int_attr(root, "complete") == 1);

  CHECK(read_all<std::int64_t>(root, "/metrics/tick", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{0, 1, 2});
  CHECK(read_all<double>(root, "/metrics/headcount", H5T_NATIVE_DOUBLE) ==
        std::vector<double>{100, 101, 102});
  CHECK(read_all<double>(root, "/metrics/quits", H5T_NATIVE_DOUBLE) ==
        std::vector<double>{0, 0.5, 1.0});
  {
    const hid_t d = H5Dopen2(root, "/metrics/quits", H5P_DEFAULT);
    CHECK(h5::read_attr_string(d, "unit") == "people/tick");
    CHECK(h5::read_attr_string(d, "description") == "voluntary exits");
    H5Dclose(d);
  }
  CHECK(dims_of(root, "/metrics_by_function/fte") == std::vector<hsize_t>{3, 3});
  CHECK(read_all<double>(root, "/metrics_by_function/fte", H5T_NATIVE_DOUBLE) ==
        std::vector<double>{10, 20, 30, 11, 21, 31, 12, 22, 32});
  CHECK(read_all<std::int64_t>(root, "/metrics_by_function/tick", H5T_NATIVE_INT64).size() == 3);
  {
    const hid_t g = H5Gopen2(root, "/metrics_by_function", H5P_DEFAULT);
    CHECK(h5::read_attr_strings(g, "functions") == kFunctions);
    H5Gclose(g);
    const hid_t graph = H5Gopen2(root, "/graph", H5P_DEFAULT);
    CHECK(h5::read_attr_strings(graph, "sites") == kSites);
    CHECK(h5::read_attr_strings(graph, "functions") == kFunctions);
    H5Gclose(graph);
    const hid_t agents = H5Gopen2(root, "/agents", H5P_DEFAULT);
    const char* expected[] = {"shuffle,deflate:4,rle", "deflate:1,rle", "none"};
    CHECK(h5::read_attr_string(agents, "compression") == expected[which]);
    H5Gclose(agents);
  }

  // Agents: [3, 131073]; each row holds its tick's data, then fill values.
  const std::size_t width = slots.back();
  REQUIRE(dims_of(root, "/agents/status") == std::vector<hsize_t>{3, width});
  CHECK(read_all<std::int64_t>(root, "/agents/tick", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{0, 1, 2});
  const auto check_field = [&](const char* name, hid_t mem, auto member, auto fill) {
    using T = decltype(fill);
    const std::vector<T> got = read_all<T>(root, name, mem);
    REQUIRE(got.size() == 3 * width);
    std::size_t bad = 0;
    for (std::size_t r = 0; r < 3; ++r) {
      const AgentData expected(slots[r], static_cast<int>(r));
      const std::vector<T>& column = expected.*member;
      for (std::size_t s = 0; s < width; ++s) {
        const T v = got[r * width + s];
        const T want = s < slots[r] ? column[s] : fill;
        const bool same =
            std::isnan(static_cast<double>(want)) ? std::isnan(static_cast<double>(v)) : v == want;
        bad += same ? 0 : 1;
      }
    }
    INFO(name);
    CHECK(bad == 0);
  };
  const float nan = std::nanf("");
  check_field("/agents/status", -1, &AgentData::status, std::uint8_t{255});
  check_field("/agents/position", H5T_NATIVE_INT32, &AgentData::position, std::int32_t{-1});
  check_field("/agents/function", H5T_NATIVE_INT16, &AgentData::function, std::int16_t{-1});
  check_field("/agents/level", H5T_NATIVE_INT8, &AgentData::level, std::int8_t{-1});
  check_field("/agents/manager", H5T_NATIVE_INT32, &AgentData::manager, std::int32_t{-1});
  check_field("/agents/age", H5T_NATIVE_FLOAT, &AgentData::age, nan);
  check_field("/agents/tenure", H5T_NATIVE_INT32, &AgentData::tenure, std::int32_t{-1});
  check_field("/agents/competence", H5T_NATIVE_FLOAT, &AgentData::competence, nan);
  check_field("/agents/morale", H5T_NATIVE_FLOAT, &AgentData::morale, nan);
  check_field("/agents/workload", H5T_NATIVE_FLOAT, &AgentData::workload, nan);
  check_field("/agents/salary", H5T_NATIVE_FLOAT, &AgentData::salary, nan);
  {
    // Chunking and the filter pipeline as documented; enum member names.
    const hid_t d = H5Dopen2(root, "/agents/age", H5P_DEFAULT);
    const hid_t dcpl = H5Dget_create_plist(d);
    std::array<hsize_t, 2> chunk{};
    CHECK(H5Pget_chunk(dcpl, 2, chunk.data()) == 2);
    CHECK(chunk == std::array<hsize_t, 2>{1, 65536});
    const int n_filters = H5Pget_nfilters(dcpl);
    CHECK(n_filters == std::array{2, 1, 0}[static_cast<std::size_t>(which)]);
    if (which == 0) {
      unsigned flags = 0;
      std::size_t nelmts = 0;
      CHECK(H5Pget_filter2(dcpl, 0, &flags, &nelmts, nullptr, 0, nullptr, nullptr) ==
            H5Z_FILTER_SHUFFLE);
      nelmts = 0;
      CHECK(H5Pget_filter2(dcpl, 1, &flags, &nelmts, nullptr, 0, nullptr, nullptr) ==
            H5Z_FILTER_DEFLATE);
    }
    H5Pclose(dcpl);
    H5Dclose(d);
    const hid_t status = H5Dopen2(root, "/agents/status", H5P_DEFAULT);
    const hid_t type = H5Dget_type(status);
    REQUIRE(H5Tget_class(type) == H5T_ENUM);
    std::array<char, 32> label{};
    const std::uint8_t absent = 255;
    const std::uint8_t reskilling = 6;
    REQUIRE(H5Tenum_nameof(type, &absent, label.data(), label.size()) >= 0);
    CHECK(std::string(label.data()) == "absent");
    REQUIRE(H5Tenum_nameof(type, &reskilling, label.data(), label.size()) >= 0);
    CHECK(std::string(label.data()) == "reskilling");
    H5Tclose(type);
    H5Dclose(status);
  }

  // Events read into the writer's own struct through a memory compound type.
  {
    const hid_t d = H5Dopen2(root, "/events", H5P_DEFAULT);
    const hid_t file_type = H5Dget_type(d);
    const hid_t kind = H5Tget_member_type(file_type, 1);
    const hid_t mem = H5Tcreate(H5T_COMPOUND, sizeof(Event));
    H5Tinsert(mem, "tick", offsetof(Event, tick), H5T_NATIVE_INT32);
    H5Tinsert(mem, "kind", offsetof(Event, kind), kind);
    H5Tinsert(mem, "agent", offsetof(Event, agent), H5T_NATIVE_INT32);
    H5Tinsert(mem, "position", offsetof(Event, position), H5T_NATIVE_INT32);
    H5Tinsert(mem, "source", offsetof(Event, source), H5T_NATIVE_INT16);
    H5Tinsert(mem, "detail", offsetof(Event, detail), H5T_NATIVE_DOUBLE);
    std::vector<Event> got(3);
    REQUIRE(H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, got.data()) >= 0);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(got[i].tick == events[i].tick);
      CHECK(got[i].kind == events[i].kind);
      CHECK(got[i].agent == events[i].agent);
      CHECK(got[i].position == events[i].position);
      CHECK(got[i].source == events[i].source);
      CHECK(got[i].detail == events[i].detail);
    }
    std::array<char, 32> label{};
    const std::uint8_t position_close = 8;
    REQUIRE(H5Tenum_nameof(kind, &position_close, label.data(), label.size()) >= 0);
    CHECK(std::string(label.data()) == "position_close");
    CHECK(H5Tget_size(file_type) == 23);  // packed: 4 + 1 + 4 + 4 + 2 + 8
    H5Tclose(mem);
    H5Tclose(kind);
    H5Tclose(file_type);
    H5Dclose(d);
  }

  CHECK(read_all<std::int64_t>(root, "/graph/snapshot_tick", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{0, 2});
  CHECK(read_all<std::int64_t>(root, "/graph/snapshot_start", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{0, 3});
  CHECK(read_all<std::int64_t>(root, "/graph/snapshot_rows", H5T_NATIVE_INT64) ==
        std::vector<std::int64_t>{3, 2});
  CHECK(read_all<std::int32_t>(root, "/graph/position", H5T_NATIVE_INT32) ==
        std::vector<std::int32_t>{0, 1, 2, 0, 1});
  CHECK(read_all<std::int32_t>(root, "/graph/parent", H5T_NATIVE_INT32) ==
        std::vector<std::int32_t>{-1, 0, 0, -1, 0});
  CHECK(read_all<std::int16_t>(root, "/graph/function", H5T_NATIVE_INT16) ==
        std::vector<std::int16_t>{-1, 0, 1, -1, 0});
  CHECK(read_all<std::int8_t>(root, "/graph/level", H5T_NATIVE_INT8) ==
        std::vector<std::int8_t>{2, 1, 0, 2, 1});
  CHECK(read_all<std::int16_t>(root, "/graph/site", H5T_NATIVE_INT16) ==
        std::vector<std::int16_t>{0, 1, 1, 0, 1});
  CHECK(read_all<std::int32_t>(root, "/graph/occupant", H5T_NATIVE_INT32) ==
        std::vector<std::int32_t>{0, -1, 4, 0, -1});
}

TEST_CASE("ChunkCodec output is byte for byte what HDF5's filters make", "[output][codec]") {
  const TempDir tmp("codec");
  const auto [level, shuffle] =
      GENERATE(std::pair{1, true}, std::pair{4, true}, std::pair{6, false}, std::pair{0, false});
  const std::size_t elem = GENERATE(1u, 2u, 4u, 8u);
  const std::size_t valid = GENERATE(std::size_t{4096}, std::size_t{1000});
  constexpr std::size_t kChunk = 4096;
  // Strategy::standard is compress2(), HDF5's own call; the default rle
  // strategy is covered by the layout test, which reads every chunk back.
  const Compression compression{
      level > 0 ? Compression::Filter::deflate : Compression::Filter::none, level, shuffle,
      Compression::Strategy::standard};
  const ChunkCodec codec(compression);
  // Mostly constant bytes with a slow ramp, like agent columns.
  std::vector<std::byte> data(valid * elem);
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<std::byte>(i % elem == 0 ? (i / elem / 50) % 256 : 0x3f);
  }
  std::vector<std::byte> fill(elem, std::byte{0xff});
  const hid_t types[] = {H5T_STD_U8LE, H5T_STD_U16LE, H5T_STD_U32LE, H5T_STD_U64LE};
  const hid_t type = types[elem == 1 ? 0 : elem == 2 ? 1 : elem == 4 ? 2 : 3];

  const fs::path path = tmp.file("codec.h5");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hsize_t dims[1] = {valid};
  const hsize_t chunk[1] = {kChunk};
  const hsize_t max_dims[1] = {H5S_UNLIMITED};
  const hid_t space = H5Screate_simple(1, dims, max_dims);
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 1, chunk);
  H5Pset_fill_value(dcpl, type, fill.data());
  if (codec.shuffle()) {
    H5Pset_shuffle(dcpl);
  }
  if (codec.deflate_level() > 0) {
    H5Pset_deflate(dcpl, static_cast<unsigned>(level));
  }
  const hid_t theirs = H5Dcreate2(file, "theirs", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  const hid_t ours = H5Dcreate2(file, "ours", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  REQUIRE(H5Dwrite(theirs, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0);

  ChunkBuffer scratch, out;
  const std::span<const std::byte> encoded = codec.encode(data, fill, kChunk, scratch, out);
  // HDF5's own encoding of the same chunk, read raw.
  const hsize_t offset[1] = {0};
  hsize_t stored = 0;
  REQUIRE(H5Dget_chunk_storage_size(theirs, offset, &stored) >= 0);
  std::vector<std::byte> raw(stored);
  std::uint32_t mask = 0;
  REQUIRE(H5Dread_chunk(theirs, H5P_DEFAULT, offset, &mask, raw.data()) >= 0);
  CHECK(mask == 0);
  CHECK(std::vector<std::byte>(encoded.begin(), encoded.end()) == raw);

  // Our chunk, stored directly, reads back through HDF5's pipeline.
  REQUIRE(H5Dwrite_chunk(ours, H5P_DEFAULT, 0, offset, encoded.size(), encoded.data()) >= 0);
  std::vector<std::byte> back(valid * elem);
  REQUIRE(H5Dread(ours, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()) >= 0);
  CHECK(back == data);
  H5Dclose(ours);
  H5Dclose(theirs);
  H5Pclose(dcpl);
  H5Sclose(space);
  H5Fclose(file);
}

TEST_CASE("RunWriter refuses to overwrite a result unless forced", "[output]") {
  const TempDir tmp("overwrite");
  const fs::path path = tmp.file("run.h5");
  write_small_run(path, {}, 2);
  try {
    write_small_run(path, {}, 2, true, 7);
    FAIL("expected OutputError");
  } catch (const OutputError& e) {
    const std::string what = e.what();
    CHECK(what.find(path.string()) != std::string::npos);
    CHECK(what.find("--force") != std::string::npos);
  }
  {
    const File f(path);
    CHECK(int_attr(f.id, "seed") == 42);
  }
  write_small_run(path, {.force = true, .compression = {}}, 2, true, 7);
  const File f(path);
  CHECK(int_attr(f.id, "seed") == 7);
  CHECK(int_attr(f.id, "complete") == 1);
}

TEST_CASE("A writer destroyed without close leaves a readable, incomplete file", "[output]") {
  const TempDir tmp("abandoned");
  const fs::path path = tmp.file("run.h5");
  write_small_run(path, {.flush_every = 5, .compression = {}}, 3, false);
  const File f(path);  // a plain (non-SWMR) open: SWMR ended cleanly
  CHECK(int_attr(f.id, "complete") == 0);
  CHECK(H5Aexists(f.id, "wall_seconds") == 0);
  CHECK(read_all<double>(f.id, "/metrics/headcount", H5T_NATIVE_DOUBLE) ==
        std::vector<double>{100, 101, 102});
  CHECK(dims_of(f.id, "/agents/status") == std::vector<hsize_t>{3, 7});
}

TEST_CASE("RunWriter rejects inconsistent calls", "[output]") {
  const TempDir tmp("misuse");
  RunWriter w(tmp.file("run.h5"), meta(), {}, kMetrics, kByFunction, kFunctions, kSites);
  const std::vector<double> one{1.0};
  CHECK_THROWS_AS(w.append_metrics(0, one, {}), OutputError);
  const AgentData big(10, 0), small(9, 1);
  w.append_agents(0, big.columns());
  CHECK_THROWS_AS(w.append_agents(1, small.columns()), OutputError);
  AgentColumns ragged = big.columns();
  ragged.salary = ragged.salary.first(3);
  CHECK_THROWS_AS(w.append_agents(1, ragged), OutputError);
  CHECK_THROWS_AS(
      RunWriter(tmp.file("b.h5"), meta(), {.flush_every = 0, .compression = {}}, {}, {}, {}, {}),
      OutputError);
  CHECK_THROWS_AS(RunWriter(tmp.file("c.h5"), meta(), {}, {{"tick", "", ""}}, {}, {}, {}),
                  OutputError);
}

TEST_CASE("RunWriter handles a run without functions, sites or metrics", "[output]") {
  const TempDir tmp("empty");
  const fs::path path = tmp.file("run.h5");
  {
    RunWriter w(path, meta(), {.agent_every = 0, .compression = {}}, {}, {}, {}, {});
    w.append_metrics(0, {}, {});
    w.append_metrics(1, {}, {});
    CHECK_THROWS_AS(w.append_agents(0, AgentData(1, 0).columns()), OutputError);
    w.close(0.0);
  }
  const File f(path);
  CHECK(dims_of(f.id, "/metrics_by_function/tick") == std::vector<hsize_t>{2});
  CHECK(H5Lexists(f.id, "/agents", H5P_DEFAULT) == 0);
  const hid_t g = H5Gopen2(f.id, "/graph", H5P_DEFAULT);
  CHECK(h5::read_attr_strings(g, "functions").empty());
  H5Gclose(g);
  std::ostringstream out;
  print_info(path, out);
  CHECK(out.str().find("agents: not recorded") != std::string::npos);
}

TEST_CASE("print_info summarises a result and rejects other files", "[output]") {
  const TempDir tmp("info");
  const fs::path path = tmp.file("run.h5");
  {
    RunWriter w(path, meta(), {}, kMetrics, kByFunction, kFunctions, kSites);
    const std::vector<double> values{120.0, 3.0};
    const std::vector<double> by_fn{1, 2, 3};
    w.append_metrics(0, values, by_fn);
    const std::vector<Event> events{{0, EventKind::hire, 1, 1, -1, 1.0},
                                    {0, EventKind::hire, 2, 2, -1, 1.0},
                                    {0, EventKind::layoff, 3, 3, 0, 9.0}};
    w.append_events(events);
    w.close(2.0);
  }
  std::ostringstream out;
  print_info(path, out);
  const std::string text = out.str();
  INFO(text);
  for (const char* part : {"tiny", "seed 42", "complete", "headcount [people]", "first 120",
                           "eng, sales, ops", "events: 3", "hire: 2", "layoff: 1",
                           "compression shuffle,deflate:4", "graph: 0 snapshots"}) {
    CHECK(text.find(part) != std::string::npos);
  }

  std::ostringstream sink;
  CHECK_THROWS_WITH(print_info(tmp.file("missing.h5"), sink), Catch::Contains("no such file"));
  std::ofstream(tmp.file("text.h5")) << "not hdf5\n";
  CHECK_THROWS_WITH(print_info(tmp.file("text.h5"), sink), Catch::Contains("not an HDF5 file"));
  const hid_t other =
      H5Fcreate(tmp.file("other.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose(other);
  CHECK_THROWS_WITH(print_info(tmp.file("other.h5"), sink), Catch::Contains("not a wfsim"));
}

namespace {

// Runs this test binary's hidden SWMR reader on `path`; true if it passed.
bool run_reader(const fs::path& path, int expected_rows) {
  ::setenv("WFSIM_SWMR_PATH", path.c_str(), 1);
  ::setenv("WFSIM_SWMR_ROWS", std::to_string(expected_rows).c_str(), 1);
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::vector<std::string> args{self, "[swmr_reader]", "--reporter", "compact"};
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    return false;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("A growing file can be read with SWMR while the writer has it open", "[output]") {
  const TempDir tmp("swmr");
  const fs::path path = tmp.file("run.h5");
  RunWriter w(path, meta(), {.flush_every = 1, .compression = {}}, kMetrics, kByFunction,
              kFunctions, kSites);
  CHECK(run_reader(path, 0));
  for (int t = 0; t < 4; ++t) {
    const std::vector<double> values{100.0 + t, 0.0};
    const std::vector<double> by_fn{1, 2, 3};
    w.append_metrics(t, values, by_fn);
    const AgentData agents(100 + 10 * static_cast<std::size_t>(t), t);
    w.append_agents(t, agents.columns());
    w.end_tick(t);
    if (t == 1) {
      CHECK(run_reader(path, 2));
    }
  }
  CHECK(run_reader(path, 4));
  w.close(1.0);
}

// The reader half of the SWMR test, run in a child process (hidden tag).
TEST_CASE("swmr reader child", "[.swmr_reader]") {
  const char* path = std::getenv("WFSIM_SWMR_PATH");
  const char* rows_text = std::getenv("WFSIM_SWMR_ROWS");
  REQUIRE(path != nullptr);
  REQUIRE(rows_text != nullptr);
  const auto rows = static_cast<hsize_t>(std::stoi(rows_text));
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
  const hid_t file = H5Fopen(path, H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, fapl);
  REQUIRE(file >= 0);
  CHECK(int_attr(file, "complete") == 0);
  const std::vector<double> headcount = read_all<double>(file, "/metrics/headcount", -1);
  REQUIRE(headcount.size() == rows);
  for (hsize_t i = 0; i < rows; ++i) {
    CHECK(headcount[i] == 100.0 + static_cast<double>(i));
  }
  const std::vector<hsize_t> agent_dims = dims_of(file, "/agents/age");
  CHECK(agent_dims[0] == rows);
  if (rows > 0) {
    CHECK(agent_dims[1] == 100 + 10 * (rows - 1));
    const std::vector<float> age = read_all<float>(file, "/agents/age", H5T_NATIVE_FLOAT);
    CHECK(age[0] == 20.0f);
  }
  H5Fclose(file);
  H5Pclose(fapl);
  std::ostringstream out;
  print_info(path, out);  // `wfsim info` on a running file
  CHECK(out.str().find("incomplete") != std::string::npos);
}

}  // namespace wfsim::output
