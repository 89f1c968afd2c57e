#include "sim/policies/rto_mandate.hpp"

#include <algorithm>

#include "sim/engine/draw.hpp"
#include "sim/engine/phases/phases.hpp"
#include "sim/engine/policy_context.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PersonId;
using engine::PositionId;

std::shared_ptr<const Policy> RtoMandate::parse(const scenario::Reader& r,
                                                const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "from", "to", "days_per_week", "sites", "relocation"});
  Params p;
  p.timing = ctx.timing(r);
  if (!p.timing.at && !p.timing.from && !p.timing.to) {
    r.fail("give `at` (in force from then on) or a period `from` and/or `to`");
  }
  p.days_per_week = r.child("days_per_week").as_double(scenario::Range{0.0, 5.0});
  const auto& sites = ctx.scenario.firm.sites;
  if (auto x = r.find("sites")) {
    for (const auto& item : x->items()) {
      int site = ctx.site(item);
      if (!sites[static_cast<std::size_t>(site)].hub) {
        item.fail("is not a hub site (a mandate sets office days at hubs)");
      }
      p.sites.push_back(site);
    }
    if (p.sites.empty()) x->fail("must list at least one hub site");
  } else {
    for (std::size_t i = 0; i < sites.size(); ++i) {
      if (sites[i].hub) p.sites.push_back(static_cast<int>(i));
    }
  }
  if (auto x = r.find("relocation")) {
    x->allow_only({"to_hubs", "accept_probability"});
    Relocation rel;
    rel.to_hubs = x->get_bool("to_hubs", true);
    rel.accept_probability = x->child("accept_probability").as_double(scenario::kUnit);
    p.relocation = rel;
  }
  return std::make_shared<RtoMandate>(r.get_string("id", ""), ctx.index, std::move(p));
}

void RtoMandate::apply(engine::PolicyContext& ctx) const {
  auto& s = ctx.state;
  if (!params_.timing.in_period(ctx.tick())) return;
  for (int site : params_.sites) {
    auto& d = s.rto_days[static_cast<std::size_t>(site)];
    d = std::max(d, params_.days_per_week);  // overlapping mandates: the strictest
  }
  if (ctx.tick() != start()) return;
  engine::add_event(s, output::EventKind::policy, kNone, kNone, ctx.source, params_.days_per_week);
  if (params_.relocation && params_.relocation->to_hubs) relocate(ctx);
}

void RtoMandate::relocate(engine::PolicyContext& ctx) const {
  auto& s = ctx.state;
  const auto& sc = ctx.scenario;
  const auto& sites = sc.firm.sites;
  // Each function's destination: the mandated hub with the largest share
  // among the function's sites (ties: the lower index), else among all.
  auto largest = [&](auto&& allowed) {
    int best = -1;
    for (int site : params_.sites) {
      if (!allowed(site)) continue;
      if (best < 0 || sites[site].share > sites[best].share) best = site;
    }
    return best;
  };
  std::vector<int> destination(sc.firm.functions.size(), -1);
  for (std::size_t f = 0; f < destination.size(); ++f) {
    const auto& own = sc.firm.functions[f].sites;
    destination[f] = largest([&](int site) {
      return own.empty() || std::find(own.begin(), own.end(), site) != own.end();
    });
    if (destination[f] < 0) destination[f] = largest([](int) { return true; });
  }
  const double accept = params_.relocation->accept_probability;
  const double regretted_from = engine::top_quartile_threshold(s);
  for (std::size_t i = 0; i < s.pos.size(); ++i) {
    auto p = static_cast<PositionId>(i);
    const int f = s.pos.function[p];
    if (!s.pos.alive[p] || f < 0 || sc.firm.functions[f].onsite || sites[s.pos.site[p]].hub) {
      continue;
    }
    const int to = destination[f];
    if (to < 0) continue;
    s.pos.site[p] = static_cast<std::int16_t>(to);
    const PersonId o = s.pos.occupant[p];
    engine::add_event(s, output::EventKind::relocate, o, p, ctx.source, to);
    // Nobody to ask, or someone under notice who leaves anyway.
    if (o == kNone || s.people.status[o] != engine::Status::active) continue;
    if (ctx.rng.uniform(s.tick, p, Purpose::relocation_accept) < accept) {
      s.people.commute[o] = std::max(0.0, engine::draw(sites[to].commute_minutes, ctx.rng, s.tick,
                                                       p, Purpose::relocation_commute));
      s.now.relocations += 1;
      continue;
    }
    // Quiet attrition: a quit, so no severance is owed; the seat stays at the hub.
    s.now.severance_avoided += engine::severance(sc, s, o);
    s.now.quits += 1;
    s.now.quits_by_function[f] += 1;
    s.now.quiet_attrition += 1;
    if (s.people.competence[o] >= regretted_from) s.now.regretted_quits += 1;
    engine::add_event(s, output::EventKind::quit, o, p, ctx.source, s.people.competence[o]);
    engine::vacate(s, o, engine::Status::quit, ctx.source);
  }
}

}  // namespace wfsim::policies
