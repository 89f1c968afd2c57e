"""The example scenario (built policy types only), scaled down, end to end."""
import h5py
import numpy as np

from conftest import SHARED
from layout import check_layout

SCALE_DOWN = [f"firm.functions[{i}].headcount={n}"
              for i, n in enumerate([600, 200, 300, 80, 70, 30, 1120, 20])]


def test_example_runs_and_writes_every_dataset(wfsim, data, tmp_path):
    out = tmp_path / "example.h5"
    args = ["run", data / "example-foundation.yaml", "-o", out, "--ticks", "40", "--quiet"]
    for s in SCALE_DOWN:
        args += ["--set", s]
    wfsim(*args)
    info = check_layout(out, ticks=40, n_functions=8)
    assert info["slots"] > 2420  # everyone generated plus the hires
    with h5py.File(out, "r") as f:
        m = f["metrics"]
        heads = m["headcount"][()]
        assert abs(heads[-1] / heads[0] - 1) < 0.1
        # The hiring slowdown (x0.42 for 104 weeks) shows as fewer hires than quits.
        assert m["hires"][()].sum() < m["quits"][()].sum()
        text = f.attrs["scenario_yaml"]
        text = text.decode() if isinstance(text, bytes) else text
        assert "--set firm.functions[6].headcount=1120" in text  # the scenario as run
        assert f.attrs["start_date"] in ("2025-01-06", b"2025-01-06")


def test_full_example_is_rejected_clearly_until_policies_land(wfsim):
    proc = wfsim("validate", SHARED / "scenario-example.yaml", check=False)
    assert proc.returncode == 2
    assert "scenario-example.yaml:89:11: policies[0].type" in proc.stderr
    assert "not built in this version" in proc.stderr


def test_baseline_scenario_validates(wfsim, data):
    proc = wfsim("validate", data.parent.parent / "scenarios" / "baseline.yaml")
    assert "OK" in proc.stdout and "5 functions" in proc.stdout


def test_info_describes_a_result(wfsim, data, tmp_path):
    out = tmp_path / "tiny.h5"
    wfsim("run", data / "tiny.yaml", "-o", out, "--ticks", "5", "--quiet")
    proc = wfsim("info", out)
    assert "tiny" in proc.stdout and "headcount" in proc.stdout
