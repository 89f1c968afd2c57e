// The sweep index (index.h5): one row per planned run, built from the run
// files alone, so that a local sweep, every MPI rank's files and every Slurm
// task's files give the same index, and a resumed sweep rebuilds it. Rows are
// streamed to the file in blocks: memory does not grow with the run count.
//
// Layout: group /runs of equal-length 1-D datasets (run_index, run_id, point,
// replicate, seed, status, wall_seconds, file, error, one per parameter, one
// per summary scalar METRIC.REDUCE), with attributes `columns`, `parameters`
// and `summary` naming them; root attributes identify the sweep.
#pragma once

#include <cstdint>
#include <filesystem>

#include "sim/sweep/plan.hpp"

namespace wfsim::sweep {

struct IndexStats {
  std::int64_t complete = 0, incomplete = 0, failed = 0, missing = 0, foreign = 0;
  double seconds = 0;  // wall time of building the index
};

// Reads every planned run's file and writes plan.index_file() (under a
// temporary name, then renamed).
IndexStats write_index(const Plan& plan);

// The summary scalars of a finished run, as the root attributes its file
// carries (summary.METRIC.REDUCE).
std::vector<output::Attr> summary_attributes(const Plan& plan,
                                             const std::vector<std::vector<double>>& history);

}  // namespace wfsim::sweep
