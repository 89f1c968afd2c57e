// Tests of the scenario parser's error reports: every mistake names the file,
// the line and column, the key path, the value and the rule broken, with a
// did-you-mean where a near miss exists. Most mistakes are small fixtures in
// tests/data/errors/; a few are inline strings with a file name.
#include "sim/core/errors.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/policies/policy.hpp"
#include "sim/scenario/load.hpp"

namespace wfsim::scenario {
namespace {

std::string fixture(const std::string& name) {
  return std::string(WFSIM_TEST_DATA) + "/errors/" + name;
}

// What an error should say; `rule` is a part of the rule (the whole rule
// when `exact_rule`).
struct Expected {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key_path;
  std::string value;
  std::string rule;
  std::string suggestion;
  bool exact_rule = true;
};

// The one-line message format: FILE:LINE:COL: KEY.PATH: RULE (got VALUE)[; did you mean 'X'?].
std::string expected_what(const ScenarioError& e) {
  std::string m = e.file;
  if (e.line > 0) m += ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
  m += ": ";
  if (!e.key_path.empty()) m += e.key_path + ": ";
  m += e.rule;
  if (!e.value.empty()) m += " (got " + e.value + ")";
  if (!e.suggestion.empty()) m += "; did you mean '" + e.suggestion + "'?";
  return m;
}

void check(const ScenarioError& e, const Expected& x) {
  INFO("what(): " << e.what());
  CHECK(e.file == x.file);
  CHECK(e.line == x.line);
  CHECK(e.column == x.column);
  CHECK(e.key_path == x.key_path);
  CHECK(e.value == x.value);
  if (x.exact_rule) {
    CHECK(e.rule == x.rule);
  } else {
    CHECK_THAT(e.rule, Catch::Contains(x.rule));
  }
  CHECK(e.suggestion == x.suggestion);
  // what() is one line, in the documented form, and carries rule and suggestion.
  std::string what = e.what();
  CHECK(what.find('\n') == std::string::npos);
  CHECK(what == expected_what(e));
  CHECK_THAT(what, Catch::Contains(x.rule));
  if (!x.suggestion.empty()) {
    CHECK_THAT(what, Catch::EndsWith("; did you mean '" + x.suggestion + "'?"));
  }
}

std::optional<ScenarioError> error_of_file(const std::string& name) {
  try {
    load_file(fixture(name));
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

std::optional<ScenarioError> error_of_text(const std::string& text, const std::string& file) {
  try {
    load_string(text, file);
  } catch (const ScenarioError& e) {
    return e;
  }
  return std::nullopt;
}

void check_file(const std::string& name, Expected x) {
  auto e = error_of_file(name);
  INFO("fixture " << name);
  REQUIRE(e);
  x.file = fixture(name);
  check(*e, x);
}

void check_text(const std::string& text, const Expected& x) {
  auto e = error_of_text(text, x.file);
  INFO("scenario:\n" << text);
  REQUIRE(e);
  check(*e, x);
}

const std::string kRootKeys =
    "name, description, seed, ticks, start_date, firm, model, ai, policies, output";

TEST_CASE("an unknown top-level key gets a did-you-mean", "[scenario][errors]") {
  check_file("unknown_top_key.yaml",
             {{}, 6, 1, "polcies", "", "unknown key (known here: " + kRootKeys + ")", "policies"});
}

TEST_CASE("an unknown nested key gets a did-you-mean", "[scenario][errors]") {
  check_file("unknown_nested_key.yaml",
             {{},
              8,
              5,
              "model.morale.mo",
              "",
              "unknown key (known here: m0, rho, gamma, d_lay, d_over, d_rto, d_ai, noise_sd, "
              "quit_spillover)",
              "m0"});
}

TEST_CASE("a value of the wrong type", "[scenario][errors]") {
  check_file("wrong_type.yaml",
             {{}, 5, 18, "firm.functions[0].headcount", "'many'", "must be a whole number", ""});
}

TEST_CASE("a negative headcount", "[scenario][errors]") {
  check_file("negative_headcount.yaml",
             {{}, 5, 18, "firm.functions[0].headcount", "'-5'", "must be >= 1", ""});
}

TEST_CASE("site shares that do not sum to 1", "[scenario][errors]") {
  auto e = error_of_file("site_shares.yaml");
  REQUIRE(e);
  CHECK(e->file == fixture("site_shares.yaml"));
  CHECK(e->line == 4);
  CHECK(e->column == 5);
  CHECK(e->key_path == "firm.sites");
  CHECK(e->rule == "site shares must sum to 1 (they sum to 0.900000)");
  CHECK(e->suggestion.empty());
  // The value is the list as written, shortened to one line.
  CHECK_THAT(e->value, Catch::StartsWith("[{name: seattle, hub: true, share: 0.5}"));
  CHECK(e->value.size() <= 60);
  CHECK(std::string(e->what()).find('\n') == std::string::npos);
  CHECK(std::string(e->what()) == expected_what(*e));
}

TEST_CASE("a function's sites name a site that does not exist", "[scenario][errors]") {
  check_file("unknown_site.yaml", {{},
                                   9,
                                   24,
                                   "firm.functions[0].sites[1]",
                                   "'arlingtn'",
                                   "names no site of firm.sites",
                                   "arlington"});
}

TEST_CASE("a policy names a function that does not exist", "[scenario][errors]") {
  check_file("policy_unknown_function.yaml", {{},
                                              10,
                                              17,
                                              "policies[0].functions[0]",
                                              "'engneering'",
                                              "names no function of firm.functions",
                                              "engineering"});
}

TEST_CASE("an unknown policy type with a near miss", "[scenario][errors]") {
  check_file("policy_type_typo.yaml",
             {{}, 6, 11, "policies[0].type", "'layof'", "is not a policy type", "layoff"});
}

TEST_CASE("an unknown policy type with no near miss gets no suggestion", "[scenario][errors]") {
  check_text(
      "firm:\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 50}\n"
      "policies:\n"
      "  - {type: teleport, at: 3}\n",
      {"inline.yaml", 5, 12, "policies[0].type", "'teleport'", "is not a policy type", ""});
}

TEST_CASE("layoff with both count and share", "[scenario][errors]") {
  auto e = error_of_file("layoff_count_and_share.yaml");
  REQUIRE(e);
  CHECK(e->file == fixture("layoff_count_and_share.yaml"));
  CHECK(e->line == 6);
  CHECK(e->column == 5);
  CHECK(e->key_path == "policies[0]");
  CHECK(e->rule == "give exactly one of `count` or `share`");
  CHECK(e->suggestion.empty());
  // A block mapping shows on one line, in flow style.
  CHECK(e->value == "{type: layoff, id: cut, at: 10, count: 5, share: 0.1}");
  CHECK(std::string(e->what()) == expected_what(*e));
}

TEST_CASE("layoff with neither count nor share", "[scenario][errors]") {
  auto e = error_of_text(
      "firm:\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 50}\n"
      "policies:\n"
      "  - {type: layoff, at: 3}\n",
      "inline.yaml");
  REQUIRE(e);
  CHECK(e->line == 5);
  CHECK(e->column == 5);
  CHECK(e->key_path == "policies[0]");
  CHECK(e->rule == "give exactly one of `count` or `share`");
}

TEST_CASE("a value out of range", "[scenario][errors]") {
  check_file("out_of_range.yaml",
             {{}, 7, 18, "model.work.utilization", "'2'", "must be in (0, 1.5]", ""});
}

TEST_CASE("a bad enum value gets a did-you-mean", "[scenario][errors]") {
  check_file("bad_enum.yaml", {{},
                               7,
                               15,
                               "model.promotion.strategy",
                               "'bestest'",
                               "must be one of best | worst | random | alternate",
                               "best"});
}

TEST_CASE("invalid YAML reports the YAML parser's line and column", "[scenario][errors]") {
  auto e = error_of_file("invalid_yaml.yaml");
  REQUIRE(e);
  CHECK(e->file == fixture("invalid_yaml.yaml"));
  CHECK(e->line == 5);
  CHECK(e->column == 6);
  CHECK(e->key_path.empty());
  CHECK(e->value.empty());
  CHECK_THAT(e->rule, Catch::StartsWith("is not valid YAML: "));
  CHECK(std::string(e->what()) == fixture("invalid_yaml.yaml") + ":5:6: " + e->rule);
}

TEST_CASE("a date without start_date", "[scenario][errors]") {
  check_file("date_without_start.yaml",
             {{},
              7,
              9,
              "policies[0].at",
              "'2026-08-03'",
              "must be a tick number (a date needs the scenario's start_date)",
              ""});
}

TEST_CASE("positions_per_level not summing to headcount", "[scenario][errors]") {
  check_file("positions_per_level_sum.yaml", {{},
                                              4,
                                              26,
                                              "firm.hierarchy.positions_per_level",
                                              "[1, 5, 11, 21]",
                                              "levels sum to 38 but the function's headcount is 40",
                                              ""});
}

TEST_CASE("duplicate policy ids", "[scenario][errors]") {
  check_file("duplicate_policy_ids.yaml",
             {{}, 7, 24, "policies[1].id", "'cut'", "repeats the id of policies[0]", ""});
}

// More mistakes, inline.

const std::string kFirm =
    "firm:\n"
    "  functions:\n"
    "    - {name: engineering, headcount: 50}\n"
    "    - {name: hr, headcount: 10}\n";

TEST_CASE("a required key that is missing", "[scenario][errors]") {
  check_text("name: nofirm\nseed: 3\n",
             {"missing.yaml", 1, 1, "firm", "", "is required but missing", ""});
  check_text(kFirm + "policies:\n  - {type: layoff, share: 0.1}\n",
             {"missing.yaml", 6, 5, "policies[0].at", "", "is required but missing", ""});
}

TEST_CASE("a scenario that is not a mapping", "[scenario][errors]") {
  check_text("- a\n- b\n",
             {"list.yaml", 1, 1, "", "", "a scenario must be a YAML mapping of keys", ""});
  check_text("", {"empty.yaml", 1, 1, "", "", "a scenario must be a YAML mapping of keys", ""});
}

TEST_CASE("a capability curve for a function that does not exist", "[scenario][errors]") {
  // The position is that of the curve's value (the mapping after the name).
  check_text(kFirm +
                 "ai:\n"
                 "  capability:\n"
                 "    hrr: {realized: {max: 0.5, k: 0.03, mid: 120}}\n",
             {"cap.yaml", 7, 10, "ai.capability.hrr", "{realized: {max: 0.5, k: 0.03, mid: 120}}",
              "names no function of firm.functions", "hr"});
}

TEST_CASE("a capability curve out of range", "[scenario][errors]") {
  check_text(kFirm +
                 "ai:\n"
                 "  capability:\n"
                 "    hr: {claimed: {max: 1.5, k: 0.03, mid: 120}}\n",
             {"cap.yaml", 7, 25, "ai.capability.hr.claimed.max", "'1.5'", "must be in [0, 1]", ""});
}

TEST_CASE("a hiring multiplier for a function that does not exist", "[scenario][errors]") {
  check_text(kFirm +
                 "policies:\n"
                 "  - type: hiring_policy\n"
                 "    from: 0\n"
                 "    multiplier: {default: 0.5, enginering: 2}\n",
             {"hire.yaml", 8, 44, "policies[0].multiplier.enginering", "'2'",
              "names no function of firm.functions (or `default`)", "engineering"});
}

TEST_CASE("a period that ends before it starts", "[scenario][errors]") {
  check_text(kFirm +
                 "policies:\n"
                 "  - {type: hiring_policy, from: 50, to: 20, multiplier: 0}\n",
             {"period.yaml", 6, 41, "policies[0].to", "'20'", "must be after `from`", ""});
}

TEST_CASE("dates that are malformed or before start_date", "[scenario][errors]") {
  check_text("start_date: 2025-13-01\n" + kFirm, {"date.yaml", 1, 13, "start_date", "'2025-13-01'",
                                                  "must be an ISO date YYYY-MM-DD", ""});
  check_text("start_date: 2025-01-06\n" + kFirm +
                 "policies:\n"
                 "  - {type: layoff, at: 2024-12-30, count: 1}\n",
             {"date.yaml", 7, 24, "policies[0].at", "'2024-12-30'",
              "is before the scenario's start_date 2025-01-06", ""});
  check_text(
      "start_date: 2025-01-06\n" + kFirm +
          "policies:\n"
          "  - {type: layoff, at: 2025-02-30, count: 1}\n",
      {"date.yaml", 7, 24, "policies[0].at", "'2025-02-30'", "must be an ISO date YYYY-MM-DD", ""});
}

TEST_CASE("a distribution whose min exceeds its max", "[scenario][errors]") {
  check_text(
      "firm:\n"
      "  functions:\n"
      "    - name: engineering\n"
      "      headcount: 50\n"
      "      competence: {mean: 0.5, sd: 0.1, min: 0.8, max: 0.2}\n",
      {"dist.yaml", 5, 19, "firm.functions[0].competence",
       "{mean: 0.5, sd: 0.1, min: 0.8, max: 0.2}", "min must not exceed max", ""});
  // A bound outside the variable's own range.
  check_text(
      "firm:\n"
      "  functions:\n"
      "    - name: engineering\n"
      "      headcount: 50\n"
      "      competence: {mean: 0.5, sd: 0.1, max: 1.2}\n",
      {"dist.yaml", 5, 45, "firm.functions[0].competence.max", "'1.2'", "for this variable", "",
       false});
  check_text(
      "firm:\n"
      "  functions:\n"
      "    - name: engineering\n"
      "      headcount: 50\n"
      "      age: {mean: 40, sd: 10, bound: clamp}\n",
      {"dist.yaml", 5, 38, "firm.functions[0].age.bound", "'clamp'",
       "must be one of truncate | clip", "clip"});
}

TEST_CASE("sites with no hub, a repeated name, or a missing share", "[scenario][errors]") {
  check_text(
      "firm:\n"
      "  sites:\n"
      "    - {name: a, hub: false, share: 1}\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 50}\n",
      {"sites.yaml", 3, 5, "firm.sites", "[{name: a, hub: false, share: 1}]",
       "at least one site must be a hub (hub: true)", ""});
  check_text(
      "firm:\n"
      "  sites:\n"
      "    - {name: a, share: 0.5}\n"
      "    - {name: a, share: 0.5}\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 50}\n",
      {"sites.yaml", 4, 14, "firm.sites[1].name", "'a'", "repeats an earlier site's name", ""});
  check_text(
      "firm:\n"
      "  sites:\n"
      "    - {name: a}\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 50}\n",
      {"sites.yaml", 3, 7, "firm.sites[0].share", "", "is required but missing", ""});
}

TEST_CASE("a repeated function name", "[scenario][errors]") {
  check_text(
      "firm:\n"
      "  functions:\n"
      "    - {name: sales, headcount: 50}\n"
      "    - {name: sales, headcount: 10}\n",
      {"fn.yaml", 4, 14, "firm.functions[1].name", "'sales'", "repeats an earlier function's name",
       ""});
}

TEST_CASE("positions_per_level with several functions or a wide top", "[scenario][errors]") {
  check_text(
      "firm:\n"
      "  hierarchy: {positions_per_level: [1, 4]}\n"
      "  functions:\n"
      "    - {name: a, headcount: 5}\n"
      "    - {name: b, headcount: 5}\n",
      {"ppl.yaml", 2, 36, "firm.hierarchy.positions_per_level", "[1, 4]",
       "needs exactly one function (it gives the whole firm's levels)", ""});
  check_text(
      "firm:\n"
      "  hierarchy: {positions_per_level: [2, 4]}\n"
      "  functions:\n"
      "    - {name: a}\n",
      {"ppl.yaml", 2, 37, "firm.hierarchy.positions_per_level[0]", "'2'",
       "the top level must hold exactly one position", ""});
}

TEST_CASE("output settings out of range", "[scenario][errors]") {
  check_text(kFirm + "output:\n  compression: 12\n",
             {"out.yaml", 6, 16, "output.compression", "'12'", "must be in [0, 9]", ""});
  check_text(kFirm + "output:\n  compression: {filter: deflat}\n",
             {"out.yaml", 6, 25, "output.compression.filter", "'deflat'",
              "must be one of deflate | none", "deflate"});
  check_text(kFirm + "output:\n  flush_every: 0\n",
             {"out.yaml", 6, 16, "output.flush_every", "'0'", "must be in [1, 52]", ""});
  check_text(kFirm + "output:\n  graph_every: 0\n",
             {"out.yaml", 6, 16, "output.graph_every", "'0'", "must be >= 1", ""});
}

TEST_CASE("morale rho + gamma above 1", "[scenario][errors]") {
  check_text(kFirm + "model:\n  morale: {rho: 0.6, gamma: 0.5}\n",
             {"morale.yaml", 6, 11, "model.morale", "{rho: 0.6, gamma: 0.5}",
              "rho + gamma must not exceed 1 (morale would overshoot)", ""});
}

TEST_CASE("a key of the wrong shape", "[scenario][errors]") {
  check_text("firm: 5\n",
             {"shape.yaml", 1, 7, "firm", "'5'", "must be a mapping of keys to values", ""});
  check_text("firm:\n  functions: {name: a}\n",
             {"shape.yaml", 2, 14, "firm.functions", "{name: a}", "must be a list", ""});
}

TEST_CASE("a repeated key", "[scenario][errors]") {
  check_text("seed: 1\n" + kFirm + "seed: 2\n",
             {"repeat.yaml", 6, 1, "seed", "", "repeats a key given earlier in this mapping", ""});
  check_text(kFirm + "model:\n  morale: {m0: 0.5, rho: 0.1, m0: 0.6}\n",
             {"repeat.yaml", 6, 31, "model.morale.m0", "",
              "repeats a key given earlier in this mapping", ""});
}

TEST_CASE("a function that lists a site twice", "[scenario][errors]") {
  check_text(
      "firm:\n"
      "  sites:\n"
      "    - {name: hq, share: 0.5}\n"
      "    - {name: home, hub: false, share: 0.5}\n"
      "  functions:\n"
      "    - {name: engineering, headcount: 50, sites: [hq, home, hq]}\n",
      {"sites.yaml", 6, 60, "firm.functions[0].sites[2]", "'hq'",
       "names a site this function already lists", ""});
}

TEST_CASE("a multi-line value still gives a one-line message", "[scenario][errors]") {
  check_text(
      kFirm +
          "policies:\n"
          "  - type: |\n"
          "      layof\n"
          "    at: 3\n",
      {"multi.yaml", 6, 11, "policies[0].type", "'layof\\n'", "is not a policy type", "layoff"});
  check_text(
      kFirm +
          "policies:\n"
          "  - - a\n"
          "    - b\n",
      {"multi.yaml", 6, 5, "policies[0]", "[a, b]", "must be a mapping of keys to values", ""});
}

TEST_CASE("nearest suggests only near misses", "[scenario][errors]") {
  std::vector<std::string> c{"best", "worst", "random", "alternate"};
  CHECK(nearest("bestest", c) == "best");
  CHECK(nearest("randon", c) == "random");
  CHECK(nearest("alternat", c) == "alternate");
  CHECK(nearest("zzz", c).empty());
  CHECK(nearest("polices", {"policies", "firm"}) == "policies");
  CHECK(nearest("modle", {"model", "name"}) == "model");
  CHECK(nearest("xyz", {}).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "abc") == 0);
}

TEST_CASE("ScenarioError formats one line from its fields", "[scenario][errors]") {
  ScenarioError full("f.yaml", 3, 7, "model.work.utilization", "'2'", "must be in (0, 1.5]", "");
  CHECK(std::string(full.what()) ==
        "f.yaml:3:7: model.work.utilization: must be in (0, 1.5] (got '2')");
  ScenarioError sugg("f.yaml", 6, 1, "polcies", "", "unknown key", "policies");
  CHECK(std::string(sugg.what()) == "f.yaml:6:1: polcies: unknown key; did you mean 'policies'?");
  ScenarioError nowhere("--set seed", 0, 0, "seed", "'x'", "must be a whole number");
  CHECK(std::string(nowhere.what()) == "--set seed: seed: must be a whole number (got 'x')");
  CHECK(nowhere.line == 0);
  CHECK(nowhere.column == 0);
}

}  // namespace
}  // namespace wfsim::scenario
