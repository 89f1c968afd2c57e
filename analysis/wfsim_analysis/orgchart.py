"""The organisation (`wfsim-plot org`): an org chart at a tick, and span-of-control
and layer histograms before and after a policy.

Layout: managers form a tidy top-down tree (a parent centred over its
children, depth as height); the ICs under a manager are drawn as a compact
stack of small squares below it, one column per team, so a few thousand
positions still fit on a page. Above ``max_positions`` the ICs are left out
(their counts stay in the title); a subtree can be drawn with ``root``.
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import style as st
from .errors import WfsimError
from .io import TICKS_PER_YEAR, Run

STACK = 16  # ICs per column under a manager
IC_STEP = 0.16  # vertical spacing of stacked ICs, in tree levels
CEO_COLOR = "#000000"


def _children(tree: pd.DataFrame) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = defaultdict(list)
    positions = set(tree.index)
    for pos, parent in zip(tree.index, tree["parent"]):
        kids[int(parent) if int(parent) in positions else -1].append(int(pos))
    for v in kids.values():
        v.sort()
    return kids


def subtree(tree: pd.DataFrame, root: int) -> pd.DataFrame:
    """The positions at or under ``root``."""
    if root not in tree.index:
        raise WfsimError(f"no position {root} in the tree at week {tree.attrs.get('tick')}")
    kids = _children(tree)
    keep, todo = [], [root]
    while todo:
        p = todo.pop()
        keep.append(p)
        todo.extend(kids.get(p, []))
    out = tree.loc[sorted(keep)].copy()
    out.attrs = dict(tree.attrs)
    return out


def layout(tree: pd.DataFrame, draw_ics: bool = True) -> pd.DataFrame:
    """x, y of each drawn position (y = -depth; stacked ICs below their manager)."""
    kids = _children(tree)
    is_leaf = {p: not kids.get(p) for p in tree.index}
    xy: dict[int, tuple[float, float]] = {}
    cursor = [0.0]

    def place(p: int, depth: int) -> float:
        children = kids.get(p, [])
        ics = [c for c in children if is_leaf[c] and int(tree.at[c, "level"]) == 0]
        managers = [c for c in children if c not in ics]
        xs = []
        if ics and draw_ics:
            cols = -(-len(ics) // STACK)
            x0 = cursor[0]
            for k, c in enumerate(ics):
                col, row = divmod(k, STACK)
                xy[c] = (x0 + col * 0.3, -(depth + 0.6) - row * IC_STEP)
            xs.append(x0 + (cols - 1) * 0.15)
            cursor[0] += 1.0 + (cols - 1) * 0.3
        for c in managers:
            xs.append(place(c, depth + 1))
        if not xs:  # a leaf (a manager with no reports, or an IC drawn alone)
            x = cursor[0]
            cursor[0] += 1.0
        else:
            x = (min(xs) + max(xs)) / 2
        xy[p] = (x, -depth)
        return x

    for r in kids.get(-1, []):
        place(r, 0)
    frame = pd.DataFrame.from_dict(xy, orient="index", columns=["x", "y"])
    frame.index.name = "position"
    return frame


def _morale_of(run: Run, tick: int) -> dict[int, float]:
    if not run.has_agents():
        raise WfsimError(f"{run.path}: colouring by morale needs /agents "
                         "(the run had output.agent_every = 0)")
    people = run.agents_at(tick, ["morale"])
    return dict(zip(people.index.to_numpy(), people["morale"].to_numpy(dtype=float)))


def build_chart(run: Run, tick: int | None = None, color: str = "function",
                root: int | None = None, max_positions: int = 2500,
                size: tuple[float, float] = (16.0, 9.0)) -> plt.Figure:
    """The org chart at ``tick`` (latest snapshot at or before it; the last one
    when None), coloured by ``function`` or ``morale``."""
    if color not in ("function", "morale"):
        raise WfsimError(f"unknown colouring {color!r} (use function or morale)")
    tree = run.tree_at(tick)
    at = tree.attrs["tick"]
    if root is not None:
        tree = subtree(tree, root)
    n_ic = int((tree["level"] == 0).sum())
    full = {"positions": len(tree), "managers": int((tree["level"] > 0).sum()),
            "vacant": int((tree["occupant"] < 0).sum())}
    draw_ics = len(tree) <= max_positions
    cut = None
    if not draw_ics and len(tree) - n_ic > max_positions:
        # Too many managers too: draw the top layers only.
        d = depths(tree)
        per_depth = d[tree["level"] > 0].value_counts().sort_index().cumsum()
        fits = per_depth[per_depth <= min(max_positions, 400)]  # leaves stay apart
        cut = (int(fits.index.max()) if len(fits) else 1, int(d.max()))
        tree = tree[d <= cut[0]]
        tree.attrs["tick"] = at
    pos = layout(tree, draw_ics)
    tree = tree.join(pos, how="inner")
    morale = _morale_of(run, at) if color == "morale" else None
    kids = _children(tree)
    with st.style():
        fig = plt.figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        ax.set_label("orgchart")
        # Elbow edges from each manager to its manager-children; a stem to its IC stack.
        segs = []
        for p, children in kids.items():
            if p not in tree.index:
                continue
            px, py = tree.at[p, "x"], tree.at[p, "y"]
            drawn = [c for c in children if c in tree.index]
            mgr_kids = [c for c in drawn if tree.at[c, "y"] == py - 1]
            ic_kids = [c for c in drawn if c not in mgr_kids]
            if mgr_kids:
                mid = py - 0.5
                xs = [tree.at[c, "x"] for c in mgr_kids]
                segs.append([(px, py), (px, mid)])
                segs.append([(min(xs + [px]), mid), (max(xs + [px]), mid)])
                segs.extend([[(x, mid), (x, py - 1)] for x in xs])
            if ic_kids:
                top = max(tree.at[c, "y"] for c in ic_kids)
                x_stack = min(tree.at[c, "x"] for c in ic_kids)
                if mgr_kids:
                    segs.append([(x_stack, py - 0.5), (x_stack, top)])
                else:
                    segs.append([(px, py), (px, py - 0.5), (x_stack, py - 0.5), (x_stack, top)])
        lines = LineCollection(segs, colors="#b0b0b0", linewidths=0.6, zorder=1)
        lines.set_label("_edges")
        ax.add_collection(lines)
        vacant = tree["occupant"].to_numpy() < 0
        vmin, vmax = 0.0, 1.0
        if morale is not None:
            values = np.array([morale.get(int(o), np.nan) for o in tree["occupant"]])
            colors = None
            finite = values[np.isfinite(values)]
            if finite.size:  # stretch the colours over the morale actually present
                vmin, vmax = np.percentile(finite, [1, 99])
                if vmax - vmin < 0.05:
                    vmin, vmax = max(0.0, vmin - 0.025), min(1.0, vmax + 0.025)
        else:
            values = None
            colors = [CEO_COLOR if f < 0 else st.function_style(int(f))["color"]
                      for f in tree["function"]]
        is_ic = (tree["level"].to_numpy() == 0) & np.array(
            [not kids.get(int(p)) for p in tree.index])
        max_level = max(int(tree["level"].max()), 1)
        ic_size = float(np.clip(2500.0 / max(len(tree), 1), 3.0, 25.0))  # fewer, bigger
        sizes = np.where(is_ic, ic_size,
                         18.0 + 60.0 * tree["level"].to_numpy(dtype=float) / max_level)
        markers = {"ic": "s", "mgr": "o"}
        scatter = None
        for kind, mask in (("mgr", ~is_ic), ("ic", is_ic)):
            for vac in (False, True):
                m = mask & (vacant == vac)
                if not m.any():
                    continue
                kw = dict(s=sizes[m], marker=markers[kind], zorder=3, linewidths=0.8)
                if vac:
                    ax.scatter(tree["x"][m], tree["y"][m], facecolors="white",
                               edgecolors="#555555", label="_vacant", **kw)
                elif values is not None:
                    scatter = ax.scatter(tree["x"][m], tree["y"][m], c=values[m],
                                         cmap=st.SEQUENTIAL_CMAP, vmin=vmin, vmax=vmax,
                                         edgecolors="none", label=f"_{kind}", **kw)
                else:
                    ax.scatter(tree["x"][m], tree["y"][m],
                               c=[c for c, keep in zip(colors, m) if keep],
                               edgecolors="none", label=f"_{kind}", **kw)
        ax.set_axis_off()
        ax.margins(0.02, 0.04)
        title = (f"Reporting tree at week {at} ({at / TICKS_PER_YEAR:.1f} years): "
                 f"{full['positions']:,} positions, {full['managers']:,} managers, "
                 f"{full['vacant']:,} vacant")
        if root is not None:
            title += f"; subtree under position {root}"
        fig.suptitle(title, fontsize=13, fontweight="bold")
        sub = f"{run.scenario_name} · seed {run.seed} · {run.path}"
        if tick is not None and at != tick:
            sub += f" · latest snapshot at or before week {tick}"
        if morale is not None:
            sub += " · colour scale: 1st–99th percentile of morale"
        if cut is not None:
            sub += (f" · top {cut[0]} of {cut[1]} layers drawn ({len(tree):,} positions; "
                    "--root POSITION draws a subtree in full)")
        elif not draw_ics:
            sub += f" · {n_ic:,} ICs not drawn (over {max_positions:,} positions)"
        ax.set_title(sub, fontsize=9, color="#444444", fontweight="normal")
        handles = [Line2D([], [], marker="o", linestyle="none", markerfacecolor="white",
                          markeredgecolor="#555555", label="vacant"),
                   Line2D([], [], marker="s", linestyle="none", color="#888888", markersize=4,
                          label="IC"),
                   Line2D([], [], marker="o", linestyle="none", color="#888888", markersize=7,
                          label="manager (size: level)")]
        if values is None:
            present = sorted({int(f) for f in tree["function"]})
            handles = [Patch(color=CEO_COLOR if f < 0 else st.function_style(f)["color"],
                             label=run.function_name(f)) for f in present] + handles
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                      ncol=min(len(handles), 7), fontsize=9, frameon=False)
        else:
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                      ncol=3, fontsize=9, frameon=False)
            if scatter is not None:
                bar = fig.colorbar(scatter, ax=ax, shrink=0.6, pad=0.01)
                bar.set_label("morale of the occupant (0–1)")
        return fig


# ---- spans and layers -----------------------------------------------------

def spans(tree: pd.DataFrame) -> pd.Series:
    """Direct reports (positions, vacant ones included) of each manager position."""
    kids = _children(tree)
    managers = tree.index[tree["level"] > 0]
    return pd.Series([len(kids.get(int(p), [])) for p in managers], index=managers,
                     name="span", dtype=int)


def depths(tree: pd.DataFrame) -> pd.Series:
    """Layers from each position to the top, itself included (the top is 1)."""
    parent = dict(zip(tree.index.astype(int), tree["parent"].astype(int)))
    memo: dict[int, int] = {}

    def depth(p: int) -> int:
        chain = []
        while p in parent and p not in memo:
            chain.append(p)
            p = parent[p]
        d = memo.get(p, 0)
        for q in reversed(chain):
            d += 1
            memo[q] = d
        return d

    return pd.Series([depth(int(p)) for p in tree.index], index=tree.index, name="depth")


def choose_before_after(run: Run, policy: str | None = None) -> tuple[int, int, str]:
    """(before tick, after tick, what) for the histograms: the snapshots around
    the first policy that reshaped the tree (or the named policy), else the
    first and last snapshots."""
    snaps = list(run.graph_ticks())
    if not snaps:
        raise WfsimError(f"{run.path}: /graph holds no snapshot")
    events = run.events(kinds=["policy"])
    if policy is not None:
        match = events[(events["policy"] == policy) | (events["source"].astype(str) == policy)]
        if match.empty:
            names = sorted(set(events["policy"]))
            raise WfsimError(f"no policy event of {policy!r} in this run (policies with "
                             f"events: {', '.join(names) or 'none'})")
        events = match
    for t, label in sorted({(int(t), lab) for t, lab in zip(events["tick"], events["policy"])}):
        before = [s for s in snaps if s < t]
        after = [s for s in snaps if s >= t]
        if before and after and after[0] != before[-1]:
            return before[-1], after[0], f"{label} at week {t}"
    if policy is not None:
        raise WfsimError(f"no tree snapshots around the events of {policy!r}")
    return snaps[0], snaps[-1], "first and last snapshots"


def build_histograms(run: Run, before: int | None = None, after: int | None = None,
                     policy: str | None = None, size: tuple[float, float] = (13.0, 5.5)
                     ) -> plt.Figure:
    """Span of control and positions per layer, before and after a policy."""
    what = "chosen weeks"
    if before is None or after is None:
        b, a, what = choose_before_after(run, policy)
        before = b if before is None else before
        after = a if after is None else after
    t_before, t_after = run.tree_at(before), run.tree_at(after)
    colors = (st.RUN_COLORS[0], st.RUN_COLORS[1])
    labels = (f"before: week {t_before.attrs['tick']}", f"after: week {t_after.attrs['tick']}")
    with st.style():
        fig, (ax_span, ax_layer) = plt.subplots(1, 2, figsize=size, layout="constrained")
        ax_span.set_label("spans")
        ax_layer.set_label("layers")
        sp = [spans(t_before), spans(t_after)]
        hi = max(int(s.max()) if len(s) else 0 for s in sp)
        bins = np.arange(0, hi + 2)
        width = 0.4
        for k, (s, color, label) in enumerate(zip(sp, colors, labels)):
            counts = np.bincount(s.to_numpy(dtype=int), minlength=len(bins))[: len(bins)]
            ax_span.bar(bins + (k - 0.5) * width, counts, width=width, color=color,
                        label=f"{label}: {len(s):,} managers, mean span {s.mean():.2f}")
        ax_span.set_title("Span of control")
        ax_span.set_xlabel("direct reports per manager position (vacant included)")
        ax_span.set_ylabel("manager positions")
        ax_span.legend(loc="best")
        ax_span.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        lv = [t["level"].value_counts().sort_index() for t in (t_before, t_after)]
        dp = [depths(t) for t in (t_before, t_after)]
        levels = sorted(set(lv[0].index) | set(lv[1].index))
        y = np.arange(len(levels))
        for k, (counts, color, label, d) in enumerate(zip(lv, colors, labels, dp)):
            vals = [int(counts.get(level, 0)) for level in levels]
            bars = ax_layer.barh(y + (0.5 - k) * width, vals, height=width, color=color,
                                 label=f"{label}: {int(d.max())} layers top to bottom")
            ax_layer.bar_label(bars, labels=[f"{v:,}" if v else "" for v in vals], padding=3,
                               fontsize=8.5)
        top = levels[-1] if levels else 0
        ax_layer.set_yticks(y, [("0 (ICs)" if lev == 0 else f"{lev} (top)" if lev == top
                                 else str(lev)) for lev in levels])
        ax_layer.margins(x=0.12)
        ax_layer.set_xscale("log")
        ax_layer.xaxis.set_major_formatter(st.count_axis())
        ax_layer.set_title("Positions per level")
        ax_layer.set_xlabel("positions (log scale)")
        ax_layer.set_ylabel("level (0 = individual contributor)")
        ax_layer.grid(axis="y", visible=False)
        ax_layer.legend(loc="best")
        fig.suptitle(f"Organisation before and after: {what}", fontsize=13, fontweight="bold")
        return fig
