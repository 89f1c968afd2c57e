#include "sim/compare/compare_file.hpp"

#include <array>

#include "sim/core/errors.hpp"
#include "sim/output/h5.hpp"

namespace wfsim::compare {

namespace h5 = output::h5;

void summarise(Comparison& c) {
  const auto& keys = key_metrics();
  c.stats.clear();
  for (std::size_t m = 0; m < keys.size(); ++m) {
    c.stats.push_back(paired(c.base.values[m], c.policy.values[m]));
  }
}

namespace {

void write_arm_attrs(hid_t root, const char* prefix, const Arm& a) {
  const std::string p(prefix);
  h5::write_attr(root, (p + "_scenario_path").c_str(), a.scenario_path);
  h5::write_attr(root, (p + "_scenario_name").c_str(), a.scenario_name);
  h5::write_attr(root, (p + "_scenario_yaml").c_str(), a.scenario_yaml);
  h5::write_attr(root, (p + "_run_files").c_str(), std::span<const std::string>(a.run_files));
}

}  // namespace

void write_comparison(const std::filesystem::path& path, const Comparison& c, bool force) {
  namespace fs = std::filesystem;
  h5::init();
  if (fs::exists(path) && !force) {
    throw UsageError("'" + path.string() +
                     "' exists; wfsim never overwrites a result: pass --force to replace it");
  }
  const auto& keys = key_metrics();
  const std::size_t nm = keys.size();
  const std::size_t reps = c.seeds.size();
  const fs::path tmp = path.string() + ".partial";
  {
    const h5::Handle fapl = h5::file_access_latest();
    h5::Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                    "create '" + tmp.string() + "'");
    const hid_t root = file.get();
    h5::write_attr(root, "kind", std::string_view("wfsim paired comparison"));
    h5::write_attr(root, "schema_version", std::int64_t{1});
    write_arm_attrs(root, "base", c.base);
    write_arm_attrs(root, "policy", c.policy);
    std::vector<std::int64_t> seeds(c.seeds.begin(), c.seeds.end());
    h5::write_attr(root, "replicates", static_cast<std::int64_t>(reps));
    h5::write_attr(root, "ticks", c.ticks);
    {
      const h5::Handle g = h5::create_group(root, "summary");
      std::vector<std::string> names, reduces;
      for (const auto& k : keys) {
        names.push_back(k.name);
        reduces.emplace_back(reduce_name(k.reduce));
      }
      h5::write_dataset(g.get(), "metric", names);
      h5::write_dataset(g.get(), "reduce", reduces);
      const std::array<hsize_t, 1> d1{nm};
      auto column = [&](const char* name, auto field) {
        std::vector<double> v;
        for (const auto& st : c.stats) v.push_back(field(st));
        h5::write_dataset(g.get(), name, d1, std::span<const double>(v));
      };
      column("base_mean", [](const PairedStat& s) { return s.base_mean; });
      column("policy_mean", [](const PairedStat& s) { return s.policy_mean; });
      column("diff_mean", [](const PairedStat& s) { return s.diff_mean; });
      column("diff_sd", [](const PairedStat& s) { return s.diff_sd; });
      column("ci_low", [](const PairedStat& s) { return s.ci_low; });
      column("ci_high", [](const PairedStat& s) { return s.ci_high; });
      const std::array<hsize_t, 1> dr{reps};
      h5::write_dataset(g.get(), "seed", dr, std::span<const std::int64_t>(seeds));
    }
    {
      const h5::Handle g = h5::create_group(root, "replicates");
      const std::array<hsize_t, 2> d2{nm, reps};
      for (auto [name, arm] : {std::pair{"base", &c.base}, std::pair{"policy", &c.policy}}) {
        std::vector<double> flat;
        for (const auto& row : arm->values) flat.insert(flat.end(), row.begin(), row.end());
        h5::write_dataset(g.get(), name, d2, std::span<const double>(flat));
      }
    }
    {
      const h5::Handle g = h5::create_group(root, "paired");
      for (std::size_t m = 0; m < nm; ++m) {
        std::vector<double> flat;
        std::size_t ticks = 0;
        for (std::size_t r = 0; r < reps; ++r) {
          const auto& b = c.base.series[m][r];
          const auto& p = c.policy.series[m][r];
          ticks = std::min(b.size(), p.size());
          for (std::size_t t = 0; t < ticks; ++t) flat.push_back(p[t] - b[t]);
        }
        const std::array<hsize_t, 2> d2{reps, ticks};
        h5::write_dataset(g.get(), keys[m].name.c_str(), d2, std::span<const double>(flat));
      }
    }
    file.close();
  }
  fs::rename(tmp, path);
}

}  // namespace wfsim::compare
