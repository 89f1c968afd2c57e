"""Means and 95% confidence intervals over replicates (no SciPy needed)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

# Two-sided 95% quantiles of Student's t by degrees of freedom.
_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
         9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131,
         16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074,
         23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045,
         30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}


def t975(df: float) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom (df >= 1),
    interpolated linearly in 1/df between tabulated values."""
    if not np.isfinite(df) or df > 1e6:
        return 1.960
    df = max(float(df), 1.0)
    keys = sorted(_T975)
    if df in _T975:
        return _T975[int(df)]
    if df > keys[-1]:
        lo, hi, vlo, vhi = keys[-1], np.inf, _T975[keys[-1]], 1.960
    else:
        hi = next(k for k in keys if k > df)
        lo = max(k for k in keys if k < df)
        vlo, vhi = _T975[lo], _T975[hi]
    inv = lambda x: 0.0 if np.isinf(x) else 1.0 / x  # noqa: E731
    w = (inv(lo) - inv(df)) / (inv(lo) - inv(hi))
    return vlo + w * (vhi - vlo)


def mean_ci(frame: pd.DataFrame) -> pd.DataFrame:
    """Row-wise mean and 95% CI of the mean over the columns (replicates).

    Returns columns mean, lo, hi, n; lo = hi = mean where n < 2."""
    values = frame.to_numpy(dtype=float)
    n = np.sum(np.isfinite(values), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows with fewer than 2 values
        mean = np.nanmean(np.where(n[:, None] > 0, values, 0.0), axis=1)
        mean[n == 0] = np.nan
        sd = np.nanstd(values, axis=1, ddof=1) if values.shape[1] > 1 else np.zeros(len(values))
        half = np.array([t975(k - 1) if k > 1 else 0.0 for k in n]) * np.nan_to_num(sd) / \
            np.sqrt(np.maximum(n, 1))
    return pd.DataFrame({"mean": mean, "lo": mean - half, "hi": mean + half, "n": n},
                        index=frame.index)


def difference_ci(a: pd.DataFrame, b: pd.DataFrame, paired: bool) -> pd.DataFrame:
    """Mean of ``b - a`` per row with a 95% CI.

    ``paired``: columns of ``a`` and ``b`` are matched replicates (same seeds,
    common random numbers): the CI is that of the mean paired difference.
    Otherwise Welch's interval for a difference of means. One replicate on
    either side gives the plain difference without a band."""
    a, b = a.align(b, join="inner", axis=0)
    if paired:
        return mean_ci(pd.DataFrame(b.to_numpy() - a.to_numpy(), index=a.index))
    ma, mb = mean_ci(a), mean_ci(b)
    mean = mb["mean"] - ma["mean"]
    na, nb = ma["n"].to_numpy(), mb["n"].to_numpy()
    if a.shape[1] < 2 or b.shape[1] < 2:
        return pd.DataFrame({"mean": mean, "lo": mean, "hi": mean, "n": np.minimum(na, nb)},
                            index=a.index)
    with np.errstate(invalid="ignore", divide="ignore"):
        va = np.nanvar(a.to_numpy(dtype=float), axis=1, ddof=1) / na
        vb = np.nanvar(b.to_numpy(dtype=float), axis=1, ddof=1) / nb
        se = np.sqrt(va + vb)
        df = (va + vb) ** 2 / (va ** 2 / np.maximum(na - 1, 1) + vb ** 2 / np.maximum(nb - 1, 1))
    half = np.array([t975(d) if np.isfinite(d) else 1.96 for d in df]) * np.nan_to_num(se)
    return pd.DataFrame({"mean": mean, "lo": mean - half, "hi": mean + half,
                         "n": np.minimum(na, nb)}, index=a.index)
