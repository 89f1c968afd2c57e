#include "sim/scenario/load.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include "sim/core/errors.hpp"
#include "sim/policies/policy.hpp"

namespace wfsim::scenario {
namespace {

void parse_output(const Reader& r, Scenario& s) {
  r.allow_only({"agent_every", "flush_every", "graph_every", "compression"});
  auto& o = s.output;
  o.agent_every = static_cast<int>(r.get_int("agent_every", o.agent_every, kNonNegative));
  o.flush_every = static_cast<int>(r.get_int("flush_every", o.flush_every, Range{1.0, 52.0}));
  o.graph_every = static_cast<int>(r.get_int("graph_every", o.graph_every, Range{1.0, {}}));
  if (auto c = r.find("compression")) {
    using Filter = output::Compression::Filter;
    if (c->is_scalar()) {
      o.compression.level = static_cast<int>(c->as_int(Range{0.0, 9.0}));
      o.compression.filter = o.compression.level == 0 ? Filter::none : Filter::deflate;
    } else {
      c->allow_only({"filter", "level", "shuffle", "strategy"});
      std::string f = c->find("filter") ? c->child("filter").as_choice({"deflate", "none"})
                                        : std::string("deflate");
      o.compression.filter = f == "none" ? Filter::none : Filter::deflate;
      o.compression.level = static_cast<int>(c->get_int("level", 4, Range{0.0, 9.0}));
      o.compression.shuffle = c->get_bool("shuffle", true);
      if (auto st = c->find("strategy")) {
        o.compression.strategy = st->as_choice({"rle", "standard"}) == "standard"
                                     ? output::Compression::Strategy::standard
                                     : output::Compression::Strategy::rle;
      }
      if (o.compression.level == 0) o.compression.filter = Filter::none;
    }
  }
}

Logistic parse_logistic(const Reader& r) {
  r.allow_only({"max", "k", "mid"});
  Logistic l;
  l.max = r.get("max", 0.0, kUnit);
  l.k = r.get("k", 0.0, kNonNegative);
  l.mid = r.get("mid", 0.0);
  return l;
}

void parse_ai(const Reader& r, Scenario& s) {
  r.allow_only({"capability"});
  s.capability.assign(s.firm.functions.size(), Capability{});
  auto cap = r.find("capability");
  if (!cap) return;
  for (const auto& [name, node] : cap->entries()) {
    int f = s.function_index(name);
    if (f < 0) {
      std::vector<std::string> names;
      for (const auto& fn : s.firm.functions) names.push_back(fn.name);
      node.fail("names no function of firm.functions", nearest(name, names));
    }
    node.allow_only({"realized", "claimed"});
    if (auto x = node.find("realized")) s.capability[f].realized = parse_logistic(*x);
    if (auto x = node.find("claimed")) s.capability[f].claimed = parse_logistic(*x);
  }
}

void parse_policies(const Reader& r, Scenario& s) {
  int index = 0;
  for (const auto& item : r.items()) {
    item.expect_map();
    std::string type = item.child("type").as_string();
    auto parser = policies::find_parser(type);
    if (!parser) {
      item.child("type").fail("is not a policy type", nearest(type, policies::known_types()));
    }
    policies::ParseContext ctx{s, index};
    s.policies.push_back(parser(item, ctx));
    ++index;
  }
  // Ids name policies in sweeps and --set: they must be unique.
  for (std::size_t i = 0; i < s.policies.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (!s.policies[i]->id().empty() && s.policies[i]->id() == s.policies[j]->id()) {
        r.items()[i].child("id").fail("repeats the id of policies[" + std::to_string(j) + "]");
      }
    }
  }
}

Scenario parse_root(YAML::Node root, std::shared_ptr<YamlSource> source, std::string text) {
  Reader r(root, "", source);
  if (!root.IsMap()) {
    throw ScenarioError(source->file, 1, 1, "", "", "a scenario must be a YAML mapping of keys");
  }
  r.allow_only({"name", "description", "seed", "ticks", "start_date", "firm", "model", "ai",
                "policies", "output"});
  Scenario s;
  s.source_path = source->file;
  s.source_text = std::move(text);
  s.name = r.get_string("name", "unnamed");
  s.description = r.get_string("description", "");
  s.seed = static_cast<std::uint64_t>(r.get_int("seed", 1, kNonNegative));
  s.ticks = r.get_int("ticks", 260, kPositive);
  if (auto d = r.find("start_date")) {
    s.start_date_days = parse_iso_date(*d);
    s.start_date = d->as_string();
  }
  parse_firm(r.child("firm"), s);
  if (auto m = r.find("model")) parse_model(*m, s);
  if (auto a = r.find("ai")) {
    parse_ai(*a, s);
  } else {
    s.capability.assign(s.firm.functions.size(), Capability{});
  }
  if (auto o = r.find("output")) parse_output(*o, s);
  if (auto p = r.find("policies")) {
    if (!p->is_null()) parse_policies(*p, s);
  }
  return s;
}

Scenario load(const std::string& text, const std::string& file,
              const std::vector<std::string>& overrides) {
  auto source = std::make_shared<YamlSource>();
  source->file = file;
  YAML::Node root = load_yaml(text, file);
  std::string as_run = text;
  if (!overrides.empty()) {
    apply_overrides(root, overrides, *source);
    YAML::Emitter e;
    e << root;
    as_run = std::string("# ") + file + " as run with";
    for (const auto& o : overrides) as_run.append(" --set ").append(o);
    as_run.append("\n").append(e.c_str()).append("\n");
  }
  return parse_root(root, source, as_run);
}

}  // namespace

YAML::Node load_yaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ScenarioError(file, e.mark.is_null() ? 0 : e.mark.line + 1,
                        e.mark.is_null() ? 0 : e.mark.column + 1, "", "",
                        "is not valid YAML: " + e.msg);
  }
}

int Scenario::function_index(std::string_view fname) const {
  for (std::size_t i = 0; i < firm.functions.size(); ++i) {
    if (firm.functions[i].name == fname) return static_cast<int>(i);
  }
  return -1;
}

std::int64_t parse_iso_date(const Reader& r) {
  std::string t = r.as_string();
  int y = 0;
  unsigned m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  std::istringstream in(t);
  in >> y >> dash1 >> m >> dash2 >> d;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!in || dash1 != '-' || dash2 != '-' || !in.eof() || !ymd.ok()) {
    r.fail("must be an ISO date YYYY-MM-DD");
  }
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

Scenario load_string(const std::string& text, const std::string& file_name,
                     const std::vector<std::string>& overrides) {
  return load(text, file_name, overrides);
}

Scenario load_file(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read scenario file '" + path.string() + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  return load(buf.str(), path.string(), overrides);
}

}  // namespace wfsim::scenario
