"""The reading API, on the synthetic file and (with WFSIM_BIN) on a real run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest

from wfsim_analysis import (EVENT_KINDS, RunFileError, SchemaVersionError, UnknownNameError,
                            open_run, summarize)
from wfsim_analysis.io import AGENT_FIELDS, GRAPH_COLUMNS, GRAPH_INDEX
from wfsim_analysis.policies import parse_policies

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_ATTRS = ("format", "schema_version", "wfsim_version", "git_commit", "scenario_yaml",
              "scenario_name", "seed", "ticks", "start_date", "units", "created", "host",
              "complete")


def test_header(run_file):
    with open_run(run_file) as run:
        assert run.schema_version == 1
        for name in ROOT_ATTRS:
            assert run.attr(name) is not None, f"root attribute {name} missing"
        assert run.complete
        assert run.ticks_recorded > 0 and run.ticks >= run.ticks_recorded
        assert run.functions, "/metrics_by_function needs the 'functions' attribute"
        assert isinstance(run.scenario_yaml, str) and run.scenario_yaml
        assert run.attr("units").startswith("tick=week")


def test_every_dataset_is_read(run_file):
    """Walk the file; read each dataset through the API and check its shape."""
    with open_run(run_file) as run, h5py.File(run_file, "r") as raw:
        T = run.ticks_recorded
        F = len(run.functions)
        seen = []

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                seen.append(name)

        raw.visititems(visit)
        assert seen
        for name in seen:
            group, _, leaf = name.rpartition("/")
            if name == "events":
                ev = run.events()
                assert len(ev) == raw["events"].shape[0]
            elif group == "metrics":
                if leaf == "tick":
                    assert list(run.metrics([]).index) == list(raw[name][...])
                    continue
                s = run.metric(leaf)
                assert len(s) == T and s.index.name == "tick"
                assert raw[name].attrs.get("unit") is not None, f"{name} lacks 'unit'"
                assert raw[name].attrs.get("description") is not None
            elif group == "metrics_by_function":
                if leaf == "tick":
                    continue
                frame = run.function_metric(leaf)
                assert frame.shape == (T, F) and list(frame.columns) == run.functions
            elif group == "agents":
                ticks = run.agent_ticks()
                if leaf == "tick":
                    assert ticks[0] == 0 and np.all(np.diff(ticks) > 0)
                    continue
                assert leaf in AGENT_FIELDS, f"/agents/{leaf} is not in docs/output-format.md"
                assert raw[name].shape[0] == len(ticks)
                first = run.agents_at(int(ticks[0]), [leaf])
                last = run.agents_at(int(ticks[-1]), [leaf], include_absent=True)
                assert len(last) == run.slots and len(first) > 0
                hist = run.agent_history(0, [leaf])
                assert len(hist) > 0 and hist.index.name == "tick"
            elif group == "graph":
                assert leaf in GRAPH_COLUMNS + GRAPH_INDEX, f"/graph/{leaf} is not documented"
            else:
                pytest.fail(f"dataset /{name} is not in docs/output-format.md")
        if "graph" in raw:
            rows = raw["graph/snapshot_rows"][...]
            for k, tick in enumerate(run.graph_ticks()):
                tree = run.tree_at(int(tick))
                if tree.attrs["tick"] == tick and list(run.graph_ticks()).count(tick) == 1:
                    assert len(tree) == rows[k]


def test_metrics_frames(run_file):
    with open_run(run_file) as run:
        m = run.metrics()
        assert list(m.columns) == run.metric_names()
        assert m.index.is_monotonic_increasing
        assert {"headcount", "quits", "hires", "operating_income"} <= set(m.columns)
        long = run.metrics_by_function()
        assert list(long.index.names) == ["tick", "function"]
        assert set(long.index.get_level_values("function")) == set(run.functions)
        info = run.metric_info()
        assert set(info["group"]) <= {"metrics", "metrics_by_function"}


def test_agents(run_file):
    with open_run(run_file) as run:
        ticks = run.agent_ticks()
        people = run.agents_at(int(ticks[-1]))
        assert isinstance(people["status"].dtype, pd.CategoricalDtype)
        assert "absent" not in set(people["status"].astype(str))
        assert people.attrs["tick"] == ticks[-1]
        active = people[people["status"] == "active"]
        assert len(active) > 0
        assert active["morale"].between(0, 1).all()
        assert (active["level"] >= 0).all()
        history = run.agent_history(int(active.index[0]))
        assert (history["status"].astype(str) != "absent").all()


def test_events(run_file):
    with open_run(run_file) as run:
        ev = run.events()
        assert list(ev.columns) == ["tick", "kind", "agent", "position", "source", "detail",
                                    "policy"]
        assert set(ev["kind"].astype(str)) <= set(EVENT_KINDS)
        assert ev["tick"].is_monotonic_increasing
        quits = run.events(kinds="quit")
        assert (quits["kind"] == "quit").all()
        with pytest.raises(UnknownNameError, match="did you mean quit"):
            run.events(kinds=["quitt"])


def test_tree_is_a_tree(run_file):
    with open_run(run_file) as run:
        for tick in run.graph_ticks():
            tree = run.tree_at(int(tick))
            roots = tree.index[tree["parent"] == -1]
            assert len(roots) == 1
            assert set(tree["parent"][tree["parent"] >= 0]) <= set(tree.index)
            assert tree.index.is_unique


def test_summary(run_file):
    with open_run(run_file) as run:
        s = summarize(run)
        assert s["headcount_first"] > 0
        assert s["quits_total"] >= 0


def test_synthetic_specifics(synthetic_run):
    """Values the synthetic file is built to have."""
    with open_run(synthetic_run) as run:
        assert run.functions == ["engineering", "sales", "hr"]
        assert run.sites == ["seattle", "remote"]
        assert list(run.graph_ticks()) == [0, 20, 59]
        assert [p.label for p in run.policies] == ["delayering", "ai_deployment (hr)",
                                                   "hiring_policy"]
        pol = run.events(kinds="policy")
        assert list(pol["tick"]) == [0, 20, 26, 30]
        assert pol.loc[pol["tick"] == 20, "policy"].item() == "delayering"
        assert run.metric("layoffs").loc[20] > 0
        assert run.tree_at(25).attrs["tick"] == 20
        with pytest.raises(UnknownNameError, match="before tick -1"):
            run.tree_at(-1)
        with pytest.raises(UnknownNameError, match="did you mean headcount"):
            run.metric("headcont")
        with pytest.raises(UnknownNameError, match="no person"):
            run.agent_history(10**6)


def test_policy_parser_without_yaml(monkeypatch, synthetic_run):
    """The fallback parser (used when PyYAML is not installed) agrees with PyYAML."""
    with open_run(synthetic_run) as run:
        text = run.scenario_yaml
    example = "/work/shared/scenario-example.yaml"
    texts = [text] + ([open(example).read()] if os.path.exists(example) else [])
    expected = [parse_policies(t) for t in texts]
    monkeypatch.setitem(sys.modules, "yaml", None)
    assert [parse_policies(t) for t in texts] == expected
    assert len(expected[0]) == 3


def _copy(src, tmp_path, name="copy.h5"):
    dst = tmp_path / name
    shutil.copy(src, dst)
    return str(dst)


def test_unknown_schema_version(synthetic_run, tmp_path):
    path = _copy(synthetic_run, tmp_path)
    with h5py.File(path, "r+") as f:
        f.attrs["schema_version"] = np.int64(2)
    with pytest.raises(SchemaVersionError, match="schema version 2 is not supported"):
        open_run(path)


def test_not_wfsim_files(tmp_path):
    text = tmp_path / "notes.h5"
    text.write_text("not hdf5\n")
    with pytest.raises(RunFileError, match="not an HDF5 file"):
        open_run(str(text))
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["data"] = np.arange(3)
    with pytest.raises(RunFileError, match="not a wfsim run file"):
        open_run(str(other))
    with h5py.File(other, "r+") as f:
        f.attrs["format"] = "netcdf"
    with pytest.raises(RunFileError, match="format is 'netcdf'"):
        open_run(str(other))
    with pytest.raises(RunFileError, match="no such file"):
        open_run(str(tmp_path / "missing.h5"))


def test_incomplete_run(tmp_path):
    """A killed run: complete = 0 and only the flushed ticks."""
    from synthetic import write_synthetic_run

    path = write_synthetic_run(str(tmp_path / "killed.h5"), ticks=60, stop_after=20,
                               agent_every=4)
    with open_run(path) as run:
        assert not run.complete
        assert run.ticks_recorded == 20 and run.ticks == 60
        assert list(run.agent_ticks()) == [0, 4, 8, 12, 16]
        assert run.agents_at(10).attrs["tick"] == 8


WRITER = """
import sys
sys.path.insert(0, {here!r})
from synthetic import write_synthetic_run
def pause(n):
    print(n, flush=True)
    sys.stdin.readline()
write_synthetic_run({path!r}, ticks=30, on_flush=pause)
print("done", flush=True)
"""


def test_swmr_read_while_written(tmp_path):
    """A reader sees a growing file: the ticks flushed so far, then more."""
    path = str(tmp_path / "growing.h5")
    proc = subprocess.Popen([sys.executable, "-c", WRITER.format(here=HERE, path=path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "13"
        with open_run(path) as run:
            assert not run.complete
            assert len(run.metrics(["headcount"])) == 13
            assert len(run.agent_ticks()) == 13
            with run.pinned():  # a figure's reads stay at the ticks there were
                proc.stdin.write("\n")
                proc.stdin.flush()
                assert proc.stdout.readline().strip() == "26"
                assert run.ticks_recorded == 13 and len(run.metrics(["quits"])) == 13
                assert run.events()["tick"].max() <= 12
                assert len(run.agent_ticks()) == 13
            assert len(run.metrics(["headcount", "quits"])) == 26  # refreshed in place
            assert run.agents_at(25).attrs["tick"] == 25
        proc.stdin.write("\n\n\n")
        proc.stdin.flush()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    with open_run(path) as run:
        assert run.complete and run.ticks_recorded == 30
