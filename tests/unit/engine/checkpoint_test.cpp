// Warm starts: a run forked from a checkpoint continues exactly as the run
// that never stopped, field for field (a field checkpoint.cpp forgets makes
// this fail), also when the burn-in had no policies and the arm has some
// from the fork tick on; checkpoints of another firm, seed or format are refused.
#include "sim/engine/checkpoint.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/core/errors.hpp"
#include "sim/scenario/load.hpp"

namespace wfsim::engine {
namespace {

namespace fs = std::filesystem;
using Catch::Contains;

const std::string kFork = std::string(WFSIM_TEST_DATA) + "/fork.yaml";

std::shared_ptr<const scenario::Scenario> load(std::vector<std::string> sets = {}) {
  return std::make_shared<scenario::Scenario>(scenario::load_file(kFork, sets));
}

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void require_same_state(const Engine& x, const Engine& y) {
  const State& a = x.state();
  const State& b = y.state();
  CHECK(a.tick == b.tick);
  CHECK(a.price == b.price);
  CHECK(same(a.pos.function, b.pos.function));
  CHECK(same(a.pos.level, b.pos.level));
  CHECK(same(a.pos.parent, b.pos.parent));
  CHECK(same(a.pos.site, b.pos.site));
  CHECK(same(a.pos.occupant, b.pos.occupant));
  CHECK(same(a.pos.vacant_since, b.pos.vacant_since));
  CHECK(same(a.pos.alive, b.pos.alive));
  CHECK(same(a.pos.flags, b.pos.flags));
  CHECK(same(a.people.status, b.people.status));
  CHECK(same(a.people.age, b.people.age));
  CHECK(same(a.people.tenure, b.people.tenure));
  CHECK(same(a.people.salary, b.people.salary));
  CHECK(same(a.people.competence, b.people.competence));
  CHECK(same(a.people.morale, b.people.morale));
  CHECK(same(a.people.exit_tick, b.people.exit_tick));
  CHECK(same(a.active, b.active));
  REQUIRE(a.fn.size() == b.fn.size());
  for (std::size_t f = 0; f < a.fn.size(); ++f) {
    CHECK(a.fn[f].backlog == b.fn[f].backlog);
    CHECK(a.fn[f].workload == b.fn[f].workload);
    CHECK(a.fn[f].planning_hold_until == b.fn[f].planning_hold_until);
  }
  CHECK(a.graph.collaboration_ties() == b.graph.collaboration_ties());
  CHECK(same(a.machines.team, b.machines.team));
  CHECK(same(a.machines.suspended, b.machines.suspended));
  CHECK(same(a.people.reskill_to, b.people.reskill_to));
  CHECK(a.saved_payroll == b.saved_payroll);
  CHECK(a.policy_memory == b.policy_memory);
  // Every metric of every tick, the burn-in's included.
  REQUIRE(x.history().size() == y.history().size());
  for (std::size_t t = 0; t < x.history().size(); ++t) {
    INFO("tick " << t);
    CHECK(same(x.history()[t], y.history()[t]));
  }
}

fs::path temp(const std::string& name) {
  return fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".ckpt");
}

TEST_CASE("a run forked from a checkpoint continues exactly as the unforked run", "[checkpoint]") {
  auto sc = load();
  Engine whole(sc);
  for (int t = 0; t < sc->ticks; ++t) whole.step();

  auto path = temp("fork");
  {
    Engine burn(sc);
    for (int t = 0; t < 20; ++t) burn.step();
    save_checkpoint(path, burn, nullptr);
  }
  auto r = load_checkpoint(path, sc);
  CHECK(r.engine->ticks_done() == 20);
  CHECK_FALSE(r.carry.has_value());
  for (int t = 20; t < sc->ticks; ++t) r.engine->step();
  require_same_state(whole, *r.engine);
  CHECK(whole.metric("layoffs") == r.engine->metric("layoffs"));
  fs::remove(path);
}

TEST_CASE("a fork in the middle of every policy type continues exactly", "[checkpoint]") {
  // The shared example, scaled down, plus a reskilling programme: at week 60
  // delayering and the AI cuts are done, robots and agents are in service,
  // the relocation has happened, trainees are in retraining.
  std::vector<std::string> sets;
  const int heads[] = {600, 200, 300, 80, 70, 30, 1120, 20};
  for (int i = 0; i < 8; ++i) {
    sets.push_back("firm.functions[" + std::to_string(i) +
                   "].headcount=" + std::to_string(heads[i]));
  }
  sets.push_back("ticks=100");
  sets.push_back("policies[5].reskill_share=0.5");
  auto sc = std::make_shared<scenario::Scenario>(
      scenario::load_file(std::string(WFSIM_SHARED_DIR) + "/scenario-example.yaml", sets));
  Engine whole(sc);
  for (int t = 0; t < sc->ticks; ++t) whole.step();
  auto path = temp("fork-all");
  {
    Engine burn(sc);
    for (int t = 0; t < 60; ++t) burn.step();
    REQUIRE(burn.state().machines.size() > 0);
    save_checkpoint(path, burn, nullptr);
  }
  auto r = load_checkpoint(path, sc);
  for (int t = 60; t < sc->ticks; ++t) r.engine->step();
  require_same_state(whole, *r.engine);
  CHECK(whole.metric("reskilled") + whole.metric("reskilling") > 0);
  fs::remove(path);
}

TEST_CASE("policy arms fork from a burn-in without policies", "[checkpoint]") {
  auto base = load({"policies=[]"});
  auto path = temp("arms");
  {
    Engine burn(base);
    for (int t = 0; t < 20; ++t) burn.step();
    save_checkpoint(path, burn, nullptr);
  }
  for (const char* share : {"0.1", "0.3"}) {
    auto arm = load({std::string("policies[id=cut].share=") + share});
    Engine whole(arm);
    for (int t = 0; t < arm->ticks; ++t) whole.step();
    auto r = load_checkpoint(path, arm);
    for (int t = 20; t < arm->ticks; ++t) r.engine->step();
    require_same_state(whole, *r.engine);
  }
  fs::remove(path);
}

TEST_CASE("a checkpoint of another burn-in, version or file is refused", "[checkpoint]") {
  auto sc = load();
  auto path = temp("refuse");
  {
    Engine burn(sc);
    for (int t = 0; t < 5; ++t) burn.step();
    save_checkpoint(path, burn, nullptr);
  }
  CHECK_THROWS_WITH(
      load_checkpoint(path, load({"seed=8"})),
      Contains("whose burn-in part (firm, model, ai, seed, start_date, output) differs"));
  CHECK_THROWS_WITH(load_checkpoint(path, load({"model.morale.m0=0.6"})), Contains("differs"));
  CHECK_THROWS_WITH(load_checkpoint(path, load({"ticks=5"})),
                    Contains("do not go past the checkpoint's fork tick (5)"));
  CHECK_NOTHROW(load_checkpoint(path, load({"ticks=6", "policies[id=cut].share=0.2"})));
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8);
    std::uint32_t v = 99;
    f.write(reinterpret_cast<const char*>(&v), 4);
  }
  CHECK_THROWS_WITH(load_checkpoint(path, sc), Contains("has format version 99"));
  std::ofstream(path) << "not a checkpoint";
  CHECK_THROWS_WITH(load_checkpoint(path, sc), Contains("is not a wfsim checkpoint"));
  fs::remove(path);
}

}  // namespace
}  // namespace wfsim::engine
