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


def test_graph_snapshots_are_rate_limited_by_graph_every(wfsim, tmp_path):
    """A tree reshaped every week (attrition-first automation with many quits)
    writes a snapshot at most every graph_every weeks, plus the first and last."""
    scen = tmp_path / "wh.yaml"
    scen.write_text(
        "name: wh\nseed: 3\nticks: 40\n"
        "firm:\n  sites: [{name: hq, hub: true, share: 1}]\n"
        "  functions:\n    - {name: warehouse, headcount: 400}\n    - {name: tech, headcount: 20}\n"
        "model:\n  attrition: {annual_quit_rate: 1.0}\n"
        "policies:\n  - {type: warehouse_automation, function: warehouse, robot_capacity_fte: 2,\n"
        "     schedule: [{at: 0, share: 0.1}, {at: 40, share: 0.6}]}\n"
        "output: {agent_every: 0}\n")
    for every, out in ((1, tmp_path / "g1.h5"), (10, tmp_path / "g10.h5")):
        wfsim("run", scen, "-o", out, "-q", "--set", f"output.graph_every={every}")
    with h5py.File(tmp_path / "g1.h5", "r") as a, h5py.File(tmp_path / "g10.h5", "r") as b:
        weekly = a["graph/snapshot_tick"][()]
        limited = b["graph/snapshot_tick"][()]
        assert len(weekly) > 30  # reshaped (nearly) every week
        assert limited[0] == 0 and limited[-1] == 39
        assert np.all(np.diff(limited[:-1]) >= 10)
        assert len(limited) <= 6
        # The same trees where both wrote one (the last week's).
        assert np.array_equal(a["graph/parent"][a["graph/snapshot_start"][-1]:],
                              b["graph/parent"][b["graph/snapshot_start"][-1]:])
