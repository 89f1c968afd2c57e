#include "sim/app/summary.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>

namespace wfsim::app {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string pad(std::string s) {
  s.resize(std::max<std::size_t>(s.size(), 22), ' ');
  return s;
}

std::string money(double usd) {
  const double a = usd < 0 ? -usd : usd;
  const char* sign = usd < 0 ? "-" : "";
  char buf[64];
  if (a >= 1e9) {
    std::snprintf(buf, sizeof buf, "%s$%.2fB", sign, a / 1e9);
  } else if (a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%s$%.2fM", sign, a / 1e6);
  } else if (a >= 1e3) {
    std::snprintf(buf, sizeof buf, "%s$%.1fk", sign, a / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%s$%.0f", sign, a);
  }
  return buf;
}

}  // namespace

void print_summary(std::ostream& out, const engine::Engine& engine, double wall, double agent_ticks,
                   const std::filesystem::path& output) {
  const auto& h = engine.history();
  if (h.empty()) return;
  auto col = [&](const char* name) { return engine::metric_index(name); };
  auto first = [&](const char* n) { return h.front()[col(n)]; };
  auto last = [&](const char* n) { return h.back()[col(n)]; };
  auto total = [&](const char* n) {
    double s = 0;
    for (const auto& row : h) s += row[col(n)];
    return s;
  };
  const auto& sc = engine.scenario();
  double years = static_cast<double>(h.size()) / 52.0;
  out << "\n== wfsim: " << sc.name << " (seed " << sc.seed << ", " << h.size()
      << " ticks = " << fmt("%.1f", years) << " years) ==\n";
  out << "  headcount          " << fmt("%.0f", first("headcount")) << " -> "
      << fmt("%.0f", last("headcount"))
      << fmt("  (%+.1f%%)", 100 * (last("headcount") / first("headcount") - 1)) << "\n";
  out << "  managers           " << fmt("%.0f", first("managers")) << " -> "
      << fmt("%.0f", last("managers")) << "   IC:manager " << fmt("%.2f", first("ic_per_manager"))
      << " -> " << fmt("%.2f", last("ic_per_manager")) << "\n";
  out << "  revenue/employee   " << money(first("revenue_per_employee")) << " -> "
      << money(last("revenue_per_employee")) << " a year\n";
  out << "  operating income   " << money(total("operating_income")) << " over the run, margin "
      << fmt("%.1f%%", 100 * first("operating_margin")) << " -> "
      << fmt("%.1f%%", 100 * last("operating_margin")) << "\n";
  double mean_heads = total("headcount") / static_cast<double>(h.size());
  out << "  quits              " << fmt("%.0f", total("quits")) << "  ("
      << fmt("%.1f%%", 100 * total("quits") / mean_heads / std::max(years, 1.0 / 52)) << " a year; "
      << fmt("%.0f", total("regretted_quits")) << " regretted)\n";
  out << "  layoffs            " << fmt("%.0f", total("layoffs")) << "   hires "
      << fmt("%.0f", total("hires")) << "   promotions " << fmt("%.0f", total("promotions"))
      << "   retirements " << fmt("%.0f", total("retirements")) << "\n";
  out << "  morale             " << fmt("%.3f", first("mean_morale")) << " -> "
      << fmt("%.3f", last("mean_morale")) << "   workload " << fmt("%.2f", first("workload"))
      << " -> " << fmt("%.2f", last("workload")) << "\n";
  out << "  wall time          " << fmt("%.2f s", wall) << "  ("
      << fmt("%.2e agent-ticks/s", wall > 0 ? agent_ticks / wall : 0.0) << ")\n";
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double peak = static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
  out << "  peak memory        " << fmt("%.0f MiB", peak / (1 << 20)) << "  ("
      << fmt("%.0f bytes per person", peak / std::max(1.0, first("headcount"))) << ")\n";
  if (!output.empty()) out << "  output             " << output.string() << "\n";
}

void print_profile(std::ostream& out, engine::Engine& engine, double wall) {
  auto& p = engine.profile();
  out << "\n-- profile (seconds; share of wall time) --\n";
  out << "  " << pad("generation+calibration") << fmt("%8.3f", p.generation_seconds)
      << fmt("  %5.1f%%", 100 * p.generation_seconds / wall) << "\n";
  for (std::size_t i = 0; i < p.seconds.size(); ++i) {
    auto name = engine::phase_name(static_cast<engine::Phase>(i));
    out << "  " << pad(std::string(name)) << fmt("%8.3f", p.seconds[i])
        << fmt("  %5.1f%%", 100 * p.seconds[i] / wall) << "\n";
  }
}

}  // namespace wfsim::app
