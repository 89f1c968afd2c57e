#include "sim/sweep/spec.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/core/errors.hpp"
#include "sim/engine/metrics.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace wfsim::sweep {
namespace fs = std::filesystem;
using scenario::Reader;

namespace {

Position position_of(const Reader& r) {
  const auto& m = r.node().Mark();
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

// One value as YAML text: scalars as written, lists and maps in flow style.
std::string value_text(const Reader& r) {
  if (r.is_scalar()) return r.node().Scalar();
  YAML::Node flow = YAML::Clone(r.node());
  flow.SetStyle(YAML::EmitterStyle::Flow);
  YAML::Emitter e;
  e << flow;
  return e.c_str();
}

Parameter parse_parameter(const std::string& path, const Reader& r, Design design) {
  if (path == "seed") {
    r.fail(
        "cannot be swept: replicate k of every point runs with the base seed + k "
        "(set the base seed with --set seed=N)");
  }
  Parameter p;
  p.path = path;
  p.at = position_of(r);
  if (r.is_map()) {
    if (design == Design::grid) {
      r.fail("a grid design needs a list of values; {min, max} ranges are for random and lhs");
    }
    r.allow_only({"min", "max", "integer"});
    p.min = r.child("min").as_double();
    p.max = r.child("max").as_double();
    p.integer = r.get_bool("integer", false);
    if (!(*p.max > *p.min)) r.child("max").fail("must be greater than min");
    return p;
  }
  if (r.is_sequence()) {
    if (r.node().size() == 0) r.fail("must list at least one value");
    for (const auto& item : r.items()) {
      p.values.push_back(value_text(item));
      p.value_at.push_back(position_of(item));
    }
    return p;
  }
  if (r.is_null()) r.fail("must be a list of values or a {min, max} range");
  p.values.push_back(value_text(r));  // one value: a list of one
  p.value_at.push_back(position_of(r));
  return p;
}

Summary parse_summary(const Reader& r) {
  r.allow_only({"metric", "reduce"});
  Summary s;
  s.metric = r.child("metric").as_string();
  std::vector<std::string> names;
  for (const auto& m : engine::firm_metrics()) names.push_back(m.decl.name);
  if (std::find(names.begin(), names.end(), s.metric) == names.end()) {
    r.child("metric").fail("is not a metric of /metrics", scenario::nearest(s.metric, names));
  }
  std::string red =
      r.find("reduce") ? r.child("reduce").as_choice({"sum", "mean", "first", "last", "min", "max"})
                       : std::string("last");
  for (auto x :
       {Reduce::sum, Reduce::mean, Reduce::first, Reduce::last, Reduce::min, Reduce::max}) {
    if (reduce_name(x) == red) s.reduce = x;
  }
  return s;
}

std::int64_t design_size(const SweepSpec& s, const Reader& root) {
  std::int64_t points = 1;
  if (s.design == Design::grid) {
    for (const auto& p : s.parameters) {
      auto n = static_cast<std::int64_t>(p.values.size());
      if (points > kMaxRuns / n)
        points = kMaxRuns + 1;  // saturate: too large anyway
      else
        points *= n;
    }
  } else {
    points = s.samples;
  }
  if (points > kMaxRuns / s.replicates) return kMaxRuns + 1;
  (void)root;
  return points * s.replicates;
}

}  // namespace

std::string Summary::column() const {
  return metric + "." + std::string(reduce_name(reduce));
}

std::string_view design_name(Design d) {
  switch (d) {
    case Design::grid:
      return "grid";
    case Design::random:
      return "random";
    case Design::lhs:
      return "lhs";
  }
  return "?";
}

std::string_view reduce_name(Reduce r) {
  switch (r) {
    case Reduce::sum:
      return "sum";
    case Reduce::mean:
      return "mean";
    case Reduce::first:
      return "first";
    case Reduce::last:
      return "last";
    case Reduce::min:
      return "min";
    case Reduce::max:
      return "max";
  }
  return "?";
}

double reduce(Reduce r, const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double acc = 0;
  switch (r) {
    case Reduce::sum:
    case Reduce::mean:
      for (double x : v) acc += x;  // in tick order: the same sum on every machine
      return r == Reduce::sum ? acc : acc / static_cast<double>(v.size());
    case Reduce::first:
      return v.front();
    case Reduce::last:
      return v.back();
    case Reduce::min:
      return *std::min_element(v.begin(), v.end());
    case Reduce::max:
      return *std::max_element(v.begin(), v.end());
  }
  return acc;
}

SweepSpec parse_sweep_string(const std::string& text, const std::string& file,
                             const std::vector<std::string>& sets) {
  auto source = std::make_shared<scenario::YamlSource>();
  source->file = file;
  YAML::Node root = scenario::load_yaml(text, file);
  if (!root.IsMap()) throw ScenarioError(file, 1, 1, "", "", "a sweep must be a YAML mapping");
  Reader r(root, "", source);
  r.allow_only({"name", "description", "base", "design", "replicates", "samples", "design_seed",
                "parameters", "summary", "output", "fork_at"});
  SweepSpec s;
  s.file = file;
  s.sets = sets;
  s.name = r.get_string("name", fs::path(file).stem().string());
  s.description = r.get_string("description", "");
  const fs::path dir = fs::path(file).parent_path();
  Reader base = r.child("base");
  fs::path bp = base.as_string();
  s.base_as_written = bp.string();
  s.base_file = (bp.is_absolute() ? bp : (dir / bp).lexically_normal()).string();
  std::ifstream in(s.base_file);
  if (!in) base.fail("cannot read the base scenario '" + s.base_file + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  s.base_text = buf.str();

  std::string d = r.find("design") ? r.child("design").as_choice({"grid", "random", "lhs"})
                                   : std::string("grid");
  s.design = d == "grid" ? Design::grid : d == "random" ? Design::random : Design::lhs;
  s.replicates = static_cast<int>(r.get_int("replicates", 1, scenario::Range{1.0, 10000.0}));
  if (s.design == Design::grid) {
    if (auto x = r.find("samples"))
      x->fail("is for random and lhs designs; a grid runs every point");
  } else {
    s.samples = r.child("samples").as_int(scenario::Range{1.0, static_cast<double>(kMaxRuns)});
  }
  s.design_seed = static_cast<std::uint64_t>(r.get_int("design_seed", 1, scenario::kNonNegative));
  Reader params = r.child("parameters");
  if (!params.is_map() || params.node().size() == 0) {
    params.fail("must map at least one dotted path into the base scenario to its values");
  }
  for (const auto& [path, node] : params.entries()) {
    s.parameters.push_back(parse_parameter(path, node, s.design));
  }
  if (auto sm = r.find("summary")) {
    for (const auto& item : sm->items()) s.summary.push_back(parse_summary(item));
    for (std::size_t i = 0; i < s.summary.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (s.summary[i].column() == s.summary[j].column()) {
          sm->items()[i].fail("repeats summary[" + std::to_string(j) + "]");
        }
      }
    }
  }
  if (auto f = r.find("fork_at")) {
    s.fork_at = f->as_int(scenario::Range{1.0, {}});
    s.fork_at_position = position_of(*f);
  }
  fs::path out = r.get_string("output", "sweeps/" + s.name);
  s.output = out.is_absolute() ? out : (dir / out).lexically_normal();
  if (s.output.empty()) s.output = ".";

  std::int64_t runs = design_size(s, r);
  if (runs > kMaxRuns) {
    (s.design == Design::grid ? params : r.child("samples"))
        .fail("the design is too large: more than " + std::to_string(kMaxRuns) +
              " runs (points x replicates)");
  }
  return s;
}

SweepSpec parse_sweep_file(const fs::path& file, const std::vector<std::string>& sets) {
  std::ifstream in(file);
  if (!in) throw UsageError("cannot read sweep file '" + file.string() + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_sweep_string(buf.str(), file.string(), sets);
}

}  // namespace wfsim::sweep
