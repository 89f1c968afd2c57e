#include "sim/policies/reskilling.hpp"

#include <algorithm>

#include "sim/engine/policy_context.hpp"

namespace wfsim::policies {

std::shared_ptr<const Policy> Reskilling::parse(const scenario::Reader& r,
                                                const ParseContext& ctx) {
  r.allow_only({"type", "id", "at", "from", "to", "functions", "target", "share", "duration_weeks",
                "success_rate", "cost_per_person"});
  Params p;
  p.timing = ctx.timing(r);
  p.target = ctx.function(r.child("target"));
  if (auto f = r.find("functions")) {
    for (const auto& x : f->items()) {
      int fn = ctx.function(x);
      if (fn == p.target) x.fail("is the reskilling target itself");
      p.functions.push_back(fn);
    }
  }
  p.share = r.get("share", 1.0, scenario::kUnit);
  p.duration_weeks = static_cast<int>(r.get_int("duration_weeks", 26, scenario::kNonNegative));
  p.success_rate = r.get("success_rate", 0.7, scenario::kUnit);
  p.cost_per_person = r.get("cost_per_person", 10000, scenario::kNonNegative);
  return std::make_shared<Reskilling>(r.get_string("id", ""), ctx.index, std::move(p));
}

void Reskilling::set_levers(engine::PolicyContext& ctx) const {
  const auto& t = params_.timing;
  if ((t.at || t.from || t.to) && !t.in_period(ctx.tick())) return;
  auto& s = ctx.state;
  for (std::size_t f = 0; f < s.fn.size(); ++f) {
    const int fi = static_cast<int>(f);
    if (fi == params_.target) continue;
    if (!params_.functions.empty() && std::find(params_.functions.begin(), params_.functions.end(),
                                                fi) == params_.functions.end()) {
      continue;
    }
    s.fn[f].reskill = {params_.target, params_.share, params_.duration_weeks, params_.success_rate,
                       params_.cost_per_person};
  }
}

}  // namespace wfsim::policies
