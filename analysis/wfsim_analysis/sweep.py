"""Sweeps (`wfsim-plot sweep`): a summary metric against one or two swept parameters.

Where the runs come from, in order:

1. ``SWEEP_DIR/index.h5`` (or the index file itself), written by `wfsim sweep`:
   one row per planned run. The layout `wfsim sweep` writes
   (docs/output-format.md, "Sweeps"): root ``format`` = wfsim-sweep-index, a
   group ``/runs`` of equal-length 1-D datasets with attributes ``columns``
   (their order), ``parameters`` and ``summary`` (those columns' names; every
   other column is bookkeeping), ``status`` one of complete / incomplete /
   failed / missing / foreign, summaries ``METRIC.REDUCE`` (NaN unless
   complete), ``file`` relative to the folder. Other layouts are read
   defensively: the table may be a compound dataset (``/runs`` or ``/index``, else the first
   compound dataset) or a group of equal-length 1-D datasets (``/runs``,
   else the root), where sub-groups ``parameters``/``params`` and
   ``summary``/``summaries`` hold those columns. Column roles: the root or
   table attributes ``parameters`` and ``summary`` (name lists, arrays or
   JSON) when present; else known bookkeeping names (run_id, path, seed,
   replicate, status, wall_seconds, ...), summary names of the form
   ``METRIC.REDUCE`` (also ``METRIC_REDUCE``, ``METRIC:REDUCE``,
   ``REDUCE(METRIC)``) with REDUCE one of sum/last/first/mean/min/max, and
   dotted paths (``model.x.y``, ``policies[id=rto].days_per_week``) as
   parameters. Rows whose ``status`` is a word other than ok/done/complete/
   success/finished are left out (and counted in a note).
2. Otherwise the run files in the folder (``*.h5``, searched recursively):
   the swept parameters of each come from its root attribute
   ``sweep_parameters`` (a JSON object: dotted path -> value); summary values
   are computed from ``/metrics`` with the requested reduction. Without
   ``sweep_parameters`` anywhere, the runs are compared by file name.

Replicates are rows with equal parameter values; the plot shows their mean
with a 95% confidence band (line), or the mean per cell (heat map).
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
from dataclasses import dataclass, field

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import style as st
from .compare import short_param
from .errors import RunFileError, SweepError
from .io import _names, _suggest, _text, open_run
from .summary import REDUCERS, reduce_series
from .stats import mean_ci

META_COLUMNS = {"run", "run_id", "run_index", "id", "index", "path", "file", "filename", "seed",
                "replicate", "rep", "status", "wall_seconds", "wall_time", "wall", "error",
                "message", "point", "point_id", "host", "created", "ticks", "complete"}
OK_STATUS = {"ok", "done", "complete", "completed", "success", "succeeded", "finished"}
_SUMMARY_PATTERNS = [
    re.compile(rf"^(?P<metric>\w+?)[._:](?P<reduce>{'|'.join(REDUCERS)})$"),
    re.compile(rf"^(?P<reduce>{'|'.join(REDUCERS)})\((?P<metric>\w+)\)$"),
]
DEFAULT_METRIC = ("operating_income", "sum")


def parse_summary_name(name: str) -> tuple[str, str | None]:
    for pat in _SUMMARY_PATTERNS:
        m = pat.match(name)
        if m:
            return m.group("metric"), m.group("reduce")
    return name, None


@dataclass
class Sweep:
    """A sweep as a table: one row per run, parameter and summary columns."""

    table: pd.DataFrame
    params: list[str]
    summaries: list[str]
    source: str  # "index", "folder" or "files"
    name: str = ""
    notes: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # run files, where known
    units: dict[str, str] = field(default_factory=dict)

    def column_for(self, metric: str | None, reduce: str | None) -> str:
        """The summary column for ``metric`` (and ``reduce``); raises with the
        available names when there is none."""
        if metric is None:
            if self.summaries:
                return self.summaries[0]
            metric, reduce = DEFAULT_METRIC
        if metric in self.table.columns and reduce is None:
            return metric
        matches = [c for c in self.summaries
                   if parse_summary_name(c)[0] == metric
                   and (reduce is None or parse_summary_name(c)[1] == reduce)]
        if len(matches) >= 1:
            return matches[0]
        raise SweepError(f"no summary {metric!r}{' with reduce ' + reduce if reduce else ''} "
                         f"in the sweep{_suggest(metric, self.summaries)}; it has: "
                         + (", ".join(self.summaries) or "none"))


def _decode_column(values) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind in "SO":
        return np.array([_text(v) for v in arr], dtype=object)
    return arr


INDEX_FORMAT = "wfsim-sweep-index"
INDEX_STATUSES = ("complete", "incomplete", "failed", "missing", "foreign")


def _index_table(path: str) -> tuple[pd.DataFrame, dict[str, str], dict]:
    """The run table of an index file: (table, column roles given by sub-groups,
    attributes of the root and of the table; the table's win on a clash)."""
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise SweepError(f"{path}: cannot read the sweep index ({exc})") from None
    with f:
        columns: dict[str, np.ndarray] = {}
        roles: dict[str, str] = {}
        table_attrs = {}
        compound = None
        for name in ("runs", "index"):
            if name in f and isinstance(f[name], h5py.Dataset) and f[name].dtype.names:
                compound = f[name]
                break
        if compound is None and not (INDEX_FORMAT == _text(f.attrs.get("format", ""))
                                     and "runs" in f):
            found = []
            f.visititems(lambda n, o: found.append(o) if isinstance(o, h5py.Dataset)
                         and o.dtype.names else None)
            compound = found[0] if found else None
        if compound is not None:
            data = compound[...]
            table_attrs = dict(compound.attrs)
            for col in compound.dtype.names:
                columns[col] = _decode_column(data[col])
        else:
            base = f["runs"] if "runs" in f and isinstance(f["runs"], h5py.Group) else f
            table_attrs = dict(base.attrs)

            def take(group, role=None):
                for name, obj in group.items():
                    if isinstance(obj, h5py.Dataset) and obj.ndim == 1:
                        columns[name] = _decode_column(obj[...])
                        if role:
                            roles[name] = role
                    elif isinstance(obj, h5py.Group):
                        low = name.lower()
                        sub = ("param" if low in ("parameters", "params") else
                               "summary" if low in ("summary", "summaries") else role)
                        take(obj, sub)

            take(base)
        if not columns:
            raise SweepError(f"{path}: no run table found in the sweep index")
        n = max(len(v) for v in columns.values())
        columns = {k: v for k, v in columns.items() if len(v) == n}
        attrs = {**{k: v for k, v in f.attrs.items()}, **table_attrs}
    order = _names(attrs["columns"]) if "columns" in attrs else []
    names = [c for c in order if c in columns] + [c for c in columns if c not in order]
    return pd.DataFrame({c: columns[c] for c in names}), roles, attrs


def open_sweep_index(path: str | os.PathLike) -> pd.DataFrame:
    """A sweep's index.h5 (the file, or its folder) as a DataFrame: one row per
    planned run, in run order, with every column of the index in the order of
    its ``columns`` attribute. Integers stay int64, floats float64 (NaN where
    the index has no value), strings are decoded to ``str``. ``frame.attrs``
    holds the root attributes (decoded) and ``parameters`` / ``summary``, the
    names of those columns."""
    path = os.fspath(path)
    index = os.path.join(path, "index.h5") if os.path.isdir(path) else path
    if not os.path.isfile(index):
        raise SweepError(f"{path}: no such index file" if not os.path.isdir(path)
                         else f"{path}: no index.h5 in this folder")
    if not h5py.is_hdf5(index):
        raise SweepError(f"{index}: not an HDF5 file")
    table, roles, attrs = _index_table(index)
    params, summaries = _roles(table, roles, attrs)
    from .io import _plain

    table.attrs = {k: _plain(v) for k, v in attrs.items() if k not in ("parameters", "summary",
                                                                     "columns")}
    table.attrs["parameters"] = params
    table.attrs["summary"] = summaries
    table.attrs["path"] = index
    return table


def _roles(table: pd.DataFrame, roles: dict[str, str], attrs: dict) -> tuple[list, list]:
    """(parameter columns, summary columns). Declared lists (the ``parameters``
    and ``summary`` attributes) win, and with them every other column is
    bookkeeping; without them the names say (see the module's notes)."""
    declared_params = _names(attrs["parameters"]) if "parameters" in attrs else None
    declared_summary = _names(attrs["summary"]) if "summary" in attrs else None
    declared = declared_params is not None or declared_summary is not None
    params, summaries = [], []
    for col in table.columns:
        role = roles.get(col)
        if declared_params is not None and col in declared_params:
            role = "param"
        elif declared_summary is not None and col in declared_summary:
            role = "summary"
        elif role is None and declared:
            role = "meta"
        elif role is None:
            if col.lower() in META_COLUMNS:
                role = "meta"
            elif parse_summary_name(col)[1] is not None:
                role = "summary"
            elif "." in col or "[" in col:
                role = "param"
            elif table[col].dtype.kind in "fiu":
                role = "summary"
            else:
                role = "meta"
        (params if role == "param" else summaries if role == "summary" else []).append(col)
    if declared_summary:  # keep the index's order
        summaries.sort(key=lambda c: declared_summary.index(c) if c in declared_summary else 1e9)
    return params, summaries


def _read_index(path: str) -> Sweep:
    table, roles, attrs = _index_table(path)
    params, summaries = _roles(table, roles, attrs)
    name = _text(attrs.get("sweep_name", attrs.get("name", ""))) if attrs else ""
    sweep = Sweep(table=table, params=params, summaries=summaries, source="index",
                  name=name or os.path.basename(os.path.dirname(os.path.abspath(path))))
    status_col = next((c for c in table.columns if c.lower() == "status"), None)
    if status_col is not None and table[status_col].dtype == object:
        ok = table[status_col].astype(str).str.lower().isin(OK_STATUS)
        if (~ok).any():
            counts = table.loc[~ok, status_col].value_counts()
            sweep.notes.append("left out: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        sweep.table = table[ok].reset_index(drop=True)
    path_col = next((c for c in table.columns if c.lower() in ("path", "file", "filename")),
                    None)
    if path_col is not None:
        root = os.path.dirname(os.path.abspath(path))
        sweep.paths = [p if os.path.isabs(p) else os.path.join(root, p)
                       for p in sweep.table[path_col].astype(str)]
    return sweep


def _read_folder(folder: str, metric: str, reduce: str) -> Sweep:
    # A sweep folder's burn-in/ holds the shared burn-ins (not points of the sweep).
    files = sorted(p for p in glob.glob(os.path.join(folder, "**", "*.h5"), recursive=True)
                   if os.path.basename(p) != "index.h5"
                   and "burn-in" not in os.path.relpath(p, folder).split(os.sep)[:-1])
    if not files:
        raise SweepError(f"{folder}: no index.h5 and no .h5 run files")
    rows, skipped, units = [], [], {}
    for path in files:
        try:
            run = open_run(path)
        except RunFileError as exc:
            skipped.append(str(exc))
            continue
        with run:
            if not run.has_metric(metric):
                raise SweepError(f"{path}: no metric {metric!r}"
                                 f"{_suggest(metric, run.metric_names())}")
            units[f"{metric}.{reduce}"] = run.unit(metric)
            raw = run.attr("sweep_parameters")
            try:
                params = json.loads(raw) if raw else {}
            except (TypeError, ValueError):
                raise SweepError(f"{path}: sweep_parameters is not JSON") from None
            rows.append({**{f"param:{k}": v for k, v in params.items()},
                         "run": os.path.splitext(os.path.relpath(path, folder))[0],
                         "seed": run.seed, "path": path, "complete": run.complete,
                         f"{metric}.{reduce}": reduce_series(run.metric(metric), reduce)})
    if not rows:
        raise SweepError(f"{folder}: none of the {len(files)} .h5 files is a wfsim run "
                         f"({skipped[0]})")
    table = pd.DataFrame(rows)
    params = [c for c in table.columns if c.startswith("param:")]
    table = table.rename(columns={c: c[len("param:"):] for c in params})
    params = [c[len("param:"):] for c in params]
    sweep = Sweep(table=table, params=params, summaries=[f"{metric}.{reduce}"],
                  source="folder" if params else "files",
                  name=os.path.basename(os.path.abspath(folder)), paths=list(table["path"]),
                  units=units)
    if skipped:
        sweep.notes.append(f"skipped {len(skipped)} file(s) that are not wfsim runs")
    incomplete = int((~table["complete"].astype(bool)).sum())
    if incomplete:
        sweep.notes.append(f"{incomplete} run(s) incomplete")
    return sweep


def load_sweep(path: str, metric: str | None = None, reduce: str | None = None) -> Sweep:
    """Read a sweep from a folder (its index.h5, else its run files) or an index file.

    For a folder of run files, ``metric``/``reduce`` say which summary to
    compute (default: operating_income, sum)."""
    if not os.path.exists(path):
        raise SweepError(f"{path}: no such folder or file")
    if reduce is not None and reduce not in REDUCERS:
        raise SweepError(f"unknown reduction {reduce!r} (use one of {', '.join(REDUCERS)})")
    index = path if os.path.isfile(path) else os.path.join(path, "index.h5")
    if os.path.isfile(index):
        if not h5py.is_hdf5(index):
            raise SweepError(f"{index}: not an HDF5 file")
        with h5py.File(index, "r") as f:
            fmt = _text(f.attrs.get("format", ""))
        if fmt == "wfsim":  # a single run file given as the sweep
            raise SweepError(f"{path}: a run file, not a sweep (give its folder, or use "
                             "'wfsim-plot compare')")
        sweep = _read_index(index)
        if metric is not None:
            try:
                sweep.column_for(metric, reduce)
            except SweepError:
                if not sweep.paths:
                    raise
                _add_summary_from_runs(sweep, metric, reduce or "sum")
        return sweep
    return _read_folder(path, metric or DEFAULT_METRIC[0], reduce or DEFAULT_METRIC[1])


def _add_summary_from_runs(sweep: Sweep, metric: str, reduce: str) -> None:
    values = []
    for p in sweep.paths:
        with open_run(p) as run:
            if not run.has_metric(metric):
                raise SweepError(f"{p}: no metric {metric!r}"
                                 f"{_suggest(metric, run.metric_names())}")
            values.append(reduce_series(run.metric(metric), reduce))
            sweep.units[f"{metric}.{reduce}"] = run.unit(metric)
    col = f"{metric}.{reduce}"
    sweep.table[col] = values
    sweep.summaries.insert(0, col)


def _numeric(values: pd.Series) -> bool:
    try:
        pd.to_numeric(values)
        return True
    except (TypeError, ValueError):
        return False


def _axis_values(values: pd.Series) -> tuple[list, bool]:
    uniq = pd.unique(values)
    if _numeric(values):
        return sorted(pd.to_numeric(pd.Series(uniq)).tolist()), True
    return sorted(map(str, uniq)), False


def _metric_label(sweep: Sweep, column: str) -> str:
    metric, reduce = parse_summary_name(column)
    unit = sweep.units.get(column, "")
    words = {"sum": "total", "last": "at the end", "first": "at the start", "mean": "mean",
             "min": "minimum", "max": "maximum"}
    text = metric.replace("_", " ")
    if reduce:
        text = f"{text}, {words.get(reduce, reduce)}"
    if unit and reduce in ("sum",) and unit.endswith("/week"):
        unit = unit[: -len("/week")]
    return f"{text} ({unit})" if unit else text


def _fmt_for(column: str):
    metric = parse_summary_name(column)[0]
    money = any(k in metric for k in ("income", "revenue", "cost", "severance", "capex",
                                      "salary", "payroll"))
    return (st.money_axis(), st.fmt_money) if money else (st.count_axis(), st.fmt_count)


def build(sweep: Sweep, column: str, x: str | None = None, y: str | None = None,
          kind: str = "auto", size: tuple[float, float] | None = None) -> plt.Figure:
    """The sweep figure: ``kind`` "line" (x, one line per y value), "heatmap"
    (x by y), or "auto" (heat map for two parameters, line for one)."""
    table = sweep.table
    if column not in table.columns:
        raise SweepError(f"no column {column!r} in the sweep")
    params = list(sweep.params)
    for p in (x, y):
        if p is not None and p not in params:
            raise SweepError(f"{p!r} is not a swept parameter{_suggest(p, params)}; "
                             f"swept: {', '.join(params) or 'none'}")
    if x is None and params:
        x = max(params, key=lambda p: (table[p].nunique(), -params.index(p)))
    rest = [p for p in params if p != x]
    if y is None and rest:
        y = max(rest, key=lambda p: (table[p].nunique(), -rest.index(p)))
    others = [p for p in params if p not in (x, y)]
    if kind == "auto":
        kind = "heatmap" if y is not None else "line"
    if kind == "heatmap" and y is None:
        raise SweepError("a heat map needs two swept parameters (give --y, or use --kind line)")
    axis_fmt, value_fmt = _fmt_for(column)
    with st.style():
        if size is None:
            size = ((9.0, max(4.0, 1.5 + 0.35 * len(table))) if x is None else
                    (9.0, 7.0) if kind == "heatmap" else (9.0, 6.0))
        fig = plt.figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        ax.set_label("sweep")
        title = f"{_metric_label(sweep, column)}"
        sub = [f"sweep {sweep.name}" if sweep.name else "sweep",
               f"{len(table)} runs",
               f"from {'index.h5' if sweep.source == 'index' else 'run files'}"]
        if others:
            sub.append("averaged over " + ", ".join(short_param(p) for p in others))
        sub.extend(sweep.notes)
        if x is None:
            _by_file(ax, sweep, column, axis_fmt)
            ax.set_xlabel(_metric_label(sweep, column))
            sub.append("no sweep_parameters: runs compared by file name")
        elif kind == "heatmap":
            _heatmap(fig, ax, table, column, x, y, value_fmt)
        else:
            _lines(ax, table, column, x, y, axis_fmt)
            ax.set_ylabel(_metric_label(sweep, column))
        fig.suptitle(title, fontsize=13, fontweight="bold")
        ax.set_title(" · ".join(sub), fontsize=9, fontweight="normal", color="#444444")
        return fig


def _lines(ax, table, column, x, y, axis_fmt) -> None:
    """Mean over replicates against x; one line per value of y. The 95% CI is a
    band for a single line and dodged error bars for several (bands would hide
    each other)."""
    xs, numeric = _axis_values(table[x])
    groups = [(None, table)] if y is None else \
        [(v, table[table[y].astype(str) == str(v)]) for v in _axis_values(table[y])[0]]
    pos = np.array(xs, dtype=float) if numeric else np.arange(len(xs), dtype=float)
    spacing = np.min(np.diff(pos)) if len(pos) > 1 else 1.0
    n_rep = 0
    for i, (yv, sub) in enumerate(groups):
        color = st.run_color(i)
        keys = pd.to_numeric(sub[x]) if numeric else sub[x].astype(str)
        wide = {xv: sub.loc[keys == xv, column].astype(float).to_numpy() for xv in xs}
        width = max((len(v) for v in wide.values()), default=0)
        n_rep = max(n_rep, width)
        frame = pd.DataFrame({k: np.pad(v, (0, width - len(v)), constant_values=np.nan)
                              for k, v in wide.items()}).T
        ci = mean_ci(frame)
        dodge = 0.0 if len(groups) == 1 else (i - (len(groups) - 1) / 2) * 0.06 * spacing
        px = pos + dodge
        label = "mean" if y is None else f"{short_param(y)} = {yv}"
        ax.plot(px, ci["mean"], color=color, marker="o", label=label)
        if width > 1:
            if len(groups) == 1:
                ax.fill_between(px, ci["lo"], ci["hi"], color=color, alpha=0.18, linewidth=0)
            else:
                ax.errorbar(px, ci["mean"], yerr=[ci["mean"] - ci["lo"], ci["hi"] - ci["mean"]],
                            fmt="none", ecolor=color, elinewidth=1.2, capsize=4, alpha=0.8)
            for j, xv in enumerate(xs):
                ax.plot(np.full(len(wide[xv]), px[j]), wide[xv], linestyle="none", marker=".",
                        color=color, alpha=0.45, markersize=5, label="_replicate")
    if not numeric or len(xs) <= 12:
        ax.set_xticks(pos, [str(v) for v in xs],
                      rotation=20 if max(len(str(s)) for s in xs) > 8 else 0)
    ax.set_xlabel(short_param(x) + ("" if short_param(x) == x else f"   ({x})"))
    ax.yaxis.set_major_formatter(axis_fmt)
    if y is not None or n_rep > 1:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles, _ = ax.get_legend_handles_labels()
        if n_rep > 1:
            ci_handle = (Patch(color="#999999", alpha=0.3) if len(groups) == 1 else
                         Line2D([], [], color="#999999", marker="_", markersize=10,
                                linestyle="-"))
            ci_handle.set_label(f"95% CI over replicates (n={n_rep})")
            handles = handles + [ci_handle,
                                 Line2D([], [], color="#999999", marker=".", linestyle="none",
                                        label="replicates")]
        ax.legend(handles=handles, loc="best")


def _heatmap(fig, ax, table, column, x, y, value_fmt) -> None:
    xs, _ = _axis_values(table[x])
    ys, _ = _axis_values(table[y])
    grid = np.full((len(ys), len(xs)), np.nan)
    counts = np.zeros_like(grid, dtype=int)
    xkey = table[x].astype(str)
    ykey = table[y].astype(str)
    for i, yv in enumerate(ys):
        for j, xv in enumerate(xs):
            vals = table.loc[(xkey == str(xv)) & (ykey == str(yv)), column].astype(float)
            vals = vals[np.isfinite(vals)]
            if len(vals):
                grid[i, j] = vals.mean()
                counts[i, j] = len(vals)
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap=st.SEQUENTIAL_CMAP)
    image.set_label("heatmap")
    ax.grid(False)
    ax.set_xticks(range(len(xs)), [str(v) for v in xs])
    ax.set_yticks(range(len(ys)), [str(v) for v in ys])
    ax.set_xlabel(short_param(x) + ("" if short_param(x) == x else f"   ({x})"))
    ax.set_ylabel(short_param(y) + ("" if short_param(y) == y else f"   ({y})"))
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    bar = fig.colorbar(image, ax=ax, format=st.money_axis() if value_fmt is st.fmt_money
                       else st.count_axis())
    bar.set_label("mean over replicates")
    if grid.size <= 144:
        finite = grid[np.isfinite(grid)]
        mid = (finite.min() + finite.max()) / 2 if finite.size else 0
        # One scale and just enough decimals for all cells (3.9M next to 4.0M, not 4M).
        fmt = st.ScaledFormatter(money=value_fmt is st.fmt_money)
        cell_text = dict(zip(finite.tolist(), fmt.format_ticks(finite.tolist())))
        for i in range(len(ys)):
            for j in range(len(xs)):
                if not np.isfinite(grid[i, j]):
                    ax.text(j, i, "no run", ha="center", va="center", fontsize=8,
                            color=st.NOTE_COLOR)
                    continue
                text = cell_text[grid[i, j]] + (f"\nn={counts[i, j]}" if counts[i, j] > 1 else "")
                ax.text(j, i, text, ha="center", va="center", fontsize=9,
                        color="white" if grid[i, j] < mid else "black")


def _by_file(ax, sweep: Sweep, column: str, axis_fmt) -> None:
    table = sweep.table.sort_values("run")
    pos = np.arange(len(table))
    values = table[column].astype(float).to_numpy()
    bars = ax.barh(pos, values, color=st.RUN_COLORS[0], alpha=0.8, height=0.6)
    fmt = st.ScaledFormatter(money=_fmt_for(column)[1] is st.fmt_money)
    finite = [v for v in values if np.isfinite(v)]
    labels = dict(zip(finite, fmt.format_ticks(finite)))
    ax.bar_label(bars, labels=[labels.get(v, "–") for v in values], padding=3, fontsize=9)
    ax.margins(x=0.1)
    ax.set_yticks(pos, table["run"].tolist())
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(axis_fmt)
    ax.grid(axis="y", visible=False)


def warn(message: str) -> None:
    print(f"wfsim-plot: warning: {message}", file=sys.stderr)
