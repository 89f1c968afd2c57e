"""The figures, checked through their matplotlib objects."""

from __future__ import annotations

import glob
import json
import os
import shutil

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.container import BarContainer
from matplotlib.image import AxesImage

from wfsim_analysis import compare, dashboard, open_run, orgchart, sweep
from wfsim_analysis.style import data_lines, panel

from conftest import SWEEP_DAYS, SWEEP_REPLICATES, SWEEP_SHARES


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _bars(ax) -> list:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def _texts(ax) -> str:
    """Text drawn in an axes, its legend's included."""
    texts = [t.get_text() for t in ax.texts]
    if ax.get_legend() is not None:
        texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return " ".join(texts)


def test_dashboard_panels_synthetic(synthetic_run):
    with open_run(synthetic_run) as run:
        fig = dashboard.build(run)
        # the run has AI agents: the fourth row of machine panels
        assert fig.get_size_inches().tolist() == list(dashboard.FIG_SIZE_MACHINES)
        assert len(data_lines(panel(fig, "headcount"))) == 3  # one per function
        assert len(data_lines(panel(fig, "managers"))) == 1
        assert len(data_lines(panel(fig, "managers:ratio"))) == 1
        assert len(data_lines(panel(fig, "revenue_per_employee"))) == 1
        assert len(data_lines(panel(fig, "operating_income"))) == 2  # weekly, 13-week mean
        morale = panel(fig, "morale")
        assert len(data_lines(morale)) == 1 and len(morale.collections) == 2  # two bands
        flows = panel(fig, "flows")
        assert [c.get_label() for c in _bars(flows)] == ["quits", "layoffs", "hires"]
        assert len(_bars(flows)[0]) == 5  # quarters in 60 ticks
        assert len(data_lines(panel(fig, "backlog"))) == 3
        automation = panel(fig, "automation")
        assert [ln.get_label() for ln in data_lines(automation)] == ["AI agents"]
        assert "robots: none in this run" in _texts(automation)
        strip = panel(fig, "policies")
        labels = _texts(strip)
        assert "wk 20: delayering" in labels and "wk 30: ai_deployment (hr)" in labels
        # policy lines are drawn in the time panels, and are not data lines
        assert sum(ln.get_label() == "_policy" for ln in panel(fig, "headcount").lines) == 4
        assert "Headcount" in _texts(panel(fig, "summary"))


def test_dashboard_panels_any_run(run_file):
    """Every panel shows data or a note, never empty axes."""
    with open_run(run_file) as run:
        fig = dashboard.build(run)
        for name, _fn in dashboard.PANELS:
            ax = panel(fig, name)
            if name == "summary":
                continue
            has_data = data_lines(ax) or _bars(ax) or ax.collections
            assert has_data or ax.get_gid() == "empty", name
            if ax.get_gid() == "empty":
                assert ax.texts, name


def test_dashboard_notes_for_absent_or_zero_metrics(synthetic_run, tmp_path):
    path = tmp_path / "trimmed.h5"
    shutil.copy(synthetic_run, path)
    with h5py.File(path, "r+") as f:
        del f["metrics/backlog"], f["metrics_by_function/backlog"]
        f["metrics/ai_agents"][...] = 0.0
        del f["agents"]
    with open_run(str(path)) as run:
        fig = dashboard.build(run)
        backlog = panel(fig, "backlog")
        assert backlog.get_gid() == "empty" and "no backlog" in _texts(backlog)
        assert not data_lines(backlog)
        automation = panel(fig, "automation")
        assert automation.get_gid() == "empty"
        assert "no AI agents or robots" in _texts(automation)
        # no machines (oversight_gap is 0 too): nine panels, the usual size
        assert fig.get_size_inches().tolist() == list(dashboard.FIG_SIZE)
        with pytest.raises(KeyError):
            panel(fig, "work")
        morale = panel(fig, "morale")
        assert len(data_lines(morale)) == 1 and not morale.collections
        assert "spread: needs /agents" in _texts(morale)


def _sweep_files(sweep_dir, share, days):
    return sorted(glob.glob(os.path.join(sweep_dir, f"share{share}-days{days}-r*.h5")))


def test_compare_single_runs(synthetic_run, sweep_dir):
    other = _sweep_files(sweep_dir, 0.25, 5)[0]
    arms = compare.load_arms([synthetic_run, other])
    assert [a.n for a in arms] == [1, 1]
    fig = compare.build_overlay(arms)
    assert len(data_lines(panel(fig, "headcount"))) == 2
    assert len(data_lines(panel(fig, "flows"))) == 6  # quits, layoffs, hires per run
    assert len(data_lines(panel(fig, "automation"))) == 2  # AI agents per run; no robots
    diff = compare.build_difference(arms)
    for name in ("headcount", "operating_income", "morale", "quits"):
        ax = panel(diff, name)
        assert len(data_lines(ax)) == 1
        assert not ax.collections  # no band without replicates


def test_compare_replicates_grouped(sweep_dir):
    files = _sweep_files(sweep_dir, 0.0, 3) + _sweep_files(sweep_dir, 0.25, 5)
    arms = compare.load_arms(files)  # same scenario, other seeds -> replicates
    assert [a.n for a in arms] == [SWEEP_REPLICATES, SWEEP_REPLICATES]
    assert arms[1].label == "delayering.share=0.25, rto.days_per_week=5"
    fig = compare.build_overlay(arms)
    head = panel(fig, "headcount")
    assert len(data_lines(head)) == 2 and len(head.collections) == 2  # min-max bands
    assert panel(fig, "automation").get_gid() == "empty"  # no AI within 26 ticks
    diff = compare.build_difference(arms)
    for name in ("headcount", "ic_per_manager", "quits"):
        ax = panel(diff, name)
        assert len(data_lines(ax)) == 1 and len(ax.collections) == 1  # CI band
    assert "paired by seed" in " ".join(t.get_text() for t in panel(diff, "key")
                                        .get_legend().get_texts())


def test_compare_custom_metrics_and_errors(synthetic_run, sweep_dir):
    other = _sweep_files(sweep_dir, 0.0, 3)[0]
    arms = compare.load_arms([synthetic_run, other],
                             metrics=list(compare.BASE_METRICS) + ["promotions"])
    fig = compare.build_overlay(arms, panels=["quits", "promotions"])
    assert len(data_lines(panel(fig, "promotions"))) == 2
    with pytest.raises(Exception, match="no metric 'promotion'"):
        compare.load_arms([synthetic_run, other], metrics=["promotion"])


def test_sweep_heatmap_and_lines(sweep_dir):
    sw = sweep.load_sweep(sweep_dir)
    n = len(SWEEP_SHARES) * len(SWEEP_DAYS) * SWEEP_REPLICATES
    assert len(sw.table) == n and sw.source == "folder"
    assert sorted(sw.params) == ["policies[id=delayering].share",
                                 "policies[id=rto].days_per_week"]
    column = sw.column_for(None, None)
    assert column == "operating_income.sum"
    fig = sweep.build(sw, column)  # two parameters -> heat map
    images = [i for i in panel(fig, "sweep").get_images() if isinstance(i, AxesImage)]
    assert len(images) == 1
    assert images[0].get_array().shape == (len(SWEEP_DAYS), len(SWEEP_SHARES))
    assert np.isfinite(images[0].get_array()).all()
    fig = sweep.build(sw, column, kind="line")
    ax = panel(fig, "sweep")
    assert len(data_lines(ax)) == len(SWEEP_DAYS)  # one line per RTO value
    assert [len(ln.get_xdata()) for ln in data_lines(ax)] == [len(SWEEP_SHARES)] * 2
    sw = sweep.load_sweep(sweep_dir, metric="quits", reduce="last")
    fig = sweep.build(sw, sw.column_for("quits", "last"),
                      x="policies[id=delayering].share", y=None, kind="line")
    assert len(data_lines(panel(fig, "sweep"))) == len(SWEEP_DAYS)


def test_sweep_one_parameter_band(sweep_dir, tmp_path):
    for f in _sweep_files(sweep_dir, 0.0, 3) + _sweep_files(sweep_dir, 0.25, 3):
        shutil.copy(f, tmp_path)
    for f in tmp_path.glob("*.h5"):
        with h5py.File(f, "r+") as h:
            params = json.loads(h.attrs["sweep_parameters"])
            del params["policies[id=rto].days_per_week"]
            h.attrs["sweep_parameters"] = json.dumps(params)
    sw = sweep.load_sweep(str(tmp_path))
    fig = sweep.build(sw, sw.column_for(None, None))
    ax = panel(fig, "sweep")
    assert len(data_lines(ax)) == 1 and len(ax.collections) == 1  # mean + CI band


def test_sweep_by_file_name(sweep_dir, tmp_path):
    for f in _sweep_files(sweep_dir, 0.13, 5):
        shutil.copy(f, tmp_path)
    for f in tmp_path.glob("*.h5"):
        with h5py.File(f, "r+") as h:
            del h.attrs["sweep_parameters"]
    sw = sweep.load_sweep(str(tmp_path), metric="hires", reduce="sum")
    assert sw.source == "files" and not sw.params
    fig = sweep.build(sw, sw.column_for("hires", "sum"))
    assert len(_bars(panel(fig, "sweep"))[0]) == SWEEP_REPLICATES


def _write_index(path, sweep_dir, layout):
    sw = sweep.load_sweep(sweep_dir, metric="headcount", reduce="last")
    t = sw.table
    n = len(t)
    status = np.array(["ok"] * (n - 1) + ["failed"], dtype="S8")
    with h5py.File(path, "w") as f:
        f.attrs["sweep_name"] = "delayering-depth"
        if layout == "compound":
            dtype = np.dtype([("run_id", "<i8"), ("path", "S200"), ("seed", "<i8"),
                              ("status", "S8"), ("wall_seconds", "<f8"),
                              ("policies[id=delayering].share", "<f8"),
                              ("policies[id=rto].days_per_week", "<i8"),
                              ("headcount.last", "<f8"), ("operating_income_sum", "<f8")])
            rows = np.zeros(n, dtype=dtype)
            rows["run_id"] = np.arange(n)
            rows["path"] = [os.path.basename(p).encode() for p in t["path"]]
            rows["seed"] = t["seed"]
            rows["status"] = status
            rows["policies[id=delayering].share"] = t["policies[id=delayering].share"]
            rows["policies[id=rto].days_per_week"] = t["policies[id=rto].days_per_week"]
            rows["headcount.last"] = t["headcount.last"]
            rows["operating_income_sum"] = np.arange(n) * 1e6
            f["runs"] = rows
        else:
            g = f.create_group("runs")
            g["run_id"] = np.arange(n)
            g["seed"] = t["seed"].to_numpy()
            g["status"] = status
            p = g.create_group("parameters")
            p["delayering_share"] = t["policies[id=delayering].share"].to_numpy()
            p["rto_days"] = t["policies[id=rto].days_per_week"].to_numpy()
            s = g.create_group("summary")
            s["headcount.last"] = t["headcount.last"].to_numpy()
    return n


@pytest.mark.parametrize("layout", ["compound", "groups"])
def test_sweep_index(sweep_dir, tmp_path, layout):
    folder = tmp_path / "sweep"
    folder.mkdir()
    n = _write_index(folder / "index.h5", sweep_dir, layout)
    sw = sweep.load_sweep(str(folder))
    assert sw.source == "index" and sw.name == "delayering-depth"
    assert len(sw.table) == n - 1 and sw.notes == ["left out: 1 failed"]
    assert len(sw.params) == 2
    assert "headcount.last" in sw.summaries
    if layout == "compound":
        assert sw.summaries == ["headcount.last", "operating_income_sum"]
        assert sw.column_for("operating_income", "sum") == "operating_income_sum"
    fig = sweep.build(sw, sw.column_for("headcount", None))
    assert len(panel(fig, "sweep").get_images()) == 1
    with pytest.raises(sweep.SweepError, match="no summary 'quits'"):
        sw.column_for("quits", None)


def test_sweep_index_computes_missing_summary_from_runs(sweep_dir, tmp_path):
    for f in glob.glob(os.path.join(sweep_dir, "*.h5")):
        shutil.copy(f, tmp_path)
    _write_index(tmp_path / "index.h5", sweep_dir, "compound")
    sw = sweep.load_sweep(str(tmp_path), metric="quits", reduce="sum")
    assert sw.column_for("quits", "sum") == "quits.sum"
    assert sw.table["quits.sum"].notna().all()


def test_orgchart(synthetic_run):
    with open_run(synthetic_run) as run:
        tree = run.tree_at(30)
        fig = orgchart.build_chart(run, 30)
        ax = panel(fig, "orgchart")
        drawn = sum(len(c.get_offsets()) for c in ax.collections if c.get_label() != "_edges")
        assert drawn == len(tree)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert {"CEO", "engineering", "sales", "hr", "vacant"} <= set(legend)
        fig = orgchart.build_chart(run, 30, color="morale", max_positions=100)
        ax = panel(fig, "orgchart")
        drawn = sum(len(c.get_offsets()) for c in ax.collections if c.get_label() != "_edges")
        assert drawn == int((tree["level"] > 0).sum())  # ICs left out over 100 positions
        head = int(tree.index[(tree["function"] == 2) & (tree["parent"] == 0)][0])
        fig = orgchart.build_chart(run, 30, root=head)
        assert "subtree under position" in fig._suptitle.get_text()


def test_span_and_layer_histograms(synthetic_run):
    with open_run(synthetic_run) as run:
        before, after, what = orgchart.choose_before_after(run)
        assert (before, after) == (0, 20) and "delayering" in what
        fig = orgchart.build_histograms(run)
        spans_ax, layers_ax = panel(fig, "spans"), panel(fig, "layers")
        assert len(_bars(spans_ax)) == 2 and len(_bars(layers_ax)) == 2
        counts = [sum(b.get_height() for b in c) for c in _bars(spans_ax)]
        assert counts[0] > counts[1]  # the delayering removed manager positions
        tree0 = run.tree_at(0)
        assert counts[0] == int((tree0["level"] > 0).sum())


def test_report_html(run_file, tmp_path, capsys):
    """`wfsim-plot report`: one self-contained page with the promised sections."""
    from wfsim_analysis import cli

    out = tmp_path / "report.html"
    assert cli.main(["report", run_file, "-o", str(out), "--dpi", "40"]) == 0
    assert capsys.readouterr().out.split() == [str(out)]
    with open_run(run_file) as run:
        scenario = run.scenario_yaml
    text = open(out, encoding="utf-8").read()
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("data:image/png;base64,") >= 1
    for needle in ("<pre>", "Headcount, first tick", "Operating income, total", "Quits, total",
                   "Layoffs, total", "Hires, total", "Promotions, total",
                   "Revenue per employee", "Events by kind"):
        assert needle in text
    first_line = scenario.strip().splitlines()[0]
    import html

    assert html.escape(first_line) in text
    # self-contained: nothing fetched from elsewhere
    for needle in ('src="http', "<link", "<script", "url("):
        assert needle not in text
