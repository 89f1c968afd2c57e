#include "sim/policies/hiring_policy.hpp"

#include <algorithm>

#include "sim/engine/policy_context.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::PositionId;

std::shared_ptr<const Policy> HiringPolicy::parse(const scenario::Reader& r,
                                                  const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "from", "to", "multiplier", "elite"});
  Params p;
  p.timing = ctx.timing(r);
  const std::size_t nf = ctx.scenario.firm.functions.size();
  p.multiplier.assign(nf, 1.0);
  if (auto m = r.find("multiplier")) {
    if (m->is_scalar()) {
      p.multiplier.assign(nf, m->as_double(scenario::kNonNegative));
    } else {
      double fallback = m->get("default", 1.0, scenario::kNonNegative);
      p.multiplier.assign(nf, fallback);
      for (const auto& [name, node] : m->entries()) {
        if (name == "default") continue;
        int f = ctx.scenario.function_index(name);
        if (f < 0) {
          std::vector<std::string> names{"default"};
          for (const auto& fn : ctx.scenario.firm.functions) names.push_back(fn.name);
          node.fail("names no function of firm.functions (or `default`)",
                    scenario::nearest(name, names));
        }
        p.multiplier[f] = node.as_double(scenario::kNonNegative);
      }
    }
  }
  if (auto e = r.find("elite")) {
    e->allow_only({"function", "count", "annual_salary", "at"});
    Elite el;
    el.function = ctx.function(e->child("function"));
    el.count = e->child("count").as_int(scenario::kNonNegative);
    el.annual_salary = e->child("annual_salary").as_double(scenario::kPositive);
    el.at =
        e->find("at") ? ctx.tick(e->child("at")) : p.timing.from.value_or(p.timing.at.value_or(0));
    p.elite = el;
  }
  if (!p.elite && !r.has("multiplier")) r.fail("give a `multiplier`, an `elite` hire, or both");
  if (r.has("multiplier") && !p.timing.from && !p.timing.to && !p.timing.at) {
    r.fail("a multiplier needs a period: `from` and/or `to` (or `at` to start for good)");
  }
  return std::make_shared<HiringPolicy>(r.get_string("id", ""), ctx.index, std::move(p));
}

void HiringPolicy::apply(engine::PolicyContext& ctx) const {
  auto& s = ctx.state;
  const auto& t = params_.timing;
  if ((t.from || t.to || t.at) && t.in_period(ctx.tick())) {
    for (std::size_t f = 0; f < s.fn.size(); ++f)
      s.fn[f].hiring_multiplier *= params_.multiplier[f];
    // One `policy` event when the multipliers come into force (detail: the
    // mean multiplier over functions), so the period shows in /events.
    if (ctx.tick() == t.from.value_or(t.at.value_or(0))) {
      double mean = 0;
      for (double m : params_.multiplier) mean += m;
      engine::add_event(s, output::EventKind::policy, engine::kNone, engine::kNone, ctx.source,
                        mean / static_cast<double>(params_.multiplier.size()));
    }
  }
  if (!params_.elite || ctx.tick() != params_.elite->at) return;
  const Elite& el = *params_.elite;
  // New IC positions round-robin under the function's narrowest first-line teams.
  std::vector<std::pair<std::size_t, PositionId>> teams;
  for (std::size_t i = 0; i < s.pos.size(); ++i) {
    auto p = static_cast<PositionId>(i);
    if (s.pos.alive[p] && s.pos.function[p] == el.function && s.pos.level[p] == 1) {
      teams.emplace_back(engine::current_children(s, p).size(), p);
    }
  }
  if (teams.empty()) {
    // A function without first-line managers: the new ICs report to its head.
    PositionId head = engine::kNone;
    for (std::size_t i = 0; i < s.pos.size(); ++i) {
      auto p = static_cast<PositionId>(i);
      if (s.pos.alive[p] && s.pos.function[p] == el.function &&
          (head == engine::kNone || s.pos.level[p] > s.pos.level[head])) {
        head = p;
      }
    }
    // A one-position function's head is itself an IC: its own manager (the
    // CEO) takes the new ICs, so levels still fall along every edge.
    if (head != engine::kNone && s.pos.level[head] == 0) head = s.pos.parent[head];
    if (head != engine::kNone) teams.emplace_back(0, head);
  }
  std::sort(teams.begin(), teams.end());
  std::int64_t opened = 0;
  for (std::int64_t k = 0; k < el.count && !teams.empty(); ++k, ++opened) {
    PositionId parent = teams[static_cast<std::size_t>(k) % teams.size()].second;
    PositionId p = engine::open_position(s, ctx.scenario, static_cast<std::int16_t>(el.function), 0,
                                         parent, ctx.source);
    s.salary_override[p] = el.annual_salary;
  }
  engine::add_event(s, output::EventKind::policy, engine::kNone, engine::kNone, ctx.source,
                    static_cast<double>(opened));
}

}  // namespace wfsim::policies
