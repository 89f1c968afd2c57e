// The difference summary of a paired comparison as an HDF5 file
// (compare.h5 beside the runs' own files; docs/output-format.md):
//   /summary/{metric, reduce, base_mean, policy_mean, diff_mean, diff_sd,
//             ci_low, ci_high}   one row per key metric (pandas-friendly columns)
//   /replicates/{base, policy}   [metric, replicate] per-run values
//   /paired/NAME                 [replicate, tick] policy - base of each key metric
// with root attributes naming both scenarios, the seeds and the run files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/compare/paired.hpp"

namespace wfsim::compare {

struct Arm {
  std::string scenario_path;
  std::string scenario_name;
  std::string scenario_yaml;                             // as run, overrides applied
  std::vector<std::string> run_files;                    // one per replicate (empty: not written)
  std::vector<std::vector<double>> values;               // [metric][replicate], key_metrics() order
  std::vector<std::vector<std::vector<double>>> series;  // [metric][replicate][tick]
};

struct Comparison {
  Arm base, policy;
  std::vector<std::uint64_t> seeds;  // replicate k's seed
  std::int64_t ticks = 0;
  std::vector<PairedStat> stats;  // key_metrics() order
};

// Fills c.stats from both arms' values.
void summarise(Comparison& c);

// Writes the file through a temporary name and a rename, so an interrupted
// write never leaves a half file under `path`; refuses to replace an
// existing file unless `force`.
void write_comparison(const std::filesystem::path& path, const Comparison& c, bool force);

}  // namespace wfsim::compare
