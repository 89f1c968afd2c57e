#include "sim/engine/recorder.hpp"

#include "sim/core/parallel.hpp"

namespace wfsim::engine {

Recorder::Recorder(const Engine& engine, const std::filesystem::path& path, bool force,
                   std::vector<output::Attr> extra)
    : agent_every_(engine.scenario().output.agent_every),
      graph_every_(engine.scenario().output.graph_every) {
  const auto& sc = engine.scenario();
  output::FileMeta meta;
  meta.scenario_yaml = sc.source_text;
  meta.scenario_name = sc.name;
  meta.seed = static_cast<std::int64_t>(sc.seed);
  meta.ticks = sc.ticks;
  meta.start_date = sc.start_date;
  meta.extra = std::move(extra);
  output::WriterOptions opt;
  opt.force = force;
  opt.agent_every = sc.output.agent_every;
  opt.flush_every = sc.output.flush_every;
  opt.compression = sc.output.compression;
  // Chunks as wide as the firm (rounded up to a power of two, 1,024 to 65,536
  // slots): a whole chunk is compressed and written every recorded tick.
  std::size_t want = engine.state().people.size() + engine.state().people.size() / 4;
  opt.agent_chunk_slots = 1024;
  while (opt.agent_chunk_slots < want && opt.agent_chunk_slots < 65536) opt.agent_chunk_slots *= 2;
  std::vector<output::MetricDecl> metrics, by_function;
  for (const auto& m : firm_metrics()) metrics.push_back(m.decl);
  for (const auto& m : function_metrics()) by_function.push_back(m.decl);
  std::vector<std::string> functions, sites;
  for (const auto& f : sc.firm.functions) functions.push_back(f.name);
  for (const auto& s : sc.firm.sites) sites.push_back(s.name);
  writer_ = std::make_unique<output::RunWriter>(path, meta, opt, std::move(metrics),
                                                std::move(by_function), std::move(functions),
                                                std::move(sites));
}

void Recorder::record(const Engine& engine) {
  const State& s = engine.state();
  writer_->append_metrics(s.tick, engine.metrics(), engine.function_metric_values());
  if (agent_every_ > 0 && s.tick % agent_every_ == 0) write_agents(s);
  writer_->append_events(s.events);
  // A snapshot when the tree changed, at most every graph_every ticks: a
  // change in between is written at the next allowed tick (every change is
  // in /events anyway), so a firm reshaped a little every week (attrition-
  // first automation at a million positions) does not write its tree weekly.
  graph_pending_ |= s.snapshot_graph ? 1 : 0;
  if (s.tick == 0 || (graph_pending_ && s.tick - last_graph_tick_ >= graph_every_)) {
    write_graph(s);
    graph_pending_ = 0;
  }
  writer_->end_tick(s.tick);
}

void Recorder::finish(const Engine& engine, double wall_seconds,
                      std::span<const output::Attr> extra) {
  if (last_graph_tick_ != engine.state().tick) write_graph(engine.state());
  writer_->close(wall_seconds, extra);
}

Recorder::Carry Recorder::carry() const {
  return Carry{status_,     position_, manager_,  tenure_, function_,        level_,        age_,
               competence_, morale_,   workload_, salary_, last_graph_tick_, graph_pending_};
}

void Recorder::resume(Carry c) {
  status_ = std::move(c.status);
  position_ = std::move(c.position);
  manager_ = std::move(c.manager);
  tenure_ = std::move(c.tenure);
  function_ = std::move(c.function);
  level_ = std::move(c.level);
  age_ = std::move(c.age);
  competence_ = std::move(c.competence);
  morale_ = std::move(c.morale);
  workload_ = std::move(c.workload);
  salary_ = std::move(c.salary);
  last_graph_tick_ = c.last_graph_tick;
  graph_pending_ = c.graph_pending;
}

void Recorder::write_agents(const State& s) {
  const std::size_t n = s.people.size();
  const std::size_t recorded = status_.size();  // slots already in the buffers
  status_.resize(n);
  position_.resize(n);
  manager_.resize(n);
  tenure_.resize(n);
  function_.resize(n);
  level_.resize(n);
  age_.resize(n);
  competence_.resize(n);
  morale_.resize(n);
  workload_.resize(n);
  salary_.resize(n);
  parallel_for_blocks(n, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      const auto& P = s.people;
      // A leaver's column keeps the state recorded with their exit status:
      // skip people already recorded as gone (the buffers persist).
      if (i < recorded && !on_payroll(P.status[i]) &&
          status_[i] == static_cast<std::uint8_t>(P.status[i])) {
        continue;
      }
      PositionId p = P.position[i];
      status_[i] = static_cast<std::uint8_t>(P.status[i]);
      position_[i] = p;
      int f = p >= 0 ? s.pos.function[p] : -1;
      function_[i] = static_cast<std::int16_t>(f);
      level_[i] = p >= 0 ? s.pos.level[p] : -1;
      PositionId m = p >= 0 ? s.pos.parent[p] : kNone;
      manager_[i] = m == kNone ? kNone : s.pos.occupant[m];
      age_[i] = static_cast<float>(P.age[i]);
      tenure_[i] = P.tenure[i];
      competence_[i] = static_cast<float>(P.competence[i]);
      morale_[i] = static_cast<float>(P.morale[i]);
      workload_[i] = static_cast<float>(p >= 0 ? seat_workload(s, p) : s.firm_workload);
      salary_[i] = static_cast<float>(P.salary[i]);
    }
  });
  output::AgentColumns c{status_, position_,   function_, level_,    manager_, age_,
                         tenure_, competence_, morale_,   workload_, salary_};
  writer_->append_agents(s.tick, c);
}

void Recorder::write_graph(const State& s) {
  std::vector<std::int32_t> position, parent, occupant;
  std::vector<std::int16_t> function, site;
  std::vector<std::int8_t> level;
  for (PositionId p : s.graph.top_down()) {
    position.push_back(p);
    parent.push_back(s.pos.parent[p]);
    function.push_back(s.pos.function[p]);
    level.push_back(s.pos.level[p]);
    site.push_back(s.pos.site[p]);
    occupant.push_back(s.pos.occupant[p]);
  }
  // Rows in id order, so snapshots diff cleanly.
  std::vector<std::size_t> order(position.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return position[a] < position[b]; });
  auto permute = [&](auto& v) {
    auto copy = v;
    for (std::size_t i = 0; i < order.size(); ++i) v[i] = copy[order[i]];
  };
  permute(position);
  permute(parent);
  permute(function);
  permute(level);
  permute(site);
  permute(occupant);
  writer_->append_graph(s.tick,
                        output::GraphSnapshot{position, parent, function, level, site, occupant});
  last_graph_tick_ = s.tick;
}

}  // namespace wfsim::engine
