// A parameter sweep as its YAML file describes it (../shared/sweep-example.yaml):
// a base scenario, a design (grid, random or Latin hypercube) over dotted
// paths into it, replicates per point, the summary scalars of the index and
// the output folder. Parsed with the scenario's Reader, so every mistake is
// reported as FILE:LINE:COL: key.path: rule (got value); did you mean 'x'?
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wfsim::sweep {

enum class Design : std::uint8_t { grid, random, lhs };
enum class Reduce : std::uint8_t { sum, mean, first, last, min, max };

// The most runs one sweep may plan (points x replicates).
inline constexpr std::int64_t kMaxRuns = 1'000'000;

struct Position {
  int line = 0;  // 1-based in the sweep file, 0 if unknown
  int column = 0;
};

struct Parameter {
  std::string path;                 // as written: policies[id=rto].days_per_week
  std::vector<std::string> values;  // YAML text of each listed value (empty for a range)
  std::vector<Position> value_at;   // where each listed value is written
  std::optional<double> min, max;   // a range (random and lhs designs)
  bool integer = false;             // the range holds integers
  Position at;                      // where the parameter's value is written
};

struct Summary {
  std::string metric;  // a name of /metrics
  Reduce reduce = Reduce::last;
  [[nodiscard]] std::string column() const;  // "operating_income.sum"
};

struct SweepSpec {
  std::string file;  // the sweep file, as given
  std::string name;
  std::string description;
  std::string base_file;  // the base scenario's path (relative to the sweep file resolved)
  std::string base_text;  // its contents
  // The base as the sweep file writes it: the name run files record with
  // the scenario text, so that they do not depend on where the sweep ran from.
  std::string base_as_written;
  Design design = Design::grid;
  int replicates = 1;
  std::int64_t samples = 0;       // random and lhs
  std::uint64_t design_seed = 1;  // random and lhs draws
  std::vector<Parameter> parameters;
  std::vector<Summary> summary;
  std::filesystem::path output;  // resolved against the sweep file's folder
  // Warm start: run the base's first `fork_at` ticks once per replicate and
  // fork every point's run from that checkpoint (parameters then may change
  // only policies, which must not act before the fork).
  std::optional<std::int64_t> fork_at;
  Position fork_at_position;
  std::vector<std::string> sets;  // --set overrides of the base scenario
};

// Reads and checks the sweep file itself (the points are checked by make_plan).
// `sets` apply to the base scenario as in `wfsim run --set`.
SweepSpec parse_sweep_file(const std::filesystem::path& file, const std::vector<std::string>& sets);
SweepSpec parse_sweep_string(const std::string& text, const std::string& file,
                             const std::vector<std::string>& sets);

std::string_view design_name(Design d);
std::string_view reduce_name(Reduce r);
double reduce(Reduce r, const std::vector<double>& series);  // NaN for an empty series

}  // namespace wfsim::sweep
