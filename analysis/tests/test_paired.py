"""Paired comparisons (`wfsim compare` folders): compare.h5, the figures, the CLI."""

from __future__ import annotations

import math
import os
import shutil

import h5py
import matplotlib.pyplot as plt
import matplotlib.colors as mcolors
import numpy as np
import pytest

from wfsim_analysis import cli, paired
from wfsim_analysis.errors import RunFileError, SchemaVersionError
from wfsim_analysis.style import data_lines, panel

from synthetic import COMPARE_KEYS, write_synthetic_comparison

REPLICATES = 3
T975_DF2 = 4.303  # Student's t, 97.5% quantile, 2 degrees of freedom


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cmp_dir(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("compare") / "cmp"
    # wfsim writes the -o path it was given into run_files; here a path relative
    # to some other folder, which the reader must resolve inside the folder.
    write_synthetic_comparison(str(folder), replicates=REPLICATES, ticks=40,
                               run_files_prefix="out/elsewhere/")
    return str(folder)


def _metric(path: str, name: str) -> np.ndarray:
    with h5py.File(path, "r") as f:
        return f["metrics"][name][...].astype(float)


def _hand_paired(c: paired.Comparison, metric: str, cumsum: bool = False) -> np.ndarray:
    """[T, R] policy - base, the replicates taken by seed."""
    d = np.array([_metric(p, metric) - _metric(b, metric)
                  for b, p in zip(c.base_files, c.policy_files)]).T
    return np.cumsum(d, axis=0) if cumsum else d


def _band(ax, gid: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, lower, upper) of the fill_between with this gid."""
    (poly,) = [c for c in ax.collections if c.get_gid() == gid]
    v = poly.get_paths()[0].vertices
    xs = np.unique(v[:, 0])
    lo = np.array([v[v[:, 0] == x, 1].min() for x in xs])
    hi = np.array([v[v[:, 0] == x, 1].max() for x in xs])
    return xs, lo, hi


def test_open_comparison(cmp_dir):
    c = paired.open_comparison(cmp_dir)
    assert c.path == os.path.join(cmp_dir, "compare.h5")
    assert c.seeds == [42, 43, 44] and c.n == REPLICATES
    assert c.base_name == "synthetic-base" and c.policy_name == "synthetic-deep-cuts"
    assert c.base_files == [os.path.join(cmp_dir, f"base-r{k}.h5") for k in range(3)]
    assert c.policy_files == [os.path.join(cmp_dir, f"policy-r{k}.h5") for k in range(3)]
    s = c.summary
    assert list(s.index) == [m for m, _ in COMPARE_KEYS] and s.index.name == "metric"
    assert list(s["reduce"]) == [h for _, h in COMPARE_KEYS]
    assert all(isinstance(v, str) for v in s["reduce"])  # decoded, not bytes
    for col in paired.SUMMARY_FLOATS + ("rel_diff", "rel_low", "rel_high"):
        assert s[col].dtype == np.float64, col
    # relative columns: over |base_mean|, NaN where the baseline is 0
    finite = s["base_mean"] != 0
    np.testing.assert_allclose(s.loc[finite, "rel_diff"],
                               s.loc[finite, "diff_mean"] / s.loc[finite, "base_mean"].abs())
    np.testing.assert_allclose(s.loc[finite, "rel_low"],
                               s.loc[finite, "ci_low"] / s.loc[finite, "base_mean"].abs())
    assert s.loc["robots", ["rel_diff", "rel_low", "rel_high"]].isna().all()
    assert s["significant"].tolist() == ((s["ci_low"] > 0) | (s["ci_high"] < 0)).tolist()
    # the paired series: tick x replicate (columns: seeds), policy - base
    hc = c.paired_series("headcount")
    assert hc.shape == (40, REPLICATES) and list(hc.columns) == c.seeds
    np.testing.assert_allclose(hc.to_numpy(), _hand_paired(c, "headcount"))
    assert c.replicates["base"].shape == (len(COMPARE_KEYS), REPLICATES)
    with pytest.raises(Exception, match="did you mean headcount"):
        c.paired_series("headcont")


def test_open_comparison_errors(cmp_dir, tmp_path, synthetic_run):
    with pytest.raises(RunFileError, match="no compare.h5"):
        paired.open_comparison(str(tmp_path))
    with pytest.raises(RunFileError, match="not a paired comparison"):
        paired.open_comparison(synthetic_run)
    bad = tmp_path / "compare.h5"
    shutil.copy(os.path.join(cmp_dir, "compare.h5"), bad)
    with h5py.File(bad, "r+") as f:
        f.attrs["schema_version"] = np.int64(9)
    with pytest.raises(SchemaVersionError):
        paired.open_comparison(str(bad))
    assert paired.comparison_path(str(tmp_path)) == str(bad)
    assert paired.comparison_path(synthetic_run) is None


def test_difference_band_is_the_paired_t_interval(cmp_dir):
    c = paired.open_comparison(cmp_dir)
    arms = c.arms()
    assert [a.label for a in arms] == ["synthetic-base", "synthetic-deep-cuts"]
    fig = paired.build_difference(c, arms)
    for label, metric, cumsum in (("headcount", "headcount", False),
                                  ("quits", "quits", True),
                                  ("operating_income", "operating_income", True)):
        d = _hand_paired(c, metric, cumsum)
        mean = d.mean(axis=1)
        half = T975_DF2 * d.std(axis=1, ddof=1) / math.sqrt(REPLICATES)
        ax = panel(fig, label)
        (line,) = data_lines(ax)
        np.testing.assert_allclose(line.get_ydata(), mean)
        x, lo, hi = _band(ax, f"ci:{metric}")
        assert len(x) == len(mean)
        np.testing.assert_allclose(lo, mean - half, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(hi, mean + half, rtol=1e-9, atol=1e-6)
    # output vs expected output: one line style per metric (synthetic files
    # have no top-level output, so only expected_output is drawn)
    out = panel(fig, "output")
    assert [ln.get_linestyle() for ln in data_lines(out)] == ["--"]
    assert "expected output" in out.get_title()
    assert panel(fig, "workload").get_gid() == "empty"  # not in the synthetic files
    assert "paired by seed, n=3" in " ".join(
        t.get_text() for t in panel(fig, "key").get_legend().get_texts())


def test_overlay_has_both_arms(cmp_dir):
    c = paired.open_comparison(cmp_dir)
    fig = paired.build_overlay(c)
    hc = panel(fig, "headcount")
    assert len(data_lines(hc)) == 2  # one mean per arm
    base = np.mean([_metric(p, "headcount") for p in c.base_files], axis=0)
    np.testing.assert_allclose(data_lines(hc)[0].get_ydata(), base)


def test_scorecard_bars_are_relative_differences(cmp_dir):
    c = paired.open_comparison(cmp_dir)
    fig = paired.build_scorecard(c)
    ax = panel(fig, "scorecard")
    s = c.summary
    drawn = s[~((s.base_mean == 0) & (s.policy_mean == 0) & (s.diff_mean == 0))]
    assert "robots" not in drawn.index and "oversight_gap" not in drawn.index
    assert "0 in both arms (not drawn): robots, oversight_gap" in ax.get_title()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"{m.replace('_', ' ')}  ({r})" for m, r in zip(drawn.index,
                                                                   drawn["reduce"])]
    bars = ax.containers[0]
    assert len(bars) == len(drawn)
    for bar, (metric, row) in zip(bars, drawn.iterrows()):
        expected = row.diff_mean / abs(row.base_mean)
        assert bar.get_width() == pytest.approx(expected), metric
        sign = 1 if expected > 0 else -1 if expected < 0 else 0
        assert mcolors.to_hex(bar.get_facecolor()) == paired.SIGN_COLORS[sign].lower()
        assert bar.get_alpha() == (0.9 if row.significant else 0.35)
    (ci,) = [c_ for c_ in ax.collections if c_.get_gid() == "ci"]
    segments = ci.get_segments()
    assert len(segments) == len(drawn)
    for seg, (_, row) in zip(segments, drawn.iterrows()):
        base = abs(row.base_mean)
        assert sorted(seg[:, 0]) == pytest.approx([row.ci_low / base, row.ci_high / base])
    values = [t.get_text() for t in panel(fig, "scorecard:values").get_yticklabels()]
    assert values[0].startswith(f"{drawn.rel_diff.iloc[0]:+.1%}")


def test_scorecard_zero_baseline_has_no_bar(cmp_dir, tmp_path):
    folder = tmp_path / "cmp"
    shutil.copytree(cmp_dir, folder)
    with h5py.File(folder / "compare.h5", "r+") as f:
        i = [m.decode() if isinstance(m, bytes) else m for m in f["summary/metric"][...]
             ].index("backlog")
        f["summary/base_mean"][i] = 0.0
        f["summary/base_mean"][0] = -1e6  # operating_income: a loss-making baseline
        f["summary/diff_mean"][0] = 2e5
    c = paired.open_comparison(str(folder))
    fig = paired.build_scorecard(c)
    ax = panel(fig, "scorecard")
    rows = list(paired.scorecard_rows(c)[0].index)
    k = rows.index("backlog")
    assert not ax.containers[0][k].get_visible()
    j = rows.index("operating_income")  # relative to |base|: a smaller loss is +20%
    assert ax.containers[0][j].get_width() == pytest.approx(0.2)
    assert mcolors.to_hex(ax.containers[0][j].get_facecolor()) == paired.SIGN_COLORS[1].lower()
    values = [t.get_text() for t in panel(fig, "scorecard:values").get_yticklabels()]
    assert "baseline 0" in values[k]


def test_cli_compare_folder(capsys, cmp_dir, tmp_path):
    folder = tmp_path / "cmp"
    shutil.copytree(cmp_dir, folder)
    assert cli.main(["compare", str(folder), "--dpi", "30"]) == 0
    out = capsys.readouterr().out.split()
    assert out == [str(folder / n) for n in ("compare.png", "compare-diff.png",
                                             "compare-scorecard.png")]
    assert all(os.path.getsize(p) > 5000 for p in out)
    # the compare.h5 file itself, -o elsewhere
    target = tmp_path / "figs" / "ab.png"
    target.parent.mkdir()
    assert cli.main(["compare", str(folder / "compare.h5"), "-o", str(target), "--no-diff",
                     "--dpi", "30"]) == 0
    assert capsys.readouterr().out.split() == [str(target),
                                               str(tmp_path / "figs" / "ab-scorecard.png")]
    # run files gone: a warning, and the scorecard (compare.h5 alone suffices)
    os.remove(folder / "policy-r1.h5")
    assert cli.main(["compare", str(folder), "--dpi", "30"]) == 0
    captured = capsys.readouterr()
    assert captured.out.split() == [str(folder / "compare-scorecard.png")]
    assert "policy-r1.h5: run file not found" in captured.err
    assert cli.main(["compare", str(folder), "--labels", "a,b,c"]) == 2
    assert "2 arms" in capsys.readouterr().err


def test_real_compare_folder(tmp_path, capsys):
    """`wfsim compare` itself (with WFSIM_BIN): its compare.h5 and run files read
    and plotted, the paired series equal to the run files' differences."""
    import subprocess

    from conftest import REPO, _scenario_path

    binary = os.environ.get("WFSIM_BIN")
    if not binary:
        pytest.skip("WFSIM_BIN is not set")
    if not os.path.isabs(binary) and not os.path.exists(binary) and os.sep in binary:
        binary = os.path.join(REPO, binary)
    out = tmp_path / "cmp"
    cmd = [binary, "compare", _scenario_path(), "-n", "2", "--ticks", "20", "-o", str(out),
           "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    c = paired.open_comparison(str(out))
    assert c.n == 2 and not c.missing_files()
    assert "headcount" in c.summary.index and c.summary["reduce"].map(type).eq(str).all()
    np.testing.assert_allclose(c.paired_series("headcount").to_numpy(),
                               _hand_paired(c, "headcount"))
    assert cli.main(["compare", str(out), "--dpi", "30"]) == 0
    assert len(capsys.readouterr().out.split()) == 3
