// YAML mistakes in management_delayering, rto_mandate and layoff: each names
// the file, line, column, key path, value and rule (and a near miss).
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "sim/core/errors.hpp"
#include "sim/scenario/load.hpp"

using namespace wfsim;

namespace {

// Lines 1-5 are the firm; the policy starts at line 6, column 5; its keys
// are on lines 7, 8, ... at column 5.
std::string with_policy(const std::string& type, const std::string& keys) {
  return "firm:\n"
         "  sites: [{name: hq, hub: true, share: 0.6}, {name: home, hub: false, share: 0.4}]\n"
         "  functions:\n"
         "    - {name: engineering, headcount: 50}\n"
         "policies:\n"
         "  - type: " +
         type + "\n" + keys;
}

struct Expected {
  int line;
  int column;
  std::string key_path;
  std::string value;
  std::string rule;
  std::string suggestion;
  bool exact_rule = true;
};

void check(const std::string& text, const Expected& x) {
  INFO("scenario:\n" << text);
  std::optional<ScenarioError> e;
  try {
    scenario::load_string(text, "org.yaml");
  } catch (const ScenarioError& err) {
    e = err;
  }
  REQUIRE(e);
  INFO("what(): " << e->what());
  CHECK(e->file == "org.yaml");
  CHECK(e->line == x.line);
  CHECK(e->column == x.column);
  CHECK(e->key_path == x.key_path);
  CHECK(e->value == x.value);
  if (x.exact_rule) {
    CHECK(e->rule == x.rule);
  } else {
    CHECK_THAT(e->rule, Catch::Contains(x.rule));
  }
  CHECK(e->suggestion == x.suggestion);
  CHECK_THAT(std::string(e->what()),
             Catch::StartsWith("org.yaml:" + std::to_string(x.line) + ":" +
                               std::to_string(x.column) + ": " + x.key_path + ": "));
}

const std::string kSizing =
    "give exactly one of `share`, `target_ic_per_manager_increase` or `remove_level`";

}  // namespace

TEST_CASE("delayering: exactly one sizing", "[policies][delayering][errors]") {
  const std::string d = "management_delayering";
  check(with_policy(d, "    at: 3\n    share: 0.1\n    remove_level: 1\n"),
        {6, 5, "policies[0]", "{type: management_delayering, at: 3, share: 0.1, remove_l...",
         kSizing, ""});
  check(with_policy(d, "    at: 3\n    levels: [1]\n"),
        {6, 5, "policies[0]", "{type: management_delayering, at: 3, levels: [1]}", kSizing, ""});
}

TEST_CASE("delayering: values out of range", "[policies][delayering][errors]") {
  const std::string d = "management_delayering";
  check(with_policy(d, "    at: 3\n    share: 1.5\n"),
        {8, 12, "policies[0].share", "'1.5'", "must be in [0, 1]", ""});
  check(with_policy(d, "    at: 3\n    remove_level: 0\n"),
        {8, 19, "policies[0].remove_level", "'0'", "must be >= 1", ""});
  check(with_policy(d, "    at: 3\n    share: 0.1\n    levels: [0]\n"),
        {9, 14, "policies[0].levels[0]", "'0'", "must be >= 1", ""});
  check(with_policy(d, "    at: 3\n    share: 0.1\n    demote_share: 2\n"),
        {9, 19, "policies[0].demote_share", "'2'", "must be in [0, 1]", ""});
  check(with_policy(d, "    at: 3\n    target_ic_per_manager_increase: -0.1\n"),
        {8, 37, "policies[0].target_ic_per_manager_increase", "'-0.1'", "must be >= 0", ""});
  check(with_policy(d, "    share: 0.1\n"),
        {6, 5, "policies[0].at", "", "is required but missing", ""});
}

TEST_CASE("delayering: inconsistent combinations", "[policies][delayering][errors]") {
  const std::string d = "management_delayering";
  check(with_policy(d, "    at: 3\n    remove_level: 1\n    select: random\n"),
        {9, 13, "policies[0].select", "'random'",
         "does not go with `remove_level` (the whole layer is removed)", ""});
  check(with_policy(d, "    at: 3\n    remove_level: 2\n    levels: [1]\n"),
        {9, 13, "policies[0].levels", "[1]",
         "does not go with `remove_level` (the whole layer is removed)", ""});
  check(with_policy(d,
                    "    at: 3\n    target_ic_per_manager_increase: 0.15\n"
                    "    include_vacant: true\n"),
        {9, 21, "policies[0].include_vacant", "'true'",
         "does not go with `target_ic_per_manager_increase` (removing a vacant position does not "
         "change ics / managers)",
         ""});
}

TEST_CASE("delayering: names and choices with near misses", "[policies][delayering][errors]") {
  const std::string d = "management_delayering";
  check(with_policy(d, "    at: 3\n    share: 0.1\n    reassign: peers\n"),
        {9, 15, "policies[0].reassign", "'peers'", "must be one of peer | skip_level", "peer"});
  check(with_policy(d, "    at: 3\n    share: 0.1\n    select: lowest\n"),
        {9, 13, "policies[0].select", "'lowest'", "must be one of", "", false});
  check(with_policy(d, "    at: 3\n    share: 0.1\n    functions: [engneering]\n"),
        {9, 17, "policies[0].functions[0]", "'engneering'", "names no function of firm.functions",
         "engineering"});
  check(with_policy(d, "    at: 3\n    share: 0.1\n    demote_shar: 0.5\n"),
        {9, 5, "policies[0].demote_shar", "", "unknown key (known here:", "demote_share", false});
}

TEST_CASE("rto_mandate: timing, days and sites", "[policies][rto][errors]") {
  const std::string r = "rto_mandate";
  check(with_policy(r, "    days_per_week: 5\n"),
        {6, 5, "policies[0]", "{type: rto_mandate, days_per_week: 5}",
         "give `at` (in force from then on) or a period `from` and/or `to`", ""});
  check(with_policy(r, "    at: 3\n    days_per_week: 6\n"),
        {8, 20, "policies[0].days_per_week", "'6'", "must be in [0, 5]", ""});
  check(with_policy(r, "    at: 3\n"),
        {6, 5, "policies[0].days_per_week", "", "is required but missing", ""});
  check(with_policy(r, "    at: 3\n    days_per_week: 5\n    sites: [home]\n"),
        {9, 13, "policies[0].sites[0]", "'home'",
         "is not a hub site (a mandate sets office days at hubs)", ""});
  check(with_policy(r, "    at: 3\n    days_per_week: 5\n    sites: [hqq]\n"),
        {9, 13, "policies[0].sites[0]", "'hqq'", "names no site of firm.sites", "hq"});
  check(with_policy(r, "    from: 8\n    to: 4\n    days_per_week: 5\n"),
        {8, 9, "policies[0].to", "'4'", "must be after `from`", ""});
  check(with_policy(r, "    at: 3\n    days_per_week: 5\n    schedule: [{at: 3, share: 1}]\n"),
        {9, 5, "policies[0].schedule", "", "unknown key (known here:", "", false});
}

TEST_CASE("rto_mandate: relocation", "[policies][rto][errors]") {
  const std::string r = "rto_mandate";
  check(with_policy(r,
                    "    at: 3\n    days_per_week: 5\n"
                    "    relocation: {to_hubs: true, accept_probabilty: 0.5}\n"),
        {9, 33, "policies[0].relocation.accept_probabilty", "",
         "unknown key (known here:", "accept_probability", false});
  check(with_policy(r,
                    "    at: 3\n    days_per_week: 5\n"
                    "    relocation: {accept_probability: 1.5}\n"),
        {9, 38, "policies[0].relocation.accept_probability", "'1.5'", "must be in [0, 1]", ""});
  check(with_policy(r, "    at: 3\n    days_per_week: 5\n    relocation: {to_hubs: true}\n"),
        {9, 17, "policies[0].relocation.accept_probability", "", "is required but missing", ""});
}

TEST_CASE("layoff: the mistakes its review found untested", "[policies][layoff][errors]") {
  const std::string l = "layoff";
  check(with_policy(l, "    at: 3\n    count: 2\n    notice_week: 4\n"),
        {9, 5, "policies[0].notice_week", "", "unknown key (known here:", "notice_weeks", false});
  check(with_policy(l, "    at: 3\n    count: 2\n    notice_weeks: -1\n"),
        {9, 19, "policies[0].notice_weeks", "'-1'", "must be >= 0", ""});
  check(with_policy(l, "    at: 3\n    count: -2\n"),
        {8, 12, "policies[0].count", "'-2'", "must be >= 0", ""});
  check(with_policy(l, "    at: 3\n    share: 0.1\n    sites: [hom]\n"),
        {9, 13, "policies[0].sites[0]", "'hom'", "names no site of firm.sites", "home"});
  check(with_policy(l, "    at: 3\n    share: 0.1\n    levels: [-1]\n"),
        {9, 14, "policies[0].levels[0]", "'-1'", "must be >= 0", ""});
  check(with_policy(l, "    at: 3\n    share: 0.1\n    select: best\n"),
        {9, 13, "policies[0].select", "'best'", "must be one of", "", false});
}
