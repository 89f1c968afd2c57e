"""Any metrics of a run, one panel each (`wfsim-plot metrics RUN.h5 NAME ...`)."""

from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt

from . import style as st
from .io import TICKS_PER_YEAR, Run

MONEY_UNITS = ("USD",)


def build(run: Run, names: Sequence[str], by_function: bool = False) -> plt.Figure:
    """One panel per metric (per-function lines with ``by_function``). Unknown
    names raise UnknownNameError before anything is drawn."""
    frames = [run.function_metric(n) for n in names] if by_function else \
        [run.metric(n).to_frame() for n in names]
    ncols = min(3, len(names))
    nrows = -(-len(names) // ncols)
    marks = st.policy_marks(run)
    with st.style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(5.0 * ncols, 0.8 + 3.4 * nrows),
                                 layout="constrained", squeeze=False)
        for ax, name, frame in zip(axes.flat, names, frames):
            ax.set_label(name)
            unit = run.unit(name)
            ax.set_title(name.replace("_", " ").capitalize())
            if st.is_empty(frame.to_numpy()):
                st.not_in_run(ax, f"{name}: all zero in this run")
                continue
            for j, col in enumerate(frame.columns):
                kw = st.function_style(j) if by_function else {"color": st.RUN_COLORS[0]}
                ax.plot(st.to_years(frame.index), frame[col], label=str(col), **kw)
            if by_function:
                ax.legend(loc="best", ncol=2 if frame.shape[1] > 5 else 1)
            ax.set_ylabel(unit)
            ax.yaxis.set_major_formatter(st.money_axis() if unit.startswith(MONEY_UNITS)
                                         else st.count_axis())
            st.time_axis(ax, max(run.ticks_recorded - 1, 1) / TICKS_PER_YEAR)
            st.draw_policy_lines(ax, [t for t, _ in marks])
        for ax in list(axes.flat)[len(names):]:
            ax.set_visible(False)
        fig.suptitle(f"{run.scenario_name}: seed {run.seed}", fontsize=13, fontweight="bold")
        return fig
