"""Shared look of every figure: palettes, fonts, axis formats, notes, saving.

Palettes are colour-blind safe: Okabe & Ito's eight colours for runs and
event kinds, Paul Tol's "muted" nine for functions (line styles repeat the
palette beyond nine), viridis for continuous values.
"""

from __future__ import annotations

import contextlib
import os
from typing import Iterable, Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import Formatter, FuncFormatter, MultipleLocator

from .errors import WfsimError
from .io import TICKS_PER_YEAR, Run

# Okabe-Ito, reordered so the first colours are the most distinct on white
# (the yellow is left out: it is hard to see as a thin line).
RUN_COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]
# Paul Tol, "muted".
FUNCTION_COLORS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
                   "#CC6677", "#882255", "#AA4499"]
LINESTYLES = ["-", "--", "-.", ":"]
EVENT_COLORS = {"quits": "#E69F00", "layoffs": "#D55E00", "hires": "#0072B2",
                "promotions": "#009E73"}
POLICY_COLOR = "#555555"
NOTE_COLOR = "#777777"
SEQUENTIAL_CMAP = "viridis"

RC = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.5,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 8.5,
    "legend.framealpha": 0.85,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=RUN_COLORS),
    "lines.linewidth": 1.6,
    "figure.facecolor": "white",
    "text.parse_math": False,  # dollar signs in labels are money, not TeX
    "savefig.facecolor": "white",
}

FORMATS = ("png", "pdf", "svg")


@contextlib.contextmanager
def style():
    """Matplotlib settings for the package's figures (restored afterwards)."""
    with plt.rc_context(RC):
        yield


def function_style(j: int) -> dict:
    """Colour and line style of function j (styles repeat the palette past nine)."""
    return {"color": FUNCTION_COLORS[j % len(FUNCTION_COLORS)],
            "linestyle": LINESTYLES[(j // len(FUNCTION_COLORS)) % len(LINESTYLES)]}


def run_color(i: int) -> str:
    return RUN_COLORS[i % len(RUN_COLORS)]


def to_years(ticks) -> np.ndarray:
    return np.asarray(ticks, dtype=float) / TICKS_PER_YEAR


def _scaled(x: float, money: bool) -> str:
    sign = "-" if x < 0 else ""
    x = abs(x)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if x >= div:
            v = x / div
            text = f"{v:.1f}".rstrip("0").rstrip(".") if v < 100 else f"{v:.0f}"
            return f"{sign}{'$' if money else ''}{text}{suffix}"
    if x == 0:
        return "0" if not money else "$0"
    text = f"{x:.2f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"
    return f"{sign}{'$' if money else ''}{text}"


def fmt_money(x: float) -> str:
    """$1.2M, -$350k, $0."""
    if x is None or not np.isfinite(x):
        return "–"
    return _scaled(float(x), True)


def fmt_count(x: float) -> str:
    """12,345 (or 1.2M past a million); one decimal for small fractions."""
    if x is None or not np.isfinite(x):
        return "–"
    if abs(x) >= 1e6:
        return _scaled(float(x), False)
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"


def _axis_label(x: float, money: bool) -> str:
    if abs(x) >= 1000:
        return _scaled(x, money)
    text = f"{x:.6g}"
    if text in ("-0", "0"):
        text = "0"
    if money:
        return f"-${text[1:]}" if text.startswith("-") else f"${text}"
    return text


class ScaledFormatter(Formatter):
    """Tick labels like 12k, 1.5M or $250k, with just enough decimals that
    neighbouring ticks never read the same."""

    def __init__(self, money: bool):
        self.money = money

    def _one(self, x: float, decimals: int, div: float, suffix: str) -> str:
        v = abs(x) / div
        text = f"{v:,.{decimals}f}"
        if text.strip("0.") == "":  # zero: no sign, no suffix
            return f"{'$' if self.money else ''}{text}"
        sign = "-" if x < 0 else ""
        return f"{sign}{'$' if self.money else ''}{text}{suffix}"

    def format_ticks(self, values):
        values = list(values)
        if not values:
            return []
        if self.axis is not None and self.axis.get_scale() == "log":
            return [self._log_label(v) for v in values]
        shown = values
        if self.axis is not None:  # locators may add ticks outside the view
            lo, hi = sorted(self.axis.get_view_interval())
            shown = [v for v in values if lo <= v <= hi] or values
        big = max(abs(v) for v in shown)
        # Below 10,000 plain numbers read best (3,024 rather than 3.024k).
        div, suffix = next(((d, s) for d, s in ((1e12, "T"), (1e9, "B"), (1e6, "M"),
                                                 (1e3, "k")) if big >= max(d, 1e4)), (1.0, ""))
        for decimals in range(0, 6):
            labels = [self._one(v, decimals, div, suffix) for v in values]
            if len(set(labels)) == len(labels) and all(
                    abs(float(lab.strip("$-kMBT").replace(",", "") or 0) * div - abs(v))
                    <= 0.02 * max(big, 1e-12)
                    for lab, v in zip(labels, values)):
                return labels
        return labels

    def _log_label(self, x: float) -> str:
        """Each tick of a log axis on its own scale: 200, 5,000, 20k, 1M."""
        div, suffix = next(((d, s) for d, s in ((1e12, "T"), (1e9, "B"), (1e6, "M"),
                                                 (1e3, "k")) if abs(x) >= max(d, 1e4)), (1.0, ""))
        text = f"{x / div:,.6g}"
        return f"{'$' if self.money else ''}{text}{suffix}"

    def __call__(self, x, pos=None):
        return self.format_ticks([x])[0]


def money_axis() -> ScaledFormatter:
    """A tick formatter for USD (one per axis: formatters remember their axis)."""
    return ScaledFormatter(money=True)


def count_axis() -> ScaledFormatter:
    """A tick formatter for counts and other plain numbers."""
    return ScaledFormatter(money=False)


def time_axis(ax, x_max_years: float | None = None, note: str = "") -> None:
    """Label the x axis as time from the start. Data are in years; a run shorter
    than a year is labelled in weeks instead (0.005 years helps nobody).
    With ``x_max_years`` the limits are set too."""
    short = x_max_years is not None and x_max_years < 1.0
    if short:
        weeks = x_max_years * TICKS_PER_YEAR
        step = next((s for s in (1, 2, 4, 13, 26) if weeks / s <= 10), 52)
        ax.xaxis.set_major_locator(MultipleLocator(step / TICKS_PER_YEAR))
        ax.xaxis.set_major_formatter(FuncFormatter(
            lambda x, _pos: f"{x * TICKS_PER_YEAR:.0f}"))
    if x_max_years is not None:
        ax.set_xlim(0, max(x_max_years, 1e-9))
    label = "weeks from start" if short else "years from start"
    ax.set_xlabel(f"{label} ({note})" if note else label)


def integer_axis(ax) -> None:
    """Whole-number y ticks (for counts of people, agents, robots)."""
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def legend(ax, handles=None, notes=(), **kw):
    """A legend, with extra lines of text (``notes``) as entries of their own, so
    that notes never sit on top of the data."""
    from matplotlib.lines import Line2D

    if handles is None:
        handles, _labels = ax.get_legend_handles_labels()
    handles = list(handles) + [Line2D([], [], color="none", label=n) for n in notes if n]
    if not handles:
        return None
    kw.setdefault("loc", "best")
    return ax.legend(handles=handles, **kw)


def not_in_run(ax, text: str = "not in this run") -> None:
    """Replace an empty panel's contents by a quiet note (keeps its title)."""
    ax.set_gid("empty")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(True)
        ax.spines[side].set_color("#dddddd")
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            color=NOTE_COLOR, fontsize=10, style="italic", wrap=True)


def is_empty(values) -> bool:
    """True when a series is absent, all NaN or all zero."""
    if values is None:
        return True
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    return arr.size == 0 or not np.any(arr != 0)


def zero_line(ax) -> None:
    """A thin line at y = 0, only where the data come near zero (else it wastes the axis)."""
    lo, hi = ax.get_ylim()
    if lo <= 0 <= hi or min(abs(lo), abs(hi)) < 0.25 * (hi - lo):
        ax.axhline(0, color="#999999", linewidth=0.8, label="_zero")


def data_lines(ax) -> list:
    """The data lines of an axes (helper lines, whose labels start with '_', excluded)."""
    return [ln for ln in ax.get_lines() if not str(ln.get_label()).startswith("_")]


def panel(fig, name: str):
    """The axes of a figure whose label is ``name`` (see ``Axes.set_label``)."""
    for ax in fig.axes:
        if ax.get_label() == name:
            return ax
    raise KeyError(name)


# ---- policy markers -------------------------------------------------------

def policy_marks(run: Run) -> list[tuple[int, str]]:
    """(tick, label) of the policy events of a run, one per policy and tick (two
    policies with one label at one tick give two entries).

    A policy acting on more than six ticks (say, an automation schedule) is
    marked at its first and last tick only."""
    events = run.events(kinds=["policy"])
    marks: list[tuple[int, str]] = []
    for source, group in events.groupby("source", sort=True):
        label = run.policy_label(int(source))
        ticks = sorted(set(int(t) for t in group["tick"]))
        if len(ticks) > 6:
            marks.append((ticks[0], f"{label} (from)"))
            marks.append((ticks[-1], f"{label} (to)"))
        else:
            marks.extend((t, label) for t in ticks)
    return sorted(marks)


def draw_policy_lines(ax, ticks: Iterable[int]) -> None:
    for t in sorted(set(ticks)):
        ax.axvline(t / TICKS_PER_YEAR, color=POLICY_COLOR, linestyle=":", linewidth=1.0,
                   alpha=0.8, zorder=0.5, label="_policy")


def draw_policy_strip(ax, marks: Sequence[tuple[int, str]], x_max_years: float,
                      fig_width_in: float) -> None:
    """A thin timeline above the panels with the policy labels, staggered so
    that labels never overlap."""
    ax.set_label("policies")
    time_axis(ax, x_max_years)
    ax.set_xlabel("")
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=8, length=3)
    ax.set_title("Policy events (dotted lines in the panels below)", fontsize=9.5,
                 loc="left", fontweight="normal", color="#333333")
    if not marks:
        ax.text(0.5, 0.5, "no policy events in this run", transform=ax.transAxes,
                ha="center", va="center", color=NOTE_COLOR, style="italic", fontsize=9)
        ax.set_xticks([])
        return
    # Merge labels of one tick, then stack rows so labels do not collide.
    by_tick: dict[int, list[str]] = {}
    for t, label in marks:
        by_tick.setdefault(t, []).append(label)
    for t, labels in by_tick.items():  # two policies of one name at one tick: "name ×2"
        counts = {lab: labels.count(lab) for lab in labels}
        by_tick[t] = [f"{lab} ×{n}" if n > 1 else lab for lab, n in counts.items()]
    char_frac = 0.0075 * 15.0 / max(fig_width_in, 1.0)  # one 8pt character, in axes fraction
    rows_end: list[float] = []
    placed = []
    for t in sorted(by_tick):
        text = f"wk {t}: {', '.join(by_tick[t])}"
        x = (t / TICKS_PER_YEAR) / max(x_max_years, 1e-9)
        width = len(text) * char_frac
        ha = "left"
        if x + width > 1.0:  # keep the label inside the page: put it left of the mark
            ha, start, end = "right", x - width, x
        else:
            start, end = x, x + width
        row = next((i for i, e in enumerate(rows_end) if start > e + char_frac), None)
        if row is None:
            rows_end.append(end)
            row = len(rows_end) - 1
        else:
            rows_end[row] = end
        placed.append((t, text, row, ha))
    nrows = max(1, len(rows_end))
    for t, text, row, ha in placed:
        y = 0.82 - row * (0.7 / max(nrows, 2))
        xy = t / TICKS_PER_YEAR
        ax.plot([xy, xy], [0, y], color=POLICY_COLOR, linestyle=":", linewidth=1.0,
                label="_policy")
        ax.plot([xy], [y], marker="v", color=POLICY_COLOR, markersize=5, label="_policy")
        ax.annotate(text, (xy, y), xytext=(5 if ha == "left" else -5, 0),
                    textcoords="offset points", ha=ha, va="center", fontsize=8,
                    color="#222222")


# ---- output ---------------------------------------------------------------

def parse_formats(text: str | None) -> list[str]:
    if not text:
        return ["png"]
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise WfsimError(f"unknown image format {bad[0]!r} (use png, pdf or svg)")
    return formats


def save(fig, out: str, formats: Sequence[str] = ("png",), dpi: float = 100) -> list[str]:
    """Save ``fig`` as ``out`` (its extension decides the first format) plus the
    other ``formats`` beside it; returns the paths written."""
    root, ext = os.path.splitext(out)
    ext = ext.lower().lstrip(".")
    if ext not in FORMATS:
        root, ext = out, ""
    wanted = ([ext] if ext else []) + [f for f in formats if f != ext]
    if not ext and not wanted:
        wanted = ["png"]
    folder = os.path.dirname(os.path.abspath(root))
    if not os.path.isdir(folder):
        raise WfsimError(f"{os.path.dirname(out) or '.'}: no such folder for the output")
    paths = []
    for fmt in wanted:
        path = f"{root}.{fmt}"
        fig.savefig(path, dpi=dpi, format=fmt)
        paths.append(path)
    return paths


def close(fig) -> None:
    plt.close(fig)
