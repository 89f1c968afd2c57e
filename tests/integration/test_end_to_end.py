"""The shared example scenario, scaled down, end to end with all its policies."""
import h5py
import numpy as np

from conftest import SHARED
from layout import check_layout

SCALE_DOWN = [f"firm.functions[{i}].headcount={n}"
              for i, n in enumerate([600, 200, 300, 80, 70, 30, 1120, 20])]


def test_example_runs_and_writes_every_dataset(wfsim, tmp_path):
    out = tmp_path / "example.h5"
    args = ["run", SHARED / "scenario-example.yaml", "-o", out, "--quiet"]
    for s in SCALE_DOWN:
        args += ["--set", s]
    wfsim(*args)
    info = check_layout(out, ticks=260, n_functions=8)
    assert info["slots"] > 2420  # everyone generated plus the hires
    with h5py.File(out, "r") as f:
        m = f["metrics"]
        text = f.attrs["scenario_yaml"]
        text = text.decode() if isinstance(text, bytes) else text
        assert "--set firm.functions[6].headcount=1120" in text  # the scenario as run
        assert f.attrs["start_date"] in ("2025-01-06", b"2025-01-06")
        # Each of the example's policies acted (events carry the policy's list index).
        ev = f["events"][()]
        assert set(range(7)) <= set(np.unique(ev["source"]).tolist())
        # Delayering at week 26 raises ICs per manager; AI agents arrive at week 38
        # (30 + 8 weeks of announcement) in HR and at 30 in finance; robots from week 0.
        ratio = m["ic_per_manager"][()]
        assert ratio[26] > 1.1 * ratio[25]
        agents = m["ai_agents"][()]
        assert agents[29] == 0 and agents[30] > 0 and agents[38] > agents[37]
        assert m["robots"][0] > 0 and m["robots"][-1] > m["robots"][0]
        # The five-day mandate with relocation at week 52: quiet attrition then.
        assert m["quiet_attrition"][52] > 0 and m["quiet_attrition"][:52].sum() == 0
        # The AI Act from 2026-08-03 (week 82) quadruples oversight per HR agent.
        over = f["metrics/ai_oversight"][()]
        assert over[82] > over[81]
        # The hiring slowdown (x0.42 for 104 weeks) shows as fewer hires than quits.
        assert m["hires"][:104].sum() < m["quits"][:104].sum()


def test_baseline_scenario_validates(wfsim, data):
    proc = wfsim("validate", data.parent.parent / "scenarios" / "baseline.yaml")
    assert "OK" in proc.stdout and "5 functions" in proc.stdout


def test_info_describes_a_result(wfsim, data, tmp_path):
    out = tmp_path / "tiny.h5"
    wfsim("run", data / "tiny.yaml", "-o", out, "--ticks", "5", "--quiet")
    proc = wfsim("info", out)
    assert "tiny" in proc.stdout and "headcount" in proc.stdout
