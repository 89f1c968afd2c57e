// firm: sites, functions (with their distributions), hierarchy, collaboration.
#include <algorithm>
#include <cmath>
#include <set>

#include "sim/scenario/load.hpp"

namespace wfsim::scenario {
namespace {

std::vector<std::string> site_names(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& site : s.firm.sites) out.push_back(site.name);
  return out;
}

void parse_sites(const Reader& r, Scenario& s) {
  std::set<std::string> seen;
  double total = 0;
  for (const auto& item : r.items()) {
    item.allow_only({"name", "hub", "share", "commute_minutes"});
    Site site;
    site.name = item.child("name").as_string();
    if (!seen.insert(site.name).second) item.child("name").fail("repeats an earlier site's name");
    site.hub = item.get_bool("hub", true);
    site.share = item.child("share").as_double(kUnit);
    if (auto c = item.find("commute_minutes")) {
      site.commute_minutes = parse_distribution(*c, site.commute_minutes);
    }
    total += site.share;
    s.firm.sites.push_back(site);
  }
  if (s.firm.sites.empty()) r.fail("must list at least one site");
  if (std::abs(total - 1.0) > 1e-6) {
    r.fail("site shares must sum to 1 (they sum to " + std::to_string(total) + ")");
  }
  bool any_hub = false;
  for (const auto& site : s.firm.sites) any_hub = any_hub || site.hub;
  if (!any_hub) r.fail("at least one site must be a hub (hub: true)");
}

void parse_function(const Reader& item, Scenario& s, std::set<std::string>& seen) {
  item.allow_only({"name", "headcount", "value_per_unit", "support", "high_risk_ai", "onsite",
                   "sites", "demand_fte", "salary", "competence", "age", "hire_age", "ai_exposure",
                   "remote_preference"});
  Function f;
  f.name = item.child("name").as_string();
  if (f.name.empty()) item.child("name").fail("must not be empty");
  if (!seen.insert(f.name).second) item.child("name").fail("repeats an earlier function's name");
  if (s.firm.hierarchy.positions_per_level.empty() || item.has("headcount")) {
    f.headcount = item.child("headcount").as_int(Range{1.0, {}});
  }
  f.value_per_unit = item.get("value_per_unit", 1.0, kNonNegative);
  f.support = item.get_bool("support", false);
  f.high_risk_ai = item.get_bool("high_risk_ai", f.name == "hr");
  f.onsite = item.get_bool("onsite", f.name == "warehouse");
  if (auto sites = item.find("sites")) {
    auto names = site_names(s);
    for (const auto& sr : sites->items()) {
      std::string n = sr.as_string();
      auto it = std::find(names.begin(), names.end(), n);
      if (it == names.end()) sr.fail("names no site of firm.sites", nearest(n, names));
      int site = static_cast<int>(it - names.begin());
      // A repeat would count the site's share twice when positions are placed.
      if (std::find(f.sites.begin(), f.sites.end(), site) != f.sites.end()) {
        sr.fail("names a site this function already lists");
      }
      f.sites.push_back(site);
    }
    if (f.sites.empty()) sites->fail("must list at least one site (or be left out for all)");
  } else {
    for (std::size_t i = 0; i < s.firm.sites.size(); ++i) f.sites.push_back(static_cast<int>(i));
  }
  if (auto d = item.find("demand_fte")) f.demand_fte = d->as_double(kNonNegative);
  if (auto d = item.find("salary")) f.salary = parse_distribution(*d, f.salary);
  if (auto d = item.find("competence")) f.competence = parse_distribution(*d, f.competence);
  if (auto d = item.find("age")) f.age = parse_distribution(*d, f.age);
  if (auto d = item.find("hire_age")) f.hire_age = parse_distribution(*d, f.hire_age);
  if (auto d = item.find("ai_exposure")) f.ai_exposure = parse_distribution(*d, f.ai_exposure);
  if (auto d = item.find("remote_preference")) {
    f.remote_preference = parse_distribution(*d, f.remote_preference);
  }
  s.firm.functions.push_back(std::move(f));
}

void parse_hierarchy(const Reader& r, Scenario& s) {
  r.allow_only({"span", "layers", "positions_per_level", "salary_premium_per_level"});
  auto& h = s.firm.hierarchy;
  if (auto sp = r.find("span")) {
    h.span.clear();
    if (sp->is_sequence()) {
      for (const auto& x : sp->items())
        h.span.push_back(static_cast<int>(x.as_int(Range{2.0, {}})));
      if (h.span.empty()) sp->fail("must list at least one span");
    } else {
      h.span.push_back(static_cast<int>(sp->as_int(Range{2.0, {}})));
    }
  }
  if (auto l = r.find("layers")) {
    if (!(l->is_scalar() && l->as_string() == "auto")) {
      h.layers = static_cast<int>(l->as_int(Range{2.0, 40.0}));
    }
  }
  if (auto p = r.find("positions_per_level")) {
    for (const auto& x : p->items()) h.positions_per_level.push_back(x.as_int(Range{1.0, {}}));
    if (h.positions_per_level.empty()) p->fail("must list at least one level");
    if (h.positions_per_level.front() != 1) {
      p->items().front().fail("the top level must hold exactly one position");
    }
  }
  h.salary_premium_per_level = r.get("salary_premium_per_level", 0.25, kNonNegative);
}

void parse_collaboration(const Reader& r, Scenario& s) {
  r.allow_only({"team_ties", "cross_team_ties"});
  auto& c = s.firm.collaboration;
  if (auto t = r.find("team_ties")) {
    if (!(t->is_scalar() && t->as_string() == "all")) {
      c.team_ties = static_cast<int>(t->as_int(kNonNegative));
    }
  }
  c.cross_team_ties = static_cast<int>(r.get_int("cross_team_ties", 2, kNonNegative));
}

}  // namespace

Distribution parse_distribution(const Reader& r, const Distribution& defaults) {
  r.allow_only({"mean", "sd", "min", "max", "bound"});
  Distribution d = defaults;
  d.mean = r.get("mean", d.mean);
  d.sd = r.get("sd", d.sd, kNonNegative);
  if (auto x = r.find("min")) d.min = x->as_double();
  if (auto x = r.find("max")) d.max = x->as_double();
  // The variable's own range (the defaults' bounds) still applies.
  if (defaults.min && d.min && *d.min < *defaults.min) {
    r.child("min").fail("must be >= " + std::to_string(*defaults.min) + " for this variable");
  }
  if (defaults.max && d.max && *d.max > *defaults.max) {
    r.child("max").fail("must be <= " + std::to_string(*defaults.max) + " for this variable");
  }
  if (auto b = r.find("bound")) {
    d.bound = b->as_choice({"truncate", "clip"}) == "clip" ? Distribution::Bound::clip
                                                           : Distribution::Bound::truncate;
  }
  if (d.min && d.max && *d.min > *d.max) r.fail("min must not exceed max");
  if (d.min && d.max && d.bound == Distribution::Bound::truncate && d.sd > 0 &&
      (d.mean < *d.min - 3 * d.sd || d.mean > *d.max + 3 * d.sd)) {
    r.fail("mean lies so far outside [min, max] that truncation would hardly ever accept a draw");
  }
  return d;
}

void parse_firm(const Reader& r, Scenario& s) {
  r.allow_only({"sites", "functions", "hierarchy", "collaboration"});
  if (auto sites = r.find("sites")) {
    parse_sites(*sites, s);
  } else {
    s.firm.sites.push_back(Site{"main", true, 1.0, {30, 15, 0.0, {}}});
  }
  if (auto h = r.find("hierarchy")) parse_hierarchy(*h, s);
  auto fr = r.child("functions");
  std::set<std::string> seen;
  for (const auto& item : fr.items()) parse_function(item, s, seen);
  if (s.firm.functions.empty()) fr.fail("must list at least one function");
  auto& ppl = s.firm.hierarchy.positions_per_level;
  if (!ppl.empty()) {
    auto where = r.child("hierarchy").child("positions_per_level");
    if (s.firm.functions.size() != 1) {
      where.fail("needs exactly one function (it gives the whole firm's levels)");
    }
    std::int64_t sum = 0;
    for (auto n : ppl) sum += n;
    auto& f = s.firm.functions.front();
    if (f.headcount == 0) f.headcount = sum;
    if (sum != f.headcount) {
      where.fail("levels sum to " + std::to_string(sum) + " but the function's headcount is " +
                 std::to_string(f.headcount));
    }
  }
  if (auto c = r.find("collaboration")) parse_collaboration(*c, s);
}

}  // namespace wfsim::scenario
