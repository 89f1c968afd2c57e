"""Headline numbers of a run, and how a metric's series becomes one number."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .errors import UnknownNameError

if TYPE_CHECKING:
    from .io import Run


SUMMARY_ROWS = (
    # key, label, metric, how
    ("headcount_first", "Headcount, first tick", "headcount", "first"),
    ("headcount_last", "Headcount, last tick", "headcount", "last"),
    ("managers_first", "Managers, first tick", "managers", "first"),
    ("managers_last", "Managers, last tick", "managers", "last"),
    ("ic_per_manager_first", "ICs per manager, first tick", "ic_per_manager", "first"),
    ("ic_per_manager_last", "ICs per manager, last tick", "ic_per_manager", "last"),
    ("revenue_per_employee_first", "Revenue per employee, first tick (USD/yr)",
     "revenue_per_employee", "first"),
    ("revenue_per_employee_last", "Revenue per employee, last tick (USD/yr)",
     "revenue_per_employee", "last"),
    ("operating_income_total", "Operating income, total (USD)", "operating_income", "sum"),
    ("quits_total", "Quits, total", "quits", "sum"),
    ("layoffs_total", "Layoffs, total", "layoffs", "sum"),
    ("hires_total", "Hires, total", "hires", "sum"),
    ("promotions_total", "Promotions, total", "promotions", "sum"),
    ("mean_morale_last", "Mean morale, last tick", "mean_morale", "last"),
)

REDUCERS = ("sum", "last", "first", "mean", "min", "max")


def reduce_series(s: pd.Series, how: str) -> float:
    s = s.dropna()
    if s.empty:
        return float("nan")
    if how == "first":
        return float(s.iloc[0])
    if how == "last":
        return float(s.iloc[-1])
    if how in ("sum", "mean", "min", "max"):
        return float(getattr(s, how)())
    raise UnknownNameError(f"unknown reduction {how!r} (use one of {', '.join(REDUCERS)})")


def summarize(run: Run) -> pd.Series:
    """The summary table of a run as a Series (key -> value; NaN for an absent metric).
    Labels are in ``SUMMARY_ROWS``."""
    available = set(run.metric_names())
    metrics = run.metrics(sorted({m for _, _, m, _ in SUMMARY_ROWS} & available))
    out = {}
    for key, _label, metric, how in SUMMARY_ROWS:
        out[key] = reduce_series(metrics[metric], how) if metric in metrics else float("nan")
    return pd.Series(out, dtype=float)
