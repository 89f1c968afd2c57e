"""A self-contained HTML report of a run (`wfsim-plot report`).

One file, no external resources: figures are inline base64 PNGs, the style
sheet is inline. Sections: the run's facts, the summary table, the
dashboard, the AI agents and robots (when the run has any: counts, their
work and its oversight, output against expected output, capex, opex and
payroll saved), the organisation before and after its first reshaping policy
(when the run has /graph snapshots to compare), the events (policy events
one by one; the rest counted by kind, per tick or per quarter when many),
the scenario YAML and the list of metrics.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io as _io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import dashboard, orgchart
from . import style as st
from .errors import WfsimError
from .io import TICKS_PER_YEAR, Run
from .summary import SUMMARY_ROWS, summarize

EVENT_LIST_MAX = 200  # list every event up to this many, else count them
CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 2em auto; max-width: 1200px; color: #222; line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.8em; }
.sub { color: #555; margin-top: 0; }
.warn { background: #fff3cd; border: 1px solid #e0c36a; padding: 0.5em 0.8em; border-radius: 4px; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 0.25em 0.8em; text-align: left;
         vertical-align: top; }
th { background: #f5f5f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
pre { background: #f7f7f7; border: 1px solid #e5e5e5; padding: 0.8em; overflow-x: auto;
      font-size: 0.85em; }
details summary { cursor: pointer; color: #0072B2; }
.scroll { max-height: 32em; overflow-y: auto; display: inline-block; }
"""


def _png(fig, dpi: float = 100) -> str:
    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _e(text) -> str:
    return html.escape(str(text))


def _date(run: Run, tick: int) -> str:
    if not run.start_date:
        return ""
    try:
        start = dt.date.fromisoformat(run.start_date[:10])
    except ValueError:
        return ""
    return (start + dt.timedelta(weeks=int(tick))).isoformat()


def _table(header: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    out = ["<table>"]
    if any(header):
        out.append("<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(
            f"<td class=num>{_e(v)}</td>" if i in numeric else f"<td>{_e(v)}</td>"
            for i, v in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _id(value) -> str:
    return "–" if int(value) < 0 else str(int(value))


def _facts(run: Run) -> str:
    wall = run.attr("wall_seconds")
    rows = [
        ["Scenario", run.scenario_name],
        ["File", run.path],
        ["Seed", run.seed],
        ["Ticks recorded / asked", f"{run.ticks_recorded} / {run.ticks} weeks "
                                   f"({run.ticks_recorded / TICKS_PER_YEAR:.1f} years)"],
        ["Start date (week 0)", run.start_date or "not set"],
        ["Complete", "yes" if run.complete else "no (still running, or killed)"],
        ["wfsim version", f"{run.version} (commit {run.attr('git_commit', '?')})"],
        ["Schema version", run.schema_version],
        ["Created", f"{run.attr('created', '?')} on {run.attr('host', '?')}"],
        ["Wall time", f"{wall:.1f} s" if isinstance(wall, (int, float)) and run.complete
         else "–"],
        ["Units", run.attr("units", "")],
    ]
    return _table(["", ""], rows)


def _summary(run: Run) -> str:
    values = summarize(run)
    rows = []
    for key, label, metric, _how in SUMMARY_ROWS:
        v = values[key]
        if "revenue" in key or "income" in key:
            text = st.fmt_money(v) + (f"  ({v:,.0f})" if np.isfinite(v) else "")
        elif "morale" in key:
            text = f"{v:.3f}" if np.isfinite(v) else "–"
        else:
            text = st.fmt_count(v)
        if not run.has_metric(metric):
            text = "not in this run"
        rows.append([label, text])
    return _table(["Quantity", "Value"], rows, numeric={1})


def _machines(run: Run) -> str:
    """The AI agents and robots of a run: counts, the work they did, its
    oversight, the output gap, and the money (empty without machines)."""
    def m(name):  # absent or zero throughout: left out
        s_ = run.metric(name) if run.has_metric(name) else None
        return None if st.is_empty(s_) else s_

    def count(x):
        return st.fmt_count(x) if np.isfinite(x) else "–"

    rows = []
    for label, name in (("AI agents (first → last)", "ai_agents"),
                        ("Robots (first → last)", "robots")):
        s_ = m(name)
        if s_ is not None and len(s_):
            rows.append([label, f"{count(s_.iloc[0])} → {count(s_.iloc[-1])}"])
    for label, name, how in (
            ("AI work, total (FTE-weeks)", "ai_work", "sum"),
            ("Robot work, total (FTE-weeks)", "robot_work", "sum"),
            ("Human time on AI oversight, mean (FTE)", "ai_oversight", "mean"),
            ("AI oversight owed but unstaffed, mean (FTE)", "oversight_gap", "mean"),
            ("AI oversight owed but unstaffed, peak (FTE)", "oversight_gap", "max"),
            ("Output, total (FTE-weeks)", "output", "sum"),
            ("Expected output, total (FTE-weeks)", "expected_output", "sum"),
            ("Backlog, peak (FTE-weeks)", "backlog", "max")):
        s_ = m(name)
        if s_ is not None and len(s_):
            rows.append([label, count(float(getattr(s_, how)()))])
    out, exp = m("output"), m("expected_output")
    if out is not None and exp is not None and exp.sum() > 0:
        gap = float((exp - out).clip(lower=0).sum())
        rows.append(["Output short of expected, total (FTE-weeks)",
                     f"{count(gap)} ({gap / float(exp.sum()):.1%} of expected)"])
    costs = dashboard.machine_costs(run)
    for label, series in costs.items():
        rows.append([f"{label[0].upper()}{label[1:]}, to date (USD)",
                     st.fmt_money(float(series.iloc[-1]))])
    return _table(["Quantity", "Value"], rows, numeric={1})


def _events(run: Run) -> str:
    if not run.has_events():
        return "<p>No /events in this run.</p>"
    ev = run.events()
    if ev.empty:
        return "<p>No events were recorded.</p>"
    parts = []
    pol = ev[ev["kind"] == "policy"]
    if len(pol):
        rows = [[int(r.tick), f"{r.tick / TICKS_PER_YEAR:.2f}", _date(run, r.tick), r.policy,
                 int(r.source), f"{r.detail:g}"] for r in pol.itertuples()]
        parts.append("<h3>Policy events</h3><div class=scroll>")
        parts.append(_table(["week", "year", "date", "policy", "index", "detail"], rows,
                            numeric={0, 1, 4, 5}))
        parts.append("</div>")
    else:
        parts.append("<p>No policy events in this run.</p>")
    counts = ev["kind"].value_counts()
    counts = counts[counts > 0]
    parts.append("<h3>Events by kind</h3>")
    parts.append(_table(["kind", "events"], [[k, f"{int(v):,}"] for k, v in counts.items()],
                        numeric={1}))
    if len(ev) <= EVENT_LIST_MAX:
        rows = [[int(r.tick), r.kind, _id(r.agent), _id(r.position), r.policy, f"{r.detail:g}"]
                for r in ev.itertuples()]
        parts.append(f"<h3>All {len(ev)} events</h3><div class=scroll>")
        parts.append(_table(["week", "kind", "person", "position", "source", "detail"], rows,
                            numeric={0, 2, 3, 5}))
        parts.append("</div>")
    else:
        kinds = list(counts.index)
        by_tick = ev["tick"].nunique() <= 104
        key = ev["tick"] if by_tick else (ev["tick"] // dashboard.QUARTER) * dashboard.QUARTER
        table = pd.crosstab(key, ev["kind"].astype(str)).reindex(columns=kinds, fill_value=0)
        table = table[table.sum(axis=1) > 0]
        what = "week" if by_tick else "quarter (13 weeks) starting at week"
        parts.append(f"<h3>{len(ev):,} events, counted by {what}</h3><div class=scroll>")
        rows = [[int(t)] + [f"{int(v):,}" if v else "" for v in r]
                for t, r in zip(table.index, table.to_numpy())]
        parts.append(_table(["week" if by_tick else "from week"] + kinds, rows,
                            numeric=set(range(len(kinds) + 1))))
        parts.append("</div>")
    return "\n".join(parts)


def _metrics_list(run: Run) -> str:
    info = run.metric_info()
    if info.empty:
        return "<p>No metrics.</p>"
    rows = [[r.name, r.group, r.unit, r.description] for r in info.itertuples()]
    return ("<details><summary>The metrics in this file</summary>"
            + _table(["name", "group", "unit", "description"], rows) + "</details>")


def render(run: Run, dpi: float = 100) -> str:
    """The report as an HTML string."""
    with run.pinned():
        return _render(run, dpi)


def _render(run: Run, dpi: float) -> str:
    title, subtitle = dashboard.header(run)
    body = [f"<h1>{_e(run.scenario_name)}</h1>", f"<p class=sub>{_e(subtitle)}</p>"]
    if not run.complete:
        body.append(f"<p class=warn>This run is incomplete: {run.ticks_recorded} of "
                    f"{run.ticks} ticks recorded (still running, or killed).</p>")
    body += ["<h2>Run</h2>", _facts(run), "<h2>Summary</h2>", _summary(run)]
    if dashboard.has_machines(run):
        body += ["<h2>AI agents and robots</h2>",
                 "<p class=sub>Output against the output leadership expects (the claimed "
                 "AI capability), the work machines did and the human oversight it "
                 "takes; the dashboard's bottom row draws them over time.</p>",
                 _machines(run)]
    fig = dashboard.build(run)
    body += ["<h2>Dashboard</h2>",
             f'<img alt="dashboard of {_e(run.scenario_name)}" '
             f'src="data:image/png;base64,{_png(fig, dpi)}">']
    if run.has("graph"):
        try:
            fig = orgchart.build_histograms(run)
        except WfsimError:
            fig = None
        if fig is not None:
            body += ["<h2>Organisation</h2>",
                     f'<img alt="spans and layers" src="data:image/png;base64,{_png(fig, dpi)}">']
    body += ["<h2>Events</h2>", _events(run)]
    body += ["<h2>Scenario</h2>", f"<pre>{_e(run.scenario_yaml or '(no scenario text)')}</pre>",
             "<h2>Metrics</h2>", _metrics_list(run)]
    made = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body.append(f"<p class=sub>Report written {made} by wfsim-plot.</p>")
    return ("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def write(run: Run, out: str, dpi: float = 100) -> str:
    text = render(run, dpi)
    try:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise WfsimError(f"{out}: cannot write ({exc.strerror})") from None
    return out
