"""Comparing runs (`wfsim-plot compare`): overlaid panels and differences.

An *arm* is one variant (a scenario, or a policy variant of it) with one or
more replicates (the same scenario text with different seeds). Runs are
grouped into arms by their scenario text with the ``seed:`` line removed,
unless the caller groups them itself. With replicates, the overlay draws
each arm's mean with its min–max range; the difference figure draws
``arm - baseline`` with a 95% confidence band, pairing replicates by seed
when both arms have the same seeds (common random numbers make that the
sharper comparison) and using Welch's interval otherwise.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import style as st
from .dashboard import QUARTER, quarterly
from .errors import WfsimError
from .io import TICKS_PER_YEAR, open_run, _suggest
from .stats import difference_ci

OVERLAY = (  # panel label, title, metric, y label, kind
    ("headcount", "Headcount", "headcount", "people", "people"),
    ("managers", "Managers", "managers", "people", "people"),
    ("ic_per_manager", "ICs per manager", "ic_per_manager", "ratio", "count"),
    ("revenue_per_employee", "Revenue per employee", "revenue_per_employee",
     "USD per employee per year", "money"),
    ("operating_income", "Operating income (13-week mean)", "operating_income",
     "USD per week", "money"),
    ("morale", "Mean morale", "mean_morale", "morale (0–1)", "count"),
    ("flows", "Quits, layoffs and hires per quarter", None, "people per quarter", "people"),
    ("backlog", "Backlog", "backlog", "FTE-weeks of work", "count"),
    ("automation", "AI agents and robots", None, "count", "people"),
)
DIFFERENCES = (  # panel label, title, metric, transform, y label, kind
    ("headcount", "Headcount", "headcount", None, "people", "count"),
    ("ic_per_manager", "ICs per manager", "ic_per_manager", None, "ratio", "count"),
    ("revenue_per_employee", "Revenue per employee", "revenue_per_employee", None,
     "USD per employee per year", "money"),
    ("operating_income", "Cumulative operating income", "operating_income", "cumsum", "USD",
     "money"),
    ("morale", "Mean morale", "mean_morale", None, "morale", "count"),
    ("quits", "Cumulative quits", "quits", "cumsum", "people", "count"),
)
FLOW_STYLES = {"quits": "-", "layoffs": "--", "hires": ":"}
AUTOMATION_STYLES = {"ai_agents": "-", "robots": "--"}
BASE_METRICS = ("headcount", "managers", "ic_per_manager", "revenue_per_employee",
                "operating_income", "mean_morale", "quits", "layoffs", "hires", "backlog",
                "ai_agents", "robots")


@dataclass
class Arm:
    """One variant: its label and its replicates' metrics (tick x replicate)."""

    label: str
    paths: list[str]
    seeds: list[int | None] = field(default_factory=list)
    data: dict[str, pd.DataFrame] = field(default_factory=dict)
    marks: list[tuple[int, str]] = field(default_factory=list)
    ticks: int = 0

    @property
    def n(self) -> int:
        return len(self.paths)

    def has(self, metric: str) -> bool:
        return metric in self.data

    def frame(self, metric: str) -> pd.DataFrame | None:
        return self.data.get(metric)


def _scenario_key(run) -> str:
    text = re.sub(r"(?m)^seed\s*:.*$", "", run.scenario_yaml)
    return f"{run.scenario_name}\n{text}\n{json_key(_sweep_params(run))}"


def expand_inputs(args: Sequence[str]) -> list[list[str]]:
    """Each argument is a run file, a comma-separated list of replicate files,
    a folder whose *.h5 files are replicates of one arm, or a list of paths
    (one arm, as given)."""
    groups = []
    for arg in args:
        if isinstance(arg, (list, tuple)):
            groups.append([os.fspath(p) for p in arg])
        elif os.path.isdir(arg):
            files = sorted(p for p in glob.glob(os.path.join(arg, "*.h5"))
                           if os.path.basename(p) != "index.h5")
            if not files:
                raise WfsimError(f"{arg}: folder holds no .h5 run files")
            groups.append(files)
        elif "," in arg:
            groups.append([p for p in arg.split(",") if p])
        else:
            groups.append([arg])
    return groups


def load_arms(args: Sequence[str], labels: Sequence[str] | None = None, group: bool = True,
              metrics: Sequence[str] = BASE_METRICS, optional: Sequence[str] = ()
              ) -> list[Arm]:
    """Open the runs, group them into arms and read the metrics the figures need.

    ``metrics``: names to read; a name absent from every run raises
    UnknownNameError (absent from some runs only: left out for those), unless
    it is in BASE_METRICS or ``optional`` (then its panels get a note)."""
    explicit = expand_inputs(args)
    runs_by_group = []
    for paths in explicit:
        runs_by_group.append([open_run(p) for p in paths])
    try:
        singles = all(len(g) == 1 for g in runs_by_group)
        if group and singles and len(runs_by_group) > 2:
            keyed: dict[str, list] = {}
            for (r,) in runs_by_group:
                keyed.setdefault(_scenario_key(r), []).append(r)
            if 1 < len(keyed) < len(runs_by_group):
                runs_by_group = list(keyed.values())
        if labels and len(labels) != len(runs_by_group):
            raise WfsimError(f"--labels gives {len(labels)} names for "
                             f"{len(runs_by_group)} runs or groups")
        all_names = set().union(*[set(r.metric_names()) for g in runs_by_group for r in g])
        wanted = [m for m in metrics if m in all_names]
        for m in metrics:
            if m not in all_names and m not in BASE_METRICS and m not in optional:
                raise WfsimError(f"no metric {m!r} in any of the runs"
                                 f"{_suggest(m, all_names)}")
        arms = []
        for i, runs in enumerate(runs_by_group):
            arm = Arm(label="", paths=[r.path for r in runs], seeds=[r.seed for r in runs])
            arm.ticks = max(r.ticks_recorded for r in runs)
            for m in wanted:
                cols = {j: r.metric(m) for j, r in enumerate(runs) if r.has_metric(m)}
                if cols:
                    arm.data[m] = pd.DataFrame(cols)
            arm.marks = sorted(set().union(*[set(st.policy_marks(r)) for r in runs]))
            arms.append(arm)
        for arm, label in zip(arms, labels or _default_labels(runs_by_group)):
            arm.label = label
        _disambiguate(arms)
        return arms
    finally:
        for g in runs_by_group:
            for r in g:
                r.close()


def _sweep_params(run) -> dict:
    import json

    text = run.attr("sweep_parameters")
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def short_param(path: str) -> str:
    """``policies[id=delayering].share`` -> ``delayering.share``; ``model.a.b`` -> ``a.b``."""
    m = re.match(r"^\w+\[(?:id=)?([^\]]+)\]\.(.+)$", path)
    if m:
        return f"{m.group(1)}.{m.group(2)}"
    parts = path.split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else path


def _default_labels(groups: Sequence[Sequence]) -> list[str]:
    """Names for arms: the swept parameters that differ between them, else the
    scenario names when those differ, else the file names."""
    params = [_sweep_params(g[0]) for g in groups]
    keys = sorted(set().union(*[set(p) for p in params]))
    varying = [k for k in keys if len({json_key(p.get(k)) for p in params}) > 1]
    if varying and all(params):
        return [", ".join(f"{short_param(k)}={p.get(k)}" for k in varying) for p in params]
    names = [g[0].scenario_name for g in groups]
    if len(set(names)) == len(names):
        return names
    out = []
    for g in groups:
        stems = [os.path.splitext(os.path.basename(r.path))[0] for r in g]
        stem = os.path.commonprefix(stems) if len(stems) > 1 else stems[0]
        stem = re.sub(r"[-_.]*(r|rep|seed)?\d*$", "", stem) if len(stems) > 1 else stem
        out.append(stem or stems[0])
    return out


def json_key(value) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def _disambiguate(arms: list[Arm]) -> None:
    labels = [a.label for a in arms]
    if len(set(labels)) == len(labels):
        return
    for a in arms:
        if labels.count(a.label) > 1:
            stem = os.path.splitext(os.path.basename(a.paths[0]))[0]
            a.label = f"{a.label} ({stem}{', …' if a.n > 1 else ''})"
    labels = [a.label for a in arms]
    if len(set(labels)) != len(labels):
        for i, a in enumerate(arms):
            a.label = f"{chr(ord('A') + i)}: {a.label}"


def _arm_legend(arm: Arm) -> str:
    return f"{arm.label} (n={arm.n})" if arm.n > 1 else arm.label


def _draw_mean_band(ax, frame: pd.DataFrame, color: str, label: str, linestyle="-",
                    transform=None, step: bool = False) -> None:
    if transform == "rolling":
        frame = frame.rolling(QUARTER, min_periods=1).mean()
    x = st.to_years(frame.index)
    if frame.shape[1] > 1:
        ax.fill_between(x, frame.min(axis=1), frame.max(axis=1), color=color, alpha=0.18,
                        linewidth=0, step="post" if step else None)
    ax.plot(x, frame.mean(axis=1), color=color, linestyle=linestyle, label=label,
            drawstyle="steps-post" if step else "default")


def _format_axis(ax, kind: str) -> None:
    ax.yaxis.set_major_formatter(st.money_axis() if kind == "money" else st.count_axis())
    if kind == "people":
        st.integer_axis(ax)


def _common_marks(arms: Sequence[Arm]) -> list[tuple[int, str]]:
    counts: dict[tuple[int, str], list[int]] = {}
    for i, a in enumerate(arms):
        for m in a.marks:
            counts.setdefault(m, []).append(i)
    out = []
    for (t, label), owners in sorted(counts.items()):
        if len(owners) < len(arms):
            which = "/".join(str(i + 1) for i in owners)
            label = f"{label} (run {which} only)"
        out.append((t, label))
    return out


def _flows_panel(ax, arms: Sequence[Arm]) -> None:
    shown = [k for k in FLOW_STYLES
             if any(a.has(k) and not st.is_empty(a.frame(k).to_numpy()) for a in arms)]
    if not shown:
        st.not_in_run(ax, "no quits, layoffs or hires in these runs")
        return
    for i, arm in enumerate(arms):
        for k in shown:
            if not arm.has(k):
                continue
            q = arm.frame(k).apply(quarterly)
            # A staircase: each quarter's total held over its 13 weeks.
            end = pd.DataFrame([q.iloc[-1].to_numpy()], columns=q.columns,
                               index=[min(q.index[-1] + QUARTER, arm.ticks)])
            q = pd.concat([q, end])
            _draw_mean_band(ax, q, st.run_color(i), f"{k} · {arm.label}", FLOW_STYLES[k],
                            step=True)
    # The line styles are named in the title (a legend would cover the lines).
    style_words = {"quits": "solid", "layoffs": "dashed", "hires": "dotted"}
    ax.set_title(_join(shown).capitalize() + " per quarter\n("
                 + ", ".join(style_words[k] for k in shown) + ")")
    missing = [k for k in FLOW_STYLES if k not in shown]
    if missing:
        st.legend(ax, handles=[], notes=[f"none in these runs: {', '.join(missing)}"])


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _automation_panel(ax, arms: Sequence[Arm]) -> None:
    shown = [k for k in AUTOMATION_STYLES
             if any(a.has(k) and not st.is_empty(a.frame(k).to_numpy()) for a in arms)]
    if not shown:
        st.not_in_run(ax, "no AI agents or robots in these runs")
        return
    for i, arm in enumerate(arms):
        for k in shown:
            if arm.has(k):
                _draw_mean_band(ax, arm.frame(k), st.run_color(i), f"{k} · {arm.label}",
                                AUTOMATION_STYLES[k])
    names = {"ai_agents": "AI agents", "robots": "robots"}
    ax.set_ylim(bottom=0)
    if len(shown) == 2:
        ax.set_title("AI agents (solid) and robots (dashed)")
    else:
        missing = [names[k] for k in AUTOMATION_STYLES if k not in shown]
        ax.set_title(f"{names[shown[0]]}\n({' and '.join(missing)}: none in these runs)")


LINE_STYLES = ("-", "--", ":", "-.")
STYLE_WORDS = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dot"}


def _multi_panel(ax, arms: Sequence[Arm], metrics: tuple, title: str) -> None:
    """Several metrics in one panel: one colour per arm, one line style per metric
    (named in the title)."""
    shown = [m for m in metrics
             if any(a.has(m) and not st.is_empty(a.frame(m).to_numpy()) for a in arms)]
    if not shown:
        st.not_in_run(ax, f"{_join(list(metrics))} not in these runs")
        return
    for i, arm in enumerate(arms):
        for m, ls in zip(metrics, LINE_STYLES):
            if m in shown and arm.has(m):
                _draw_mean_band(ax, arm.frame(m), st.run_color(i), f"{m} · {arm.label}", ls)
    ax.set_title(title + "\n(" + ", ".join(f"{STYLE_WORDS[ls]}: {m.replace('_', ' ')}"
                                           for m, ls in zip(metrics, LINE_STYLES)
                                           if m in shown) + ")")


def legend_row(ax, handles) -> None:
    """A full-width row holding only a legend (the figure's colour key)."""
    ax.set_label("key")
    ax.axis("off")
    ax.legend(handles=handles, loc="center", ncol=min(len(handles), 4), frameon=False,
              fontsize=10)


def _figure_header(fig, arms: Sequence[Arm], title: str) -> None:
    fig.suptitle(title, fontsize=14, fontweight="bold")


def build_overlay(arms: Sequence[Arm], panels: Sequence[str] | None = None,
                  size: tuple[float, float] | None = None, specs=None,
                  title: str | None = None) -> plt.Figure:
    """Overlaid panels, one colour per arm. ``panels``: metric names to plot
    instead of the default nine panels (one panel each). ``specs``: panels as
    in ``OVERLAY`` (a metric may be a tuple of names: one line style each)."""
    if specs is None:
        specs = OVERLAY if not panels else tuple(
            (m, m.replace("_", " ").capitalize(), m, "", "count") for m in panels)
    ncols = 3
    nrows = -(-len(specs) // ncols)
    size = size or (15.0, 1.6 + 3.6 * nrows)
    x_max = max(max(a.ticks for a in arms) - 1, 1) / TICKS_PER_YEAR
    marks = _common_marks(arms)
    with st.style():
        fig = plt.figure(figsize=size, layout="constrained")
        grid = fig.add_gridspec(nrows + 2, ncols, height_ratios=[0.1, 0.3] + [1] * nrows)
        key = fig.add_subplot(grid[0, :])
        strip = fig.add_subplot(grid[1, :])
        st.draw_policy_strip(strip, marks, x_max, size[0])
        rep = any(a.n > 1 for a in arms)
        title = title or "Comparison of " + ", ".join(_arm_legend(a) for a in arms)
        if len(title) > 110:
            title = f"Comparison of {len(arms)} runs"
        _figure_header(fig, arms, title)
        for k, (label, ttl, metric, ylabel, kind) in enumerate(specs):
            ax = fig.add_subplot(grid[2 + k // ncols, k % ncols])
            ax.set_label(label)
            ax.set_title(ttl)
            if label == "flows" and metric is None:
                _flows_panel(ax, arms)
            elif label == "automation" and metric is None:
                _automation_panel(ax, arms)
            elif isinstance(metric, tuple):
                _multi_panel(ax, arms, metric, ttl)
            else:
                frames = [(i, a.frame(metric)) for i, a in enumerate(arms) if a.has(metric)]
                if not frames or all(st.is_empty(f.to_numpy()) for _, f in frames):
                    st.not_in_run(ax, f"{metric} not in these runs")
                    continue
                for i, frame in frames:
                    _draw_mean_band(ax, frame, st.run_color(i), _arm_legend(arms[i]),
                                    transform="rolling" if "13-week mean" in ttl
                                    else None)
                if metric == "operating_income":
                    st.zero_line(ax)
            if ax.get_gid() == "empty":
                continue
            ax.set_ylabel(ylabel or "")
            _format_axis(ax, kind)
            st.time_axis(ax, x_max)
            st.draw_policy_lines(ax, [t for t, _ in marks])
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], color=st.run_color(i), linewidth=2.5, label=_arm_legend(a))
                   for i, a in enumerate(arms)]
        if rep:
            from matplotlib.patches import Patch

            handles.append(Patch(color="#999999", alpha=0.3,
                                 label="shaded: range over replicates"))
        legend_row(key, handles)
        return fig


def paired_by_seed(base: Arm, arm: Arm) -> bool:
    """Whether two arms' replicates pair up by seed (common random numbers)."""
    return (base.n > 1 and arm.n == base.n and None not in base.seeds
            and sorted(base.seeds) == sorted(arm.seeds))


def arm_difference(base: Arm, arm: Arm, metric: str, transform: str | None = None
                   ) -> tuple[pd.DataFrame, str]:
    """``arm - base`` of ``metric`` per tick (``transform`` "cumsum": of its running
    total): columns mean, lo, hi (95% CI) and n, and how the interval was made
    ("paired by seed", "Welch interval" or "single runs")."""
    b_frame, a_frame = base.frame(metric), arm.frame(metric)
    if transform == "cumsum":
        b_frame, a_frame = b_frame.cumsum(), a_frame.cumsum()
    paired = paired_by_seed(base, arm)
    if paired:
        b_frame = b_frame.iloc[:, np.argsort(base.seeds)]
        a_frame = a_frame.iloc[:, np.argsort(arm.seeds)]
        b_frame.columns = a_frame.columns = range(arm.n)
    how = ("paired by seed" if paired else
           "Welch interval" if base.n > 1 and arm.n > 1 else "single runs")
    return difference_ci(b_frame, a_frame, paired), how


def build_difference(arms: Sequence[Arm], baseline: int = 0,
                     size: tuple[float, float] | None = None, specs=DIFFERENCES,
                     title: str | None = None) -> plt.Figure:
    """``arm - baseline`` for the key metrics, with 95% confidence bands when
    both arms have replicates. ``specs``: panels as in ``DIFFERENCES`` (a
    metric may be a tuple of names: one line style each, named in the title)."""
    if len(arms) < 2:
        raise WfsimError("a difference plot needs at least two runs or groups")
    base = arms[baseline]
    others = [(i, a) for i, a in enumerate(arms) if i != baseline]
    notes = []
    nrows = -(-len(specs) // 3)
    size = size or (15.0, 1.0 + 3.9 * nrows)
    x_max = max(max(a.ticks for a in arms) - 1, 1) / TICKS_PER_YEAR
    with st.style():
        fig = plt.figure(figsize=size, layout="constrained")
        grid = fig.add_gridspec(nrows + 1, 3, height_ratios=[0.1] + [1] * nrows)
        key = fig.add_subplot(grid[0, :])
        axes = [fig.add_subplot(grid[1 + k // 3, k % 3]) for k in range(len(specs))]
        for ax, (label, ttl, metric, transform, ylabel, kind) in zip(axes, specs):
            ax.set_label(label)
            metrics = metric if isinstance(metric, tuple) else (metric,)
            shown = [m for m in metrics
                     if base.has(m) and any(a.has(m) for _, a in others)]
            ax.set_title(f"{ttl}: difference")
            if not shown:
                st.not_in_run(ax, f"{_join(list(metrics))} not in these runs")
                continue
            if len(metrics) > 1:
                ax.set_title(f"{ttl}: difference\n(" + ", ".join(
                    f"{STYLE_WORDS[ls]}: {m.replace('_', ' ')}"
                    for m, ls in zip(metrics, LINE_STYLES) if m in shown) + ")")
            for m, ls in zip(metrics, LINE_STYLES):
                if m not in shown:
                    continue
                for i, arm in others:
                    if not arm.has(m):
                        continue
                    d, how = arm_difference(base, arm, m, transform)
                    x = st.to_years(d.index)
                    color = st.run_color(i)
                    if (d["hi"] > d["lo"]).any():
                        band = ax.fill_between(x, d["lo"], d["hi"], color=color, alpha=0.2,
                                               linewidth=0)
                        band.set_gid(f"ci:{m}")
                    ax.plot(x, d["mean"], color=color, linestyle=ls,
                            label=f"{arm.label} − {base.label}"
                            + (f" ({m})" if len(metrics) > 1 else ""))
                    notes.append(f"{how}, n={min(arm.n, base.n)}" if base.n > 1 or arm.n > 1
                                 else how)
            ax.axhline(0, color="#666666", linewidth=0.9, label="_zero")
            ax.set_ylabel(ylabel)
            _format_axis(ax, kind)
            st.time_axis(ax, x_max)
        fig.suptitle(title or f"Difference from {base.label}", fontsize=14, fontweight="bold")
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], color=st.run_color(i), linewidth=2.5,
                          label=f"{a.label} − {base.label}") for i, a in others]
        how = "; ".join(sorted(set(notes)))
        if any(a.n > 1 for a in arms):
            from matplotlib.patches import Patch

            handles.append(Patch(color="#999999", alpha=0.3,
                                 label=f"shaded: 95% CI of the mean ({how})"))
        elif how:
            handles.append(Line2D([], [], color="white", label=f"({how}, no band)"))
        legend_row(key, handles)
        return fig
