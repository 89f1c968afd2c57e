#include "sim/compare/paired.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wfsim::compare {

const std::vector<KeyMetric>& key_metrics() {
  static const std::vector<KeyMetric> list = {
      {"operating_income", Reduce::sum},
      {"revenue", Reduce::sum},
      {"costs", Reduce::sum},
      {"headcount", Reduce::last},
      {"ic_per_manager", Reduce::last},
      {"revenue_per_employee", Reduce::last},
      {"operating_margin", Reduce::mean_last_year},
      {"output", Reduce::sum},
      {"expected_output", Reduce::sum},
      {"backlog", Reduce::max},
      {"workload", Reduce::mean_last_year},
      {"mean_morale", Reduce::mean_last_year},
      {"quits", Reduce::sum},
      {"regretted_quits", Reduce::sum},
      {"quiet_attrition", Reduce::sum},
      {"layoffs", Reduce::sum},
      {"severance", Reduce::sum},
      {"severance_avoided", Reduce::sum},
      {"hires", Reduce::sum},
      {"ai_agents", Reduce::last},
      {"robots", Reduce::last},
      {"ai_capex", Reduce::sum},
      {"oversight_gap", Reduce::mean},
  };
  return list;
}

const char* reduce_name(Reduce how) {
  switch (how) {
    case Reduce::sum:
      return "sum";
    case Reduce::last:
      return "last";
    case Reduce::mean:
      return "mean";
    case Reduce::mean_last_year:
      return "mean, last 52 weeks";
    case Reduce::max:
      return "peak";
  }
  return "?";
}

double reduce(const std::vector<double>& series, Reduce how) {
  if (series.empty()) return 0.0;
  std::size_t from = 0;
  switch (how) {
    case Reduce::last:
      return series.back();
    case Reduce::max:
      return *std::max_element(series.begin(), series.end());
    case Reduce::mean_last_year:
      from = series.size() > 52 ? series.size() - 52 : 0;
      [[fallthrough]];
    case Reduce::mean:
    case Reduce::sum: {
      double s = 0;
      for (std::size_t t = from; t < series.size(); ++t) s += series[t];
      return how == Reduce::sum ? s : s / static_cast<double>(series.size() - from);
    }
  }
  return 0.0;
}

double t_975(int df) {
  // Two-sided 95% quantiles of Student's t; beyond 30 the normal's 1.96 plus
  // the first correction term is within 0.002 of the exact value.
  static constexpr double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                     2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                     2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                     2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) throw std::invalid_argument("t_975 needs df >= 1");
  if (df <= 30) return table[df - 1];
  return 1.959964 + 2.4 / df;
}

PairedStat paired(const std::vector<double>& base, const std::vector<double>& policy) {
  if (base.size() != policy.size()) throw std::invalid_argument("paired: unequal replicates");
  PairedStat r;
  r.n = static_cast<int>(base.size());
  if (r.n == 0) return r;
  double sb = 0, sp = 0, sd = 0;
  for (int k = 0; k < r.n; ++k) {
    sb += base[k];
    sp += policy[k];
    sd += policy[k] - base[k];
  }
  r.base_mean = sb / r.n;
  r.policy_mean = sp / r.n;
  r.diff_mean = sd / r.n;
  if (r.n < 2) {
    r.ci_low = r.ci_high = r.diff_mean;
    return r;
  }
  double ss = 0;
  for (int k = 0; k < r.n; ++k) {
    double d = policy[k] - base[k] - r.diff_mean;
    ss += d * d;
  }
  r.diff_sd = std::sqrt(ss / (r.n - 1));
  double half = t_975(r.n - 1) * r.diff_sd / std::sqrt(static_cast<double>(r.n));
  r.ci_low = r.diff_mean - half;
  r.ci_high = r.diff_mean + half;
  return r;
}

}  // namespace wfsim::compare
