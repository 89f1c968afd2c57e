// Paired comparison of a policy against its baseline (`wfsim compare`).
// Replicate k of both arms runs with seed base + k; since every draw is keyed
// by (seed, tick, entity, purpose), the two arms share their randomness
// wherever their agents coincide, so the per-replicate differences vary far
// less than either arm and small effects show with few replicates. The
// statistics are the mean paired difference and its Student-t 95% interval.
#pragma once

#include <string>
#include <vector>

namespace wfsim::compare {

// How a run's per-tick series becomes one number.
enum class Reduce { sum, last, mean, mean_last_year, max };

struct KeyMetric {
  std::string name;  // a /metrics name
  Reduce reduce;
};

// The metrics `wfsim compare` reports, in print order.
const std::vector<KeyMetric>& key_metrics();

// `series` is one metric over ticks; mean_last_year averages the last 52
// ticks (or all of them in a shorter run). An empty series gives 0.
double reduce(const std::vector<double>& series, Reduce how);
const char* reduce_name(Reduce how);

// Two-sided 95% Student-t quantile for `df` degrees of freedom (df >= 1).
double t_975(int df);

struct PairedStat {
  int n = 0;
  double base_mean = 0, policy_mean = 0;
  double diff_mean = 0, diff_sd = 0;  // of policy - base, over replicates
  double ci_low = 0, ci_high = 0;     // 95% interval of the mean difference (n >= 2)
};
// base[k] and policy[k] are replicate k of each arm; sizes must match.
PairedStat paired(const std::vector<double>& base, const std::vector<double>& policy);

}  // namespace wfsim::compare
