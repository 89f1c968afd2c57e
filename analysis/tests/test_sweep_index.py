"""The sweep index `wfsim sweep` writes (docs/output-format.md, "Sweeps")."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np
import pytest

from wfsim_analysis import cli, open_sweep_index, sweep
from wfsim_analysis.style import data_lines, panel

from synthetic import write_synthetic_sweep

# run index -> status (all others complete); 6 points x 2 replicates
STATUSES = {2: "incomplete", 3: "failed", 5: "missing", 7: "foreign"}
SHARES = (0.0, 0.13, 0.25)
MODES = ("hybrid", "office")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("sweep") / "sw"
    write_synthetic_sweep(str(folder), shares=SHARES, modes=MODES, replicates=2,
                          statuses=STATUSES)
    return str(folder)


def test_open_sweep_index_columns_dtypes_statuses(sweep_folder):
    t = open_sweep_index(sweep_folder)
    assert list(t.columns) == [
        "run_index", "point", "replicate", "seed", "run_id", "file", "status",
        "wall_seconds", "error", "policies[id=delayering].share", "policies[id=rto].mode",
        "headcount.last", "operating_income.sum"]
    assert len(t) == 12  # every planned run, in run order
    for c in ("run_index", "point", "replicate", "seed"):
        assert t[c].dtype == np.int64, c
    for c in ("wall_seconds", "policies[id=delayering].share", "headcount.last",
              "operating_income.sum"):
        assert t[c].dtype == np.float64, c
    for c in ("run_id", "file", "status", "error", "policies[id=rto].mode"):
        assert t[c].dtype == object and all(type(v) is str for v in t[c]), c
    assert t["run_index"].tolist() == list(range(12))
    assert t["run_id"].iloc[3] == "p0001-r01" and t["file"].iloc[3] == "runs/p0001-r01.h5"
    expected = [STATUSES.get(i, "complete") for i in range(12)]
    assert t["status"].tolist() == expected
    done = t["status"] == "complete"
    assert t.loc[done, "headcount.last"].notna().all()
    assert t.loc[~done, ["headcount.last", "wall_seconds"]].isna().all().all()
    assert t.loc[3, "error"].startswith("run p0001-r01") and t.loc[0, "error"] == ""
    assert t.attrs["parameters"] == ["policies[id=delayering].share", "policies[id=rto].mode"]
    assert t.attrs["summary"] == ["headcount.last", "operating_income.sum"]
    assert t.attrs["format"] == "wfsim-sweep-index" and t.attrs["sweep_name"] == "synthetic"
    assert t.attrs["runs"] == 12 and t.attrs["complete_runs"] == 8
    # the file itself works too
    assert len(open_sweep_index(os.path.join(sweep_folder, "index.h5"))) == 12


def test_open_sweep_index_errors(tmp_path):
    with pytest.raises(sweep.SweepError, match="no index.h5"):
        open_sweep_index(str(tmp_path))


def test_load_sweep_uses_the_declared_roles(sweep_folder):
    sw = sweep.load_sweep(sweep_folder)
    assert sw.source == "index" and sw.name == "synthetic"
    # bookkeeping columns (run_index, point, seed, wall_seconds...) are neither
    assert sw.params == ["policies[id=delayering].share", "policies[id=rto].mode"]
    assert sw.summaries == ["headcount.last", "operating_income.sum"]
    assert len(sw.table) == 8 and (sw.table["status"] == "complete").all()
    assert sw.notes == ["left out: 1 incomplete, 1 failed, 1 missing, 1 foreign"]
    assert sw.paths == [os.path.join(sweep_folder, f) for f in sw.table["file"]]
    assert all(os.path.isfile(p) for p in sw.paths)
    assert sw.column_for(None, None) == "headcount.last"
    assert sw.column_for("operating_income", "sum") == "operating_income.sum"


def test_sweep_plot_from_index(sweep_folder):
    sw = sweep.load_sweep(sweep_folder)
    fig = sweep.build(sw, "headcount.last", x="policies[id=delayering].share",
                      y="policies[id=rto].mode", kind="line")
    ax = panel(fig, "sweep")
    lines = data_lines(ax)
    assert [ln.get_label() for ln in lines] == [f"rto.mode = {m}" for m in MODES]
    t = sw.table
    for ln, mode in zip(lines, MODES):
        sub = t[t["policies[id=rto].mode"] == mode]
        want = [sub.loc[sub["policies[id=delayering].share"] == s, "headcount.last"].mean()
                for s in SHARES]
        np.testing.assert_allclose(ln.get_ydata(), want)
    assert "left out: 1 incomplete, 1 failed, 1 missing, 1 foreign" in ax.get_title()
    heat = sweep.build(sw, "operating_income.sum")  # two parameters: a heat map
    assert len(panel(heat, "sweep").get_images()) == 1


def test_sweep_summary_not_in_index_is_computed_from_the_runs(sweep_folder):
    sw = sweep.load_sweep(sweep_folder, metric="quits", reduce="sum")
    assert sw.column_for("quits", "sum") == "quits.sum"
    assert sw.table["quits.sum"].notna().all() and len(sw.table) == 8


def test_cli_sweep_index(capsys, sweep_folder, tmp_path):
    out = tmp_path / "s.png"
    assert cli.main(["sweep", sweep_folder, "--metric", "operating_income", "--reduce", "sum",
                     "-o", str(out), "--dpi", "30"]) == 0
    captured = capsys.readouterr()
    assert captured.out.split() == [str(out)] and out.stat().st_size > 3000
    assert "left out: 1 incomplete, 1 failed, 1 missing, 1 foreign" in captured.err


def test_folder_without_index_skips_burn_ins(tmp_path, sweep_folder):
    """No index.h5: the run files are read, and burn-in/ (shared burn-ins) is not a point."""
    import shutil

    folder = tmp_path / "sw"
    shutil.copytree(sweep_folder, folder)
    os.remove(folder / "index.h5")
    (folder / "burn-in").mkdir()
    shutil.copy(folder / "runs" / "p0000-r00.h5", folder / "burn-in" / "r00.h5")
    sw = sweep.load_sweep(str(folder), metric="headcount", reduce="last")
    assert sw.source == "folder"
    assert len(sw.table) == 8  # complete runs only (a .h5.partial is not *.h5)
    assert not any("burn-in" in p for p in sw.paths)
