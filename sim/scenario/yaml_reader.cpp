#include "sim/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/core/errors.hpp"

namespace wfsim::scenario {

bool Range::contains(double v) const {
  if (std::isnan(v)) return false;
  if (min && (min_exclusive ? v <= *min : v < *min)) return false;
  if (max && v > *max) return false;
  return true;
}

std::string Range::describe() const {
  std::ostringstream s;
  if (min && max) {
    s << "must be in " << (min_exclusive ? "(" : "[") << *min << ", " << *max << "]";
  } else if (min) {
    s << "must be " << (min_exclusive ? "> " : ">= ") << *min;
  } else if (max) {
    s << "must be <= " << *max;
  } else {
    s << "must be a number";
  }
  return s.str();
}

Reader::Reader(YAML::Node node, std::string path, std::shared_ptr<const YamlSource> source)
    : node_(std::move(node)), path_(std::move(path)), source_(std::move(source)) {}

std::string Reader::child_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

bool Reader::has(std::string_view key) const {
  return node_.IsMap() && node_[std::string(key)].IsDefined();
}

std::optional<Reader> Reader::find(std::string_view key) const {
  expect_map();
  YAML::Node n = node_[std::string(key)];
  if (!n.IsDefined()) return std::nullopt;
  return Reader(n, child_path(key), source_);
}

Reader Reader::child(std::string_view key) const {
  auto r = find(key);
  if (!r) fail_at(node_.Mark(), child_path(key), "", "is required but missing", "");
  return *r;
}

std::vector<Reader> Reader::items() const {
  if (!node_.IsSequence()) fail("must be a list");
  std::vector<Reader> out;
  out.reserve(node_.size());
  for (std::size_t i = 0; i < node_.size(); ++i) {
    out.emplace_back(node_[i], path_ + "[" + std::to_string(i) + "]", source_);
  }
  return out;
}

std::vector<std::pair<std::string, Reader>> Reader::entries() const {
  expect_map();
  std::vector<std::pair<std::string, Reader>> out;
  for (const auto& kv : node_) {
    auto key = kv.first.as<std::string>();
    out.emplace_back(key, Reader(kv.second, child_path(key), source_));
  }
  return out;
}

void Reader::expect_map() const {
  if (!node_.IsMap()) fail("must be a mapping of keys to values");
  // yaml-cpp keeps the first of repeated keys silently; a repeat is almost
  // always a mistake (the second value would be ignored), so reject it.
  std::vector<std::string> seen;
  for (const auto& kv : node_) {
    auto key = kv.first.as<std::string>();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      fail_at(kv.first.Mark(), child_path(key), "", "repeats a key given earlier in this mapping",
              "");
    }
    seen.push_back(key);
  }
}

void Reader::allow_only(std::initializer_list<std::string_view> allowed) const {
  allow_only(std::vector<std::string>(allowed.begin(), allowed.end()));
}

void Reader::allow_only(const std::vector<std::string>& allowed) const {
  expect_map();
  for (const auto& kv : node_) {
    auto key = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string known;
    for (const auto& a : allowed) known += (known.empty() ? "" : ", ") + a;
    fail_at(kv.first.Mark(), child_path(key), "", "unknown key (known here: " + known + ")",
            nearest(key, allowed));
  }
}

std::string Reader::text() const {
  if (!node_.IsDefined()) return "";
  // One line, as messages are: newlines escaped, lists and mappings in flow style.
  if (node_.IsScalar()) {
    std::string s;
    for (char ch : node_.Scalar()) s += ch == '\n' ? std::string("\\n") : std::string(1, ch);
    return "'" + s + "'";
  }
  YAML::Node flow = YAML::Clone(node_);  // a copy: the style must not change the tree
  flow.SetStyle(YAML::EmitterStyle::Flow);
  YAML::Emitter e;
  e << flow;
  std::string s = e.c_str();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

double Reader::as_double(const Range& range) const {
  double v = 0;
  if (!node_.IsScalar() || !YAML::convert<double>::decode(node_, v)) fail("must be a number");
  if (!range.contains(v)) fail(range.describe());
  return v;
}

std::int64_t Reader::as_int(const Range& range) const {
  std::int64_t v = 0;
  if (!node_.IsScalar() || !YAML::convert<std::int64_t>::decode(node_, v)) {
    fail("must be a whole number");
  }
  if (!range.contains(static_cast<double>(v))) fail(range.describe());
  return v;
}

bool Reader::as_bool() const {
  bool v = false;
  if (!node_.IsScalar() || !YAML::convert<bool>::decode(node_, v)) fail("must be true or false");
  return v;
}

std::string Reader::as_string() const {
  if (!node_.IsScalar()) fail("must be a single value, not a list or mapping");
  return node_.Scalar();
}

std::string Reader::as_choice(std::initializer_list<std::string_view> choices) const {
  std::string v = as_string();
  std::vector<std::string> all(choices.begin(), choices.end());
  if (std::find(all.begin(), all.end(), v) != all.end()) return v;
  std::string list;
  for (const auto& c : all) list += (list.empty() ? "" : " | ") + c;
  fail("must be one of " + list, nearest(v, all));
}

double Reader::get(std::string_view key, double fallback, const Range& range) const {
  auto r = find(key);
  return r ? r->as_double(range) : fallback;
}

std::int64_t Reader::get_int(std::string_view key, std::int64_t fallback,
                             const Range& range) const {
  auto r = find(key);
  return r ? r->as_int(range) : fallback;
}

bool Reader::get_bool(std::string_view key, bool fallback) const {
  auto r = find(key);
  return r ? r->as_bool() : fallback;
}

std::string Reader::get_string(std::string_view key, std::string fallback) const {
  auto r = find(key);
  return r ? r->as_string() : std::move(fallback);
}

void Reader::fail(const std::string& rule, const std::string& suggestion) const {
  fail_at(node_.IsDefined() ? node_.Mark() : YAML::Mark::null_mark(), path_, text(), rule,
          suggestion);
}

void Reader::fail_at(const YAML::Mark& mark, const std::string& path, const std::string& value,
                     const std::string& rule, const std::string& suggestion) const {
  // A value that came from --set has no place in the file: name the override.
  // So does a key an override created on its way down (it has no mark).
  for (const auto& o : source_->overridden_paths) {
    bool inside = path == o || path.rfind(o + ".", 0) == 0 || path.rfind(o + "[", 0) == 0;
    bool created = mark.is_null() && !path.empty() && o.rfind(path + ".", 0) == 0;
    if (inside || created) {
      throw ScenarioError("--set " + o, 0, 0, path, value, rule, suggestion);
    }
  }
  int line = mark.is_null() ? 0 : mark.line + 1;
  int column = mark.is_null() ? 0 : mark.column + 1;
  throw ScenarioError(source_->file, line, column, path, value, rule, suggestion);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  // At most max(2, a third of the word, rounded up) edits away.
  std::size_t best_d = std::max<std::size_t>(2, (word.size() + 2) / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace wfsim::scenario
