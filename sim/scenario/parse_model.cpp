// model: overrides of MODEL.md's defaults, one subsection per mechanism.
#include "sim/scenario/load.hpp"

namespace wfsim::scenario {
namespace {

void parse_work(const Reader& r, WorkParams& w) {
  r.allow_only({"utilization", "demand_growth", "onboarding_weeks", "ramp_start", "alpha", "s_opt",
                "kappa", "lambda", "backlog_retention", "backlog_horizon_weeks", "w_max",
                "hours_per_fte_week"});
  w.utilization = r.get("utilization", w.utilization, Range{0.0, 1.5, true});
  w.demand_growth = r.get("demand_growth", w.demand_growth, Range{-0.5, 1.0});
  w.onboarding_weeks = r.get("onboarding_weeks", w.onboarding_weeks, kPositive);
  w.ramp_start = r.get("ramp_start", w.ramp_start, kUnit);
  w.alpha = r.get("alpha", w.alpha, kNonNegative);
  w.s_opt = r.get("s_opt", w.s_opt, kPositive);
  w.kappa = r.get("kappa", w.kappa, kNonNegative);
  w.lambda = r.get("lambda", w.lambda, Range{0.0, 1.0});
  w.backlog_retention = r.get("backlog_retention", w.backlog_retention, kUnit);
  w.backlog_horizon_weeks = r.get("backlog_horizon_weeks", w.backlog_horizon_weeks, kPositive);
  w.w_max = r.get("w_max", w.w_max, Range{1.0, {}});
  w.hours_per_fte_week = r.get("hours_per_fte_week", w.hours_per_fte_week, kPositive);
}

void parse_money(const Reader& r, MoneyParams& m) {
  r.allow_only({"operating_margin", "price", "support_weight", "benefits", "depreciation_years",
                "severance_weeks_per_year", "severance_min_weeks", "hiring_cost_share"});
  m.operating_margin = r.get("operating_margin", m.operating_margin, Range{-1.0, 0.95});
  if (auto p = r.find("price")) m.price = p->as_double(kPositive);
  m.support_weight = r.get("support_weight", m.support_weight, kUnit);
  m.benefits = r.get("benefits", m.benefits, kNonNegative);
  m.depreciation_years = r.get("depreciation_years", m.depreciation_years, kPositive);
  m.severance_weeks_per_year =
      r.get("severance_weeks_per_year", m.severance_weeks_per_year, kNonNegative);
  m.severance_min_weeks = r.get("severance_min_weeks", m.severance_min_weeks, kNonNegative);
  m.hiring_cost_share = r.get("hiring_cost_share", m.hiring_cost_share, kNonNegative);
}

void parse_morale(const Reader& r, MoraleParams& m) {
  r.allow_only(
      {"m0", "rho", "gamma", "d_lay", "d_over", "d_rto", "d_ai", "noise_sd", "quit_spillover"});
  m.m0 = r.get("m0", m.m0, kUnit);
  m.rho = r.get("rho", m.rho, kUnit);
  m.gamma = r.get("gamma", m.gamma, kUnit);
  if (m.rho + m.gamma > 1.0) r.fail("rho + gamma must not exceed 1 (morale would overshoot)");
  m.d_lay = r.get("d_lay", m.d_lay, kNonNegative);
  m.d_over = r.get("d_over", m.d_over, kNonNegative);
  m.d_rto = r.get("d_rto", m.d_rto, kNonNegative);
  m.d_ai = r.get("d_ai", m.d_ai, kNonNegative);
  m.noise_sd = r.get("noise_sd", m.noise_sd, kNonNegative);
  m.quit_spillover = r.get("quit_spillover", m.quit_spillover, kNonNegative);
}

void parse_attrition(const Reader& r, AttritionParams& a) {
  r.allow_only({"annual_quit_rate", "b_m", "b_w", "b_r", "b_s", "max_hazard_multiplier",
                "retirement_age", "dismissal_below"});
  a.annual_quit_rate = r.get("annual_quit_rate", a.annual_quit_rate, Range{0.0, 52.0});
  a.b_m = r.get("b_m", a.b_m);
  a.b_w = r.get("b_w", a.b_w);
  a.b_r = r.get("b_r", a.b_r);
  a.b_s = r.get("b_s", a.b_s);
  a.max_hazard_multiplier = r.get("max_hazard_multiplier", a.max_hazard_multiplier, kPositive);
  a.retirement_age = r.get("retirement_age", a.retirement_age, Range{20.0, 100.0});
  if (auto d = r.find("dismissal_below")) {
    if (!d->is_null()) a.dismissal_below = d->as_double(kUnit);
  }
}

void parse_promotion(const Reader& r, PromotionParams& p) {
  r.allow_only({"strategy", "p_best", "pool", "competence_rule", "noise", "p_external"});
  if (auto x = r.find("strategy")) {
    auto v = x->as_choice({"best", "worst", "random", "alternate"});
    p.strategy = v == "best"     ? PromotionStrategy::best
                 : v == "worst"  ? PromotionStrategy::worst
                 : v == "random" ? PromotionStrategy::random
                                 : PromotionStrategy::alternate;
  }
  p.p_best = r.get("p_best", p.p_best, kUnit);
  if (auto x = r.find("pool")) {
    p.pool = x->as_choice({"reports", "level"}) == "reports" ? PromotionPool::reports
                                                             : PromotionPool::level;
  }
  if (auto x = r.find("competence_rule")) {
    p.competence_rule = x->as_choice({"common_sense", "peter"}) == "peter"
                            ? CompetenceRule::peter
                            : CompetenceRule::common_sense;
  }
  if (auto n = r.find("noise")) {
    n->allow_only({"distribution", "width"});
    if (auto d = n->find("distribution")) {
      p.noise_distribution = d->as_choice({"normal", "uniform"}) == "normal"
                                 ? NoiseDistribution::normal
                                 : NoiseDistribution::uniform;
    }
    p.noise_width = n->get("width", p.noise_width, kNonNegative);
  }
  p.p_external = r.get("p_external", p.p_external, kUnit);
}

void parse_planning(const Reader& r, PlanningParams& p) {
  r.allow_only({"enabled", "review_weeks", "open_above", "max_share", "hold_weeks"});
  p.enabled = r.get_bool("enabled", p.enabled);
  p.review_weeks = static_cast<int>(r.get_int("review_weeks", p.review_weeks, Range{1.0, {}}));
  p.open_above = r.get("open_above", p.open_above, kPositive);
  p.max_share = r.get("max_share", p.max_share, kUnit);
  p.hold_weeks = static_cast<int>(r.get_int("hold_weeks", p.hold_weeks, kNonNegative));
}

}  // namespace

void parse_model(const Reader& r, Scenario& s) {
  r.allow_only({"work", "money", "morale", "attrition", "promotion", "hiring", "planning", "ai"});
  auto& m = s.model;
  if (auto x = r.find("work")) parse_work(*x, m.work);
  if (auto x = r.find("money")) parse_money(*x, m.money);
  if (auto x = r.find("morale")) parse_morale(*x, m.morale);
  if (auto x = r.find("attrition")) parse_attrition(*x, m.attrition);
  if (auto x = r.find("promotion")) parse_promotion(*x, m.promotion);
  if (auto x = r.find("hiring")) {
    x->allow_only({"time_to_fill_weeks"});
    m.hiring.time_to_fill_weeks =
        x->get("time_to_fill_weeks", m.hiring.time_to_fill_weeks, Range{1.0, {}});
  }
  if (auto x = r.find("planning")) parse_planning(*x, m.planning);
  if (auto x = r.find("ai")) {
    x->allow_only({"oversight_hours", "high_risk_oversight_hours"});
    m.ai.oversight_hours = x->get("oversight_hours", m.ai.oversight_hours, kNonNegative);
    m.ai.high_risk_oversight_hours =
        x->get("high_risk_oversight_hours", m.ai.high_risk_oversight_hours, kNonNegative);
  }
}

}  // namespace wfsim::scenario
