// print_info: the human-readable summary behind `wfsim info FILE`.
//
// It opens the file for SWMR reading first, so it also works on a file that a
// run is still writing (or that a killed run left marked as being written);
// files written without SWMR fall back to a plain read-only open. Everything
// is read through the paths of docs/output-format.md; a group that is absent
// (no /agents when agent_every was 0) is reported as such, not as an error.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/output/h5.hpp"
#include "sim/output/run_writer.hpp"

namespace wfsim::output {
namespace {

constexpr std::int64_t kSchemaVersion = 1;
constexpr hsize_t kEventBlock = 1 << 20;  // rows of `kind` read at a time

// "'path'" (built by appending: GCC 12 warns falsely on "'" + std::string&&).
std::string quoted(const std::filesystem::path& path) {
  std::string text(1, '\'');
  text += path.string();
  text += '\'';
  return text;
}

h5::Handle open_for_reading(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string name = quoted(path);
  if (!fs::exists(path, ec)) {
    throw OutputError("no such file: " + name);
  }
  if (!fs::is_regular_file(path, ec)) {
    throw OutputError(name + " is not a file");
  }
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  H5Eclear2(H5E_DEFAULT);
  if (is_hdf5 <= 0) {
    throw OutputError(name + " is not an HDF5 file");
  }

  const hid_t swmr = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, H5P_DEFAULT);
  if (swmr >= 0) {
    return {swmr, "open " + name};
  }
  H5Eclear2(H5E_DEFAULT);  // an older-format file cannot be opened for SWMR reading
  h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + name);
  return file;
}

void check_format(hid_t root, const std::filesystem::path& path) {
  const std::string name = quoted(path);
  if (!h5::has_attr(root, "format") || h5::read_attr_string(root, "format") != "wfsim") {
    throw OutputError(name + " is an HDF5 file but not a wfsim result (no format = wfsim)");
  }
  const std::int64_t version =
      h5::has_attr(root, "schema_version") ? h5::read_attr_int64(root, "schema_version") : -1;
  if (version != kSchemaVersion) {
    throw OutputError(name + " has schema version " + std::to_string(version) +
                      "; this wfsim reads version " + std::to_string(kSchemaVersion));
  }
}

std::string attr_or(hid_t obj, const char* name, const std::string& fallback) {
  return h5::has_attr(obj, name) ? h5::read_attr_string(obj, name) : fallback;
}

std::string join(const std::vector<std::string>& items, std::size_t limit = 20) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    out += (i ? ", " : "") + items[i];
  }
  if (items.size() > limit) {
    out += ", ... (" + std::to_string(items.size()) + " in all)";
  }
  return out;
}

template <class T>
T read_one(hid_t dset, hsize_t row) {
  T value{};
  h5::read_rows(dset, h5::mem_type<T>(), row, 1, &value);
  return value;
}

void print_root(hid_t root, const std::filesystem::path& path, std::ostream& out) {
  out << "wfsim result: " << path.string() << "\n";
  out << "  scenario:   " << attr_or(root, "scenario_name", "?");
  if (h5::has_attr(root, "seed")) {
    out << "  seed " << h5::read_attr_int64(root, "seed");
  }
  if (h5::has_attr(root, "ticks")) {
    out << "  " << h5::read_attr_int64(root, "ticks") << " ticks asked";
  }
  const std::string start = attr_or(root, "start_date", "");
  if (!start.empty()) {
    out << "  from " << start;
  }
  out << "\n";
  const bool complete = h5::has_attr(root, "complete") && h5::read_attr_int64(root, "complete");
  out << "  status:     ";
  if (complete) {
    out << "complete";
    if (h5::has_attr(root, "wall_seconds")) {
      out << ", " << h5::read_attr_double(root, "wall_seconds") << " s wall time";
    }
  } else {
    out << "incomplete (still running, or the run was stopped)";
  }
  out << "\n  written by: wfsim " << attr_or(root, "wfsim_version", "?") << " (commit "
      << attr_or(root, "git_commit", "?") << ") on " << attr_or(root, "host", "?") << " at "
      << attr_or(root, "created", "?") << "\n";
}

void print_metrics(hid_t root, std::ostream& out) {
  if (!h5::exists(root, "metrics")) {
    out << "metrics: none\n";
    return;
  }
  const h5::Handle group = h5::open_group(root, "metrics");
  const h5::Handle tick = h5::open_dataset(group.get(), "tick");
  const hsize_t rows = h5::extent(tick.get())[0];
  out << "ticks recorded: " << rows;
  if (rows > 0) {
    out << " (" << read_one<std::int64_t>(tick.get(), 0) << ".."
        << read_one<std::int64_t>(tick.get(), rows - 1) << ")";
  }
  out << "\n";
  std::vector<std::string> names = h5::member_names(group.get());
  std::erase(names, "tick");
  out << "metrics (" << names.size() << "):\n";
  for (const std::string& name : names) {
    const h5::Handle d = h5::open_dataset(group.get(), name.c_str());
    out << "  " << name << " [" << attr_or(d.get(), "unit", "?") << "]";
    const hsize_t n = h5::extent(d.get())[0];
    if (name == "headcount" && n > 0) {
      out << "  first " << read_one<double>(d.get(), 0) << ", last "
          << read_one<double>(d.get(), n - 1);
    }
    out << "\n";
  }
}

void print_functions(hid_t root, std::ostream& out) {
  if (!h5::exists(root, "metrics_by_function")) {
    return;
  }
  const h5::Handle group = h5::open_group(root, "metrics_by_function");
  const std::vector<std::string> functions = h5::has_attr(group.get(), "functions")
                                                 ? h5::read_attr_strings(group.get(), "functions")
                                                 : std::vector<std::string>{};
  out << "functions (" << functions.size() << "): " << join(functions) << "\n";
  std::vector<std::string> names = h5::member_names(group.get());
  std::erase(names, "tick");
  std::vector<std::string> labelled;
  for (const std::string& name : names) {
    const h5::Handle d = h5::open_dataset(group.get(), name.c_str());
    labelled.push_back(name + " [" + attr_or(d.get(), "unit", "?") + "]");
  }
  out << "metrics by function (" << names.size() << "): " << join(labelled, 50) << "\n";
}

void print_agents(hid_t root, std::ostream& out) {
  if (!h5::exists(root, "agents")) {
    out << "agents: not recorded\n";
    return;
  }
  const h5::Handle group = h5::open_group(root, "agents");
  std::vector<std::string> fields = h5::member_names(group.get());
  std::erase(fields, "tick");
  hsize_t rows = 0;
  hsize_t slots = 0;
  if (!fields.empty()) {
    const h5::Handle d = h5::open_dataset(group.get(), fields.front().c_str());
    const std::vector<hsize_t> dims = h5::extent(d.get());
    rows = dims[0];
    slots = dims.size() > 1 ? dims[1] : 0;
  }
  out << "agents: " << rows << " rows x " << slots << " slots, compression "
      << attr_or(group.get(), "compression", "?") << "\n";
  out << "  fields: " << join(fields) << "\n";
}

void print_events(hid_t root, std::ostream& out) {
  if (!h5::exists(root, "events")) {
    return;
  }
  const h5::Handle d = h5::open_dataset(root, "events");
  const hsize_t total = h5::extent(d.get())[0];
  out << "events: " << total << "\n";
  if (total == 0) {
    return;
  }
  // Read only the `kind` column: HDF5 matches compound members by name.
  const h5::Handle file_type(H5Dget_type(d.get()), "get event type");
  const int index = H5Tget_member_index(file_type.get(), "kind");
  if (index < 0) {
    throw OutputError("/events has no kind column");
  }
  const h5::Handle kind_type(H5Tget_member_type(file_type.get(), static_cast<unsigned>(index)),
                             "get event kind type");
  const std::array<h5::CompoundMember, 1> member{{{"kind", 0, kind_type.get()}}};
  const h5::Handle mem = h5::compound(sizeof(std::uint8_t), member);
  std::array<std::uint64_t, 256> counts{};
  std::vector<std::uint8_t> kinds;
  for (hsize_t first = 0; first < total; first += kEventBlock) {
    const hsize_t n = std::min(kEventBlock, total - first);
    kinds.resize(n);
    h5::read_rows(d.get(), mem.get(), first, n, kinds.data());
    for (const std::uint8_t k : kinds) {
      ++counts[k];
    }
  }
  for (unsigned k = 0; k < counts.size(); ++k) {
    if (counts[k] == 0) {
      continue;
    }
    std::array<char, 64> name{};
    const auto value = static_cast<std::uint8_t>(k);
    if (H5Tenum_nameof(kind_type.get(), &value, name.data(), name.size()) < 0) {
      H5Eclear2(H5E_DEFAULT);
      std::snprintf(name.data(), name.size(), "kind %u", k);
    }
    out << "  " << name.data() << ": " << counts[k] << "\n";
  }
}

void print_graph(hid_t root, std::ostream& out) {
  if (!h5::exists(root, "graph")) {
    return;
  }
  const h5::Handle group = h5::open_group(root, "graph");
  const h5::Handle ticks = h5::open_dataset(group.get(), "snapshot_tick");
  const h5::Handle rows = h5::open_dataset(group.get(), "snapshot_rows");
  // The two datasets may differ by one while a writer appends; use the shorter.
  const hsize_t k = std::min(h5::extent(ticks.get())[0], h5::extent(rows.get())[0]);
  std::vector<std::int64_t> at(k);
  h5::read_rows(ticks.get(), h5::mem_type<std::int64_t>(), 0, k, at.data());
  std::vector<std::string> labels;
  labels.reserve(at.size());
  for (const std::int64_t t : at) {
    labels.push_back(std::to_string(t));
  }
  out << "graph: " << k << " snapshots";
  if (k > 0) {
    out << " at ticks " << join(labels, 12) << "; last has "
        << read_one<std::int64_t>(rows.get(), k - 1) << " positions";
  }
  out << "\n";
  if (h5::has_attr(group.get(), "sites")) {
    out << "  sites: " << join(h5::read_attr_strings(group.get(), "sites")) << "\n";
  }
}

}  // namespace

void print_info(const std::filesystem::path& path, std::ostream& out) {
  h5::init();
  const h5::Handle file = open_for_reading(path);
  check_format(file.get(), path);
  // Build the text first so that a read error does not leave half a summary.
  std::ostringstream text;
  print_root(file.get(), path, text);
  print_metrics(file.get(), text);
  print_functions(file.get(), text);
  print_agents(file.get(), text);
  print_events(file.get(), text);
  print_graph(file.get(), text);
  out << text.str();
}

}  // namespace wfsim::output
