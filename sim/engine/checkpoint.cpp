#include "sim/engine/checkpoint.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <type_traits>

#include "sim/core/errors.hpp"
#include "sim/core/hash.hpp"
#include "sim/core/temp_name.hpp"

namespace wfsim::engine {
namespace fs = std::filesystem;

namespace {

constexpr std::array<char, 8> kMagic{'W', 'F', 'S', 'I', 'M', 'C', 'K', 'P'};

// One code path for both directions: save and load run the same list of
// fields (fields() below), so a field cannot be saved and not loaded.
class Archive {
 public:
  Archive(std::fstream& io, bool saving, std::string where)
      : io_(io), saving_(saving), where_(std::move(where)) {}
  [[nodiscard]] bool saving() const { return saving_; }

  template <class T>
  requires std::is_trivially_copyable_v<T>
  void operator()(T& v) { raw(&v, sizeof(T)); }
  template <class T>
  requires std::is_trivially_copyable_v<T>
  void operator()(std::vector<T>& v) {
    std::uint64_t n = v.size();
    (*this)(n);
    if (!saving_) {
      check_size(n, sizeof(T));
      v.resize(n);
    }
    raw(v.data(), n * sizeof(T));
  }
  void operator()(std::vector<std::pair<std::uint32_t, std::uint32_t>>& v) {
    std::uint64_t n = v.size();
    (*this)(n);
    if (!saving_) {
      check_size(n, 8);
      v.resize(n);
    }
    for (auto& [a, b] : v) {
      (*this)(a);
      (*this)(b);
    }
  }
  void operator()(std::string& s) {
    std::uint64_t n = s.size();
    (*this)(n);
    if (!saving_) {
      check_size(n, 1);
      s.resize(n);
    }
    raw(s.data(), n);
  }
  void operator()(std::vector<std::vector<double>>& v) {
    std::uint64_t n = v.size();
    (*this)(n);
    if (!saving_) v.resize(n);
    for (auto& row : v) (*this)(row);
  }
  // Maps are stored sorted by key, so a file does not depend on hash order.
  template <class K, class V>
  void operator()(std::unordered_map<K, V>& m) {
    std::vector<K> keys;
    for (const auto& kv : m) keys.push_back(kv.first);
    std::sort(keys.begin(), keys.end());
    std::uint64_t n = keys.size();
    (*this)(n);
    if (saving_) {
      for (K k : keys) {
        (*this)(k);
        (*this)(m[k]);
      }
    } else {
      m.clear();
      for (std::uint64_t i = 0; i < n; ++i) {
        K k{};
        (*this)(k);
        (*this)(m[k]);
      }
    }
  }

 private:
  void raw(void* p, std::size_t n) {
    if (n == 0) return;
    if (saving_) {
      io_.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
    } else {
      io_.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
    }
    if (!io_) throw UsageError("checkpoint '" + where_ + "': truncated or unreadable");
  }
  void check_size(std::uint64_t n, std::size_t elem) {
    if (n > (std::uint64_t{1} << 40) / std::max<std::size_t>(elem, 1)) {
      throw UsageError("checkpoint '" + where_ + "': corrupt (a column of " + std::to_string(n) +
                       " elements)");
    }
  }
  std::fstream& io_;
  bool saving_;
  std::string where_;
};

void counts(Archive& ar, TickCounts& c) {
  ar(c.quits);
  ar(c.regretted_quits);
  ar(c.layoffs);
  ar(c.retirements);
  ar(c.dismissals);
  ar(c.hires);
  ar(c.promotions);
  ar(c.positions_opened);
  ar(c.positions_closed);
  ar(c.quiet_attrition);
  ar(c.reskilling_started);
  ar(c.reskilled);
  ar(c.relocations);
  ar(c.demotions);
  ar(c.severance);
  ar(c.hiring_cost);
  ar(c.other_cost);
  ar(c.severance_avoided);
  ar(c.ai_capex);
  ar(c.robot_capex);
  ar(c.fines);
  ar(c.oversight_gap);
  ar(c.quits_by_function);
  ar(c.hires_by_function);
  ar(c.layoffs_by_function);
}

void function_state(Archive& ar, FunctionState& f) {
  ar(f.demand0);
  ar(f.others0);
  ar(f.demand);
  ar(f.backlog);
  ar(f.human_capacity);
  ar(f.ai_work);
  ar(f.robot_work);
  ar(f.oversight);
  ar(f.output);
  ar(f.workload);
  ar(f.expected_output);
  ar(f.expected_workload);
  ar(f.capability);
  ar(f.claimed_capability);
  ar(f.mean_exposure_at_deployment);
  ar(f.mean_competence);
  ar(f.workload_sum_review);
  ar(f.hiring_multiplier);
  ar(f.ai_anxiety);
  ar(f.ic_target);
  ar(f.reskill);
  ar(f.augment);
  ar(f.ai_agents);
  ar(f.ai_suspended);
  ar(f.ai_supply);
  ar(f.ai_oversight);
  ar(f.robots);
  ar(f.robot_supply);
  ar(f.opex_weekly);
  ar(f.capex_weekly);
  ar(f.headcount);
  ar(f.ic_positions);
  ar(f.occupied_ic_positions);
  ar(f.planning_hold_until);
}

// Every field of the run state, one line each. A field added to State,
// Positions, People, FunctionState or TickCounts needs its line here; the
// fork test (tests/unit/engine/checkpoint_test.cpp) fails until it has one.
void fields(Archive& ar, State& s, std::vector<std::vector<double>>& history,
            std::vector<std::pair<std::uint32_t, std::uint32_t>>& ties, std::uint64_t& ties_n) {
  ar(s.tick);
  ar(s.price);
  // Positions
  ar(s.pos.function);
  ar(s.pos.level);
  ar(s.pos.parent);
  ar(s.pos.site);
  ar(s.pos.occupant);
  ar(s.pos.vacant_since);
  ar(s.pos.alive);
  ar(s.pos.external);
  ar(s.pos.flags);
  // People
  ar(s.people.position);
  ar(s.people.status);
  ar(s.people.age);
  ar(s.people.tenure);
  ar(s.people.salary);
  ar(s.people.competence);
  ar(s.people.morale);
  ar(s.people.remote_preference);
  ar(s.people.commute);
  ar(s.people.exposure);
  ar(s.people.hired_tick);
  ar(s.people.exit_tick);
  ar(s.people.exit_source);
  ar(s.people.reskill_to);
  // Machines (AI agents and robots)
  ar(s.machines.kind);
  ar(s.machines.function);
  ar(s.machines.team);
  ar(s.machines.capacity_fte);
  ar(s.machines.error_rate);
  ar(s.machines.oversight_hours);
  ar(s.machines.opex_weekly);
  ar(s.machines.capex);
  ar(s.machines.added_tick);
  ar(s.machines.source);
  ar(s.machines.alive);
  ar(s.machines.suspended);
  ar(s.machines.by_team);
  // Functions
  std::uint64_t nf = s.fn.size();
  ar(nf);
  if (!ar.saving()) s.fn.resize(nf);
  for (auto& f : s.fn) function_state(ar, f);
  // Counters, money, bookkeeping
  counts(ar, s.now);
  counts(ar, s.last);
  ar(s.support_coverage);
  ar(s.firm_workload);
  ar(s.revenue);
  ar(s.costs);
  ar(s.payroll_weekly);
  ar(s.active);
  ar(s.events);
  ar(s.structure_changed);
  ar(s.people_changed);
  ar(s.pending_ties);
  ar(s.moved_since_refresh);
  ar(s.salary_override);
  ar(s.rto_days);
  ar(s.team_capacity);
  ar(s.reskill_success);
  ar(s.policy_memory);
  ar(s.saved_payroll);
  ar(s.seed);
  ar(s.snapshot_graph);
  ar(s.top_level);
  // The collaboration graph (the reporting tree is rebuilt from parent/alive).
  ar(ties_n);
  ar(ties);
  // The engine's metric history (summaries over the whole run).
  ar(history);
}

void carry_fields(Archive& ar, Recorder::Carry& c) {
  ar(c.status);
  ar(c.position);
  ar(c.manager);
  ar(c.tenure);
  ar(c.function);
  ar(c.level);
  ar(c.age);
  ar(c.competence);
  ar(c.morale);
  ar(c.workload);
  ar(c.salary);
  ar(c.last_graph_tick);
  ar(c.graph_pending);
}

}  // namespace

std::string burn_in_hash(const scenario::Scenario& sc) {
  YAML::Node root = YAML::Load(sc.source_text);
  for (const char* k : {"name", "description", "ticks", "policies"}) root.remove(k);
  YAML::Emitter e;
  e << root;
  const std::uint64_t h = fnv1a(std::string_view(e.c_str()));
  std::ostringstream o;
  o << std::hex << std::setw(16) << std::setfill('0') << h;
  return o.str();
}

void save_checkpoint(const fs::path& path, const Engine& engine, const Recorder* recorder) {
  const fs::path tmp = temp_name(path);
  {
    std::fstream io(tmp, std::ios::out | std::ios::binary | std::ios::trunc);
    if (!io) throw OutputError("cannot write checkpoint '" + tmp.string() + "'");
    Archive ar(io, true, path.string());
    std::array<char, 8> magic = kMagic;
    ar(magic);
    std::uint32_t version = kCheckpointVersion;
    ar(version);
    std::string hash = burn_in_hash(engine.scenario());
    ar(hash);
    std::int64_t done = engine.ticks_done();
    ar(done);
    // Saving only reads: the one list of fields takes mutable references
    // because loading runs the same list.
    State& s = const_cast<State&>(engine.state());
    auto& history = const_cast<std::vector<std::vector<double>>&>(engine.history());
    const State& live = s;
    std::uint64_t ties_n = live.graph.collaboration_size();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
    for (std::uint32_t p = 0; p < ties_n; ++p) {
      for (std::uint32_t q : live.graph.neighbors(static_cast<std::int32_t>(p))) {
        if (p < q) ties.emplace_back(p, q);
      }
    }
    fields(ar, s, history, ties, ties_n);
    std::uint8_t has_carry = recorder != nullptr ? 1 : 0;
    ar(has_carry);
    if (recorder) {
      auto c = recorder->carry();
      carry_fields(ar, c);
    }
    io.flush();
    if (!io) throw OutputError("cannot write checkpoint '" + tmp.string() + "'");
  }
  fs::rename(tmp, path);
}

Restored load_checkpoint(const fs::path& path, std::shared_ptr<const scenario::Scenario> sc) {
  std::fstream io(path, std::ios::in | std::ios::binary);
  if (!io) throw UsageError("cannot read checkpoint '" + path.string() + "'");
  Archive ar(io, false, path.string());
  std::array<char, 8> magic{};
  ar(magic);
  if (magic != kMagic) throw UsageError("'" + path.string() + "' is not a wfsim checkpoint");
  std::uint32_t version = 0;
  ar(version);
  if (version != kCheckpointVersion) {
    throw UsageError("checkpoint '" + path.string() + "' has format version " +
                     std::to_string(version) + "; this wfsim reads version " +
                     std::to_string(kCheckpointVersion));
  }
  Restored r;
  ar(r.hash);
  std::string mine = burn_in_hash(*sc);
  if (r.hash != mine) {
    throw UsageError("checkpoint '" + path.string() +
                     "' was made by a scenario whose burn-in part "
                     "(firm, model, ai, seed, start_date, output) differs from this one's "
                     "(hash " +
                     r.hash + ", this scenario " + mine + ")");
  }
  std::int64_t done = 0;
  ar(done);
  if (done >= sc->ticks) {
    throw UsageError("the scenario's ticks (" + std::to_string(sc->ticks) +
                     ") do not go past the checkpoint's fork tick (" + std::to_string(done) + ")");
  }
  State s;
  std::vector<std::vector<double>> history;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
  std::uint64_t ties_n = 0;
  fields(ar, s, history, ties, ties_n);
  s.graph.rebuild_tree(s.pos.parent, s.pos.alive);
  s.graph.build_collaboration(ties_n, std::move(ties));
  std::uint8_t has_carry = 0;
  ar(has_carry);
  if (has_carry) {
    Recorder::Carry c;
    carry_fields(ar, c);
    r.carry = std::move(c);
  }
  r.engine = std::make_unique<Engine>(std::move(sc), std::move(s), std::move(history), done);
  return r;
}

}  // namespace wfsim::engine
