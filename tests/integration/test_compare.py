"""`wfsim compare` and `wfsim run --baseline`: both arms share their draws,
the runs and compare.h5 are written, and the paired statistics are right."""
import h5py
import numpy as np
import pytest

POLICY = "policies:\n  - {type: layoff, at: 3, count: 12, levels: [0]}\n"


@pytest.fixture()
def arms(tmp_path, data):
    base = tmp_path / "base.yaml"
    base.write_text((data / "tiny.yaml").read_text())
    cut = tmp_path / "cut.yaml"
    cut.write_text((data / "tiny.yaml").read_text().replace("name: tiny", "name: tiny-cut") + POLICY)
    return base, cut


def summary(path):
    with h5py.File(path, "r") as f:
        g = f["summary"]
        names = [n.decode() if isinstance(n, bytes) else n for n in g["metric"][()]]
        cols = {k: g[k][()] for k in ("base_mean", "policy_mean", "diff_mean", "diff_sd", "ci_low", "ci_high")}
        return {n: {k: v[i] for k, v in cols.items()} for i, n in enumerate(names)}, f["replicates/base"][()], \
            f["replicates/policy"][()], f["summary/seed"][()], dict(f.attrs)


def test_compare_writes_both_arms_and_paired_summary(wfsim, arms, tmp_path):
    base, cut = arms
    out = tmp_path / "cmp"
    proc = wfsim("compare", base, cut, "--replicates", "3", "--ticks", "20", "-o", out)
    assert "95% CI" in proc.stdout and "layoffs" in proc.stdout
    for arm in ("base", "policy"):
        for k in range(3):
            with h5py.File(out / f"{arm}-r{k}.h5", "r") as f:
                assert f.attrs["seed"] == 7 + k          # replicate k uses seed + k
                assert f["metrics/headcount"].shape == (20,)
    s, rb, rp, seeds, attrs = summary(out / "compare.h5")
    assert list(seeds) == [7, 8, 9]
    assert attrs["replicates"] == 3
    # The policy lays off exactly 12 people in every replicate: difference 12, no spread.
    assert s["layoffs"]["diff_mean"] == 12 and s["layoffs"]["diff_sd"] == 0
    assert s["layoffs"]["ci_low"] == s["layoffs"]["ci_high"] == 12
    # The summary is the mean of the per-replicate values and its t interval (t_0.975,2 = 4.303).
    i = 0  # operating_income is the first key metric
    d = rp[i] - rb[i]
    assert s["operating_income"]["diff_mean"] == pytest.approx(d.mean())
    half = 4.303 * d.std(ddof=1) / np.sqrt(3)
    assert s["operating_income"]["ci_low"] == pytest.approx(d.mean() - half)
    # Per-tick paired differences: zero before the cut (shared draws), not after.
    with h5py.File(out / "compare.h5", "r") as f:
        hc = f["paired/headcount"][()]
        lay = f["paired/layoffs"][()]
    assert hc.shape == (3, 20)
    assert np.all(hc[:, :3] == 0)
    assert np.all(lay[:, 3] == 12) and lay[:, :3].sum() == 0 and lay[:, 4:].sum() == 0
    # Headcount falls by the 12 cut, less any of them the baseline lost to a quit that tick.
    assert np.all((hc[:, 3] <= -10) & (hc[:, 3] >= -12))


def test_a_scenario_against_itself_differs_by_exactly_zero(wfsim, arms, tmp_path):
    base, _ = arms
    wfsim("compare", base, base, "-n", "2", "--ticks", "15", "-o", tmp_path / "same", "-q")
    s, *_ = summary(tmp_path / "same" / "compare.h5")
    for name, row in s.items():
        assert row["diff_mean"] == 0 and row["ci_low"] == 0 and row["ci_high"] == 0, name


def test_run_with_baseline_is_compare(wfsim, arms, tmp_path):
    base, cut = arms
    wfsim("run", cut, "--baseline", base, "--ticks", "12", "-o", tmp_path / "a", "-q")
    wfsim("compare", base, cut, "--ticks", "12", "-o", tmp_path / "b", "-q")
    with h5py.File(tmp_path / "a" / "compare.h5", "r") as fa, h5py.File(tmp_path / "b" / "compare.h5", "r") as fb:
        assert np.array_equal(fa["replicates/policy"][()], fb["replicates/policy"][()])
        assert np.array_equal(fa["paired/quits"][()], fb["paired/quits"][()])


def test_compare_never_overwrites(wfsim, arms, tmp_path):
    base, cut = arms
    out = tmp_path / "c"
    wfsim("compare", base, cut, "--ticks", "5", "-o", out, "-q")
    proc = wfsim("compare", base, cut, "--ticks", "5", "-o", out, "-q", check=False)
    assert proc.returncode == 2 and "--force" in proc.stderr
    wfsim("compare", base, cut, "--ticks", "5", "-o", out, "-q", "--force")


def test_compare_reports_a_bad_policy_file_before_running(wfsim, arms, tmp_path):
    base, _ = arms
    bad = tmp_path / "bad.yaml"
    bad.write_text(base.read_text() + "policies:\n  - {type: layof, at: 3, count: 1}\n")
    proc = wfsim("compare", base, bad, "-o", tmp_path / "x", check=False)
    assert proc.returncode == 2
    assert "bad.yaml:" in proc.stderr and "did you mean 'layoff'" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_one_file_is_compared_with_itself_without_policies(wfsim, arms, tmp_path):
    base, cut = arms
    wfsim("compare", cut, "--ticks", "10", "-o", tmp_path / "one", "-q")
    wfsim("compare", base, cut, "--ticks", "10", "-o", tmp_path / "two", "-q")
    with h5py.File(tmp_path / "one" / "compare.h5", "r") as f1, h5py.File(tmp_path / "two" / "compare.h5", "r") as f2:
        assert np.array_equal(f1["replicates/base"][()], f2["replicates/base"][()])
        assert np.array_equal(f1["replicates/policy"][()], f2["replicates/policy"][()])
        assert "(no policies)" in f1.attrs["base_scenario_name"]


def test_compare_refuses_arms_of_different_horizons(wfsim, arms, tmp_path):
    base, cut = arms
    longer = tmp_path / "longer.yaml"
    longer.write_text(cut.read_text().replace("ticks: 30", "ticks: 40"))
    proc = wfsim("compare", base, longer, "-o", tmp_path / "h", check=False)
    assert proc.returncode == 2 and "different horizons" in proc.stderr
    wfsim("compare", base, longer, "--ticks", "8", "-o", tmp_path / "h2", "-q")  # --ticks aligns them
