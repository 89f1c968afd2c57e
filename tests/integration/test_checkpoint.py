"""Warm starts through the command line: `wfsim run --checkpoint-at T` runs a
burn-in once, `wfsim run --from CHECKPOINT` forks policy arms from it, and
each forked file equals the unforked run's file from tick T on: metrics,
per-person rows (people who left before T included), events and graph
snapshots."""
import h5py
import numpy as np
import pytest

T = 20


def _from_tick(path, t0):
    """Every dataset of a run file, restricted to ticks >= t0."""
    out = {}
    with h5py.File(path, "r") as f:
        for g in ("metrics", "metrics_by_function", "agents"):
            if g not in f:
                continue
            ticks = f[g]["tick"][()]
            keep = ticks >= t0
            for name, d in f[g].items():
                out[f"{g}/{name}"] = d[()][keep]
        ev = f["events"][()]
        out["events"] = ev[ev["tick"] >= t0]
        gr = f["graph"]
        for k, tick in enumerate(gr["snapshot_tick"][()]):
            if tick < t0:
                continue
            s, n = gr["snapshot_start"][k], gr["snapshot_rows"][k]
            for name in ("position", "parent", "function", "level", "site", "occupant"):
                out[f"graph/{tick}/{name}"] = gr[name][s:s + n]
        attrs = dict(f.attrs)
    return out, attrs


def _assert_equal_from(a, b, t0):
    da, _ = _from_tick(a, t0)
    db, attrs = _from_tick(b, t0)
    assert sorted(da) == sorted(db)
    for k in da:
        assert da[k].dtype == db[k].dtype and da[k].shape == db[k].shape, k
        assert da[k].tobytes() == db[k].tobytes(), k
    return attrs


def test_arms_forked_from_one_burn_in_equal_unforked_runs(wfsim, tmp_path, data):
    fork = data / "fork.yaml"
    burn = tmp_path / "burn.h5"
    proc = wfsim("run", fork, "--set", "policies=[]", "-o", burn, "--checkpoint-at", T, "-q")
    ckpt = tmp_path / "burn.ckpt"
    assert ckpt.exists()
    with h5py.File(burn, "r") as f:
        assert f["metrics/tick"][()].tolist() == list(range(T)) and f.attrs["complete"] == 1
    for share in ("0.1", "0.3"):
        whole = tmp_path / f"whole-{share}.h5"
        forked = tmp_path / f"fork-{share}.h5"
        sets = ["--set", f"policies[id=cut].share={share}"]
        wfsim("run", fork, *sets, "-o", whole, "-q")
        wfsim("run", fork, *sets, "-o", forked, "--from", ckpt, "-q")
        attrs = _assert_equal_from(whole, forked, T)
        assert attrs["fork_tick"] == T
        with h5py.File(forked, "r") as f:
            assert f["metrics/tick"][0] == T and f["metrics/layoffs"][()].sum() > 0
    # The arms differ: the fork did not lose the policy.
    a, _ = _from_tick(tmp_path / "fork-0.1.h5", T)
    b, _ = _from_tick(tmp_path / "fork-0.3.h5", T)
    assert a["metrics/layoffs"].sum() < b["metrics/layoffs"].sum()


def test_fork_of_another_firm_is_refused(wfsim, tmp_path, data):
    fork = data / "fork.yaml"
    wfsim("run", fork, "-o", tmp_path / "b.h5", "--checkpoint-at", 5, "-q")
    proc = wfsim("run", fork, "--seed", 8, "-o", tmp_path / "x.h5", "--from", tmp_path / "b.ckpt",
                 check=False)
    assert proc.returncode == 2
    assert "burn-in part (firm, model, ai, seed, start_date, output) differs" in proc.stderr


WARM_SWEEP = """\
name: warm
base: fork.yaml
replicates: 2
{fork}
parameters:
  policies[id=cut].share: [0.1, 0.3]
  policies[1].multiplier.default: [0.3, 1.0]
summary:
  - {{metric: layoffs, reduce: sum}}
  - {{metric: hires, reduce: sum}}
  - {{metric: headcount, reduce: last}}
output: out
"""


def test_sweep_with_fork_at_runs_one_burn_in_per_replicate(wfsim, tmp_path, data):
    from sweeps import read_index
    for name, fork in (("warm", f"fork_at: {T}"), ("cold", "")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "fork.yaml").write_text((data / "fork.yaml").read_text())
        (tmp_path / name / "s.yaml").write_text(WARM_SWEEP.format(fork=fork))
        proc = wfsim("sweep", tmp_path / name / "s.yaml")
        assert "8 run now, 0 failed" in proc.stdout
    burn = sorted(p.name for p in (tmp_path / "warm" / "out" / "burn-in").iterdir())
    assert burn == ["r00.ckpt", "r00.h5", "r01.ckpt", "r01.h5"]
    warm, _ = read_index(tmp_path / "warm" / "out" / "index.h5")
    cold, _ = read_index(tmp_path / "cold" / "out" / "index.h5")
    # Summaries cover the whole run, burn-in included, so they agree exactly.
    for col in ("layoffs.sum", "hires.sum", "headcount.last"):
        assert warm[col].tolist() == cold[col].tolist(), col
    assert warm["layoffs.sum"].nunique() > 1
    for f in warm.file:
        attrs = _assert_equal_from(tmp_path / "cold" / "out" / f, tmp_path / "warm" / "out" / f, T)
        assert attrs["fork_tick"] == T
