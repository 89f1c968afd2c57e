// A view of one YAML node that knows its key path and its place in the file,
// so every rule broken while parsing reports file, line, column, key path,
// value and rule (ScenarioError). Parsers read keys through it and call
// allow_only() to reject unknown keys with a did-you-mean.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wfsim::scenario {

// Where the YAML came from. Nodes replaced by --set report the override
// instead of a file position.
struct YamlSource {
  std::string file;
  std::vector<std::string> overridden_paths;  // key paths set from the command line
};

// A closed interval rule for numbers; the message names it.
struct Range {
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;
  [[nodiscard]] bool contains(double v) const;
  [[nodiscard]] std::string describe() const;
};
inline constexpr Range kAny{};
inline const Range kNonNegative{0.0, {}};
inline const Range kPositive{0.0, {}, true};
inline const Range kUnit{0.0, 1.0};

class Reader {
 public:
  Reader(YAML::Node node, std::string path, std::shared_ptr<const YamlSource> source);

  [[nodiscard]] const YAML::Node& node() const { return node_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] bool is_map() const { return node_.IsMap(); }
  [[nodiscard]] bool is_sequence() const { return node_.IsSequence(); }
  [[nodiscard]] bool is_scalar() const { return node_.IsScalar(); }
  [[nodiscard]] bool is_null() const { return !node_.IsDefined() || node_.IsNull(); }

  // Children. child() of a missing key fails naming the key.
  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] std::optional<Reader> find(std::string_view key) const;
  [[nodiscard]] Reader child(std::string_view key) const;
  [[nodiscard]] std::vector<Reader> items() const;                            // a sequence's items
  [[nodiscard]] std::vector<std::pair<std::string, Reader>> entries() const;  // a map's entries

  // The node must be a map whose keys are all in `allowed`.
  void expect_map() const;
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  void allow_only(const std::vector<std::string>& allowed) const;

  // Scalars of this node, with type errors.
  [[nodiscard]] double as_double(const Range& range = kAny) const;
  [[nodiscard]] std::int64_t as_int(const Range& range = kAny) const;
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] std::string as_string() const;
  // One of `choices`, else an error listing them with the nearest as suggestion.
  [[nodiscard]] std::string as_choice(std::initializer_list<std::string_view> choices) const;

  // Optional keys of a map with a default.
  [[nodiscard]] double get(std::string_view key, double fallback, const Range& range = kAny) const;
  [[nodiscard]] std::int64_t get_int(std::string_view key, std::int64_t fallback,
                                     const Range& range = kAny) const;
  [[nodiscard]] bool get_bool(std::string_view key, bool fallback) const;
  [[nodiscard]] std::string get_string(std::string_view key, std::string fallback) const;

  [[noreturn]] void fail(const std::string& rule, const std::string& suggestion = {}) const;
  [[nodiscard]] std::string text() const;  // the node as written, for messages

 private:
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& path,
                            const std::string& value, const std::string& rule,
                            const std::string& suggestion) const;
  [[nodiscard]] std::string child_path(std::string_view key) const;

  YAML::Node node_;
  std::string path_;
  std::shared_ptr<const YamlSource> source_;
};

// Damerau-free Levenshtein distance, and the nearest candidate within a
// distance that grows with the word's length (empty if none is near).
std::size_t edit_distance(std::string_view a, std::string_view b);
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace wfsim::scenario
