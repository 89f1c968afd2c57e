// From YAML text (a file, plus --set overrides) to a validated Scenario.
// Every rule broken throws ScenarioError naming file, line, column, key path,
// value and rule.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/spec.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace wfsim::scenario {

// `overrides` are "key.path=value" strings as given to --set; paths may use
// list indices (policies[2].share) and policy ids (policies[id=rto].days_per_week).
Scenario load_file(const std::filesystem::path& path,
                   const std::vector<std::string>& overrides = {});
Scenario load_string(const std::string& text, const std::string& file_name,
                     const std::vector<std::string>& overrides = {});

// Parses YAML text; a syntax error becomes a ScenarioError at the parser's
// line and column in `file` (scenarios and sweep files alike).
YAML::Node load_yaml(const std::string& text, const std::string& file);

// Applies overrides to a parsed YAML tree; records their paths in `source`.
void apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides,
                     YamlSource& source);

// Section parsers (parse_*.cpp), each filling its part of `s` from its node.
void parse_firm(const Reader& r, Scenario& s);
void parse_model(const Reader& r, Scenario& s);
Distribution parse_distribution(const Reader& r, const Distribution& defaults);

// Days since 1970-01-01 of an ISO date (YYYY-MM-DD), or an error at r.
std::int64_t parse_iso_date(const Reader& r);

}  // namespace wfsim::scenario
