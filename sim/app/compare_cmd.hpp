// `wfsim compare BASE.yaml POLICY.yaml` (and `wfsim run POLICY.yaml
// --baseline BASE.yaml`): runs both arms with the same seeds, replicate by
// replicate, writes every run's HDF5 file and compare.h5 into one folder, and
// prints the paired differences of the key metrics with 95% intervals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace wfsim::app {

struct CompareArgs {
  std::string base;
  std::string policy;
  std::string output;  // folder; default out/compare-<policy>-vs-<base>
  int replicates = 1;
  std::optional<std::uint64_t> seed;  // replicate k uses seed + k; default the base's seed
  std::optional<std::int64_t> ticks;
  int threads = 0;
  std::vector<std::string> sets;  // applied to both arms
  bool force = false, quiet = false, no_output = false;
};

// Registers the `compare` subcommand; the caller runs run_compare() when it parsed.
CLI::App* add_compare_command(CLI::App& app, CompareArgs& args);
int run_compare(const CompareArgs& args);

}  // namespace wfsim::app
