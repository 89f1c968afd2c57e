// Phase 6: retirement, dismissal, then the quit draw, each person at most
// once. Decisions are drawn in parallel into a per-person byte; the exits are
// then applied serially in id order.
#include <algorithm>
#include <cmath>

#include "sim/core/parallel.hpp"
#include "sim/engine/phases/phases.hpp"
#include "sim/engine/structure.hpp"

namespace wfsim::engine {

double top_quartile_threshold(const State& s) {
  std::vector<double> c;
  c.reserve(s.active.size());
  for (PersonId i : s.active) {
    if (s.people.status[i] == Status::active) c.push_back(s.people.competence[i]);
  }
  if (c.empty()) return 1.0;
  auto nth = c.begin() + static_cast<std::ptrdiff_t>((c.size() * 3) / 4);
  std::nth_element(c.begin(), nth, c.end());
  return *nth;
}

double quit_hazard(const scenario::AttritionParams& a, double m0, double morale, double workload,
                   double burden, double competence, double mean_competence) {
  double z = a.b_m * (m0 - morale) + a.b_w * std::max(0.0, workload - 1.0) +
             a.b_r * burden * (1.0 + a.b_s * (competence - mean_competence));
  return std::min(a.max_hazard_multiplier, std::exp(z)) * a.annual_quit_rate / 52.0;
}

void process_exits(State& s, const scenario::Scenario& sc, Scratch& x) {
  const auto& a = sc.model.attrition;
  const auto& mp = sc.model.morale;
  const std::size_t nf = s.fn.size();
  // Mean competence of each function's active people, in fixed block order.
  auto sums =
      deterministic_sums(s.active.size(), 2 * nf, [&](std::size_t k, std::vector<double>& part) {
        PersonId i = s.active[k];
        int f = s.pos.function[s.people.position[i]];
        if (f < 0 || s.people.status[i] != Status::active) return;
        part[2 * f] += s.people.competence[i];
        part[2 * f + 1] += 1;
      });
  for (std::size_t f = 0; f < nf; ++f) {
    s.fn[f].mean_competence = sums[2 * f + 1] > 0 ? sums[2 * f] / sums[2 * f + 1] : 0.0;
  }
  Rng rng(s.seed, Stream::position);  // keyed by seat, as in the morale phase
  x.exit.assign(s.people.size(), 0);
  parallel_for_blocks(s.active.size(), [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      PersonId i = s.active[k];
      if (s.people.status[i] != Status::active) continue;  // notice, reskilling: no exit draw
      if (s.people.age[i] >= a.retirement_age) {
        x.exit[i] = static_cast<std::uint8_t>(Status::retired);
        continue;
      }
      if (a.dismissal_below && s.people.competence[i] < *a.dismissal_below) {
        x.exit[i] = static_cast<std::uint8_t>(Status::dismissed);
        continue;
      }
      PositionId p = s.people.position[i];
      int f = s.pos.function[p];
      double mean_c = f >= 0 ? s.fn[f].mean_competence : s.people.competence[i];
      double h = quit_hazard(a, mp.m0, s.people.morale[i], seat_workload(s, p),
                             person_burden(s, i, p), s.people.competence[i], mean_c);
      if (rng.uniform(s.tick, p, Purpose::quit) < 1.0 - std::exp(-h)) {
        x.exit[i] = static_cast<std::uint8_t>(Status::quit);
      }
    }
  });
  const double regretted_from = top_quartile_threshold(s);
  // Live IC positions per function (counted in phase 3; nothing reshapes the
  // tree between) for attrition-first shrinking.
  std::vector<double> ic_live(nf);
  for (std::size_t f = 0; f < nf; ++f) ic_live[f] = s.fn[f].ic_positions;
  for (PersonId i : s.active) {
    if (x.exit[i] == 0) continue;
    auto status = static_cast<Status>(x.exit[i]);
    PositionId p = s.people.position[i];
    int f = s.pos.function[p];
    switch (status) {
      case Status::retired:
        s.now.retirements += 1;
        add_event(s, output::EventKind::retire, i, p, -1, s.people.age[i]);
        break;
      case Status::dismissed:
        s.now.dismissals += 1;
        add_event(s, output::EventKind::dismiss, i, p, -1, s.people.competence[i]);
        break;
      default:
        s.now.quits += 1;
        if (s.people.competence[i] >= regretted_from) s.now.regretted_quits += 1;
        if (f >= 0) s.now.quits_by_function[f] += 1;
        add_event(s, output::EventKind::quit, i, p, -1, s.people.competence[i]);
        break;
    }
    vacate(s, i, status, -1);
    if (f >= 0 && s.pos.level[p] == 0 && s.fn[f].ic_target >= 0 &&
        ic_live[f] > static_cast<double>(s.fn[f].ic_target)) {
      // Attrition first: the seat goes with its leaver instead of being refilled.
      s.saved_payroll += s.people.salary[i] * (1.0 + sc.model.money.benefits);
      eliminate_position(s, p, -1);
      ic_live[f] -= 1;
    }
  }
}

}  // namespace wfsim::engine
