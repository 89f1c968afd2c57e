// wfsim: the command line. Subcommands run, validate, info and sweep; errors in
// the user's input exit 2 with one clear line, other failures exit 1.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "sim/app/compare_cmd.hpp"
#include "sim/app/progress.hpp"
#include "sim/app/summary.hpp"
#include "sim/app/sweep_cmd.hpp"
#include "sim/core/errors.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/run_scenario.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/scenario/load.hpp"

namespace fs = std::filesystem;
using namespace wfsim;

namespace {

// Ctrl-C or SIGTERM: finish the tick, close the file properly (incomplete but
// readable by every HDF5 tool), exit 130. A second signal kills at once.
std::atomic<int> g_stop{0};
extern "C" void on_signal(int sig) {
  if (g_stop.exchange(sig) != 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

struct RunArgs {
  std::string scenario;
  std::string output;
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> ticks;
  int threads = 0;
  std::vector<std::string> sets;
  bool force = false, quiet = false, profile = false, no_output = false;
  std::string baseline;  // with it, `run` is a paired comparison against this scenario
  int replicates = 1;
  std::int64_t checkpoint_at = -1;
  std::string checkpoint, from;
};

std::vector<std::string> overrides_of(const RunArgs& a) {
  std::vector<std::string> o = a.sets;
  if (a.seed) o.push_back("seed=" + std::to_string(*a.seed));
  if (a.ticks) o.push_back("ticks=" + std::to_string(*a.ticks));
  return o;
}

int run(const RunArgs& a) {
  if (!a.baseline.empty()) {
    app::CompareArgs c;
    c.base = a.baseline;
    c.policy = a.scenario;
    c.output = a.output;
    c.replicates = a.replicates;
    c.seed = a.seed;
    c.ticks = a.ticks;
    c.threads = a.threads;
    c.sets = a.sets;
    c.force = a.force;
    c.quiet = a.quiet;
    c.no_output = a.no_output;
    return app::run_compare(c);
  }
  int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  auto sc = std::make_shared<scenario::Scenario>(scenario::load_file(a.scenario, overrides_of(a)));
  fs::path out;
  if (!a.no_output) {
    out = a.output.empty() ? fs::path("out") / (fs::path(a.scenario).stem().string() + ".h5")
                           : fs::path(a.output);
    if (fs::exists(out) && !a.force) {
      throw UsageError("'" + out.string() +
                       "' exists; wfsim never overwrites a result: pass --force to replace it "
                       "or -o to write elsewhere");
    }
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
  }
  app::Progress progress(sc->ticks, !a.quiet);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  engine::RunRequest rq;
  rq.scenario = sc;
  rq.output = out;
  rq.force = a.force;
  rq.stop = &g_stop;
  rq.checkpoint_at = a.checkpoint_at;
  if (a.checkpoint_at >= 0) {
    rq.checkpoint = !a.checkpoint.empty() ? fs::path(a.checkpoint)
                    : !out.empty()        ? fs::path(out).replace_extension(".ckpt")
                                   : fs::path(fs::path(a.scenario).stem().string() + ".ckpt");
  }
  rq.from = a.from;
  rq.on_tick = [&](std::int64_t t, double agent_ticks) { progress.update(t, agent_ticks); };
  auto r = engine::run_scenario(rq);
  progress.finish();
  if (!r.complete) {
    std::cerr << "wfsim: interrupted after " << r.ticks_done << " of " << sc->ticks << " ticks; "
              << (out.empty() ? std::string("no output")
                              : "'" + out.string() + "' is kept, incomplete")
              << "\n";
    return 130;
  }
  engine::Engine& engine = *r.engine;
  const double wall = r.wall_seconds, agent_ticks = r.agent_ticks;
  if (!a.quiet) {
    app::print_summary(std::cout, engine, wall, agent_ticks, out);
    if (!out.empty()) {
      std::cout << "  HDF5 bytes         " << r.bytes_written << " ("
                << static_cast<double>(r.bytes_written) / std::max(agent_ticks, 1.0)
                << " per agent-tick)\n";
    }
    std::cout << "  threads            " << threads << "\n";
  }
  if (a.profile) app::print_profile(std::cout, engine, wall);
  return 0;
}

int validate(const std::string& file, const std::vector<std::string>& sets) {
  auto sc = scenario::load_file(file, sets);
  std::int64_t heads = 0;
  for (const auto& f : sc.firm.functions) heads += f.headcount;
  std::cout << file << ": OK  (\"" << sc.name << "\": " << sc.firm.functions.size()
            << " functions, " << heads << " positions in functions, " << sc.firm.sites.size()
            << " sites, " << sc.policies.size() << " policies, " << sc.ticks << " ticks, seed "
            << sc.seed << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "wfsim: an agent-based workforce simulator.\n"
      "Models employees, managers, AI agents and robots in a firm's reporting tree and\n"
      "collaboration network, applies restructuring policies from a YAML scenario, and\n"
      "writes the state at every tick (one tick = one week) to an HDF5 file.\n\n"
      "Examples:\n"
      "  wfsim run scenarios/baseline.yaml                       # writes out/baseline.h5\n"
      "  wfsim run scenarios/baseline.yaml -o b.h5 --ticks 52 --seed 7\n"
      "  wfsim run s.yaml --set model.attrition.annual_quit_rate=0.2 --set output.agent_every=0\n"
      "  wfsim run s.yaml --set 'policies[id=cut].share=0.1' --threads 2 --profile\n"
      "  wfsim compare base.yaml policy.yaml --replicates 5      # paired difference, 95% CI\n"
      "  wfsim sweep sweep.yaml --dry-run                        # list a sweep's runs\n"
      "  wfsim validate s.yaml                                   # check, do not run\n"
      "  wfsim info out/baseline.h5                              # what a result holds\n\n"
      "The model: docs/ODD.md. The file layout: docs/output-format.md.",
      "wfsim"};
  app.set_version_flag(
      "--version", std::string("wfsim ") + WFSIM_VERSION + " (commit " + WFSIM_GIT_COMMIT + ")");
  app.require_subcommand(1);

  RunArgs ra;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write its HDF5 output");
  run_cmd->add_option("scenario", ra.scenario, "Scenario YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-o,--output", ra.output, "Output HDF5 file (default: out/<scenario>.h5)");
  run_cmd->add_option("--seed", ra.seed, "Random seed (overrides the scenario's `seed`)");
  run_cmd->add_option("--ticks", ra.ticks, "Weeks to simulate (overrides `ticks`)")
      ->check(CLI::PositiveNumber);
  run_cmd
      ->add_option("--threads", ra.threads,
                   "Worker threads (default: all cores); never changes the output")
      ->check(CLI::NonNegativeNumber);
  run_cmd->add_option(
      "--set", ra.sets,
      "Override a scenario value, e.g. --set model.morale.m0=0.6 or\n"
      "--set 'policies[id=rto].days_per_week=3' (repeatable; validated like the file)");
  run_cmd->add_flag("--force", ra.force, "Replace an existing output file");
  run_cmd->add_flag("--no-output", ra.no_output, "Write no file (benchmarks, quick checks)");
  run_cmd->add_flag("-q,--quiet", ra.quiet, "No progress bar and no summary");
  run_cmd->add_flag("--profile", ra.profile, "Print the time spent in each phase");
  run_cmd
      ->add_option("--checkpoint-at", ra.checkpoint_at,
                   "Warm start: run T ticks, save the state, stop (a burn-in to fork arms from)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--checkpoint", ra.checkpoint,
                      "Where --checkpoint-at saves (default: the output with .ckpt)");
  run_cmd
      ->add_option("--from", ra.from,
                   "Continue from a checkpoint (same firm, model and seed; the policies may "
                   "differ from the fork tick on)")
      ->check(CLI::ExistingFile);
  run_cmd
      ->add_option("--baseline", ra.baseline,
                   "Compare against this baseline scenario with shared draws (as `compare`;\n"
                   "-o then names the output folder)")
      ->check(CLI::ExistingFile);
  run_cmd->add_option("--replicates", ra.replicates, "Replicates with --baseline (default 1)")
      ->check(CLI::PositiveNumber);

  app::CompareArgs ca;
  auto* cmp_cmd = app::add_compare_command(app, ca);

  std::string vfile;
  std::vector<std::string> vsets;
  auto* val_cmd = app.add_subcommand("validate", "Check a scenario file without running it");
  val_cmd->add_option("scenario", vfile, "Scenario YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  val_cmd->add_option("--set", vsets, "Override a value, as in `run`");

  std::string ifile;
  auto* info_cmd = app.add_subcommand("info", "Describe what a result file holds");
  info_cmd->add_option("file", ifile, "wfsim HDF5 output")->required();

  auto sweep = app::add_sweep_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (*run_cmd) return run(ra);
    if (*cmp_cmd) return app::run_compare(ca);
    if (*val_cmd) return validate(vfile, vsets);
    if (*sweep->command) {
      std::signal(SIGINT, on_signal);
      std::signal(SIGTERM, on_signal);
      return app::run_sweep(*sweep, g_stop);
    }
    if (*info_cmd) {
      output::print_info(ifile, std::cout);
      return 0;
    }
  } catch (const ScenarioError& e) {
    std::cerr << "wfsim: error: " << e.what() << "\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "wfsim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "wfsim: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
