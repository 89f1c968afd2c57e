"""`wfsim sweep` on this machine: the dry run, runs in parallel with one
file per run and an index, resuming after SIGKILL, never writing into
another sweep's results, shares of tasks plus --collect, and validation
with the scenario's error rules."""
import os
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

from compare import differences
from sweeps import SWEEP, make_sweep, read_index

TICKS = "12"


def test_dry_run_lists_every_run_and_runs_none(wfsim, tmp_path, data):
    sweep = make_sweep(tmp_path, data)
    out = wfsim("sweep", sweep, "--dry-run").stdout
    lines = [l for l in out.splitlines() if l.startswith("p0")]
    assert len(lines) == 8
    # Point-major, replicates inner, the last parameter fastest; seed = base + replicate.
    assert lines[0].split() == ["p0000-r00", "7", "0.1", "80"]
    assert lines[1].split() == ["p0000-r01", "8", "0.1", "80"]
    assert lines[2].split() == ["p0001-r00", "7", "0.1", "160"]
    assert lines[7].split() == ["p0003-r01", "8", "0.3", "160"]
    assert "4 points x 2 replicates = 8 runs" in out
    assert not (tmp_path / "out").exists()


def test_local_sweep_writes_runs_and_index(wfsim, tmp_path, data):
    sweep = make_sweep(tmp_path, data)
    proc = wfsim("sweep", sweep, "--ticks", TICKS, "--threads", "2")
    assert "8 run now, 0 failed" in proc.stdout
    df, attrs = read_index(tmp_path / "out" / "index.h5")
    assert len(df) == 8 and (df.status == "complete").all()
    assert list(df.run_id) == [f"p{p:04d}-r{r:02d}" for p in range(4) for r in range(2)]
    assert list(df.seed) == [7, 8] * 4
    assert list(df["model.attrition.annual_quit_rate"]) == [0.1] * 4 + [0.3] * 4
    assert list(df["firm.functions[0].headcount"]) == [80, 80, 160, 160] * 2
    assert (df.wall_seconds > 0).all()
    assert attrs["runs"] == 8 and attrs["sweep_name"] == "tiny-sweep"
    # Summary scalars are the reductions of the run's own /metrics.
    for _, row in df.iterrows():
        with h5py.File(tmp_path / "out" / row.file, "r") as f:
            assert f.attrs["complete"] == 1
            assert f.attrs["run_id"] == row.run_id and f.attrs["seed"] == row.seed
            assert f.attrs["sweep_hash"] == attrs["sweep_hash"]
            assert f["metrics/headcount"].shape == (int(TICKS),)
            assert row["headcount.last"] == f["metrics/headcount"][-1]
            assert row["quits.sum"] == pytest.approx(f["metrics/quits"][()].sum(), rel=1e-12)
            assert row["operating_income.sum"] == pytest.approx(
                f["metrics/operating_income"][()].sum(), rel=1e-12)
    # More people, more headcount: the parameter reached the run.
    big = df[df["firm.functions[0].headcount"] == 160]["headcount.last"].mean()
    small = df[df["firm.functions[0].headcount"] == 80]["headcount.last"].mean()
    assert big > small + 50


def test_a_sweep_run_equals_wfsim_run_with_the_same_overrides(wfsim, tmp_path, data):
    sweep = make_sweep(tmp_path, data)
    wfsim("sweep", sweep, "--ticks", TICKS, "-q")
    single = tmp_path / "single.h5"
    wfsim("run", "tiny.yaml", "-o", single, "-q", "--set", f"ticks={TICKS}",
          "--set", "model.attrition.annual_quit_rate=0.3",
          "--set", "firm.functions[0].headcount=80", "--set", "seed=8", cwd=tmp_path)
    diffs = differences(tmp_path / "out" / "runs" / "p0002-r01.h5", single)
    # Datasets and the scenario text are identical; only the sweep's own root attributes are extra.
    assert all(d.startswith("root attribute sweep_") or d.startswith("root attribute run_")
               or d in ("root attribute point differs", "root attribute replicate differs")
               or d.startswith("root attribute summary.") for d in diffs), diffs


def _files(folder):
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (folder / "runs").glob("*.h5")}


def test_sigkill_mid_sweep_then_resume_keeps_finished_runs(wfsim, tmp_path, data):
    text = SWEEP.replace("replicates: 2", "replicates: 6")  # 24 runs
    sweep = make_sweep(tmp_path, data, text)
    cmd = [wfsim.binary, "sweep", str(sweep), "--ticks", "40", "--threads", "2", "-q"]
    proc = subprocess.Popen(cmd)
    runs = tmp_path / "out" / "runs"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if runs.exists() and len(list(runs.glob("*.h5"))) >= 3:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _files(tmp_path / "out")
    assert 3 <= len(before) < 24, "kill the sweep while it runs: make the runs longer"
    # Only whole runs carry the final name.
    for name in before:
        with h5py.File(runs / name, "r") as f:
            assert f.attrs["complete"] == 1
    proc = wfsim("sweep", sweep, "--ticks", "40", "--threads", "2")
    assert f"{len(before)} already done" in proc.stdout
    after = _files(tmp_path / "out")
    assert len(after) == 24 and not list(runs.glob("*.tmp"))
    for name, stamp in before.items():
        assert after[name] == stamp, f"{name} was rewritten"
    df, _ = read_index(tmp_path / "out" / "index.h5")
    assert (df.status == "complete").all() and len(df) == 24
    # A resumed run equals the same run made in one go.
    fresh = make_sweep(tmp_path / "fresh", data, text)
    wfsim("sweep", fresh, "--ticks", "40", "-q")
    for name in sorted(set(after) - set(before))[:3] + sorted(before)[:2]:
        assert differences(runs / name, tmp_path / "fresh" / "out" / "runs" / name) == []


def test_never_writes_into_another_designs_results(wfsim, tmp_path, data):
    sweep = make_sweep(tmp_path, data)
    wfsim("sweep", sweep, "--ticks", "3", "-q")
    before = _files(tmp_path / "out")
    sweep.write_text(SWEEP.replace("[0.1, 0.3]", "[0.1, 0.2]"))
    proc = wfsim("sweep", sweep, "--ticks", "3", check=False)
    assert proc.returncode == 2
    assert "holds the results of a different sweep design" in proc.stderr
    # --set changes the design too.
    sweep.write_text(SWEEP)
    proc = wfsim("sweep", sweep, "--ticks", "4", check=False)
    assert proc.returncode == 2
    assert _files(tmp_path / "out") == before


def test_task_shares_and_collect_give_the_same_index(wfsim, tmp_path, data):
    sweep = make_sweep(tmp_path / "tasks", data)
    for i in range(3):
        proc = wfsim("sweep", sweep, "--ticks", "5", "--task-index", i, "--task-count", 3)
        assert "task         " + str(i) + " of 3" in proc.stdout
        assert not (tmp_path / "tasks" / "out" / "index.h5").exists()
    names = sorted(p.name for p in (tmp_path / "tasks" / "out" / "runs").glob("*.h5"))
    assert len(names) == 8
    wfsim("sweep", sweep, "--ticks", "5", "--collect")
    local = make_sweep(tmp_path / "local", data)
    wfsim("sweep", local, "--ticks", "5", "-q")
    a, _ = read_index(tmp_path / "tasks" / "out" / "index.h5")
    b, _ = read_index(tmp_path / "local" / "out" / "index.h5")
    cols = [c for c in a.columns if c != "wall_seconds"]
    assert a[cols].equals(b[cols])
    for n in names:
        assert differences(tmp_path / "tasks" / "out" / "runs" / n,
                           tmp_path / "local" / "out" / "runs" / n) == []


def test_collect_reports_missing_runs(wfsim, tmp_path, data):
    sweep = make_sweep(tmp_path, data)
    wfsim("sweep", sweep, "--ticks", "3", "--task-index", 0, "--task-count", 2, "-q")
    proc = wfsim("sweep", sweep, "--ticks", "3", "--collect", check=False)
    assert proc.returncode == 1
    assert "4 complete" in proc.stdout and "4 missing" in proc.stdout
    df, _ = read_index(tmp_path / "out" / "index.h5")
    assert list(df.status) == ["complete", "missing"] * 4
    assert np.isnan(df["headcount.last"][1])


@pytest.mark.parametrize("params, where", [
    ("  model.attrition.anual_quit_rate: [0.1]\n",
     "sweep.yaml:5:37: parameters.model.attrition.anual_quit_rate: unknown key"),
    ("  model.morale.m0: [0.5, 1.5]\n",
     "sweep.yaml:5:26: parameters.model.morale.m0[1]: must be in [0, 1] (got '1.5')"),
    ("  policies[id=cut].share: [0.1]\n",
     "sweep.yaml:5:28: parameters.policies[id=cut].share: policies: is not in the scenario"),
    ("  model.morale.m0: {min: 0.1, max: 0.9}\n",
     "sweep.yaml:5:20: parameters.model.morale.m0: a grid design needs a list of values"),
])
def test_bad_parameters_are_reported_at_their_place(wfsim, tmp_path, data, params, where):
    text = "name: bad\nbase: tiny.yaml\nreplicates: 2\nparameters:\n" + params
    sweep = make_sweep(tmp_path, data, text)
    for extra in (["--dry-run"], []):
        proc = wfsim("sweep", sweep, *extra, check=False)
        assert proc.returncode == 2
        assert where in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "sweeps").exists()


def test_design_too_large_is_refused(wfsim, tmp_path, data):
    values = "[" + ", ".join(str(0.1 + i / 1000) for i in range(100)) + "]"
    text = ("name: big\nbase: tiny.yaml\nreplicates: 10000\nparameters:\n"
            f"  model.morale.m0: {values}\n  model.work.alpha: {values}\n")
    proc = wfsim("sweep", make_sweep(tmp_path, data, text), "--dry-run", check=False)
    assert proc.returncode == 2
    assert "sweep.yaml:5:3: parameters: the design is too large" in proc.stderr


def test_lhs_design_is_seeded_and_stratified(wfsim, tmp_path, data):
    text = ("name: l\nbase: tiny.yaml\ndesign: lhs\nsamples: 10\ndesign_seed: 3\nparameters:\n"
            "  model.morale.m0: {min: 0.5, max: 0.9}\n"
            "  firm.functions[0].headcount: {min: 50, max: 149, integer: true}\n")
    sweep = make_sweep(tmp_path, data, text)
    out = wfsim("sweep", sweep, "--dry-run").stdout
    rows = [l.split() for l in out.splitlines() if l.startswith("p0")]
    m0 = sorted(float(r[2]) for r in rows)
    heads = sorted(int(r[3]) for r in rows)
    assert [int((x - 0.5) / 0.04) for x in m0] == list(range(10))  # one per stratum
    assert [(h - 50) // 10 for h in heads] == list(range(10))
    assert wfsim("sweep", sweep, "--dry-run").stdout == out  # seeded
    sweep.write_text(text.replace("design_seed: 3", "design_seed: 4"))
    assert wfsim("sweep", sweep, "--dry-run").stdout != out


def test_the_shared_example_sweep_runs(wfsim, tmp_path):
    """../shared/sweep-example.yaml, unchanged, over the shared example scenario:
    8 points x 4 replicates, shortened and scaled down for CI."""
    from conftest import SHARED
    from test_end_to_end import SCALE_DOWN
    sets = [x for s in SCALE_DOWN + ["output.agent_every=0"] for x in ("--set", s)]
    out = tmp_path / "example-sweep"
    proc = wfsim("sweep", SHARED / "sweep-example.yaml", "--ticks", "60", "-o", out, "-q", *sets)
    df, attrs = read_index(out / "index.h5")
    assert len(df) == 32 and (df.status == "complete").all()
    assert set(df["policies[id=delayering].share"]) == {0.0, 0.05, 0.13, 0.25}
    assert set(df["policies[id=rto].days_per_week"]) == {3, 5}
    # Points are paired by seed: replicate k has seed 42 + k at every point.
    assert set(df.seed) == {42, 43, 44, 45}
    # The delayering share shows: more layoffs (severance) with a deeper cut, per replicate.
    for k in range(4):
        rep = df[df.replicate == k]
        by_share = rep.groupby("policies[id=delayering].share")["headcount.last"].mean()
        assert by_share[0.25] < by_share[0.0]
