"""The one-page dashboard of a run (`wfsim-plot run`).

Panels (axes labels, for tests and callers): headcount, managers (with its
twin ``managers:ratio``), revenue_per_employee, operating_income, morale,
flows, backlog, automation, summary; and the ``policies`` strip on top. A
panel whose metric is absent or all zero shows a note instead of empty axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from . import style as st
from .io import EMPLOYED, STATUS_CODES, TICKS_PER_YEAR, Run
from .summary import SUMMARY_ROWS, summarize

QUARTER = 13  # ticks
FIG_SIZE = (15.0, 13.0)  # inches; 1500 x 1300 pixels at 100 dpi
FIG_SIZE_MACHINES = (15.0, 16.5)  # with the row of machine panels: 1500 x 1650
# Series that make a run one "with machines" (AI agents, robots, oversight):
# any of them non-zero adds the row of machine panels.
MACHINE_METRICS = ("ai_agents", "robots", "ai_work", "robot_work", "ai_oversight",
                   "oversight_gap")


def morale_bands(run: Run, max_rows: int = 80) -> pd.DataFrame | None:
    """Percentiles (10, 25, 50, 75, 90) of employed people's morale per recorded
    agent row (at most ``max_rows`` rows, evenly spread); None without /agents."""
    if not run.has_agents() or "morale" not in run.agent_fields():
        return None
    ticks = run.agent_ticks()
    if len(ticks) == 0:
        return None
    # Bound the read: at most ~50 million cells (a 1.6-million-person firm gets ~30 rows).
    max_rows = max(10, min(max_rows, 50_000_000 // max(run.slots, 1)))
    rows = np.unique(np.linspace(0, len(ticks) - 1, min(max_rows, len(ticks))).astype(int))
    status = run.agent_field("status", rows)
    morale = run.agent_field("morale", rows).astype(float)
    import h5py

    codes = h5py.check_enum_dtype(run.h5["agents/status"].dtype) or STATUS_CODES
    employed = np.isin(status, [codes[s] for s in EMPLOYED if s in codes])
    out = []
    for i in range(len(rows)):
        m = morale[i][employed[i] & np.isfinite(morale[i])]
        out.append(np.percentile(m, [10, 25, 50, 75, 90]) if m.size else [np.nan] * 5)
    return pd.DataFrame(out, index=pd.Index(ticks[rows], name="tick"),
                        columns=["p10", "p25", "p50", "p75", "p90"])


def quarterly(series: pd.Series) -> pd.Series:
    """Sum of a weekly series per quarter (13 ticks), indexed by the quarter's first tick."""
    q = (series.index.to_numpy() // QUARTER) * QUARTER
    return series.groupby(q).sum(min_count=1)


def _metric(run: Run, name: str) -> pd.Series | None:
    return run.metric(name) if run.has_metric(name) else None


def _function_metric(run: Run, name: str) -> pd.DataFrame | None:
    return run.function_metric(name) if run.has_function_metric(name) else None


def _first_last(s: pd.Series) -> str:
    s = s.dropna()
    return f"{st.fmt_count(s.iloc[0])} → {st.fmt_count(s.iloc[-1])}" if len(s) else "–"


def plot_headcount(ax, run: Run) -> None:
    by_f = _function_metric(run, "headcount")
    total = _metric(run, "headcount")
    ax.set_title("Headcount by function" + (f" (total {_first_last(total)})"
                                             if total is not None and len(total) else ""))
    if by_f is not None and not st.is_empty(by_f.to_numpy()):
        for j, name in enumerate(by_f.columns):
            ax.plot(st.to_years(by_f.index), by_f[name], label=name, **st.function_style(j))
    elif total is not None and not st.is_empty(total):
        ax.plot(st.to_years(total.index), total, color="#000000",
                label=f"all functions  {_first_last(total)}")
    else:
        st.not_in_run(ax, "headcount not in this run")
        return
    ax.set_ylabel("people")
    ax.yaxis.set_major_formatter(st.count_axis())
    st.integer_axis(ax)
    if by_f is not None:
        sizes = by_f.max()
        if sizes.min() > 0 and sizes.max() / sizes.min() > 20:
            # Functions of very different sizes: a log scale keeps the small ones readable.
            from matplotlib.ticker import LogLocator, NullFormatter

            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(st.count_axis())
            ax.yaxis.set_minor_formatter(NullFormatter())
            ax.set_ylabel("people (log scale)")
    if by_f is None:
        st.legend(ax)
    st.time_axis(ax)


def plot_managers(ax, run: Run) -> None:
    ax.set_title("Managers (solid, left) and ICs per manager (dashed, right)", fontsize=10.5)
    managers = _metric(run, "managers")
    ratio = _metric(run, "ic_per_manager")
    if st.is_empty(managers) and st.is_empty(ratio):
        st.not_in_run(ax, "managers not in this run")
        return
    handles = []
    if not st.is_empty(managers):
        handles += ax.plot(st.to_years(managers.index), managers, color=st.RUN_COLORS[0],
                           label="managers (left axis)")
        ax.set_ylabel("managers (people)", color=st.RUN_COLORS[0])
        ax.yaxis.set_major_formatter(st.count_axis())
        st.integer_axis(ax)
    if not st.is_empty(ratio):
        twin = ax.twinx()
        twin.set_label("managers:ratio")
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        handles += twin.plot(st.to_years(ratio.index), ratio, color=st.RUN_COLORS[3],
                             linestyle="--", label="ICs per manager (right axis)")
        twin.set_ylabel("ICs per manager", color=st.RUN_COLORS[3])
    # No legend: the axis labels carry the line colours (a legend would sit on the twin's line).
    st.time_axis(ax)


def plot_revenue_per_employee(ax, run: Run) -> None:
    ax.set_title("Revenue per employee")
    s = _metric(run, "revenue_per_employee")
    if st.is_empty(s):
        st.not_in_run(ax)
        return
    ax.plot(st.to_years(s.index), s, color=st.RUN_COLORS[2], label="revenue per employee")
    ax.set_ylabel("USD per employee per year")
    ax.yaxis.set_major_formatter(st.money_axis())
    st.time_axis(ax)


def plot_operating_income(ax, run: Run) -> None:
    s = _metric(run, "operating_income")
    ax.set_title("Operating income" + (f" (total {st.fmt_money(s.sum())})"
                                        if s is not None and len(s) else ""))
    if st.is_empty(s):
        st.not_in_run(ax)
        return
    x = st.to_years(s.index)
    ax.plot(x, s, color=st.RUN_COLORS[0], alpha=0.35, linewidth=1.0, label="weekly")
    ax.plot(x, s.rolling(QUARTER, min_periods=1).mean(), color=st.RUN_COLORS[0],
            label="13-week mean")
    st.zero_line(ax)
    ax.set_ylabel("USD per week")
    ax.yaxis.set_major_formatter(st.money_axis())
    st.legend(ax)
    st.time_axis(ax)


def plot_morale(ax, run: Run) -> None:
    ax.set_title("Morale")
    s = _metric(run, "mean_morale")
    bands = morale_bands(run)
    if st.is_empty(s) and bands is None:
        st.not_in_run(ax, "morale not in this run")
        return
    color = st.RUN_COLORS[4]
    sd = _metric(run, "sd_morale")
    if bands is None and not st.is_empty(s) and not st.is_empty(sd):
        x = st.to_years(s.index)
        ax.fill_between(x, (s - sd).clip(0, 1), (s + sd).clip(0, 1), color=color, alpha=0.25,
                        linewidth=0, label="mean ± 1 standard deviation")
    elif bands is not None and not bands.dropna().empty:
        xb = st.to_years(bands.index)
        ax.fill_between(xb, bands["p10"], bands["p90"], color=color, alpha=0.15, linewidth=0,
                        label="10th–90th percentile")
        ax.fill_between(xb, bands["p25"], bands["p75"], color=color, alpha=0.3, linewidth=0,
                        label="25th–75th percentile")
    if not st.is_empty(s):
        ax.plot(st.to_years(s.index), s, color="#7a2860", label="mean")
    ax.set_ylabel("morale (0–1)")
    lo, hi = ax.get_ylim()
    ax.set_ylim(max(0.0, lo), min(1.0, hi))
    no_spread = bands is None and st.is_empty(sd)
    st.legend(ax, notes=["spread: needs /agents (agent_every > 0)"] if no_spread else ())
    st.time_axis(ax)


def plot_flows(ax, run: Run) -> None:
    ax.set_title("Quits, layoffs and hires per quarter")
    series = {k: _metric(run, k) for k in ("quits", "layoffs", "hires")}
    present = {k: v for k, v in series.items() if v is not None}
    if all(st.is_empty(v) for v in present.values()):
        st.not_in_run(ax, "no quits, layoffs or hires in this run")
        return
    width = QUARTER / TICKS_PER_YEAR / (len(present) + 1)
    last_tick = max(int(v.index.max()) for v in present.values())
    for i, (name, s) in enumerate(present.items()):
        q = quarterly(s)
        x = st.to_years(q.index) + (i + 0.5) * width + width / 2
        ax.bar(x, q.to_numpy(), width=width, color=st.EVENT_COLORS[name], label=name,
               align="center")
    ax.set_ylabel("people per quarter")
    ax.yaxis.set_major_formatter(st.count_axis())
    st.integer_axis(ax)
    missing = [k for k, v in series.items() if v is None]
    st.legend(ax, notes=[f"not in this run: {', '.join(missing)}"] if missing else ())
    partial = (last_tick + 1) % QUARTER
    ax.set_gid(f"quarters:{-(-(last_tick + 1) // QUARTER)}")
    st.time_axis(ax, note=f"last quarter: {partial} of 13 weeks" if partial else "")


def plot_backlog(ax, run: Run) -> None:
    ax.set_title("Backlog")
    by_f = _function_metric(run, "backlog")
    total = _metric(run, "backlog")
    if by_f is not None and not st.is_empty(by_f.to_numpy()):
        for j, name in enumerate(by_f.columns):
            ax.plot(st.to_years(by_f.index), by_f[name], label=name, **st.function_style(j))
    elif not st.is_empty(total):
        ax.plot(st.to_years(total.index), total, color="#000000", label="all functions")
    else:
        st.not_in_run(ax, "no backlog in this run")
        return
    ax.set_ylabel("FTE-weeks of work")
    ax.yaxis.set_major_formatter(st.count_axis())
    st.time_axis(ax)


def plot_automation(ax, run: Run) -> None:
    ax.set_title("AI agents and robots")
    parts = {"AI agents": (_metric(run, "ai_agents"), st.RUN_COLORS[2], "-"),
             "robots": (_metric(run, "robots"), st.RUN_COLORS[5], "--")}
    shown = {k: v for k, v in parts.items() if not st.is_empty(v[0])}
    if not shown:
        st.not_in_run(ax, "no AI agents or robots in this run")
        return
    for name, (s, color, ls) in shown.items():
        ax.plot(st.to_years(s.index), s, color=color, linestyle=ls, label=name)
    ax.set_ylabel("count")
    ax.yaxis.set_major_formatter(st.count_axis())
    st.integer_axis(ax)
    ax.set_ylim(bottom=0)
    absent = [k for k in parts if k not in shown]
    st.legend(ax, notes=[f"{' and '.join(absent)}: none in this run"] if absent else ())
    st.time_axis(ax)


def has_machines(run: Run) -> bool:
    """Whether the run has AI agents, robots or AI oversight (a non-zero series)."""
    return any(not st.is_empty(_metric(run, m)) for m in MACHINE_METRICS)


def plot_work(ax, run: Run) -> None:
    """Output against the output leadership expects (the gap an AI 'cover' story
    hides, shaded), with the backlog it leaves on a right-hand axis."""
    ax.set_title("Output vs expected output (gap shaded)\nand backlog (dotted, right axis)",
                 fontsize=10.5)
    out, exp = _metric(run, "output"), _metric(run, "expected_output")
    backlog = _metric(run, "backlog")
    if st.is_empty(out) and st.is_empty(exp):
        st.not_in_run(ax, "output and expected_output not in this run")
        return
    handles = []
    if not st.is_empty(out):
        handles += ax.plot(st.to_years(out.index), out, color=st.RUN_COLORS[0], label="output")
    if not st.is_empty(exp):
        handles += ax.plot(st.to_years(exp.index), exp, color=st.RUN_COLORS[1], linestyle="--",
                           label="expected output")
    notes = []
    if not st.is_empty(out) and not st.is_empty(exp):
        o, e = out.align(exp, join="inner")
        shortfall = (e - o).clip(lower=0).sum()
        if shortfall > 1e-9 * max(e.abs().sum(), 1.0):
            handles.append(ax.fill_between(
                st.to_years(o.index), o, e, where=(e > o).to_numpy(), color=st.RUN_COLORS[3],
                alpha=0.25, linewidth=0, interpolate=True,
                label=f"shortfall, total {st.fmt_count(shortfall)} FTE-weeks"))
        else:
            notes.append("no shortfall: output = expected")
    ax.set_ylabel("FTE-weeks per week")
    ax.yaxis.set_major_formatter(st.count_axis())
    if not st.is_empty(backlog):
        twin = ax.twinx()
        twin.set_label("work:backlog")
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        handles += twin.plot(st.to_years(backlog.index), backlog, color="#555555",
                             linestyle=":", label="backlog (right axis)")
        twin.set_ylabel("backlog (FTE-weeks)", color="#555555")
        twin.yaxis.set_major_formatter(st.count_axis())
        twin.set_ylim(bottom=0)
    if st.is_empty(backlog):
        notes.append("no backlog in this run")
    st.legend(ax, handles=handles, fontsize=8.5, notes=notes)
    st.time_axis(ax)


MACHINE_WORK = (  # metric, label, short name, colour, line style
    ("ai_work", "AI work (replace mode)", "AI work", st.RUN_COLORS[2], "-"),
    ("robot_work", "robot work", "robot work", st.RUN_COLORS[5], "--"),
    ("ai_oversight", "human time on AI oversight", "oversight", st.RUN_COLORS[4], ":"),
    ("oversight_gap", "oversight owed, not staffed", "oversight gap", st.RUN_COLORS[3], "-."),
)


def plot_machine_work(ax, run: Run) -> None:
    ax.set_title("Work done by machines, and their oversight")
    shown = [(m, label, c, ls) for m, label, _short, c, ls in MACHINE_WORK
             if not st.is_empty(_metric(run, m))]
    if not shown:
        st.not_in_run(ax, "no AI or robot work and no oversight in this run")
        return
    for m, label, color, ls in shown:
        s = _metric(run, m)
        ax.plot(st.to_years(s.index), s, color=color, linestyle=ls, label=label)
    ax.set_ylabel("FTE (FTE-weeks per week)")
    ax.yaxis.set_major_formatter(st.count_axis())
    ax.set_ylim(bottom=0)
    absent = [short for m, _l, short, _c, _ls in MACHINE_WORK
              if m not in {x[0] for x in shown}]
    st.legend(ax, fontsize=8.5, notes=[f"none: {', '.join(absent)}"] if absent else ())
    st.time_axis(ax)


def machine_costs(run: Run) -> dict[str, pd.Series]:
    """Cumulative machine money (USD): capex spent, depreciation + opex (what the
    income statement carries), fines, and payroll saved by eliminated seats
    (``saved_payroll`` is an annual rate, so a week saves a 52nd of it).
    Series that are absent or zero are left out."""
    out = {}

    def total(names):
        parts = [_metric(run, n) for n in names]
        parts = [p for p in parts if p is not None]
        return sum(parts[1:], parts[0]) if parts else None

    for label, names, scale in (
            ("capex (AI + robots)", ("ai_capex", "robot_capex"), 1.0),
            ("depreciation + opex", ("depreciation", "machine_opex"), 1.0),
            ("payroll saved", ("saved_payroll",), 1.0 / 52.0),
            ("fines", ("fines",), 1.0)):
        s = total(names)
        if not st.is_empty(s):
            out[label] = (s * scale).cumsum()
    return out


def plot_machine_costs(ax, run: Run) -> None:
    ax.set_title("Machine costs vs payroll saved (cumulative)")
    series = machine_costs(run)
    if not series:
        st.not_in_run(ax, "no machine costs or payroll savings in this run")
        return
    styles = {"capex (AI + robots)": (st.RUN_COLORS[0], "-"),
              "depreciation + opex": (st.RUN_COLORS[1], "--"),
              "payroll saved": (st.RUN_COLORS[2], "-"),
              "fines": (st.RUN_COLORS[3], ":")}
    for label, s in series.items():
        color, ls = styles[label]
        ax.plot(st.to_years(s.index), s, color=color, linestyle=ls,
                label=f"{label} {st.fmt_money(s.iloc[-1])}")
    ax.set_ylabel("USD, cumulative")
    ax.yaxis.set_major_formatter(st.money_axis())
    ax.set_ylim(bottom=0)
    st.legend(ax, fontsize=8.5, loc="upper left")
    st.time_axis(ax)


def plot_summary(ax, run: Run) -> None:
    ax.set_label("summary")
    ax.set_title("Summary")
    ax.axis("off")
    values = summarize(run)
    lines = []
    labels = {k: label for k, label, _m, _h in SUMMARY_ROWS}
    pairs = [("Headcount", "headcount"), ("Managers", "managers"),
             ("ICs per manager", "ic_per_manager"),
             ("Revenue / employee", "revenue_per_employee")]
    for label, key in pairs:
        a, b = values[f"{key}_first"], values[f"{key}_last"]
        fmt = st.fmt_money if "revenue" in key else st.fmt_count
        lines.append((label + " (first → last)", f"{fmt(a)} → {fmt(b)}"))
    lines.append(("Operating income, total", st.fmt_money(values["operating_income_total"])))
    for key in ("quits", "layoffs", "hires", "promotions"):
        lines.append((labels[f"{key}_total"].split(",")[0] + ", total",
                      st.fmt_count(values[f"{key}_total"])))
    lines.append(("Mean morale, last tick", f"{values['mean_morale_last']:.3f}"
                  if np.isfinite(values["mean_morale_last"]) else "–"))
    if has_machines(run):
        def last(name):
            s_ = _metric(run, name)
            return st.fmt_count(s_.iloc[-1]) if s_ is not None and len(s_) else "–"

        lines.append(("AI agents / robots, last tick", f"{last('ai_agents')} / {last('robots')}"))
        out, exp = _metric(run, "output"), _metric(run, "expected_output")
        if out is not None and exp is not None and exp.sum() > 0:
            gap = (exp - out).clip(lower=0).sum() / exp.sum()
            lines.append(("Output short of expected", f"{gap:.1%}"))
    y = 0.95
    step = 0.9 / max(len(lines), 1)
    for label, value in lines:
        ax.text(0.02, y, label, transform=ax.transAxes, va="top", fontsize=9.5)
        ax.text(0.98, y, value, transform=ax.transAxes, va="top", ha="right", fontsize=9.5,
                fontweight="bold")
        y -= step


PANELS = (
    ("headcount", plot_headcount), ("managers", plot_managers),
    ("revenue_per_employee", plot_revenue_per_employee),
    ("operating_income", plot_operating_income), ("morale", plot_morale),
    ("flows", plot_flows), ("backlog", plot_backlog), ("automation", plot_automation),
    ("summary", plot_summary),
)
# A fourth row, for runs with machines (see has_machines).
MACHINE_PANELS = (
    ("work", plot_work), ("machine_work", plot_machine_work),
    ("machine_costs", plot_machine_costs),
)


def header(run: Run) -> tuple[str, str]:
    """(title, subtitle) naming the run."""
    n = run.ticks_recorded
    title = f"{run.scenario_name}: seed {run.seed}, {n} weeks ({n / TICKS_PER_YEAR:.1f} years)"
    bits = [f"file {run.path}"]
    if run.version:
        bits.append(f"wfsim {run.version}")
    if run.start_date:
        bits.append(f"week 0 = {run.start_date}")
    if not run.complete:
        bits.append(f"INCOMPLETE: {n} of {run.ticks} ticks recorded")
    return title, "  ·  ".join(bits)


def function_key(run: Run) -> list:
    """Legend handles, one per function, with its headcount first -> last."""
    from matplotlib.lines import Line2D

    if not run.has_function_metric("headcount") or run.ticks_recorded == 0:
        return []
    hc = run.function_metric("headcount")
    return [Line2D([], [], linewidth=2.5, label=f"{name}  {_first_last(hc[name])}",
                   **st.function_style(j)) for j, name in enumerate(hc.columns)]


def build(run: Run, size=None) -> plt.Figure:
    """The dashboard figure of ``run`` (close it with ``plt.close``): nine panels,
    and a fourth row (``MACHINE_PANELS``) when the run has AI agents, robots or
    oversight. ``size``: FIG_SIZE, or FIG_SIZE_MACHINES with the fourth row."""
    with run.pinned(), st.style():
        machines = has_machines(run) and run.ticks_recorded > 0
        panels = PANELS + MACHINE_PANELS if machines else PANELS
        rows = len(panels) // 3
        size = size or (FIG_SIZE_MACHINES if machines else FIG_SIZE)
        fig = plt.figure(figsize=size, layout="constrained")
        marks = st.policy_marks(run)
        key = function_key(run)
        ncol = min(len(key), 5)
        key_height = 0.07 * -(-len(key) // max(ncol, 1)) + 0.03 if key else 0.0
        grid = fig.add_gridspec(2 + rows, 3, height_ratios=[0.32 if marks else 0.12,
                                                             key_height] + [1] * rows)
        strip = fig.add_subplot(grid[0, :])
        if key:  # one colour key for the per-function panels, so they need no legends
            key_ax = fig.add_subplot(grid[1, :])
            key_ax.set_label("functions")
            key_ax.axis("off")
            key_ax.legend(handles=key, loc="center", ncol=ncol, frameon=False, fontsize=9.5,
                          title="Functions (headcount first → last)", title_fontsize=9.5)
        axes = [fig.add_subplot(grid[2 + i // 3, i % 3]) for i in range(len(panels))]
        title, subtitle = header(run)
        fig.suptitle(f"{title}\n", fontsize=14, fontweight="bold")
        fig.text(0.5, 0.975, subtitle, ha="center", va="top", fontsize=9,
                 color="#b00020" if not run.complete else "#444444")
        x_max = max(run.ticks_recorded - 1, 1) / TICKS_PER_YEAR
        st.draw_policy_strip(strip, marks, x_max, size[0])
        for ax, (name, fn) in zip(axes, panels):
            ax.set_label(name)
            fn(ax, run)
            if run.ticks_recorded == 0 and ax.get_gid() == "empty":
                for text in list(ax.texts):
                    text.remove()
                st.not_in_run(ax, "no ticks recorded yet")
            if name != "summary" and ax.get_gid() != "empty":
                note = ax.get_xlabel().partition("(")[2].rstrip(")")
                if name == "flows":  # whole quarters, so the last bar is not cut
                    quarters = int(ax.get_gid().split(":")[1])
                    ax.set_gid(None)
                    st.time_axis(ax, max(x_max, quarters * QUARTER / TICKS_PER_YEAR), note)
                else:
                    st.time_axis(ax, x_max, note)
                st.draw_policy_lines(ax, [t for t, _ in marks])
        return fig
