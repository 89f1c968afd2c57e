#include "sim/sweep/plan.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>

#include "sim/core/errors.hpp"
#include "sim/core/hash.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/temp_name.hpp"
#include "sim/engine/checkpoint.hpp"
#include "sim/policies/policy.hpp"
#include "sim/scenario/load.hpp"

namespace wfsim::sweep {
namespace fs = std::filesystem;

namespace {

// Shortest text that reads back as the same double.
std::string number_text(double v) {
  std::array<char, 32> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  (void)ec;
  return std::string(buf.data(), end);
}

bool is_number(const std::string& text, double* out = nullptr) {
  if (text.empty()) return false;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (out) *out = v;
  return true;
}

int digits(std::int64_t n) {
  int d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      std::array<char, 8> b{};
      std::snprintf(b.data(), b.size(), "\\u%04x", c);
      out += b.data();
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A YAML value as JSON: numbers and booleans bare, other scalars quoted,
// lists and mappings recursively.
std::string json_of(const YAML::Node& n) {
  if (n.IsSequence()) {
    std::string out = "[";
    for (std::size_t i = 0; i < n.size(); ++i) out += (i ? ", " : "") + json_of(n[i]);
    return out + "]";
  }
  if (n.IsMap()) {
    std::string out = "{";
    bool first = true;
    for (const auto& kv : n) {
      out +=
          (first ? "" : ", ") + json_string(kv.first.as<std::string>()) + ": " + json_of(kv.second);
      first = false;
    }
    return out + "}";
  }
  if (!n.IsScalar()) return "null";
  const std::string& t = n.Scalar();
  double v = 0;
  if (is_number(t, &v) && std::isfinite(v)) return number_text(v);
  if (t == "true" || t == "false") return t;
  return json_string(t);
}

std::uint64_t fnv1a_field(std::uint64_t h, std::string_view s) {
  h = fnv1a(s, h);
  return fnv1a(std::string_view("\0", 1), h);  // a separator no field holds
}

}  // namespace

Plan::Plan(SweepSpec spec) : spec_(std::move(spec)) {
  // The base as the command line makes it: its seed and ticks, and its errors.
  auto base = scenario::load_string(spec_.base_text, spec_.base_file, spec_.sets);
  base_seed_ = base.seed;
  ticks_ = base.ticks;
  if (spec_.fork_at && *spec_.fork_at >= ticks_) {
    throw ScenarioError(spec_.file, spec_.fork_at_position.line, spec_.fork_at_position.column,
                        "fork_at", std::to_string(*spec_.fork_at),
                        "must be below the base's ticks (" + std::to_string(ticks_) + ")");
  }
  make_points();
  validate();
  compute_hash();
  point_digits_ = std::max(4, digits(points() - 1));
  replicate_digits_ = std::max(2, digits(spec_.replicates - 1));
}

void Plan::make_points() {
  const auto& ps = spec_.parameters;
  const std::size_t d = ps.size();
  numeric_.assign(d, true);
  choice_.clear();
  if (spec_.design == Design::grid) {
    std::int64_t n = 1;
    for (const auto& p : ps) n *= static_cast<std::int64_t>(p.values.size());
    points_.reserve(n);
    // The last parameter varies fastest, as in the file's nested loops.
    for (std::int64_t i = 0; i < n; ++i) {
      std::vector<std::string> pt(d);
      std::vector<int> ch(d);
      std::int64_t rest = i;
      for (std::size_t j = d; j-- > 0;) {
        auto m = static_cast<std::int64_t>(ps[j].values.size());
        ch[j] = static_cast<int>(rest % m);
        pt[j] = ps[j].values[ch[j]];
        rest /= m;
      }
      points_.push_back(std::move(pt));
      choice_.push_back(std::move(ch));
    }
  } else {
    // random: u independent uniforms; lhs: parameter j's n values fall one
    // in each of n equal strata, in an order given by a seeded permutation.
    const std::int64_t n = spec_.samples;
    const Rng rng(spec_.design_seed, Stream::policy);
    std::vector<std::vector<std::int64_t>> stratum(d);
    if (spec_.design == Design::lhs) {
      for (std::size_t j = 0; j < d; ++j) {
        auto& perm = stratum[j];
        perm.resize(n);
        for (std::int64_t i = 0; i < n; ++i) perm[i] = i;
        for (std::int64_t i = n - 1; i > 0; --i) {  // Fisher-Yates
          auto k = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(i + 1), -1, i,
                                                       Purpose::sweep_design,
                                                       static_cast<std::uint32_t>(j)));
          std::swap(perm[i], perm[k]);
        }
      }
    }
    points_.reserve(n);
    for (std::int64_t i = 0; i < n; ++i) {
      std::vector<std::string> pt(d);
      std::vector<int> ch(d, -1);
      for (std::size_t j = 0; j < d; ++j) {
        double u = rng.uniform(static_cast<std::int64_t>(j), i, Purpose::sweep_design);
        if (spec_.design == Design::lhs) u = (static_cast<double>(stratum[j][i]) + u) / n;
        const Parameter& p = ps[j];
        if (p.values.empty()) {
          double lo = *p.min, hi = *p.max;
          if (p.integer) {
            double v = std::floor(std::ceil(lo) + u * (std::floor(hi) - std::ceil(lo) + 1));
            pt[j] = number_text(std::min(v, std::floor(hi)));
          } else {
            pt[j] = number_text(lo + u * (hi - lo));
          }
        } else {
          auto m = static_cast<double>(p.values.size());
          ch[j] = static_cast<int>(std::min(m - 1, std::floor(u * m)));
          pt[j] = p.values[ch[j]];
        }
      }
      points_.push_back(std::move(pt));
      choice_.push_back(std::move(ch));
    }
  }
  for (const auto& pt : points_) {
    for (std::size_t j = 0; j < d; ++j) numeric_[j] = numeric_[j] && is_number(pt[j]);
  }
}

// Loads the base with each point's overrides, so a value is judged by the
// scenario's own rules; an error about an override is reported at the value
// in the sweep file.
void Plan::validate() {
  const auto& ps = spec_.parameters;
  const std::size_t nsets = spec_.sets.size();
  std::string burn_hash;
  YAML::Node base_tree;
  try {
    base_tree = YAML::Load(spec_.base_text);
  } catch (const YAML::Exception&) {
    scenario::load_string(spec_.base_text, spec_.base_file, spec_.sets);  // reports it
  }
  for (std::int64_t i = 0; i < points(); ++i) {
    std::vector<std::string> ov = spec_.sets;
    for (std::size_t j = 0; j < ps.size(); ++j) ov.push_back(ps[j].path + "=" + points_[i][j]);
    auto remap = [&](const ScenarioError& e, std::size_t j, const std::string& normal) {
      const Parameter& p = ps[j];
      int c = choice_[i][j];
      Position at = c >= 0 ? p.value_at[c] : p.at;
      std::string key =
          "parameters." + p.path +
          (c >= 0 && p.values.size() > 1 ? "[" + std::to_string(c) + "]" : std::string());
      std::string rule = e.key_path.empty() || e.key_path == normal || e.key_path == p.path
                             ? e.rule
                             : e.key_path + ": " + e.rule;
      std::string value = e.value.empty() ? "'" + points_[i][j] + "'" : e.value;
      throw ScenarioError(spec_.file, at.line, at.column, key, value, rule, e.suggestion);
    };
    scenario::YamlSource src;
    YAML::Node tree;
    try {
      tree = YAML::Clone(base_tree);
      scenario::apply_overrides(tree, ov, src);
    } catch (const ScenarioError& e) {
      for (std::size_t k = nsets; k < ov.size(); ++k) {
        if (e.file == "--set " + ov[k]) remap(e, k - nsets, "");
      }
      throw;
    }
    std::optional<scenario::Scenario> sc;
    try {
      sc.emplace(scenario::load_string(spec_.base_text, spec_.base_file, ov));
    } catch (const ScenarioError& e) {
      for (std::size_t k = 0; k < src.overridden_paths.size(); ++k) {
        if (e.file == "--set " + src.overridden_paths[k]) {
          if (k < nsets) throw;
          remap(e, k - nsets, src.overridden_paths[k]);
        }
      }
      std::string where;
      for (std::size_t j = 0; j < ps.size(); ++j) {
        where += (j ? ", " : "") + ps[j].path + "=" + points_[i][j];
      }
      throw ScenarioError(e.file, e.line, e.column, e.key_path, e.value,
                          e.rule + " [at design point " + std::to_string(i) + " of " + spec_.file +
                              ": " + where + "]",
                          e.suggestion);
    }
    if (spec_.fork_at) {
      if (burn_hash.empty()) {
        burn_hash = engine::burn_in_hash(
            scenario::load_string(spec_.base_text, spec_.base_file, spec_.sets));
      }
      if (engine::burn_in_hash(*sc) != burn_hash) {
        for (std::size_t j = 0; j < ps.size(); ++j) {
          if (ps[j].path.rfind("policies", 0) != 0) {
            throw ScenarioError(spec_.file, ps[j].at.line, ps[j].at.column,
                                "parameters." + ps[j].path, "",
                                "with fork_at, parameters may change only policies (this one "
                                "changes the burn-in every point forks from)");
          }
        }
      }
      check_fork_policies(base_tree, tree, *sc, i);
    }
  }
}

// With fork_at, the burn-in runs the base's policies: a policy the point
// changes must not act before the fork (nor on the generated firm), or the
// arm would silently keep the base's version of it.
void Plan::check_fork_policies(const YAML::Node& base_tree, const YAML::Node& point_tree,
                               const scenario::Scenario& point, std::int64_t i) const {
  if (!burn_in_policies_) {
    burn_in_policies_ = std::make_shared<scenario::Scenario>(
        scenario::load_string(spec_.base_text, spec_.base_file, spec_.sets));
  }
  const auto& base = *burn_in_policies_;
  auto text = [](const YAML::Node& root, std::size_t k) {
    const YAML::Node list = root["policies"];
    if (!list || !list.IsSequence() || k >= list.size()) return std::string();
    YAML::Emitter e;
    e << list[k];
    return std::string(e.c_str());
  };
  const std::size_t n = std::max(base.policies.size(), point.policies.size());
  for (std::size_t k = 0; k < n; ++k) {
    if (k < base.policies.size() && k < point.policies.size() &&
        text(base_tree, k) == text(point_tree, k)) {
      continue;
    }
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    if (k < base.policies.size()) first = std::min(first, base.policies[k]->first_tick());
    if (k < point.policies.size()) first = std::min(first, point.policies[k]->first_tick());
    if (first >= *spec_.fork_at) continue;
    std::size_t j = 0;
    while (j + 1 < spec_.parameters.size() && spec_.parameters[j].path.rfind("policies", 0) != 0)
      ++j;
    const Parameter& p = spec_.parameters[j];
    throw ScenarioError(spec_.file, p.at.line, p.at.column, "parameters." + p.path, "",
                        "with fork_at " + std::to_string(*spec_.fork_at) + ", policies[" +
                            std::to_string(k) + "] differs between points but acts from tick " +
                            std::to_string(first) +
                            ", before the fork (the burn-in would run the base's version) [at "
                            "design point " +
                            std::to_string(i) + "]");
  }
}

void Plan::compute_hash() {
  std::uint64_t h = kFnvOffset;
  h = fnv1a_field(h, "wfsim sweep design v1");
  // Runs of another build may follow another model: never mix them in.
  h = fnv1a_field(h, std::string(WFSIM_VERSION) + " " + WFSIM_GIT_COMMIT);
  h = fnv1a_field(h, spec_.base_text);
  h = fnv1a_field(h, spec_.base_as_written);  // run files record it
  for (const auto& s : spec_.sets) h = fnv1a_field(h, s);
  h = fnv1a_field(h, design_name(spec_.design));
  h = fnv1a_field(h, std::to_string(spec_.replicates));
  for (const auto& p : spec_.parameters) h = fnv1a_field(h, p.path);
  for (const auto& pt : points_) {
    for (const auto& v : pt) h = fnv1a_field(h, v);
  }
  for (const auto& s : spec_.summary) h = fnv1a_field(h, s.column());
  if (spec_.fork_at) h = fnv1a_field(h, "fork_at=" + std::to_string(*spec_.fork_at));
  std::ostringstream o;
  o << std::hex << std::setw(16) << std::setfill('0') << h;
  hash_ = o.str();
}

Run Plan::run(std::int64_t index) const {
  Run r;
  r.index = index;
  r.point = index / spec_.replicates;
  r.replicate = static_cast<int>(index % spec_.replicates);
  r.seed = base_seed_ + static_cast<std::uint64_t>(r.replicate);
  std::ostringstream id;
  id << 'p' << std::setw(point_digits_) << std::setfill('0') << r.point << "-r"
     << std::setw(replicate_digits_) << std::setfill('0') << r.replicate;
  r.id = id.str();
  return r;
}

std::vector<std::string> Plan::overrides(const Run& r) const {
  std::vector<std::string> ov = spec_.sets;
  for (std::size_t j = 0; j < spec_.parameters.size(); ++j) {
    ov.push_back(spec_.parameters[j].path + "=" + points_[r.point][j]);
  }
  ov.push_back("seed=" + std::to_string(r.seed));
  return ov;
}

std::shared_ptr<const scenario::Scenario> Plan::scenario(const Run& r) const {
  return std::make_shared<scenario::Scenario>(
      scenario::load_string(spec_.base_text, spec_.base_as_written, overrides(r)));
}

std::string Plan::parameters_json(std::int64_t point) const {
  std::string out = "{";
  for (std::size_t j = 0; j < spec_.parameters.size(); ++j) {
    YAML::Node n;
    try {
      n = YAML::Load(points_[point][j]);
    } catch (const YAML::Exception&) {
      n = YAML::Node(points_[point][j]);
    }
    out += (j ? ", " : "") + json_string(spec_.parameters[j].path) + ": " + json_of(n);
  }
  return out + "}";
}

std::vector<output::Attr> Plan::attributes(const Run& r) const {
  return {{"sweep_id", sweep_id()},
          {"sweep_name", spec_.name},
          {"sweep_hash", hash_},
          {"sweep_file", fs::path(spec_.file).filename().string()},
          {"sweep_parameters", parameters_json(r.point)},
          {"run_id", r.id},
          {"run_index", r.index},
          {"point", r.point},
          {"replicate", std::int64_t{r.replicate}}};
}

fs::path Plan::run_file(const Run& r) const {
  return spec_.output / "runs" / (r.id + ".h5");
}
fs::path Plan::partial_file(const Run& r) const {
  // Unique per host and process: two processes that happen to run the same
  // run (an array resubmitted while the first still runs) never share it.
  return temp_name(run_file(r));
}
fs::path Plan::error_file(const Run& r) const {
  return spec_.output / "runs" / (r.id + ".error");
}

std::shared_ptr<const scenario::Scenario> Plan::burn_in_scenario(int replicate) const {
  std::vector<std::string> ov = spec_.sets;
  ov.push_back("seed=" + std::to_string(base_seed_ + static_cast<std::uint64_t>(replicate)));
  return std::make_shared<scenario::Scenario>(
      scenario::load_string(spec_.base_text, spec_.base_as_written, ov));
}

fs::path Plan::burn_in_file(int replicate) const {
  std::ostringstream id;
  id << 'r' << std::setw(replicate_digits_) << std::setfill('0') << replicate;
  return spec_.output / "burn-in" / (id.str() + ".h5");
}

fs::path Plan::checkpoint_file(int replicate) const {
  return fs::path(burn_in_file(replicate)).replace_extension(".ckpt");
}

std::vector<std::int64_t> Plan::share(std::int64_t task, std::int64_t count) const {
  std::vector<std::int64_t> out;
  for (std::int64_t i = task; i < runs(); i += count) out.push_back(i);
  return out;
}

void print_plan(const Plan& plan, std::ostream& out) {
  const auto& s = plan.spec();
  out << "sweep " << s.name << ": " << design_name(s.design) << " design, " << plan.points()
      << " points x " << s.replicates << " replicates = " << plan.runs() << " runs\n"
      << "  base:    " << s.base_file << " (seed " << plan.base_seed() << ", " << plan.ticks()
      << " ticks)";
  for (const auto& x : s.sets) out << " --set " << x;
  if (s.fork_at) {
    out << "\n  warm start: a burn-in of " << *s.fork_at
        << " ticks per replicate; every run forks from it";
  }
  out << "\n  output:  " << s.output.string() << "\n  design hash: " << plan.hash()
      << "  (sweep id " << plan.sweep_id() << ")\n";
  out << "run_id";
  for (int k = 0; k < static_cast<int>(plan.run(0).id.size()) - 6 + 2; ++k) out << ' ';
  out << "seed";
  for (const auto& p : s.parameters) out << "  " << p.path;
  out << "\n";
  for (std::int64_t i = 0; i < plan.runs(); ++i) {
    Run r = plan.run(i);
    out << r.id << "  " << std::left << std::setw(4) << r.seed;
    for (std::size_t j = 0; j < s.parameters.size(); ++j) {
      out << "  " << std::setw(static_cast<int>(s.parameters[j].path.size()))
          << plan.value(r.point, j);
    }
    out << std::right << "\n";
  }
}

namespace {

// Removes temporary files (NAME.HOST.PID.tmp) that processes of this host
// left when they died (SIGKILL, a lost job): their PID no longer runs.
// Another host's, or a live process's, are left alone.
void remove_stale_temps(const fs::path& dir) {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) return;
  const std::string mine = std::string(".") + host.data() + ".";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.ends_with(".tmp")) continue;
    const auto at = name.rfind(mine);
    if (at == std::string::npos) continue;
    const std::string pid_text = name.substr(at + mine.size(), name.size() - 4 - at - mine.size());
    char* end = nullptr;
    const long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (end == pid_text.c_str() || *end != '\0' || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(e.path(), ec);
  }
}

std::string manifest_hash(const fs::path& manifest) {
  std::ifstream in(manifest);
  std::string line, theirs;
  while (std::getline(in, line)) {
    if (line.rfind("  design hash: ", 0) == 0) theirs = line.substr(15, 16);
  }
  return theirs;
}

}  // namespace

void claim_output(const Plan& plan) {
  const fs::path dir = plan.spec().output;
  const fs::path manifest = plan.manifest_file();
  fs::create_directories(dir);
  if (!fs::exists(manifest)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().filename().string().rfind("sweep.txt", 0) == 0) continue;
      if (fs::exists(manifest)) break;  // another task claimed it meanwhile: checked below
      throw UsageError("'" + dir.string() +
                       "' exists and is not this sweep's output folder (it has no sweep.txt); "
                       "set another `output:` in the sweep file or remove it");
    }
    // Written whole under a temporary name, then linked into place: link()
    // fails if a manifest appeared meanwhile, so of concurrent tasks (or two
    // designs) exactly one claims the folder and the others check its hash.
    const fs::path tmp = temp_name(manifest);
    {
      std::ofstream out(tmp);
      out << "# wfsim sweep manifest: the resolved design of the runs in this folder\n";
      print_plan(plan, out);
      if (!out) throw OutputError("cannot write '" + tmp.string() + "'");
    }
    if (::link(tmp.c_str(), manifest.c_str()) != 0 && errno != EEXIST) {
      fs::rename(tmp, manifest);  // a file system without hard links
    }
    std::error_code ec;
    fs::remove(tmp, ec);
  }
  const std::string theirs = manifest_hash(manifest);
  if (theirs != plan.hash()) {
    throw UsageError("'" + dir.string() + "' holds the results of a different sweep design (" +
                     (theirs.empty() ? std::string("no design hash") : "hash " + theirs) +
                     "; this one is " + plan.hash() +
                     "): a sweep never overwrites another's results; set another `output:` "
                     "in the sweep file or remove that folder");
  }
  fs::create_directories(dir / "runs");
  remove_stale_temps(dir);
  remove_stale_temps(dir / "runs");
  remove_stale_temps(dir / "burn-in");
}

std::vector<std::int64_t> pending(const Plan& plan, const std::vector<std::int64_t>& candidates) {
  std::vector<std::int64_t> out;
  for (std::int64_t i : candidates) {
    if (!fs::exists(plan.run_file(plan.run(i)))) out.push_back(i);
  }
  return out;
}

}  // namespace wfsim::sweep
