// A sweep's run plan: every design point (the parameter values it sets), and
// run i = (point i / replicates, replicate i % replicates) with seed base + k,
// so replicate k of every point shares its random draws with the others
// (paired points). Runs are computed from their index, not stored, and every
// point is validated up front by loading the base scenario with its
// overrides, so a value a parameter rejects is reported before any run.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "sim/output/run_writer.hpp"
#include "sim/scenario/spec.hpp"
#include "sim/sweep/spec.hpp"

namespace wfsim::sweep {

struct Run {
  std::int64_t index = 0;
  std::int64_t point = 0;
  int replicate = 0;
  std::uint64_t seed = 0;
  std::string id;  // p0003-r01: file runs/<id>.h5
};

class Plan {
 public:
  explicit Plan(SweepSpec spec);  // generates and validates the points; throws ScenarioError

  [[nodiscard]] const SweepSpec& spec() const { return spec_; }
  [[nodiscard]] std::int64_t points() const { return static_cast<std::int64_t>(points_.size()); }
  [[nodiscard]] std::int64_t runs() const { return points() * spec_.replicates; }
  [[nodiscard]] Run run(std::int64_t index) const;
  // YAML text of parameter j's value at a point.
  [[nodiscard]] const std::string& value(std::int64_t point, std::size_t j) const {
    return points_[point][j];
  }
  // True when parameter j's values are all numbers (a numeric index column).
  [[nodiscard]] bool numeric(std::size_t j) const { return numeric_[j]; }
  // The base scenario's seed and ticks (after --set).
  [[nodiscard]] std::uint64_t base_seed() const { return base_seed_; }
  [[nodiscard]] std::int64_t ticks() const { return ticks_; }
  // Hash of the resolved design (base text, --set, every point, replicates,
  // summary): FNV-1a 64, 16 hex digits.
  [[nodiscard]] const std::string& hash() const { return hash_; }
  [[nodiscard]] std::string sweep_id() const { return spec_.name + "-" + hash_.substr(0, 12); }

  // --set overrides that make run `r`'s scenario from the base.
  [[nodiscard]] std::vector<std::string> overrides(const Run& r) const;
  [[nodiscard]] std::shared_ptr<const scenario::Scenario> scenario(const Run& r) const;
  // Root attributes that identify the run in its file.
  [[nodiscard]] std::vector<output::Attr> attributes(const Run& r) const;
  // {"path": value, ...} of a point, as JSON.
  [[nodiscard]] std::string parameters_json(std::int64_t point) const;

  [[nodiscard]] std::filesystem::path run_file(const Run& r) const;
  [[nodiscard]] std::filesystem::path partial_file(const Run& r) const;
  [[nodiscard]] std::filesystem::path error_file(const Run& r) const;
  [[nodiscard]] std::filesystem::path index_file() const { return spec_.output / "index.h5"; }
  [[nodiscard]] std::filesystem::path manifest_file() const { return spec_.output / "sweep.txt"; }

  // Warm start (spec().fork_at): replicate k's burn-in and its checkpoint.
  [[nodiscard]] std::shared_ptr<const scenario::Scenario> burn_in_scenario(int replicate) const;
  [[nodiscard]] std::filesystem::path burn_in_file(int replicate) const;     // .h5
  [[nodiscard]] std::filesystem::path checkpoint_file(int replicate) const;  // .ckpt

  // The runs of Slurm task `task` of `count` (round robin by index).
  [[nodiscard]] std::vector<std::int64_t> share(std::int64_t task, std::int64_t count) const;

 private:
  void make_points();
  void validate();
  void check_fork_policies(const YAML::Node& base_tree, const YAML::Node& point_tree,
                           const scenario::Scenario& point, std::int64_t i) const;
  void compute_hash();

  SweepSpec spec_;
  std::vector<std::vector<std::string>> points_;  // [point][parameter] YAML text
  std::vector<std::vector<int>> choice_;          // [point][parameter] list item, -1 for a range
  std::vector<bool> numeric_;
  std::uint64_t base_seed_ = 0;
  std::int64_t ticks_ = 0;
  std::string hash_;
  int point_digits_ = 4, replicate_digits_ = 2;
  // The base scenario's parsed policies (for fork_at checks), loaded once.
  mutable std::shared_ptr<const scenario::Scenario> burn_in_policies_;
};

// Creates the output folder and its manifest (the design hash and listing),
// or checks that an existing one belongs to this very design: a sweep never
// writes into the results of another. Throws UsageError on a mismatch.
void claim_output(const Plan& plan);

// Writes the dry-run listing: a header, then one line per run.
void print_plan(const Plan& plan, std::ostream& out);

// Runs of `candidates` whose file is not there yet (a run file appears only
// complete: it is written under a temporary name and renamed).
std::vector<std::int64_t> pending(const Plan& plan, const std::vector<std::int64_t>& candidates);

}  // namespace wfsim::sweep
