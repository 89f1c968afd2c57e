// Tests of sweep files and run plans: designs (grid order, Latin hypercube
// strata, random ranges), paired seeds, validation through the scenario
// loader with positions in the sweep file, the design hash, Slurm shares,
// the thread split, and a plan run end to end with its index.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "sim/core/errors.hpp"
#include "sim/output/h5.hpp"
#include "sim/sweep/execute.hpp"
#include "sim/sweep/index.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/spec.hpp"

namespace wfsim::sweep {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;

const std::string kTiny = std::string(WFSIM_TEST_DATA) + "/tiny.yaml";
const std::string kExampleSweep = std::string(WFSIM_SHARED_DIR) + "/sweep-example.yaml";

// A sweep file beside tests/data/tiny.yaml (base: tiny.yaml resolves there).
std::string in_data(const std::string& name) {
  return std::string(WFSIM_TEST_DATA) + "/" + name;
}

SweepSpec parse(const std::string& body, std::vector<std::string> sets = {}) {
  return parse_sweep_string("name: t\nbase: tiny.yaml\n" + body, in_data("t.yaml"), sets);
}

std::string error_of(const std::string& body) {
  try {
    Plan plan(parse(body));
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

TEST_CASE("grid points run point-major with the last parameter fastest; seeds are paired",
          "[sweep]") {
  Plan plan(
      parse("replicates: 3\nparameters:\n  model.morale.m0: [0.6, 0.7]\n"
            "  firm.functions[0].headcount: [90, 100, 110]\n"));
  REQUIRE(plan.points() == 6);
  REQUIRE(plan.runs() == 18);
  CHECK(plan.value(0, 0) == "0.6");
  CHECK(plan.value(0, 1) == "90");
  CHECK(plan.value(2, 1) == "110");
  CHECK(plan.value(3, 0) == "0.7");
  CHECK(plan.value(3, 1) == "90");
  Run r = plan.run(7);
  CHECK(r.point == 2);
  CHECK(r.replicate == 1);
  CHECK(r.seed == 7 + 1);  // tiny.yaml's seed 7 plus the replicate
  CHECK(r.id == "p0002-r01");
  CHECK(plan.run(5).seed == plan.run(17).seed);  // replicate 2 of points 1 and 5
  auto ov = plan.overrides(r);
  CHECK(ov == std::vector<std::string>{"model.morale.m0=0.6", "firm.functions[0].headcount=110",
                                       "seed=8"});
  auto sc = plan.scenario(r);
  CHECK(sc->seed == 8);
  CHECK(sc->firm.functions[0].headcount == 110);
  CHECK(sc->model.morale.m0 == 0.6);
  CHECK(plan.numeric(0));
  CHECK(plan.parameters_json(2) ==
        R"({"model.morale.m0": 0.6, "firm.functions[0].headcount": 110})");
}

TEST_CASE("a Latin hypercube puts one point in each stratum of every range, seeded", "[sweep]") {
  const std::string body =
      "design: lhs\nsamples: 20\ndesign_seed: 11\nparameters:\n"
      "  model.morale.m0: {min: 0.2, max: 0.8}\n"
      "  model.attrition.annual_quit_rate: {min: 0.05, max: 0.25}\n"
      "  firm.functions[1].headcount: {min: 20, max: 39, integer: true}\n";
  Plan a(parse(body)), b(parse(body));
  REQUIRE(a.points() == 20);
  for (std::size_t j = 0; j < 3; ++j) {
    std::set<int> strata;
    for (std::int64_t i = 0; i < 20; ++i) {
      double v = std::stod(a.value(i, j));
      CHECK(a.value(i, j) == b.value(i, j));
      if (j == 0) strata.insert(static_cast<int>((v - 0.2) / 0.6 * 20));
      if (j == 1) strata.insert(static_cast<int>((v - 0.05) / 0.2 * 20));
      if (j == 2) {
        CHECK(v == std::floor(v));
        strata.insert(static_cast<int>(v) - 20);
      }
    }
    CHECK(strata.size() == 20);
  }
  Plan c(
      parse("design: lhs\nsamples: 20\ndesign_seed: 12\n" + body.substr(body.find("parameters"))));
  CHECK(c.value(0, 0) != a.value(0, 0));
  CHECK(c.hash() != a.hash());
}

TEST_CASE("a random design draws inside its ranges and from its lists", "[sweep]") {
  Plan p(
      parse("design: random\nsamples: 50\nparameters:\n  model.morale.m0: {min: 0.3, max: 0.4}\n"
            "  model.promotion.strategy: [best, worst]\n"));
  std::set<std::string> strategies;
  for (std::int64_t i = 0; i < 50; ++i) {
    double v = std::stod(p.value(i, 0));
    CHECK(v >= 0.3);
    CHECK(v <= 0.4);
    strategies.insert(p.value(i, 1));
  }
  CHECK(strategies == std::set<std::string>{"best", "worst"});
  CHECK_FALSE(p.numeric(1));
}

TEST_CASE("sweep mistakes are reported at their place in the sweep file", "[sweep]") {
  const std::string file = in_data("t.yaml");
  CHECK(error_of("parameters:\n  model.morale.mo: [0.5]\n") ==
        file +
            ":4:21: parameters.model.morale.mo: unknown key (known here: m0, rho, gamma, d_lay, "
            "d_over, d_rto, d_ai, noise_sd, quit_spillover) (got '0.5'); did you mean 'm0'?");
  CHECK(error_of("parameters:\n  model.morale.m0: [0.5, 2]\n") ==
        file + ":4:26: parameters.model.morale.m0[1]: must be in [0, 1] (got '2')");
  CHECK_THAT(error_of("parameters:\n  policies[id=cut].share: [0.1]\n"),
             Contains("t.yaml:4:28: parameters.policies[id=cut].share: policies:"));
  CHECK_THAT(error_of("parameters:\n  seed: [1, 2]\n"),
             Contains("t.yaml:4:9: parameters.seed: cannot be swept"));
  CHECK_THAT(error_of("desing: grid\nparameters:\n  model.morale.m0: [0.5]\n"),
             Contains("t.yaml:3:1: desing: unknown key") && Contains("did you mean 'design'?"));
  CHECK_THAT(error_of("design: lhs\nparameters:\n  model.morale.m0: {min: 0, max: 1}\n"),
             Contains(": samples: is required but missing"));
  CHECK_THAT(
      error_of("design: lhs\nsamples: 3\nparameters:\n  model.morale.m0: {min: 1, max: 0}\n"),
      Contains("parameters.model.morale.m0.max: must be greater than min"));
  CHECK_THAT(error_of("parameters:\n  model.morale.m0: [0.5]\nsummary:\n  - {metric: quit}\n"),
             Contains("summary[0].metric: is not a metric of /metrics (got 'quit'); did you mean "
                      "'quits'?"));
  CHECK_THAT(error_of("replicates: 1001\nparameters:\n  firm.functions[0].headcount: "
                      "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,"
                      "29,30,31,32,33,34,35,36,37,38,39,40]\n  model.morale.m0: "
                      "[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,0.11,0.12,0.13,0.14,0.15,0.16,0.17,"
                      "0.18,0.19,0.21,0.22,0.23,0.24,0.25,0.26]\n"),
             Contains("t.yaml:5:3: parameters: the design is too large: more than 1000000 runs"));
  CHECK_THAT(error_of("base: nope.yaml\nparameters:\n  model.morale.m0: [0.5]\n"),
             Contains("repeats a key"));
  try {
    parse_sweep_string("name: t\nbase: nope.yaml\nparameters: {seed: 1}\n", in_data("t.yaml"), {});
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK_THAT(e.what(), Contains("base: cannot read the base scenario"));
  }
  // A --set of the sweep command line is checked as in `wfsim run`.
  try {
    Plan p(parse("parameters:\n  model.morale.m0: [0.5]\n", {"model.morale.rho=-1"}));
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK_THAT(e.what(), Contains("--set model.morale.rho"));
  }
}

TEST_CASE("the design hash changes with the design and only with it", "[sweep]") {
  const std::string body = "parameters:\n  model.morale.m0: [0.5, 0.6]\n";
  Plan a(parse(body)), b(parse(body));
  CHECK(a.hash() == b.hash());
  CHECK(a.hash().size() == 16);
  CHECK(Plan(parse("parameters:\n  model.morale.m0: [0.5, 0.61]\n")).hash() != a.hash());
  CHECK(Plan(parse("replicates: 2\n" + body)).hash() != a.hash());
  CHECK(Plan(parse(body, {"ticks=5"})).hash() != a.hash());
  CHECK(Plan(parse(body + "summary: [{metric: quits, reduce: sum}]\n")).hash() != a.hash());
}

TEST_CASE("Slurm task shares cover every run once", "[sweep]") {
  Plan p(parse("replicates: 5\nparameters:\n  model.morale.m0: [0.5, 0.6, 0.7]\n"));
  std::vector<int> seen(p.runs(), 0);
  for (int t = 0; t < 4; ++t) {
    for (auto i : p.share(t, 4)) ++seen[i];
  }
  CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
  CHECK(p.share(1, 4) == std::vector<std::int64_t>{1, 5, 9, 13});
}

TEST_CASE("threads are split between concurrent runs, then within runs", "[sweep]") {
  CHECK(split_threads(2, 0, 100) == std::pair{2, 1});
  CHECK(split_threads(8, 0, 3) == std::pair{3, 2});
  CHECK(split_threads(2, 0, 1) == std::pair{1, 2});
  CHECK(split_threads(8, 2, 100) == std::pair{2, 4});
}

TEST_CASE("a plan runs into run files and an index; finished runs are not pending", "[sweep]") {
  fs::path dir = fs::temp_directory_path() / ("wfsim-sweep-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto spec = parse(
      "replicates: 2\nparameters:\n  firm.functions[0].headcount: [60, 90]\n"
      "summary: [{metric: headcount, reduce: last}, {metric: quits, reduce: sum}]\n",
      {"ticks=4", "output.agent_every=0"});
  spec.output = dir;
  Plan plan(spec);
  claim_output(plan);
  auto todo = pending(plan, plan.share(0, 1));
  REQUIRE(todo.size() == 4);
  std::atomic<std::int64_t> next{0};
  ExecOptions opt;
  opt.threads = 2;
  opt.progress = false;
  auto st = execute(
      plan,
      [&] {
        std::int64_t i = next++;
        return i < 4 ? i : std::int64_t{-1};
      },
      4, opt);
  CHECK(st.done == 4);
  CHECK(st.failed == 0);
  CHECK(pending(plan, plan.share(0, 1)).empty());
  fs::remove(plan.run_file(plan.run(2)));
  CHECK(pending(plan, plan.share(0, 1)) == std::vector<std::int64_t>{2});
  auto ix = write_index(plan);
  CHECK(ix.complete == 3);
  CHECK(ix.missing == 1);
  {
    output::h5::init();
    output::h5::Handle f(H5Fopen(plan.run_file(plan.run(3)).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                         "open");
    CHECK(output::h5::read_attr_string(f.get(), "run_id") == "p0001-r01");
    CHECK(output::h5::read_attr_int64(f.get(), "seed") == 8);
    double heads = output::h5::read_attr_double(f.get(), "summary.headcount.last");
    CHECK(heads > 100);  // 90 engineering positions + 30 hr + the top
    CHECK(heads < 125);
  }
  // Another design may not write into this folder.
  auto other = spec;
  other.parameters[0].values = {"60", "91"};
  CHECK_THROWS_AS(claim_output(Plan(other)), UsageError);
  fs::remove_all(dir);
}

TEST_CASE("the example sweep file parses", "[sweep]") {
  auto s = parse_sweep_file(kExampleSweep, {});
  CHECK(s.name == "delayering-depth");
  CHECK(s.design == Design::grid);
  CHECK(s.replicates == 4);
  REQUIRE(s.parameters.size() == 2);
  CHECK(s.parameters[0].path == "policies[id=delayering].share");
  CHECK(s.parameters[0].values == std::vector<std::string>{"0.0", "0.05", "0.13", "0.25"});
  CHECK(s.parameters[1].values == std::vector<std::string>{"3", "5"});
  REQUIRE(s.summary.size() == 4);
  CHECK(s.summary[0].column() == "operating_income.sum");
  CHECK(s.output == fs::path(WFSIM_SHARED_DIR).lexically_normal() / "sweeps/delayering-depth");
}

TEST_CASE("fork_at refuses a swept policy that would act before the fork", "[sweep]") {
  // tests/data/fork.yaml lays off at week 25 (policies[id=cut]); the burn-in
  // to week 20 runs the base's policies, so a point that moves the cut before
  // week 20 would silently keep the base's.
  auto plan_of = [](const std::string& ats) {
    return Plan(parse_sweep_string("name: f\nbase: fork.yaml\nfork_at: 20\nparameters:\n"
                                   "  policies[id=cut].at: " +
                                       ats + "\n",
                                   in_data("f.yaml"), {}));
  };
  CHECK_NOTHROW(plan_of("[22, 30]"));
  try {
    plan_of("[10, 30]");
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(e.line == 5);
    CHECK(e.key_path == "parameters.policies[id=cut].at");
    CHECK_THAT(e.rule, Contains("policies[0] differs between points but acts from tick 10"));
  }
}

TEST_CASE("the example sweep loads and dry-runs", "[sweep][sweep-example]") {
  Plan plan(parse_sweep_file(kExampleSweep, {"ticks=4"}));
  CHECK(plan.points() == 8);
  CHECK(plan.runs() == 32);
  CHECK(plan.ticks() == 4);
  Run r = plan.run(31);
  CHECK(r.id == "p0007-r03");
  CHECK(r.seed == 42 + 3);
  auto sc = plan.scenario(r);
  CHECK(sc->ticks == 4);
  std::ostringstream out;
  print_plan(plan, out);
  CHECK_THAT(out.str(), Contains("8 points x 4 replicates = 32 runs"));
  CHECK_THAT(out.str(), Contains("p0007-r03  45"));
}

}  // namespace
}  // namespace wfsim::sweep
