// --set key.path=value: replaces one node of the YAML tree before parsing,
// so an override is validated by exactly the rules of the file. Paths use
// dots for keys, [i] for list items and [id=x] for the policy with id x.
#include "sim/core/errors.hpp"
#include "sim/scenario/load.hpp"

namespace wfsim::scenario {
namespace {

struct Step {
  std::string key;  // map key, or empty for a list selector
  long index = -1;  // [i]
  std::string id;   // [id=x]
};

[[noreturn]] void bad(const std::string& expr, const std::string& path, const std::string& rule,
                      const std::string& suggestion = {}) {
  throw ScenarioError("--set " + expr, 0, 0, path, "", rule, suggestion);
}

std::vector<Step> split_path(const std::string& expr, const std::string& path) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      auto close = path.find(']', i);
      if (close == std::string::npos) bad(expr, path, "has an unclosed '['");
      std::string inner = path.substr(i + 1, close - i - 1);
      Step s;
      if (inner.rfind("id=", 0) == 0) {
        s.id = inner.substr(3);
      } else {
        try {
          std::size_t used = 0;
          s.index = std::stol(inner, &used);
          if (used != inner.size() || s.index < 0) throw std::invalid_argument(inner);
        } catch (const std::exception&) {
          bad(expr, path, "'[" + inner + "]' must be a list index [N] or a policy id [id=NAME]");
        }
      }
      steps.push_back(s);
      i = close + 1;
      continue;
    }
    auto end = path.find_first_of(".[", i);
    if (end == std::string::npos) end = path.size();
    steps.push_back(Step{path.substr(i, end - i), -1, {}});
    i = end;
  }
  if (steps.empty() || steps.front().key.empty()) bad(expr, path, "must start with a key");
  return steps;
}

}  // namespace

void apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides,
                     YamlSource& source) {
  for (const auto& expr : overrides) {
    // The path ends at the first '=' outside [...]: an [id=x] selector holds one.
    std::size_t eq = std::string::npos;
    int depth = 0;
    for (std::size_t i = 0; i < expr.size() && eq == std::string::npos; ++i) {
      if (expr[i] == '[') ++depth;
      if (expr[i] == ']' && depth > 0) --depth;
      if (expr[i] == '=' && depth == 0) eq = i;
    }
    if (eq == std::string::npos) eq = expr.find('=');  // an unclosed '[': split_path says so
    if (eq == std::string::npos || eq == 0) {
      throw ScenarioError("--set " + expr, 0, 0, "", "", "must have the form key.path=value");
    }
    std::string path = expr.substr(0, eq);
    YAML::Node value;
    try {
      value = YAML::Load(expr.substr(eq + 1));
    } catch (const YAML::Exception& e) {
      bad(expr, path, "the value is not valid YAML: " + e.msg);
    }
    auto steps = split_path(expr, path);
    std::string normal;  // the path as the parser's Reader spells it
    YAML::Node node = root;
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const Step& s = steps[k];
      bool last = k + 1 == steps.size();
      if (!s.key.empty()) {
        if (!node.IsMap()) bad(expr, normal, "is not a mapping, so it has no key '" + s.key + "'");
        normal += (normal.empty() ? "" : ".") + s.key;
        if (last) {
          node[s.key] = value;
        } else {
          if (!node[s.key].IsDefined() || node[s.key].IsNull()) {
            if (steps[k + 1].key.empty()) {
              std::vector<std::string> keys;
              for (const auto& kv : node) keys.push_back(kv.first.as<std::string>());
              bad(expr, normal, "is not in the scenario, so it has no item to select",
                  nearest(s.key, keys));
            }
            // A section the file leaves out (all defaults): create it and let the
            // parser judge its keys, with a did-you-mean, as if the file had them.
            node[s.key] = YAML::Node(YAML::NodeType::Map);
          }
          node.reset(node[s.key]);
        }
        continue;
      }
      if (!node.IsSequence()) bad(expr, normal, "is not a list");
      long idx = s.index;
      if (!s.id.empty()) {
        for (std::size_t j = 0; j < node.size(); ++j) {
          if (node[j].IsMap() && node[j]["id"].IsDefined() &&
              node[j]["id"].as<std::string>() == s.id) {
            idx = static_cast<long>(j);
          }
        }
        if (idx < 0) bad(expr, normal, "has no item with id '" + s.id + "'");
      }
      if (idx >= static_cast<long>(node.size())) {
        bad(expr, normal,
            "has " + std::to_string(node.size()) + " items; [" + std::to_string(idx) +
                "] is past the end");
      }
      normal.append("[").append(std::to_string(idx)).append("]");
      if (last) {
        node[idx] = value;
      } else {
        node.reset(node[idx]);
      }
    }
    source.overridden_paths.push_back(normal);
  }
}

}  // namespace wfsim::scenario
