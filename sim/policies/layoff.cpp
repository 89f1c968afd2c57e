#include "sim/policies/layoff.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/structure.hpp"

namespace wfsim::policies {

using engine::kNone;
using engine::PositionId;

std::shared_ptr<const Policy> Layoff::parse(const scenario::Reader& r, const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "count", "share", "functions", "levels", "sites", "select",
                "notice_weeks", "include_vacant"});
  Params p;
  p.at = ctx.tick(r.child("at"));
  if (r.has("count") == r.has("share")) r.fail("give exactly one of `count` or `share`");
  if (auto c = r.find("count")) p.count = c->as_int(scenario::kNonNegative);
  if (auto s = r.find("share")) p.share = s->as_double(scenario::kUnit);
  if (auto f = r.find("functions")) {
    for (const auto& x : f->items()) p.functions.push_back(ctx.function(x));
  }
  if (auto l = r.find("levels")) {
    for (const auto& x : l->items())
      p.levels.push_back(static_cast<int>(x.as_int(scenario::kNonNegative)));
  }
  if (auto s = r.find("sites")) {
    for (const auto& x : s->items()) p.sites.push_back(ctx.site(x));
  }
  if (auto s = r.find("select")) p.select = parse_select(*s);
  p.notice_weeks = static_cast<int>(r.get_int("notice_weeks", 0, scenario::kNonNegative));
  p.include_vacant = r.get_bool("include_vacant", false);
  return std::make_shared<Layoff>(r.get_string("id", ""), ctx.index, std::move(p));
}

namespace {
bool listed(const std::vector<int>& list, int v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}
}  // namespace

void Layoff::apply(engine::PolicyContext& ctx) const {
  if (ctx.tick() != params_.at) return;
  auto& s = ctx.state;
  std::vector<PositionId> eligible;
  for (std::size_t i = 0; i < s.pos.size(); ++i) {
    auto p = static_cast<PositionId>(i);
    if (!s.pos.alive[p] || s.pos.parent[p] == kNone || s.pos.function[p] < 0) continue;
    auto o = s.pos.occupant[p];
    if (o == kNone ? !params_.include_vacant : s.people.status[o] != engine::Status::active)
      continue;
    if (!listed(params_.functions, s.pos.function[p]) || !listed(params_.levels, s.pos.level[p]) ||
        !listed(params_.sites, s.pos.site[p])) {
      continue;
    }
    eligible.push_back(p);
  }
  std::size_t n = params_.count
                      ? static_cast<std::size_t>(*params_.count)
                      : static_cast<std::size_t>(std::llround(*params_.share * eligible.size()));
  auto chosen = select_positions(ctx, std::move(eligible), n, params_.select);
  for (PositionId p : chosen) {
    s.fn[s.pos.function[p]].planning_hold_until = s.tick + ctx.scenario.model.planning.hold_weeks;
    engine::lay_off(s, ctx.scenario, p, params_.notice_weeks, ctx.source);
  }
  engine::add_event(s, output::EventKind::policy, kNone, kNone, ctx.source,
                    static_cast<double>(chosen.size()));
}

}  // namespace wfsim::policies
