#include "sim/core/errors.hpp"

#include <sstream>

namespace wfsim {
namespace {

std::string format_scenario_error(const std::string& file, int line, int column,
                                  const std::string& key_path, const std::string& value,
                                  const std::string& rule, const std::string& suggestion) {
  std::ostringstream msg;
  msg << file;
  if (line > 0) msg << ':' << line << ':' << column;
  msg << ": ";
  if (!key_path.empty()) msg << key_path << ": ";
  msg << rule;
  if (!value.empty()) msg << " (got " << value << ')';
  if (!suggestion.empty()) msg << "; did you mean '" << suggestion << "'?";
  return msg.str();
}

}  // namespace

ScenarioError::ScenarioError(std::string file_, int line_, int column_, std::string key_path_,
                             std::string value_, std::string rule_, std::string suggestion_)
    : Error(format_scenario_error(file_, line_, column_, key_path_, value_, rule_, suggestion_)),
      file(std::move(file_)),
      line(line_),
      column(column_),
      key_path(std::move(key_path_)),
      value(std::move(value_)),
      rule(std::move(rule_)),
      suggestion(std::move(suggestion_)) {}

}  // namespace wfsim
