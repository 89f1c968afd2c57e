// Typed, immutable scenario specs: what a YAML scenario says, validated and
// with MODEL.md's defaults filled in. One Scenario serves every run of a
// sweep; nothing here changes while a run goes on (the mutable run state
// lives in sim/engine/). Units are stated on every field.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/run_writer.hpp"

namespace wfsim::policies {
class Policy;
}

namespace wfsim::scenario {

// A normal distribution {mean, sd}. Without min/max the variable's own range
// applies and draws outside it are redrawn; with them, `bound` decides.
struct Distribution {
  enum class Bound : std::uint8_t { truncate, clip };
  double mean = 0.0;
  double sd = 0.0;
  std::optional<double> min;
  std::optional<double> max;
  Bound bound = Bound::truncate;
};

struct Site {
  std::string name;
  bool hub = true;
  double share = 1.0;                           // share of positions, renormalised per function
  Distribution commute_minutes{30, 15, 0, {}};  // one way, minutes; 0 at non-hub sites
};

struct Function {
  std::string name;
  std::int64_t headcount = 0;   // positions, managers included
  double value_per_unit = 1.0;  // revenue weight of one FTE-week of done work
  bool support = false;         // produces no revenue; its coverage scales everyone's
  bool high_risk_ai = false;    // EU AI Act high-risk (default true for "hr")
  bool onsite = false;     // cannot be remote: r = 0, outside RTO (default true for "warehouse")
  std::vector<int> sites;  // indices into Firm::sites; all sites when the YAML lists none
  std::optional<double> demand_fte;  // weekly demand at tick 0, FTE-weeks; default from utilization
  Distribution salary{100000, 20000, 0.0, {}};         // USD per year, before the level premium
  Distribution competence{0.5, 0.15, 0.0, 1.0};        // [0, 1]
  Distribution age{40, 10, 20, 64};                    // years
  Distribution hire_age{32, 7, 20, 60};                // years
  Distribution ai_exposure{0.3, 0.1, 0.0, 1.0};        // share of tasks AI could do, [0, 1]
  Distribution remote_preference{0.5, 0.3, 0.0, 1.0};  // [0, 1]
};

struct Hierarchy {
  std::vector<int> span{8};                       // target span of control, top first when a list
  std::optional<int> layers;                      // levels per function incl. ICs; nullopt = auto
  std::vector<std::int64_t> positions_per_level;  // top first; empty = derive from span
  double salary_premium_per_level = 0.25;         // salary x (1 + p * level)
};

struct Collaboration {
  std::optional<int> team_ties;  // nullopt = all (teams are cliques); else ties per member
  int cross_team_ties = 2;       // random ties per position outside its team
};

struct Firm {
  std::vector<Site> sites;
  std::vector<Function> functions;
  Hierarchy hierarchy;
  Collaboration collaboration;
};

struct WorkParams {
  double utilization = 0.85;
  double demand_growth = 0.0;  // per year
  double onboarding_weeks = 12;
  double ramp_start = 0.25;
  double alpha = 0.3;  // augment strength
  double s_opt = 10;
  double kappa = 0.5;
  double lambda = 0.02;  // loss per layer
  double backlog_retention = 0.9;
  double backlog_horizon_weeks = 13;
  double w_max = 3;
  double hours_per_fte_week = 40;
};

struct MoneyParams {
  double operating_margin = 0.12;
  std::optional<double> price;  // USD per value-weighted FTE-week; calibrated when unset
  double support_weight = 0.3;
  double benefits = 0.3;
  double depreciation_years = 5;
  double severance_weeks_per_year = 2;
  double severance_min_weeks = 4;
  double hiring_cost_share = 0.2;
};

struct MoraleParams {
  double m0 = 0.7;
  double rho = 0.05;
  double gamma = 0.1;
  double d_lay = 0.5;
  double d_over = 0.02;
  double d_rto = 0.005;
  double d_ai = 0.05;
  double noise_sd = 0.02;
  double quit_spillover = 0.3;
};

struct AttritionParams {
  double annual_quit_rate = 0.13;
  double b_m = 3;
  double b_w = 1;
  double b_r = 0.3;
  double b_s = 2;
  double max_hazard_multiplier = 8;
  double retirement_age = 65;             // years
  std::optional<double> dismissal_below;  // competence threshold; unset = no dismissals
};

enum class PromotionStrategy : std::uint8_t { best, worst, random, alternate };
enum class PromotionPool : std::uint8_t { reports, level };
enum class CompetenceRule : std::uint8_t { common_sense, peter };
enum class NoiseDistribution : std::uint8_t { normal, uniform };

struct PromotionParams {
  PromotionStrategy strategy = PromotionStrategy::best;
  double p_best = 0.5;
  PromotionPool pool = PromotionPool::reports;
  CompetenceRule competence_rule = CompetenceRule::common_sense;
  NoiseDistribution noise_distribution = NoiseDistribution::normal;
  double noise_width = 0.05;
  double p_external = 0.2;
};

struct HiringParams {
  double time_to_fill_weeks = 6;
};

struct PlanningParams {
  bool enabled = true;
  int review_weeks = 13;
  double open_above = 1.05;
  double max_share = 0.05;
  int hold_weeks = 52;
};

struct AiParams {
  double oversight_hours = 2;            // per agent per week
  double high_risk_oversight_hours = 8;  // per agent per week
};

struct Model {
  WorkParams work;
  MoneyParams money;
  MoraleParams morale;
  AttritionParams attrition;
  PromotionParams promotion;
  HiringParams hiring;
  PlanningParams planning;
  AiParams ai;
};

// a(t) = max / (1 + exp(-k (t - mid))), t in ticks.
struct Logistic {
  double max = 0.0;
  double k = 0.0;
  double mid = 0.0;
};

struct Capability {
  Logistic realized;
  Logistic claimed;
};

struct OutputSpec {
  int agent_every = 1;   // ticks between per-agent rows; 0 = none
  int flush_every = 13;  // ticks between flushes, 1..52
  int graph_every = 1;   // at most one /graph snapshot per this many ticks (first and last always)
  output::Compression compression;
};

struct Scenario {
  std::string source_path;  // file the scenario came from ("<string>" if none)
  std::string source_text;  // YAML as run, overrides applied
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::int64_t ticks = 260;
  std::optional<std::int64_t> start_date_days;  // days since 1970-01-01 of tick 0
  std::string start_date;                       // ISO text of the same, or empty
  Firm firm;
  Model model;
  std::vector<Capability> capability;  // one per function; zero curves where not given
  std::vector<std::shared_ptr<const policies::Policy>> policies;
  OutputSpec output;

  [[nodiscard]] int function_index(std::string_view name) const;  // -1 if none
};

}  // namespace wfsim::scenario
