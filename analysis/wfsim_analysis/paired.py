"""Paired comparisons (`wfsim compare` folders): read compare.h5, plot the arms.

A `wfsim compare` folder holds ``compare.h5`` and the run files of both arms,
``base-rK.h5`` and ``policy-rK.h5`` (replicate K of both arms has the same
seed: common random numbers). This module reads compare.h5
(``docs/output-format.md``, "Paired comparisons") and draws, with the
machinery of :mod:`compare`:

* the overlay of both arms (mean and min–max range over replicates);
* the paired differences per week with a 95% band (Student's t over the
  replicates' policy - base differences, pairing by seed);
* the scorecard: each key metric's relative difference
  ``diff_mean / |base_mean|`` from ``/summary``, with its 95% interval
  (``ci_low / |base_mean|``, ``ci_high / |base_mean|``), coloured by sign.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import compare
from . import style as st
from .errors import RunFileError, SchemaVersionError, WfsimError
from .io import _names, _plain, _text

KIND = "wfsim paired comparison"
FILE_NAME = "compare.h5"
SUPPORTED_SCHEMA_VERSIONS = (1,)
SUMMARY_FLOATS = ("base_mean", "policy_mean", "diff_mean", "diff_sd", "ci_low", "ci_high")

# Panels of the paired figures (as compare.OVERLAY / compare.DIFFERENCES).
OVERLAY = compare.OVERLAY[:8] + (
    ("output", "Output and expected output", ("output", "expected_output"),
     "FTE-weeks per week", "count"),
    ("workload", "Workload", "workload", "ratio (1 = balanced)", "count"),
    ("regretted_quits", "Regretted quits (13-week mean)", "regretted_quits", "people per week",
     "count"),
    compare.OVERLAY[8],
)
DIFFERENCES = (
    ("headcount", "Headcount", "headcount", None, "people", "count"),
    ("ic_per_manager", "ICs per manager", "ic_per_manager", None, "ratio", "count"),
    ("operating_income", "Cumulative operating income", "operating_income", "cumsum", "USD",
     "money"),
    ("output", "Output and expected output", ("output", "expected_output"), None,
     "FTE-weeks per week", "count"),
    ("backlog", "Backlog", "backlog", None, "FTE-weeks", "count"),
    ("workload", "Workload", "workload", None, "ratio", "count"),
    ("morale", "Mean morale", "mean_morale", None, "morale", "count"),
    ("quits", "Cumulative quits", "quits", "cumsum", "people", "count"),
    ("regretted_quits", "Cumulative regretted quits", "regretted_quits", "cumsum", "people",
     "count"),
)
METRICS = tuple(dict.fromkeys(
    list(compare.BASE_METRICS) + ["output", "expected_output", "workload", "regretted_quits"]))
SIGN_COLORS = {1: "#0072B2", -1: "#D55E00", 0: "#999999"}  # Okabe–Ito blue, vermillion
MONEY_WORDS = ("income", "revenue", "cost", "severance", "capex", "salary", "payroll", "opex",
               "fines", "depreciation")


@dataclass
class Comparison:
    """An opened compare.h5 (everything read into memory; no file stays open).

    ``summary``: one row per key metric, indexed by metric name, columns
    ``reduce`` (str), base_mean, policy_mean, diff_mean, diff_sd, ci_low,
    ci_high (float64, as in the file), and derived: ``rel_diff``,
    ``rel_low``, ``rel_high`` (the difference and its interval over
    |base_mean|; NaN where base_mean is 0) and ``significant`` (the interval
    excludes 0). ``paired[metric]``: policy - base per week, a DataFrame
    tick x replicate (columns: the replicates' seeds)."""

    path: str
    folder: str
    attrs: dict
    summary: pd.DataFrame
    seeds: list[int]
    replicates: dict[str, pd.DataFrame]
    paired: dict[str, pd.DataFrame]
    base_files: list[str] = field(default_factory=list)
    policy_files: list[str] = field(default_factory=list)

    @property
    def base_name(self) -> str:
        return str(self.attrs.get("base_scenario_name", "base"))

    @property
    def policy_name(self) -> str:
        return str(self.attrs.get("policy_scenario_name", "policy"))

    @property
    def n(self) -> int:
        return len(self.seeds)

    def paired_series(self, metric: str) -> pd.DataFrame:
        if metric not in self.paired:
            from .io import _suggest

            raise WfsimError(f"no paired series {metric!r} in {self.path}"
                             f"{_suggest(metric, self.paired)}")
        return self.paired[metric]

    def missing_files(self) -> list[str]:
        return [p for p in self.base_files + self.policy_files if not os.path.isfile(p)]

    def arms(self, metrics=METRICS, labels=None) -> list[compare.Arm]:
        """The two arms (base first) with their replicates' metrics, read from the
        run files (see :func:`compare.load_arms`)."""
        missing = self.missing_files()
        if missing:
            raise RunFileError(f"{missing[0]}: run file of the comparison not found"
                               + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
        labels = labels or _labels(self.base_name, self.policy_name)
        return compare.load_arms([self.base_files, self.policy_files], labels=labels,
                                 group=False, metrics=metrics, optional=METRICS)


def _labels(base: str, policy: str) -> list[str]:
    if base == policy:
        return [f"{base} (base)", f"{policy} (policy)"]
    return [base, policy]


def _resolve(name: str, folder: str) -> str:
    """A run file named in compare.h5: as written (wfsim writes the path it was
    given, which may be relative to where it ran), else relative to the folder,
    else its file name in the folder."""
    candidates = [os.path.join(folder, name), os.path.join(folder, os.path.basename(name))]
    if os.path.isabs(name):
        candidates.insert(0, name)
    for c in candidates:
        if os.path.isfile(c):
            return c
    return candidates[-1]


def comparison_path(path: str) -> str | None:
    """compare.h5 of a folder, or the file itself when it is a paired comparison;
    None otherwise."""
    candidate = os.path.join(path, FILE_NAME) if os.path.isdir(path) else path
    if not os.path.isfile(candidate) or not h5py.is_hdf5(candidate):
        return None
    try:
        with h5py.File(candidate, "r") as f:
            return candidate if _text(f.attrs.get("kind", "")) == KIND else None
    except OSError:
        return None


def open_comparison(path: str | os.PathLike) -> Comparison:
    """Read a `wfsim compare` folder (or its compare.h5)."""
    path = os.fspath(path)
    file = os.path.join(path, FILE_NAME) if os.path.isdir(path) else path
    if not os.path.exists(file):
        raise RunFileError(f"{path}: no such file or folder" if not os.path.exists(path)
                           else f"{path}: no {FILE_NAME} in this folder (not a 'wfsim "
                                "compare' output folder)")
    if not h5py.is_hdf5(file):
        raise RunFileError(f"{file}: not an HDF5 file")
    folder = os.path.dirname(os.path.abspath(file))
    with h5py.File(file, "r") as f:
        attrs = {k: _plain(v) for k, v in f.attrs.items()}
        if attrs.get("kind") != KIND:
            raise RunFileError(f"{file}: not a paired comparison (root attribute kind is "
                               f"{attrs.get('kind')!r}, expected {KIND!r})")
        version = attrs.get("schema_version")
        if version not in SUPPORTED_SCHEMA_VERSIONS:
            raise SchemaVersionError(f"{file}: compare.h5 schema_version {version!r} is not "
                                     f"supported (this reader knows "
                                     f"{', '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))})")
        if "summary" not in f:
            raise RunFileError(f"{file}: no /summary group")
        g = f["summary"]
        metrics = [_text(v) for v in g["metric"][...]]
        table = {"reduce": [_text(v) for v in g["reduce"][...]]}
        for col in SUMMARY_FLOATS:
            table[col] = g[col][...].astype(np.float64)
        seeds = [int(s) for s in g["seed"][...]]
        summary = pd.DataFrame(table, index=pd.Index(metrics, name="metric"))
        replicates = {}
        if "replicates" in f:
            for arm in ("base", "policy"):
                if arm in f["replicates"]:
                    replicates[arm] = pd.DataFrame(f["replicates"][arm][...], index=summary.index,
                                                   columns=pd.Index(seeds, name="seed"))
        paired = {}
        if "paired" in f:
            for name, ds in f["paired"].items():
                values = ds[...].astype(np.float64)  # [R, T]
                paired[name] = pd.DataFrame(values.T, index=pd.RangeIndex(values.shape[1],
                                                                          name="tick"),
                                            columns=pd.Index(seeds[:values.shape[0]],
                                                             name="seed"))
    base = summary["base_mean"].abs().replace(0.0, np.nan)
    summary["rel_diff"] = summary["diff_mean"] / base
    summary["rel_low"] = summary["ci_low"] / base
    summary["rel_high"] = summary["ci_high"] / base
    summary["significant"] = (summary["ci_low"] > 0) | (summary["ci_high"] < 0)
    files = {arm: [_resolve(p, folder) for p in _names(attrs.get(f"{arm}_run_files", []))]
             for arm in ("base", "policy")}
    return Comparison(path=file, folder=folder, attrs=attrs, summary=summary, seeds=seeds,
                      replicates=replicates, paired=paired, base_files=files["base"],
                      policy_files=files["policy"])


def _title(c: Comparison, what: str) -> str:
    return (f"{what}: '{c.policy_name}' vs '{c.base_name}', {c.n} paired "
            f"replicate{'s' if c.n != 1 else ''}")


def build_overlay(c: Comparison, arms: list[compare.Arm] | None = None) -> plt.Figure:
    arms = arms or c.arms()
    return compare.build_overlay(arms, specs=OVERLAY, title=_title(c, "Both arms"))


def build_difference(c: Comparison, arms: list[compare.Arm] | None = None) -> plt.Figure:
    """Policy - base per week, with the paired 95% band (Student's t over the
    replicates)."""
    arms = arms or c.arms()
    return compare.build_difference(arms, specs=DIFFERENCES,
                                    title=_title(c, "Paired differences, policy − base"))


def _money(metric: str) -> bool:
    return any(w in metric for w in MONEY_WORDS)


def _fmt(metric: str, x: float) -> str:
    if not np.isfinite(x):
        return "–"
    if _money(metric):
        return st.fmt_money(x)
    if abs(x) < 10 and x != round(x):
        return f"{x:.3g}"
    return st.fmt_count(x)


def scorecard_rows(c: Comparison) -> tuple[pd.DataFrame, list[str]]:
    """The rows the scorecard draws (in /summary order), and the metrics left
    out because they are 0 in both arms."""
    s = c.summary
    quiet = (s["base_mean"] == 0) & (s["policy_mean"] == 0) & (s["diff_mean"] == 0)
    return s[~quiet], list(s.index[quiet])


def build_scorecard(c: Comparison, size: tuple[float, float] | None = None) -> plt.Figure:
    """Horizontal bars: each key metric's diff_mean / |base_mean| with its 95%
    interval as a whisker; blue above 0, vermillion below; pale where the
    interval includes 0. Metrics with a zero baseline get a note in place of
    a bar (their relative change is undefined)."""
    rows, quiet = scorecard_rows(c)
    n = len(rows)
    size = size or (11.0, 1.6 + 0.38 * max(n, 3))
    with st.style():
        fig = plt.figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        ax.set_label("scorecard")
        pos = np.arange(n)
        rel = rows["rel_diff"].to_numpy(dtype=float)
        lo, hi = rows["rel_low"].to_numpy(dtype=float), rows["rel_high"].to_numpy(dtype=float)
        sig = rows["significant"].to_numpy(dtype=bool)
        finite = np.isfinite(rel)
        colors = [SIGN_COLORS[int(np.sign(v))] if np.isfinite(v) else "#999999" for v in rel]
        bars = ax.barh(pos, np.where(finite, rel, 0.0), color=colors, height=0.62,
                       alpha=1.0, label="relative difference")
        for bar, s_, f_ in zip(bars, sig, finite):
            bar.set_alpha(0.9 if s_ else 0.35)
            if not f_:
                bar.set_visible(False)
        err = ax.errorbar(rel[finite], pos[finite],
                          xerr=[rel[finite] - lo[finite], hi[finite] - rel[finite]],
                          fmt="none", ecolor="#222222", elinewidth=1.2, capsize=3,
                          label="_ci")
        err[-1][0].set_gid("ci")
        ax.axvline(0, color="#444444", linewidth=0.9, label="_zero")
        ends = np.concatenate([lo[finite], hi[finite], rel[finite], [0.0]])
        span = max(np.nanmax(np.abs(ends)) if ends.size else 0.0, 0.01)
        ax.set_xlim(-span * 1.6, span * 1.6)
        from matplotlib.ticker import PercentFormatter

        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))
        labels = [f"{m.replace('_', ' ')}  ({r})" for m, r in zip(rows.index, rows["reduce"])]
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        # The numbers as tick labels of a right-hand axis (the layout makes room for them).
        right = ax.twinx()
        right.set_label("scorecard:values")
        right.set_ylim(ax.get_ylim())
        right.grid(False)
        texts = []
        for metric, r in rows.iterrows():
            change = (f"{r.rel_diff:+.1%}" if np.isfinite(r.rel_diff)
                      else f"Δ {_fmt(metric, r.diff_mean)}, baseline 0")
            texts.append(f"{change}{' *' if r.significant else '  '}  "
                         f"{_fmt(metric, r.base_mean)} → {_fmt(metric, r.policy_mean)}")
        right.set_yticks(pos, texts, fontsize=8.5)
        right.tick_params(axis="y", length=0)
        ax.set_xlabel("policy − base, relative to |base mean| (bars: mean over replicates; "
                      "whiskers: 95% CI)")
        fig.suptitle(_title(c, "Scorecard"), fontsize=13, fontweight="bold")
        sub = ("blue: higher under the policy, vermillion: lower; pale: the 95% interval "
               "includes 0, * it excludes 0; no bar: the baseline is 0")
        if quiet:
            sub += "\n0 in both arms (not drawn): " + ", ".join(quiet)
        ax.set_title(sub, fontsize=9, fontweight="normal", color="#444444")
        return fig
