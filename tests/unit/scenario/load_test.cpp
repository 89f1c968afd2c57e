// Tests of the scenario loader: MODEL.md's defaults where a key is left out,
// every section of the example scenario, dates as ticks, the hierarchy and
// distribution forms, --set overrides, and output.compression.
#include "sim/scenario/load.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/policies/ai_regulation.hpp"
#include "sim/policies/hiring_policy.hpp"
#include "sim/policies/layoff.hpp"
#include "sim/policies/management_delayering.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/rto_mandate.hpp"

namespace wfsim::scenario {
namespace {

using Catch::Contains;
using Catch::StartsWith;
using Filter = output::Compression::Filter;
using policies::HiringPolicy;
using policies::Layoff;

const std::string kExamplePath = std::string(WFSIM_SHARED_DIR) + "/scenario-example.yaml";
const std::string kTinyPath = std::string(WFSIM_TEST_DATA) + "/tiny.yaml";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// One item of the example's `policies:` list, as text.
struct PolicyItem {
  std::string type;
  int line = 0;    // 1-based line of "  - type: ..." in the example
  int column = 0;  // 1-based column of the type's value
  std::string text;
};

// The example split around its policies: the text before the list (ending
// with "policies:\n"), the items, and the text after.
struct ExampleParts {
  std::string head;
  std::vector<PolicyItem> items;
  std::string tail;
};

ExampleParts split_example() {
  std::istringstream in(read_text(kExamplePath));
  ExampleParts parts;
  enum { head, list, tail } where = head;
  std::string line;
  int n = 0;
  const std::regex item_start(R"(^  - type: ([a-z_]+))");
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (where == head) {
      parts.head += line + "\n";
      if (line.rfind("policies:", 0) == 0) where = list;
    } else if (where == list && std::regex_search(line, m, item_start)) {
      parts.items.push_back({m[1], n, static_cast<int>(m.position(1)) + 1, line + "\n"});
    } else if (where == list && !line.empty() && line[0] != ' ' && line[0] != '#') {
      where = tail;
      parts.tail += line + "\n";
    } else if (where == list) {
      REQUIRE_FALSE(parts.items.empty());
      parts.items.back().text += line + "\n";
    } else {
      parts.tail += line + "\n";
    }
  }
  REQUIRE(where == tail);
  return parts;
}

std::string example_text() {
  return read_text(kExamplePath);
}

std::optional<ScenarioError> error_of(const std::string& text, const std::string& file,
                                      const std::vector<std::string>& overrides = {}) {
  try {
    load_string(text, file, overrides);
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

std::int64_t days_since_epoch(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days(year_month_day{year{y}, month{m}, day{d}}).time_since_epoch().count();
}

void check_distribution(const Distribution& d, double mean, double sd, std::optional<double> min,
                        std::optional<double> max,
                        Distribution::Bound bound = Distribution::Bound::truncate) {
  CHECK(d.mean == Approx(mean));
  CHECK(d.sd == Approx(sd));
  CHECK(d.min.has_value() == min.has_value());
  if (d.min && min) CHECK(*d.min == Approx(*min));
  CHECK(d.max.has_value() == max.has_value());
  if (d.max && max) CHECK(*d.max == Approx(*max));
  CHECK(d.bound == bound);
}

template <class P>
const P& policy_as(const Scenario& s, std::size_t i) {
  REQUIRE(i < s.policies.size());
  const auto* p = dynamic_cast<const P*>(s.policies[i].get());
  REQUIRE(p != nullptr);
  return *p;
}

const std::string kMinimal =
    "firm:\n"
    "  functions:\n"
    "    - {name: engineering, headcount: 100}\n"
    "    - {name: hr, headcount: 10}\n"
    "    - {name: warehouse, headcount: 50}\n";

TEST_CASE("keys left out take MODEL.md's defaults", "[scenario][load]") {
  Scenario s = load_string(kMinimal, "minimal.yaml");
  CHECK(s.source_path == "minimal.yaml");
  CHECK(s.source_text == kMinimal);
  CHECK(s.name == "unnamed");
  CHECK(s.description.empty());
  CHECK(s.seed == 1);
  CHECK(s.ticks == 260);
  CHECK_FALSE(s.start_date_days);
  CHECK(s.start_date.empty());
  CHECK(s.policies.empty());

  SECTION("firm") {
    REQUIRE(s.firm.sites.size() == 1);
    CHECK(s.firm.sites[0].name == "main");
    CHECK(s.firm.sites[0].hub);
    CHECK(s.firm.sites[0].share == 1.0);
    check_distribution(s.firm.sites[0].commute_minutes, 30, 15, 0.0, std::nullopt);
    REQUIRE(s.firm.functions.size() == 3);
    for (const auto& f : s.firm.functions) {
      INFO("function " << f.name);
      CHECK(f.value_per_unit == 1.0);
      CHECK_FALSE(f.support);
      CHECK(f.sites == std::vector<int>{0});
      CHECK_FALSE(f.demand_fte);
      check_distribution(f.competence, 0.5, 0.15, 0.0, 1.0);
      check_distribution(f.age, 40, 10, 20.0, 64.0);
      check_distribution(f.hire_age, 32, 7, 20.0, 60.0);
      check_distribution(f.ai_exposure, 0.3, 0.1, 0.0, 1.0);
      check_distribution(f.remote_preference, 0.5, 0.3, 0.0, 1.0);
      check_distribution(f.salary, 100000, 20000, 0.0, std::nullopt);
    }
    CHECK(s.firm.functions[0].headcount == 100);
    // hr is high-risk for the EU AI Act by default; warehouse work is onsite.
    CHECK_FALSE(s.firm.functions[0].high_risk_ai);
    CHECK_FALSE(s.firm.functions[0].onsite);
    CHECK(s.firm.functions[1].high_risk_ai);
    CHECK_FALSE(s.firm.functions[1].onsite);
    CHECK_FALSE(s.firm.functions[2].high_risk_ai);
    CHECK(s.firm.functions[2].onsite);
    CHECK(s.firm.hierarchy.span == std::vector<int>{8});
    CHECK_FALSE(s.firm.hierarchy.layers);
    CHECK(s.firm.hierarchy.positions_per_level.empty());
    CHECK(s.firm.hierarchy.salary_premium_per_level == 0.25);
    CHECK_FALSE(s.firm.collaboration.team_ties);  // all
    CHECK(s.firm.collaboration.cross_team_ties == 2);
  }

  SECTION("model") {
    const auto& w = s.model.work;
    CHECK(w.utilization == 0.85);
    CHECK(w.demand_growth == 0.0);
    CHECK(w.onboarding_weeks == 12);
    CHECK(w.ramp_start == 0.25);
    CHECK(w.alpha == 0.3);
    CHECK(w.s_opt == 10);
    CHECK(w.kappa == 0.5);
    CHECK(w.lambda == 0.02);
    CHECK(w.backlog_retention == 0.9);
    CHECK(w.backlog_horizon_weeks == 13);
    CHECK(w.w_max == 3);
    CHECK(w.hours_per_fte_week == 40);
    const auto& money = s.model.money;
    CHECK(money.operating_margin == 0.12);
    CHECK_FALSE(money.price);
    CHECK(money.support_weight == 0.3);
    CHECK(money.benefits == 0.3);
    CHECK(money.depreciation_years == 5);
    CHECK(money.severance_weeks_per_year == 2);
    CHECK(money.severance_min_weeks == 4);
    CHECK(money.hiring_cost_share == 0.2);
    const auto& m = s.model.morale;
    CHECK(m.m0 == 0.7);
    CHECK(m.rho == 0.05);
    CHECK(m.gamma == 0.1);
    CHECK(m.d_lay == 0.5);
    CHECK(m.d_over == 0.02);
    CHECK(m.d_rto == 0.005);
    CHECK(m.d_ai == 0.05);
    CHECK(m.noise_sd == 0.02);
    CHECK(m.quit_spillover == 0.3);
    const auto& a = s.model.attrition;
    CHECK(a.annual_quit_rate == 0.13);
    CHECK(a.b_m == 3);
    CHECK(a.b_w == 1);
    CHECK(a.b_r == 0.3);
    CHECK(a.b_s == 2);
    CHECK(a.max_hazard_multiplier == 8);
    CHECK(a.retirement_age == 65);
    CHECK_FALSE(a.dismissal_below);
    const auto& p = s.model.promotion;
    CHECK(p.strategy == PromotionStrategy::best);
    CHECK(p.p_best == 0.5);
    CHECK(p.pool == PromotionPool::reports);
    CHECK(p.competence_rule == CompetenceRule::common_sense);
    CHECK(p.noise_distribution == NoiseDistribution::normal);
    CHECK(p.noise_width == 0.05);
    CHECK(p.p_external == 0.2);
    CHECK(s.model.hiring.time_to_fill_weeks == 6);
    const auto& pl = s.model.planning;
    CHECK(pl.enabled);
    CHECK(pl.review_weeks == 13);
    CHECK(pl.open_above == 1.05);
    CHECK(pl.max_share == 0.05);
    CHECK(pl.hold_weeks == 52);
    CHECK(s.model.ai.oversight_hours == 2);
    CHECK(s.model.ai.high_risk_oversight_hours == 8);
  }

  SECTION("ai and output") {
    REQUIRE(s.capability.size() == 3);
    for (const auto& c : s.capability) {
      CHECK(c.realized.max == 0.0);
      CHECK(c.claimed.max == 0.0);
    }
    CHECK(s.output.agent_every == 1);
    CHECK(s.output.flush_every == 13);
    CHECK(s.output.compression.filter == Filter::deflate);
    CHECK(s.output.compression.level == 4);
    CHECK(s.output.compression.shuffle);
  }
}

TEST_CASE("empty model subsections keep every default", "[scenario][load]") {
  Scenario s = load_string(kMinimal +
                               "model:\n"
                               "  work: {}\n"
                               "  morale: {}\n"
                               "  attrition: {dismissal_below: null}\n"
                               "  planning: {}\n",
                           "empty.yaml");
  CHECK(s.model.work.utilization == 0.85);
  CHECK(s.model.morale.m0 == 0.7);
  CHECK(s.model.attrition.annual_quit_rate == 0.13);
  CHECK_FALSE(s.model.attrition.dismissal_below);
  CHECK(s.model.planning.review_weeks == 13);
  CHECK(s.model.planning.hold_weeks == 52);
}

TEST_CASE("every model key is read", "[scenario][load]") {
  Scenario s =
      load_string(kMinimal +
                      "model:\n"
                      "  work: {utilization: 0.9, demand_growth: -0.1, onboarding_weeks: 8,"
                      " ramp_start: 0.5, alpha: 0.4, s_opt: 12, kappa: 0.6, lambda: 0.03,"
                      " backlog_retention: 0.8, backlog_horizon_weeks: 10, w_max: 2.5,"
                      " hours_per_fte_week: 37.5}\n"
                      "  money: {operating_margin: 0.2, price: 5000, support_weight: 0.4,"
                      " benefits: 0.25, depreciation_years: 4, severance_weeks_per_year: 3,"
                      " severance_min_weeks: 6, hiring_cost_share: 0.1}\n"
                      "  morale: {m0: 0.6, rho: 0.1, gamma: 0.2, d_lay: 0.4, d_over: 0.03,"
                      " d_rto: 0.01, d_ai: 0.06, noise_sd: 0.01, quit_spillover: 0.2}\n"
                      "  attrition: {annual_quit_rate: 0.2, b_m: 2, b_w: 0.5, b_r: 0.4,"
                      " b_s: 1, max_hazard_multiplier: 5, retirement_age: 67,"
                      " dismissal_below: 0.1}\n"
                      "  promotion: {strategy: alternate, p_best: 0.6, pool: level,"
                      " competence_rule: peter, noise: {distribution: uniform, width: 0.1},"
                      " p_external: 0.3}\n"
                      "  hiring: {time_to_fill_weeks: 9}\n"
                      "  planning: {enabled: false, review_weeks: 4, open_above: 1.1,"
                      " max_share: 0.1, hold_weeks: 26}\n"
                      "  ai: {oversight_hours: 3, high_risk_oversight_hours: 10}\n",
                  "all.yaml");
  const auto& w = s.model.work;
  CHECK(w.utilization == 0.9);
  CHECK(w.demand_growth == -0.1);
  CHECK(w.onboarding_weeks == 8);
  CHECK(w.ramp_start == 0.5);
  CHECK(w.alpha == 0.4);
  CHECK(w.s_opt == 12);
  CHECK(w.kappa == 0.6);
  CHECK(w.lambda == 0.03);
  CHECK(w.backlog_retention == 0.8);
  CHECK(w.backlog_horizon_weeks == 10);
  CHECK(w.w_max == 2.5);
  CHECK(w.hours_per_fte_week == 37.5);
  const auto& money = s.model.money;
  CHECK(money.operating_margin == 0.2);
  REQUIRE(money.price);
  CHECK(*money.price == 5000);
  CHECK(money.support_weight == 0.4);
  CHECK(money.benefits == 0.25);
  CHECK(money.depreciation_years == 4);
  CHECK(money.severance_weeks_per_year == 3);
  CHECK(money.severance_min_weeks == 6);
  CHECK(money.hiring_cost_share == 0.1);
  const auto& m = s.model.morale;
  CHECK(m.m0 == 0.6);
  CHECK(m.rho == 0.1);
  CHECK(m.gamma == 0.2);
  CHECK(m.d_lay == 0.4);
  CHECK(m.d_over == 0.03);
  CHECK(m.d_rto == 0.01);
  CHECK(m.d_ai == 0.06);
  CHECK(m.noise_sd == 0.01);
  CHECK(m.quit_spillover == 0.2);
  const auto& a = s.model.attrition;
  CHECK(a.annual_quit_rate == 0.2);
  CHECK(a.b_m == 2);
  CHECK(a.b_w == 0.5);
  CHECK(a.b_r == 0.4);
  CHECK(a.b_s == 1);
  CHECK(a.max_hazard_multiplier == 5);
  CHECK(a.retirement_age == 67);
  REQUIRE(a.dismissal_below);
  CHECK(*a.dismissal_below == 0.1);
  const auto& p = s.model.promotion;
  CHECK(p.strategy == PromotionStrategy::alternate);
  CHECK(p.p_best == 0.6);
  CHECK(p.pool == PromotionPool::level);
  CHECK(p.competence_rule == CompetenceRule::peter);
  CHECK(p.noise_distribution == NoiseDistribution::uniform);
  CHECK(p.noise_width == 0.1);
  CHECK(p.p_external == 0.3);
  CHECK(s.model.hiring.time_to_fill_weeks == 9);
  CHECK_FALSE(s.model.planning.enabled);
  CHECK(s.model.planning.review_weeks == 4);
  CHECK(s.model.planning.open_above == 1.1);
  CHECK(s.model.planning.max_share == 0.1);
  CHECK(s.model.planning.hold_weeks == 26);
  CHECK(s.model.ai.oversight_hours == 3);
  CHECK(s.model.ai.high_risk_oversight_hours == 10);
}

TEST_CASE("the example scenario loads with all its policies, in order", "[scenario][load]") {
  auto parts = split_example();
  REQUIRE(parts.items.size() == 7);
  Scenario s = load_file(kExamplePath);
  REQUIRE(s.policies.size() == parts.items.size());
  for (std::size_t i = 0; i < parts.items.size(); ++i) {
    INFO("policy " << i);
    CHECK(s.policies[i]->type() == parts.items[i].type);
    CHECK(s.policies[i]->index() == static_cast<int>(i));
  }
  CHECK(s.policies[0]->id() == "delayering");
  CHECK(s.policies[3]->id() == "rto");
  const auto& d = policy_as<policies::ManagementDelayering>(s, 0).params();
  CHECK(d.at == 26);
  CHECK(*d.share == 0.13);
  CHECK(d.levels == std::vector<int>{1, 2});
  const auto& rto = policy_as<policies::RtoMandate>(s, 3).params();
  CHECK(rto.days_per_week == 5);
  REQUIRE(rto.relocation);
  // 2026-08-03 is 574 days = 82 weeks after the start date 2025-01-06.
  const auto& act = policy_as<policies::AiRegulation>(s, 6).params();
  CHECK(act.at == 82);
}

TEST_CASE("the example scenario parses every section", "[scenario][load]") {
  std::string text = example_text();
  Scenario s = load_string(text, "example.yaml");
  CHECK(s.source_text == text);

  SECTION("root") {
    CHECK(s.name == "example-efficiency-mandate");
    CHECK_THAT(s.description, StartsWith("A 24,200-person firm cuts 13% of its first- and"));
    CHECK_THAT(s.description, Contains("while the EU AI Act's oversight rules arrive."));
    CHECK(s.seed == 42);
    CHECK(s.ticks == 260);
    CHECK(s.start_date == "2025-01-06");
    REQUIRE(s.start_date_days);
    CHECK(*s.start_date_days == 20094);
    CHECK(*s.start_date_days == days_since_epoch(2025, 1, 6));
  }

  SECTION("sites") {
    REQUIRE(s.firm.sites.size() == 3);
    CHECK(s.firm.sites[0].name == "seattle");
    CHECK(s.firm.sites[0].hub);
    CHECK(s.firm.sites[0].share == 0.4);
    CHECK(s.firm.sites[1].name == "arlington");
    CHECK(s.firm.sites[1].hub);
    CHECK(s.firm.sites[1].share == 0.2);
    CHECK(s.firm.sites[2].name == "remote");
    CHECK_FALSE(s.firm.sites[2].hub);
    CHECK(s.firm.sites[2].share == 0.4);
    for (const auto& site : s.firm.sites) {
      check_distribution(site.commute_minutes, 30, 15, 0.0, std::nullopt);
    }
  }

  SECTION("functions") {
    struct Row {
      const char* name;
      std::int64_t headcount;
      double value;
      bool support, high_risk_ai, onsite;
      double salary_mean, salary_sd, exposure_mean, exposure_sd;
      std::vector<int> sites;
    };
    const std::vector<Row> rows{
        {"engineering", 6000, 1.0, false, false, false, 180000, 40000, 0.3, 0.1, {0, 1, 2}},
        {"sales", 2000, 1.2, false, false, false, 130000, 30000, 0.35, 0.1, {0, 1, 2}},
        {"customer_service", 3000, 0.3, false, false, false, 55000, 10000, 0.6, 0.15, {0, 1, 2}},
        {"hr", 800, 1.0, true, true, false, 95000, 20000, 0.6, 0.15, {0, 1, 2}},
        {"finance", 700, 1.0, true, false, false, 120000, 25000, 0.55, 0.15, {0, 1, 2}},
        {"ai_ml", 300, 1.5, false, false, false, 300000, 60000, 0.1, 0.05, {0, 1, 2}},
        {"warehouse", 11200, 0.4, false, false, true, 42000, 6000, 0.7, 0.1, {0, 1}},
        {"robotics", 200, 0.4, false, false, true, 65000, 8000, 0.2, 0.05, {0, 1}},
    };
    REQUIRE(s.firm.functions.size() == rows.size());
    std::int64_t total = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& f = s.firm.functions[i];
      const auto& r = rows[i];
      INFO("function " << r.name);
      CHECK(f.name == r.name);
      CHECK(s.function_index(r.name) == static_cast<int>(i));
      CHECK(f.headcount == r.headcount);
      CHECK(f.value_per_unit == Approx(r.value));
      CHECK(f.support == r.support);
      CHECK(f.high_risk_ai == r.high_risk_ai);
      CHECK(f.onsite == r.onsite);
      CHECK(f.sites == r.sites);
      CHECK_FALSE(f.demand_fte);
      // Given mean and sd; the variable's default bounds stay.
      check_distribution(f.salary, r.salary_mean, r.salary_sd, 0.0, std::nullopt);
      check_distribution(f.ai_exposure, r.exposure_mean, r.exposure_sd, 0.0, 1.0);
      check_distribution(f.competence, 0.5, 0.15, 0.0, 1.0);
      check_distribution(f.age, 40, 10, 20.0, 64.0);
      total += f.headcount;
    }
    CHECK(total == 24200);  // the description's firm size
    CHECK(s.function_index("legal") == -1);
  }

  SECTION("hierarchy and collaboration") {
    CHECK(s.firm.hierarchy.span == std::vector<int>{8});
    CHECK_FALSE(s.firm.hierarchy.layers);  // auto
    CHECK(s.firm.hierarchy.positions_per_level.empty());
    CHECK(s.firm.hierarchy.salary_premium_per_level == 0.25);
    CHECK_FALSE(s.firm.collaboration.team_ties);  // all
    CHECK(s.firm.collaboration.cross_team_ties == 2);
  }

  SECTION("model") {
    CHECK(s.model.morale.m0 == 0.7);
    CHECK(s.model.morale.rho == 0.05);
    CHECK(s.model.morale.gamma == 0.1);
    CHECK(s.model.morale.d_lay == 0.5);  // not in the file: default
    CHECK(s.model.attrition.annual_quit_rate == 0.13);
    CHECK(s.model.attrition.retirement_age == 65);
    CHECK(s.model.promotion.strategy == PromotionStrategy::best);
    CHECK(s.model.promotion.competence_rule == CompetenceRule::common_sense);
    CHECK(s.model.promotion.p_external == 0.2);
    CHECK(s.model.hiring.time_to_fill_weeks == 6);
    CHECK(s.model.work.utilization == 0.85);
    CHECK(s.model.work.demand_growth == 0.05);
    CHECK(s.model.money.operating_margin == 0.12);
    CHECK_FALSE(s.model.money.price);
    CHECK(s.model.planning.hold_weeks == 52);
  }

  SECTION("capability curves") {
    REQUIRE(s.capability.size() == 8);
    int hr = s.function_index("hr");
    int finance = s.function_index("finance");
    REQUIRE(hr == 3);
    REQUIRE(finance == 4);
    CHECK(s.capability[hr].realized.max == 0.5);
    CHECK(s.capability[hr].realized.k == 0.03);
    CHECK(s.capability[hr].realized.mid == 120);
    CHECK(s.capability[hr].claimed.max == 0.9);
    CHECK(s.capability[hr].claimed.k == 0.08);
    CHECK(s.capability[hr].claimed.mid == 26);
    CHECK(s.capability[finance].realized.max == 0.45);
    CHECK(s.capability[finance].realized.k == 0.03);
    CHECK(s.capability[finance].realized.mid == 130);
    CHECK(s.capability[finance].claimed.max == 0.8);
    CHECK(s.capability[finance].claimed.k == 0.08);
    CHECK(s.capability[finance].claimed.mid == 30);
    for (int f = 0; f < 8; ++f) {
      if (f == hr || f == finance) continue;
      INFO("function " << f);
      CHECK(s.capability[f].realized.max == 0.0);
      CHECK(s.capability[f].claimed.max == 0.0);
    }
  }

  SECTION("policies") {
    auto parts = split_example();
    REQUIRE(s.policies.size() == parts.items.size());
    // The hiring policy: from/to and a multiplier with a default and one function.
    std::size_t h = 0;
    while (h < s.policies.size() && s.policies[h]->type() != "hiring_policy") ++h;
    const auto& hp = policy_as<HiringPolicy>(s, h);
    CHECK(hp.id().empty());
    const auto& t = hp.params().timing;
    REQUIRE(t.from);
    REQUIRE(t.to);
    CHECK(*t.from == 0);
    CHECK(*t.to == 104);
    CHECK_FALSE(t.at);
    CHECK(t.schedule.empty());
    CHECK(t.in_period(0));
    CHECK(t.in_period(103));
    CHECK_FALSE(t.in_period(104));
    const auto& mult = hp.params().multiplier;
    REQUIRE(mult.size() == 8);
    for (int f = 0; f < 8; ++f) {
      INFO("function " << s.firm.functions[f].name);
      CHECK(mult[f] == (f == s.function_index("ai_ml") ? 2.0 : 0.42));
    }
    CHECK_FALSE(hp.params().elite);
  }

  SECTION("output") {
    CHECK(s.output.agent_every == 1);
    CHECK(s.output.flush_every == 13);
    CHECK(s.output.compression.filter == Filter::deflate);
    CHECK(s.output.compression.level == 4);
    CHECK(s.output.compression.shuffle);
  }
}

const std::string kTwoFunctions =
    "firm:\n"
    "  sites:\n"
    "    - {name: hq, share: 0.7}\n"
    "    - {name: home, hub: false, share: 0.3}\n"
    "  functions:\n"
    "    - {name: engineering, headcount: 100}\n"
    "    - {name: hr, headcount: 20}\n";

TEST_CASE("dates in at/from/to become ticks from start_date", "[scenario][load]") {
  Scenario s = load_string("start_date: 2025-01-06\n" + kTwoFunctions +
                               "policies:\n"
                               "  - {type: layoff, id: aug, at: 2026-08-03, count: 1}\n"
                               "  - {type: layoff, id: same_day, at: 2025-01-06, count: 1}\n"
                               "  - {type: layoff, id: three_days, at: 2025-01-09, count: 1}\n"
                               "  - {type: layoff, id: four_days, at: 2025-01-10, count: 1}\n"
                               "  - {type: layoff, id: number, at: 26, count: 1}\n"
                               "  - type: hiring_policy\n"
                               "    from: 2025-02-03\n"
                               "    to: 2026-01-05\n"
                               "    multiplier: 0.5\n",
                           "dates.yaml");
  CHECK(*s.start_date_days == days_since_epoch(2025, 1, 6));
  CHECK(policy_as<Layoff>(s, 0).params().at == 82);  // 574 days = 82 weeks
  CHECK(policy_as<Layoff>(s, 0).id() == "aug");
  CHECK(policy_as<Layoff>(s, 1).params().at == 0);
  CHECK(policy_as<Layoff>(s, 2).params().at == 0);  // rounded to the nearest tick
  CHECK(policy_as<Layoff>(s, 3).params().at == 1);
  CHECK(policy_as<Layoff>(s, 4).params().at == 26);  // a number is a tick, date or not
  const auto& hp = policy_as<HiringPolicy>(s, 5);
  CHECK(*hp.params().timing.from == 4);
  CHECK(*hp.params().timing.to == 52);
  CHECK(hp.params().multiplier == std::vector<double>{0.5, 0.5});
}

TEST_CASE("layoff and hiring_policy read all their keys", "[scenario][load]") {
  Scenario s =
      load_string(kTwoFunctions +
                      "policies:\n"
                      "  - type: layoff\n"
                      "    id: cut\n"
                      "    at: 10\n"
                      "    share: 0.15\n"
                      "    functions: [hr]\n"
                      "    levels: [0, 1]\n"
                      "    sites: [home]\n"
                      "    select: highest_cost\n"
                      "    notice_weeks: 4\n"
                      "    include_vacant: true\n"
                      "  - {type: layoff, at: 12, count: 7}\n"
                      "  - type: hiring_policy\n"
                      "    id: elite\n"
                      "    from: 20\n"
                      "    elite: {function: engineering, count: 5, annual_salary: 400000}\n"
                      "  - type: hiring_policy\n"
                      "    at: 30\n"
                      "    multiplier: {hr: 0}\n",
                  "policies.yaml");
  REQUIRE(s.policies.size() == 4);
  const auto& cut = policy_as<Layoff>(s, 0).params();
  CHECK(policy_as<Layoff>(s, 0).id() == "cut");
  CHECK(cut.at == 10);
  CHECK_FALSE(cut.count);
  REQUIRE(cut.share);
  CHECK(*cut.share == 0.15);
  CHECK(cut.functions == std::vector<int>{1});
  CHECK(cut.levels == std::vector<int>{0, 1});
  CHECK(cut.sites == std::vector<int>{1});
  CHECK(cut.select == policies::Select::highest_cost);
  CHECK(cut.notice_weeks == 4);
  CHECK(cut.include_vacant);
  const auto& plain = policy_as<Layoff>(s, 1).params();
  CHECK(policy_as<Layoff>(s, 1).id().empty());
  CHECK(policy_as<Layoff>(s, 1).index() == 1);
  REQUIRE(plain.count);
  CHECK(*plain.count == 7);
  CHECK_FALSE(plain.share);
  CHECK(plain.functions.empty());
  CHECK(plain.levels.empty());
  CHECK(plain.sites.empty());
  CHECK(plain.select == policies::Select::lowest_performance);
  CHECK(plain.notice_weeks == 0);
  CHECK_FALSE(plain.include_vacant);
  const auto& elite = policy_as<HiringPolicy>(s, 2).params();
  REQUIRE(elite.elite);
  CHECK(elite.elite->function == 0);
  CHECK(elite.elite->count == 5);
  CHECK(elite.elite->annual_salary == 400000);
  CHECK(elite.elite->at == 20);  // defaults to `from`
  CHECK(elite.multiplier == std::vector<double>{1.0, 1.0});
  const auto& freeze = policy_as<HiringPolicy>(s, 3).params();
  CHECK(freeze.multiplier == std::vector<double>{1.0, 0.0});  // default 1
  CHECK(*freeze.timing.at == 30);
  CHECK_FALSE(freeze.timing.in_period(29));
  CHECK(freeze.timing.in_period(30));
  CHECK(freeze.timing.in_period(1000));  // `at` alone starts for good
}

TEST_CASE("positions_per_level gives one function's levels", "[scenario][load]") {
  SECTION("headcount left out: the sum") {
    Scenario s = load_string(
        "firm:\n"
        "  hierarchy:\n"
        "    positions_per_level: [1, 5, 11, 21, 41, 81]\n"
        "  functions:\n"
        "    - {name: engineering}\n",
        "ppl.yaml");
    CHECK(s.firm.hierarchy.positions_per_level == std::vector<std::int64_t>{1, 5, 11, 21, 41, 81});
    REQUIRE(s.firm.functions.size() == 1);
    CHECK(s.firm.functions[0].headcount == 160);
  }
  SECTION("headcount given and equal to the sum") {
    Scenario s = load_string(
        "firm:\n"
        "  hierarchy: {positions_per_level: [1, 5, 11, 21, 41, 81]}\n"
        "  functions:\n"
        "    - {name: engineering, headcount: 160}\n",
        "ppl.yaml");
    CHECK(s.firm.functions[0].headcount == 160);
    CHECK(s.firm.hierarchy.positions_per_level.size() == 6);
  }
}

TEST_CASE("span as a list, layers, collaboration caps", "[scenario][load]") {
  Scenario s = load_string(
      "firm:\n"
      "  hierarchy:\n"
      "    span: [4, 6, 8]\n"
      "    layers: 5\n"
      "    salary_premium_per_level: 0.1\n"
      "  collaboration: {team_ties: 3, cross_team_ties: 0}\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 100}\n",
      "span.yaml");
  CHECK(s.firm.hierarchy.span == std::vector<int>{4, 6, 8});
  REQUIRE(s.firm.hierarchy.layers);
  CHECK(*s.firm.hierarchy.layers == 5);
  CHECK(s.firm.hierarchy.salary_premium_per_level == 0.1);
  REQUIRE(s.firm.collaboration.team_ties);
  CHECK(*s.firm.collaboration.team_ties == 3);
  CHECK(s.firm.collaboration.cross_team_ties == 0);

  Scenario one = load_string(
      "firm:\n"
      "  hierarchy: {span: 12, layers: auto}\n"
      "  collaboration: {team_ties: all}\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 100}\n",
      "span.yaml");
  CHECK(one.firm.hierarchy.span == std::vector<int>{12});
  CHECK_FALSE(one.firm.hierarchy.layers);
  CHECK_FALSE(one.firm.collaboration.team_ties);
}

TEST_CASE("distributions with min, max and bound", "[scenario][load]") {
  using B = Distribution::Bound;
  Scenario s = load_string(
      "firm:\n"
      "  sites:\n"
      "    - name: hq\n"
      "      share: 1\n"
      "      commute_minutes: {mean: 45, sd: 20, max: 120, bound: clip}\n"
      "  functions:\n"
      "    - name: engineering\n"
      "      headcount: 100\n"
      "      demand_fte: 90\n"
      "      salary: {mean: 150000, sd: 30000, min: 60000}\n"
      "      competence: {mean: 0.6, sd: 0.2, min: 0.2, max: 0.9, bound: clip}\n"
      "      age: {mean: 35}\n"
      "      hire_age: {mean: 30, sd: 5, min: 22, max: 50, bound: truncate}\n"
      "      ai_exposure: {mean: 0.4, sd: 0.2, min: 0.1}\n"
      "      remote_preference: {mean: 0.7, sd: 0}\n",
      "dist.yaml");
  check_distribution(s.firm.sites[0].commute_minutes, 45, 20, 0.0, 120.0, B::clip);
  const auto& f = s.firm.functions[0];
  REQUIRE(f.demand_fte);
  CHECK(*f.demand_fte == 90);
  check_distribution(f.salary, 150000, 30000, 60000.0, std::nullopt);
  check_distribution(f.competence, 0.6, 0.2, 0.2, 0.9, B::clip);
  check_distribution(f.age, 35, 10, 20.0, 64.0);  // the rest from the default
  check_distribution(f.hire_age, 30, 5, 22.0, 50.0, B::truncate);
  check_distribution(f.ai_exposure, 0.4, 0.2, 0.1, 1.0);
  check_distribution(f.remote_preference, 0.7, 0, 0.0, 1.0);
}

TEST_CASE("overrides (--set): overrides scalars, nested keys and list items",
          "[scenario][load][set]") {
  SECTION("root scalars") {
    Scenario s = load_file(kTinyPath, {"seed=99", "ticks=52", "name=renamed"});
    CHECK(s.seed == 99);
    CHECK(s.ticks == 52);
    CHECK(s.name == "renamed");
    CHECK(s.source_path == kTinyPath);
  }
  SECTION("a nested key the file has") {
    Scenario s = load_string(example_text(), "example.yaml",
                             {"model.morale.m0=0.6", "model.work.utilization=0.9"});
    CHECK(s.model.morale.m0 == 0.6);
    CHECK(s.model.morale.rho == 0.05);  // its siblings stay
    CHECK(s.model.work.utilization == 0.9);
    CHECK(s.model.work.demand_growth == 0.05);
  }
  SECTION("a nested key in a section the file leaves out") {
    Scenario s = load_file(kTinyPath, {"model.work.utilization=0.9", "model.planning.enabled=false",
                                       "firm.hierarchy.span=[10, 6]"});
    CHECK(s.model.work.utilization == 0.9);
    CHECK_FALSE(s.model.planning.enabled);
    CHECK(s.firm.hierarchy.span == std::vector<int>{10, 6});
  }
  SECTION("list items by index") {
    Scenario s = load_file(kTinyPath, {"firm.functions[1].headcount=40", "firm.sites[0].share=0.6",
                                       "firm.sites[1].share=0.4"});
    CHECK(s.firm.functions[0].headcount == 120);
    CHECK(s.firm.functions[1].headcount == 40);
    CHECK(s.firm.sites[0].share == 0.6);
    CHECK(s.firm.sites[1].share == 0.4);
  }
  SECTION("policies by id, a later override winning") {
    std::string text = "start_date: 2025-01-06\n" + kTwoFunctions +
                       "policies:\n"
                       "  - {type: layoff, id: cut1, at: 10, share: 0.1}\n"
                       "  - {type: layoff, id: cut2, at: 20, share: 0.1}\n";
    Scenario s = load_string(text, "ids.yaml",
                             {"policies[id=cut2].share=0.2", "policies[id=cut2].share=0.25",
                              "policies[id=cut1].at=2025-03-03", "policies[0].select=random"});
    const auto& c1 = policy_as<Layoff>(s, 0).params();
    const auto& c2 = policy_as<Layoff>(s, 1).params();
    CHECK(*c1.share == 0.1);
    CHECK(c1.at == 8);
    CHECK(c1.select == policies::Select::random);
    CHECK(*c2.share == 0.25);
    CHECK(c2.at == 20);
  }
  SECTION("a whole list item") {
    Scenario s = load_file(kTinyPath, {"policies=[{type: layoff, at: 3, count: 2}]"});
    REQUIRE(s.policies.size() == 1);
    CHECK(*policy_as<Layoff>(s, 0).params().count == 2);
  }
}

TEST_CASE("overrides (--set): takes the sweep example's [id=x] paths", "[scenario][load][set]") {
  Scenario s = load_file(
      kExamplePath, {"policies[id=delayering].share=0.05", "policies[id=rto].days_per_week=3"});
  CHECK(*policy_as<policies::ManagementDelayering>(s, 0).params().share == 0.05);
  CHECK(policy_as<policies::RtoMandate>(s, 3).params().days_per_week == 3);
}

TEST_CASE("overrides (--set): records the overrides in source_text", "[scenario][load][set]") {
  std::string file = read_text(kTinyPath);
  Scenario plain = load_file(kTinyPath);
  CHECK(plain.source_text == file);

  Scenario s = load_file(kTinyPath, {"model.work.utilization=0.9", "seed=5"});
  // A first comment line names the file and every override, in order.
  std::string first = s.source_text.substr(0, s.source_text.find('\n'));
  CHECK_THAT(first, StartsWith("# " + kTinyPath + " "));
  CHECK_THAT(first, Contains("--set model.work.utilization=0.9"));
  CHECK(first.find("model.work.utilization=0.9") < first.find("seed=5"));
  CHECK_THAT(s.source_text, Contains("utilization: 0.9"));
  CHECK_THAT(s.source_text, Contains("seed: 5"));
  CHECK(s.source_text != file);
  // The text as run loads to the same scenario.
  Scenario again = load_string(s.source_text, "again.yaml");
  CHECK(again.model.work.utilization == 0.9);
  CHECK(again.seed == 5);
  CHECK(again.name == "tiny");
  CHECK(again.firm.functions.size() == 2);
}

TEST_CASE("overrides (--set): errors name the override", "[scenario][load][set]") {
  const std::string example = example_text();

  SECTION("a value that breaks a rule") {
    auto e = error_of(example, "example.yaml", {"model.work.utilization=2"});
    REQUIRE(e);
    CHECK(e->file == "--set model.work.utilization");
    CHECK(e->line == 0);
    CHECK(e->column == 0);
    CHECK(e->key_path == "model.work.utilization");
    CHECK(e->value == "'2'");
    CHECK(e->rule == "must be in (0, 1.5]");
    CHECK(std::string(e->what()) ==
          "--set model.work.utilization: model.work.utilization: must be in (0, 1.5] (got '2')");
  }
  SECTION("a value that breaks a rule, through selectors") {
    std::string text = kTwoFunctions +
                       "policies:\n"
                       "  - {type: layoff, id: cut1, at: 10, share: 0.1}\n"
                       "  - {type: layoff, id: cut2, at: 20, share: 0.1}\n";
    auto e = error_of(text, "ids.yaml", {"policies[id=cut2].share=1.5"});
    REQUIRE(e);
    CHECK(e->file == "--set policies[1].share");
    CHECK(e->key_path == "policies[1].share");
    CHECK(e->value == "'1.5'");
    CHECK(e->rule == "must be in [0, 1]");
    auto f = error_of(text, "ids.yaml", {"policies[0].functions=[enginering]"});
    REQUIRE(f);
    CHECK(f->file == "--set policies[0].functions");
    CHECK(f->key_path == "policies[0].functions[0]");
    CHECK(f->suggestion == "engineering");
  }
  SECTION("a value of the wrong type in a new section") {
    auto e = error_of(read_text(kTinyPath), "tiny.yaml", {"model.planning.review_weeks=often"});
    REQUIRE(e);
    CHECK(e->file == "--set model.planning.review_weeks");
    CHECK(e->key_path == "model.planning.review_weeks");
    CHECK(e->rule == "must be a whole number");
  }
  SECTION("an unknown key gets a did-you-mean") {
    auto e = error_of(example, "example.yaml", {"model.morale.mo=0.5"});
    REQUIRE(e);
    CHECK(e->file == "--set model.morale.mo");
    CHECK(e->line == 0);
    CHECK(e->key_path == "model.morale.mo");
    CHECK_THAT(e->rule, StartsWith("unknown key"));
    CHECK(e->suggestion == "m0");
    CHECK_THAT(std::string(e->what()), Catch::EndsWith("; did you mean 'm0'?"));
  }
  SECTION("an unknown section gets a did-you-mean") {
    auto e = error_of(read_text(kTinyPath), "tiny.yaml", {"modle.work.utilization=0.9"});
    REQUIRE(e);
    CHECK(e->file == "--set modle.work.utilization");
    CHECK(e->line == 0);
    CHECK(e->key_path == "modle");
    CHECK(e->suggestion == "model");
    auto f = error_of(read_text(kTinyPath), "tiny.yaml", {"model.wrok.utilization=0.9"});
    REQUIRE(f);
    CHECK(f->file == "--set model.wrok.utilization");
    CHECK(f->key_path == "model.wrok");
    CHECK(f->suggestion == "work");
  }
  SECTION("an unknown list") {
    auto e = error_of(example, "example.yaml", {"polcies[0].at=3"});
    REQUIRE(e);
    CHECK(e->file == "--set polcies[0].at=3");
    CHECK(e->key_path == "polcies");
    CHECK(e->rule == "is not in the scenario, so it has no item to select");
    CHECK(e->suggestion == "policies");
  }
  SECTION("malformed overrides") {
    std::string tiny = read_text(kTinyPath);
    auto e = error_of(tiny, "tiny.yaml", {"seed"});
    REQUIRE(e);
    CHECK(e->file == "--set seed");
    CHECK(e->rule == "must have the form key.path=value");
    e = error_of(tiny, "tiny.yaml", {"firm.functions[7].headcount=1"});
    REQUIRE(e);
    CHECK(e->key_path == "firm.functions");
    CHECK(e->rule == "has 2 items; [7] is past the end");
    e = error_of(tiny, "tiny.yaml", {"firm.functions[x].headcount=1"});
    REQUIRE(e);
    CHECK(e->rule == "'[x]' must be a list index [N] or a policy id [id=NAME]");
    e = error_of(tiny, "tiny.yaml", {"firm.functions[0.headcount=1"});
    REQUIRE(e);
    CHECK(e->rule == "has an unclosed '['");
    e = error_of(tiny, "tiny.yaml", {"seed.x=1"});
    REQUIRE(e);
    CHECK(e->key_path == "seed");
    CHECK(e->rule == "is not a mapping, so it has no key 'x'");
    e = error_of(tiny, "tiny.yaml", {"firm.sites.name=x"});
    REQUIRE(e);
    CHECK(e->key_path == "firm.sites");
    CHECK(e->rule == "is not a mapping, so it has no key 'name'");
    e = error_of(tiny, "tiny.yaml", {"firm[0]=x"});
    REQUIRE(e);
    CHECK(e->key_path == "firm");
    CHECK(e->rule == "is not a list");
    e = error_of(tiny, "tiny.yaml", {"seed=[1"});
    REQUIRE(e);
    CHECK_THAT(e->rule, StartsWith("the value is not valid YAML"));
    e = error_of(tiny + "policies:\n  - {type: layoff, id: a, at: 1, count: 1}\n", "tiny.yaml",
                 {"policies[id=b].count=2"});
    REQUIRE(e);
    CHECK(e->key_path == "policies");
    CHECK(e->rule == "has no item with id 'b'");
  }
}

TEST_CASE("output.compression as a level or a mapping", "[scenario][load]") {
  auto compression = [](const std::string& value) {
    return load_string(kMinimal + "output:\n  compression: " + value + "\n", "c.yaml")
        .output.compression;
  };
  auto c = compression("7");
  CHECK(c.filter == Filter::deflate);
  CHECK(c.level == 7);
  CHECK(c.shuffle);
  c = compression("0");
  CHECK(c.filter == Filter::none);
  CHECK(c.level == 0);
  c = compression("{filter: deflate, level: 6, shuffle: false}");
  CHECK(c.filter == Filter::deflate);
  CHECK(c.level == 6);
  CHECK_FALSE(c.shuffle);
  c = compression("{filter: none}");
  CHECK(c.filter == Filter::none);
  c = compression("{level: 0}");
  CHECK(c.filter == Filter::none);
  c = compression("{shuffle: false}");
  CHECK(c.filter == Filter::deflate);
  CHECK(c.level == 4);
  CHECK_FALSE(c.shuffle);

  Scenario s = load_string(kMinimal + "output: {agent_every: 0, flush_every: 52}\n", "o.yaml");
  CHECK(s.output.agent_every == 0);
  CHECK(s.output.flush_every == 52);
}

TEST_CASE("load_file reads a file and names it", "[scenario][load]") {
  Scenario s = load_file(kTinyPath);
  CHECK(s.source_path == kTinyPath);
  CHECK(s.name == "tiny");
  CHECK(s.seed == 7);
  CHECK(s.ticks == 30);
  CHECK(s.firm.functions.size() == 2);
  CHECK(s.firm.functions[1].support);
  CHECK(s.firm.functions[1].high_risk_ai);
  CHECK_THROWS_AS(load_file(std::string(WFSIM_TEST_DATA) + "/no-such-file.yaml"), UsageError);
}

}  // namespace
}  // namespace wfsim::scenario
