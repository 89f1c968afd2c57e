#include "sim/sweep/index.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_set>
#include <variant>

#include "sim/core/errors.hpp"
#include "sim/core/temp_name.hpp"
#include "sim/engine/metrics.hpp"
#include "sim/output/h5.hpp"

namespace wfsim::sweep {
namespace fs = std::filesystem;
namespace h5 = output::h5;

namespace {

constexpr std::size_t kBlockRows = 4096;  // rows buffered per column before a write

h5::Handle utf8_string_type() {
  h5::Handle t(H5Tcopy(H5T_C_S1), "copy string type");
  h5::check(H5Tset_size(t.get(), H5T_VARIABLE), "variable-length string");
  h5::check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "UTF-8 string");
  return t;
}

// One column of the index: a growing dataset and its buffered rows.
class Column {
 public:
  enum class Kind : std::uint8_t { i64, f64, text };
  Column(hid_t group, std::string name, Kind kind, hid_t text_type)
      : name_(std::move(name)), kind_(kind), text_type_(text_type) {
    hid_t type = kind == Kind::i64   ? h5::file_type<std::int64_t>()
                 : kind == Kind::f64 ? h5::file_type<double>()
                                     : text_type;
    dset_ = h5::create_extendible(group, name_.c_str(), {.type = type, .chunk_rows = kBlockRows});
  }
  void add(std::int64_t v) { i64_.push_back(v); }
  void add(double v) { f64_.push_back(v); }
  void add(std::string v) { text_.push_back(std::move(v)); }
  void flush() {
    std::size_t n = kind_ == Kind::i64   ? i64_.size()
                    : kind_ == Kind::f64 ? f64_.size()
                                         : text_.size();
    if (n == 0) return;
    if (kind_ == Kind::i64) {
      h5::append(dset_.get(), h5::mem_type<std::int64_t>(), rows_, n, i64_.data());
    } else if (kind_ == Kind::f64) {
      h5::append(dset_.get(), h5::mem_type<double>(), rows_, n, f64_.data());
    } else {
      std::vector<const char*> p(n);
      for (std::size_t i = 0; i < n; ++i) p[i] = text_[i].c_str();
      h5::append(dset_.get(), text_type_, rows_, n, p.data());
    }
    rows_ += n;
    i64_.clear();
    f64_.clear();
    text_.clear();
  }
  [[nodiscard]] const std::string& name() const { return name_; }
  void close() { dset_.close(); }

 private:
  std::string name_;
  Kind kind_;
  hid_t text_type_;
  h5::Handle dset_;
  hsize_t rows_ = 0;
  std::vector<std::int64_t> i64_;
  std::vector<double> f64_;
  std::vector<std::string> text_;
};

std::string read_text_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream b;
  b << in.rdbuf();
  std::string s = b.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

std::vector<output::Attr> summary_attributes(const Plan& plan,
                                             const std::vector<std::vector<double>>& history) {
  std::vector<output::Attr> out;
  for (const auto& s : plan.spec().summary) {
    int m = engine::metric_index(s.metric);
    std::vector<double> series;
    series.reserve(history.size());
    for (const auto& row : history) series.push_back(row[m]);
    out.push_back({"summary." + s.column(), reduce(s.reduce, series)});
  }
  return out;
}

IndexStats write_index(const Plan& plan) {
  auto t0 = std::chrono::steady_clock::now();
  h5::init();
  IndexStats st;
  const auto& spec = plan.spec();
  const fs::path final_path = plan.index_file();
  const fs::path tmp = temp_name(final_path);
  {
    const h5::Handle fapl = h5::file_access_latest();
    h5::Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                    "create '" + tmp.string() + "'");
    h5::Handle text = utf8_string_type();
    h5::write_attr(file.get(), "format", std::string_view("wfsim-sweep-index"));
    h5::write_attr(file.get(), "schema_version", std::int64_t{1});
    h5::write_attr(file.get(), "sweep_id", std::string_view(plan.sweep_id()));
    h5::write_attr(file.get(), "sweep_name", std::string_view(spec.name));
    h5::write_attr(file.get(), "sweep_hash", std::string_view(plan.hash()));
    h5::write_attr(file.get(), "design", design_name(spec.design));
    h5::write_attr(file.get(), "replicates", std::int64_t{spec.replicates});
    h5::write_attr(file.get(), "runs", plan.runs());
    h5::write_attr(file.get(), "base", std::string_view(spec.base_file));
    h5::write_attr(file.get(), "wfsim_version", std::string_view(WFSIM_VERSION));
    h5::Handle group = h5::create_group(file.get(), "runs");

    using K = Column::Kind;
    std::vector<Column> cols;
    std::vector<std::string> names, params, summaries;
    auto add_col = [&](std::string name, K kind) {
      names.push_back(name);
      cols.emplace_back(group.get(), std::move(name), kind, text.get());
    };
    add_col("run_index", K::i64);
    add_col("run_id", K::text);
    add_col("point", K::i64);
    add_col("replicate", K::i64);
    add_col("seed", K::i64);
    add_col("status", K::text);
    add_col("wall_seconds", K::f64);
    add_col("file", K::text);
    add_col("error", K::text);
    const std::size_t first_param = cols.size();
    for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
      params.push_back(spec.parameters[j].path);
      add_col(spec.parameters[j].path, plan.numeric(j) ? K::f64 : K::text);
    }
    const std::size_t first_summary = cols.size();
    for (const auto& s : spec.summary) {
      summaries.push_back(s.column());
      add_col(s.column(), K::f64);
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // Runs with a temporary file of any process (ID.h5.HOST.PID.tmp): one
    // listing of the folder, not one per run.
    std::unordered_set<std::string> partial;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(spec.output / "runs", ec)) {
      const std::string name = e.path().filename().string();
      const auto dot = name.find(".h5.");
      if (dot != std::string::npos && name.ends_with(".tmp")) partial.insert(name.substr(0, dot));
    }

    for (std::int64_t i = 0; i < plan.runs(); ++i) {
      const Run r = plan.run(i);
      std::string status = "missing", error;
      double wall = nan;
      std::vector<double> sums(spec.summary.size(), nan);
      const fs::path file_path = plan.run_file(r);
      if (fs::exists(file_path)) {
        const h5::Handle fa = h5::file_access_latest();
        h5::Handle f(H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, fa.get()),
                     "open '" + file_path.string() + "'");
        const hid_t root = f.get();
        bool ours = h5::has_attr(root, "sweep_hash") &&
                    h5::read_attr_string(root, "sweep_hash") == plan.hash();
        bool complete =
            h5::has_attr(root, "complete") && h5::read_attr_int64(root, "complete") == 1;
        if (!ours) {
          status = "foreign";
          error = "the file belongs to another sweep design";
        } else if (!complete) {
          status = "incomplete";
        } else {
          status = "complete";
          wall = h5::read_attr_double(root, "wall_seconds");
          for (std::size_t k = 0; k < spec.summary.size(); ++k) {
            std::string a = "summary." + spec.summary[k].column();
            if (h5::has_attr(root, a.c_str())) sums[k] = h5::read_attr_double(root, a.c_str());
          }
        }
      } else if (fs::exists(plan.error_file(r))) {
        status = "failed";
        error = read_text_file(plan.error_file(r));
      } else if (partial.count(r.id) != 0) {
        status = "incomplete";
      }
      if (status == "complete")
        ++st.complete;
      else if (status == "incomplete")
        ++st.incomplete;
      else if (status == "failed")
        ++st.failed;
      else if (status == "foreign")
        ++st.foreign;
      else
        ++st.missing;

      cols[0].add(r.index);
      cols[1].add(r.id);
      cols[2].add(r.point);
      cols[3].add(std::int64_t{r.replicate});
      cols[4].add(static_cast<std::int64_t>(r.seed));
      cols[5].add(status);
      cols[6].add(wall);
      cols[7].add(fs::path("runs").append(r.id + ".h5").string());
      cols[8].add(error);
      for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
        if (plan.numeric(j)) {
          cols[first_param + j].add(std::stod(plan.value(r.point, j)));
        } else {
          cols[first_param + j].add(plan.value(r.point, j));
        }
      }
      for (std::size_t k = 0; k < sums.size(); ++k) cols[first_summary + k].add(sums[k]);
      if ((i + 1) % static_cast<std::int64_t>(kBlockRows) == 0) {
        for (auto& c : cols) c.flush();
      }
    }
    for (auto& c : cols) c.flush();
    h5::write_attr(group.get(), "columns", std::span<const std::string>(names));
    h5::write_attr(group.get(), "parameters", std::span<const std::string>(params));
    h5::write_attr(group.get(), "summary", std::span<const std::string>(summaries));
    h5::write_attr(file.get(), "complete_runs", st.complete);
    for (auto& c : cols) c.close();
    group.close();
    file.close();
  }
  fs::rename(tmp, final_path);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace wfsim::sweep
