// Timing and the parse helpers every policy shares (ticks or dates, function
// and site names).
#include <cmath>

#include "sim/policies/policy.hpp"
#include "sim/scenario/load.hpp"

namespace wfsim::policies {

bool Timing::in_period(std::int64_t t) const {
  // `at` starts the period when no `from` is given: `at: 10, to: 20` is [10, 20).
  const std::optional<std::int64_t> start = from ? from : at;
  return (!start || t >= *start) && (!to || t < *to);
}

std::int64_t Timing::first_tick() const {
  if (from) return *from;
  if (at) return *at;
  if (!schedule.empty()) return schedule.front().first;
  return 0;
}

double Timing::share_at(std::int64_t t) const {
  if (schedule.empty() || t < schedule.front().first) return 0.0;
  for (std::size_t i = 1; i < schedule.size(); ++i) {
    auto [t1, v1] = schedule[i];
    if (t < t1) {
      auto [t0, v0] = schedule[i - 1];
      return v0 + (v1 - v0) * static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
    }
  }
  return schedule.back().second;
}

std::int64_t ParseContext::tick(const scenario::Reader& r) const {
  std::int64_t v = 0;
  if (r.is_scalar() && YAML::convert<std::int64_t>::decode(r.node(), v)) {
    if (v < 0) r.fail("must be a tick >= 0");
    return v;
  }
  if (!scenario.start_date_days) {
    r.fail("must be a tick number (a date needs the scenario's start_date)");
  }
  std::int64_t days = scenario::parse_iso_date(r) - *scenario.start_date_days;
  if (days < 0) r.fail("is before the scenario's start_date " + scenario.start_date);
  return static_cast<std::int64_t>(std::llround(static_cast<double>(days) / 7.0));
}

int ParseContext::function(const scenario::Reader& r) const {
  std::string name = r.as_string();
  int f = scenario.function_index(name);
  if (f < 0) {
    std::vector<std::string> names;
    for (const auto& fn : scenario.firm.functions) names.push_back(fn.name);
    r.fail("names no function of firm.functions", scenario::nearest(name, names));
  }
  return f;
}

int ParseContext::site(const scenario::Reader& r) const {
  std::string name = r.as_string();
  std::vector<std::string> names;
  for (std::size_t i = 0; i < scenario.firm.sites.size(); ++i) {
    if (scenario.firm.sites[i].name == name) return static_cast<int>(i);
    names.push_back(scenario.firm.sites[i].name);
  }
  r.fail("names no site of firm.sites", scenario::nearest(name, names));
}

Timing ParseContext::timing(const scenario::Reader& r) const {
  Timing t;
  if (auto x = r.find("at")) t.at = tick(*x);
  if (auto x = r.find("from")) t.from = tick(*x);
  if (auto x = r.find("to")) t.to = tick(*x);
  if (t.from && t.to && *t.to <= *t.from) r.child("to").fail("must be after `from`");
  if (auto x = r.find("schedule")) {
    for (const auto& point : x->items()) {
      point.allow_only({"at", "share"});
      auto at = tick(point.child("at"));
      auto share = point.child("share").as_double(scenario::kUnit);
      if (!t.schedule.empty() && at <= t.schedule.back().first) {
        point.child("at").fail("schedule points must be in increasing tick order");
      }
      t.schedule.emplace_back(at, share);
    }
    if (t.schedule.empty()) x->fail("must list at least one {at, share} point");
  }
  return t;
}

}  // namespace wfsim::policies
