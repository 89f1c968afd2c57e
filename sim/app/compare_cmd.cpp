#include "sim/app/compare_cmd.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "sim/app/progress.hpp"
#include "sim/compare/compare_file.hpp"
#include "sim/core/errors.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/run_scenario.hpp"
#include "sim/scenario/load.hpp"

namespace fs = std::filesystem;

namespace wfsim::app {

CLI::App* add_compare_command(CLI::App& app, CompareArgs& a) {
  auto* cmd = app.add_subcommand(
      "compare", "Paired comparison of a policy with its baseline (shared draws, 95% CIs)");
  cmd->footer(
      "Runs both arms replicate by replicate (replicate k uses seed + k): every draw is keyed\n"
      "by seed, week, entity and purpose, so the arms share their randomness wherever their\n"
      "people coincide and small effects show with few replicates. Prints each key metric's\n"
      "paired difference with its Student-t 95% interval; writes every run and compare.h5.\n\n"
      "Examples:\n"
      "  wfsim compare scenarios/rto_five_days.yaml -n 5 --ticks 104   # vs its no-policy arm\n"
      "  wfsim compare scenarios/ai_augment_not_replace.yaml scenarios/ai_as_cover.yaml -n 3");
  cmd->add_option("baseline", a.base,
                  "Baseline scenario YAML; given alone, it is the policy arm and its baseline\n"
                  "is the same file with `policies: []`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("policy", a.policy, "Policy scenario YAML (the same firm with policies)")
      ->check(CLI::ExistingFile);
  cmd->add_option(
      "-o,--output", a.output,
      "Folder for the runs and compare.h5 (default: out/compare-<policy>-vs-<baseline>)");
  cmd->add_option("-n,--replicates", a.replicates, "Replicates per arm (default 1)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", a.seed, "Seed of replicate 0 (default: the baseline's seed)");
  cmd->add_option("--ticks", a.ticks, "Weeks to simulate (overrides `ticks` in both)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--threads", a.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--set", a.sets, "Override a value in both arms, as in `run` (repeatable)");
  cmd->add_flag("--force", a.force, "Replace existing result files");
  cmd->add_flag("--no-output", a.no_output, "Write no files, only print the comparison");
  cmd->add_flag("-q,--quiet", a.quiet, "No progress and no table");
  return cmd;
}

namespace {

std::vector<std::string> overrides(const CompareArgs& a, std::uint64_t seed, bool is_base) {
  std::vector<std::string> o = a.sets;
  // One file given: its baseline is the same scenario without policies.
  if (is_base && a.policy.empty()) o.push_back("policies=[]");
  o.push_back("seed=" + std::to_string(seed));
  if (a.ticks) o.push_back("ticks=" + std::to_string(*a.ticks));
  return o;
}

// Runs one arm's replicate; returns its metrics history [tick][metric].
std::vector<std::vector<double>> run_arm(std::shared_ptr<const scenario::Scenario> sc,
                                         const fs::path& out, bool force, bool show,
                                         const std::string& label) {
  if (show) std::cerr << label << "\n";
  Progress progress(sc->ticks, show);
  engine::RunRequest rq;
  rq.scenario = std::move(sc);
  rq.output = out;
  rq.force = force;
  rq.on_tick = [&](std::int64_t t, double agent_ticks) { progress.update(t, agent_ticks); };
  auto r = engine::run_scenario(rq);
  progress.finish();
  return r.engine->history();
}

std::string num(double v) {
  char buf[48];
  double a = std::fabs(v);
  if (a != 0 && (a >= 1e4 || a < 1e-2)) {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3f", v);
  }
  return buf;
}

void print_table(std::ostream& out, const compare::Comparison& c) {
  const auto& keys = compare::key_metrics();
  const std::size_t n = c.seeds.size();
  out << "\n== wfsim compare: '" << c.policy.scenario_name << "' vs baseline '"
      << c.base.scenario_name << "', " << n << " replicate" << (n == 1 ? "" : "s") << " (seeds "
      << c.seeds.front() << ".." << c.seeds.back() << "), " << c.ticks << " ticks ==\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-22s %-20s %12s %12s %12s  %-27s %8s\n", "metric", "reduce",
                "baseline", "policy", "difference", n >= 2 ? "95% CI" : "(CI needs 2+ replicates)",
                "change");
  out << line;
  for (std::size_t m = 0; m < keys.size(); ++m) {
    const auto& s = c.stats[m];
    std::string ci = n >= 2 ? "[" + num(s.ci_low) + ", " + num(s.ci_high) + "]" : "";
    std::string change = "";
    if (s.base_mean != 0) {
      char b[32];
      std::snprintf(b, sizeof b, "%+.1f%%", 100.0 * s.diff_mean / std::fabs(s.base_mean));
      change = b;
    }
    bool sure = n >= 2 && (s.ci_low > 0 || s.ci_high < 0);
    std::snprintf(line, sizeof line, "  %-22s %-20s %12s %12s %12s  %-27s %8s%s\n",
                  keys[m].name.c_str(), compare::reduce_name(keys[m].reduce),
                  num(s.base_mean).c_str(), num(s.policy_mean).c_str(), num(s.diff_mean).c_str(),
                  ci.c_str(), change.c_str(), sure ? " *" : "");
    out << line;
  }
  if (n >= 2) out << "  * the 95% interval of the paired difference excludes 0\n";
}

}  // namespace

int run_compare(const CompareArgs& a) {
  int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  // Validate both files before any run starts.
  const std::string& policy_file = a.policy.empty() ? a.base : a.policy;
  const auto probe_policy = scenario::load_file(policy_file, overrides(a, 0, false));
  const auto probe_base = scenario::load_file(a.base, a.sets);
  // Paired sums need one horizon and one firm: the arms must agree on both.
  const auto probe_base_arm = scenario::load_file(a.base, overrides(a, 0, true));
  if (probe_base_arm.ticks != probe_policy.ticks) {
    throw UsageError(
        "the arms run for different horizons (" + std::to_string(probe_base_arm.ticks) + " and " +
        std::to_string(probe_policy.ticks) + " ticks): give both the same `ticks`, or --ticks");
  }
  if (probe_base_arm.firm.functions.size() != probe_policy.firm.functions.size() ||
      probe_base_arm.firm.sites.size() != probe_policy.firm.sites.size()) {
    throw UsageError(
        "the arms describe different firms (functions or sites differ): a paired "
        "comparison needs the same firm in both");
  }
  const std::uint64_t seed0 = a.seed ? *a.seed : probe_base.seed;
  fs::path dir;
  if (!a.no_output) {
    const std::string base_stem =
        a.policy.empty() ? "no-policies" : fs::path(a.base).stem().string();
    dir = a.output.empty() ? fs::path("out") / ("compare-" + fs::path(policy_file).stem().string() +
                                                "-vs-" + base_stem)
                           : fs::path(a.output);
    if (fs::exists(dir / "compare.h5") && !a.force) {
      throw UsageError("'" + (dir / "compare.h5").string() +
                       "' exists; wfsim never overwrites a result: pass --force to replace it "
                       "or -o to write elsewhere");
    }
    fs::create_directories(dir);
  }
  compare::Comparison c;
  const auto& keys = compare::key_metrics();
  for (auto* arm : {&c.base, &c.policy}) {
    arm->values.assign(keys.size(), {});
    arm->series.assign(keys.size(), {});
  }
  c.base.scenario_path = a.base;
  c.policy.scenario_path = policy_file;
  const bool show = !a.quiet;
  for (int k = 0; k < a.replicates; ++k) {
    const std::uint64_t seed = seed0 + static_cast<std::uint64_t>(k);
    c.seeds.push_back(seed);
    for (auto [arm, file, label] :
         {std::tuple{&c.base, &a.base, "base"}, std::tuple{&c.policy, &policy_file, "policy"}}) {
      const bool is_base = arm == &c.base;
      auto sc = std::make_shared<scenario::Scenario>(
          scenario::load_file(*file, overrides(a, seed, is_base)));
      arm->scenario_name = sc->name + (is_base && a.policy.empty() ? " (no policies)" : "");
      arm->scenario_yaml = sc->source_text;
      c.ticks = sc->ticks;
      fs::path out;
      if (!dir.empty()) {
        out = dir / (std::string(label) + "-r" + std::to_string(k) + ".h5");
        arm->run_files.push_back(out.filename().string());  // relative to the folder
      }
      auto history = run_arm(sc, out, a.force, show,
                             "[" + std::to_string(k + 1) + "/" + std::to_string(a.replicates) +
                                 "] " + label + " '" + sc->name + "' seed " + std::to_string(seed));
      for (std::size_t m = 0; m < keys.size(); ++m) {
        int col = engine::metric_index(keys[m].name);
        std::vector<double> series;
        series.reserve(history.size());
        for (const auto& row : history) series.push_back(row[static_cast<std::size_t>(col)]);
        arm->values[m].push_back(compare::reduce(series, keys[m].reduce));
        arm->series[m].push_back(std::move(series));
      }
    }
  }
  compare::summarise(c);
  if (!dir.empty()) compare::write_comparison(dir / "compare.h5", c, a.force);
  if (!a.quiet) {
    print_table(std::cout, c);
    if (!dir.empty()) {
      std::cout << "  runs and compare.h5 in " << dir.string() << "/\n";
    }
  }
  return 0;
}

}  // namespace wfsim::app
