"""Every shipped scenario (scenarios/*.yaml) validates, cites its sources and
says what it answers, and runs, shortened to reach its first policy actions."""
import pathlib

import h5py
import numpy as np
import pytest

from conftest import SOURCE

SCENARIOS = sorted((SOURCE / "scenarios").glob("*.yaml"))
# Weeks to run each in CI: past the first policy actions, short for the big firms.
TICKS = {"amazon_efficiency_mandate": 16, "ibm_hr_agents": 30, "hpe_finance_agents": 12,
         "warehouse_automation_75": 30, "eu_ai_act_oversight": 20, "ai_as_cover": 40,
         "ai_augment_not_replace": 40}


def test_the_library_has_the_cases_it_promises():
    names = {p.stem for p in SCENARIOS}
    for want in ("baseline", "amazon_efficiency_mandate", "hpe_finance_agents", "ibm_hr_agents",
                 "ai_as_cover", "ai_augment_not_replace", "rto_five_days", "rto_hybrid_two_days",
                 "eu_ai_act_oversight", "warehouse_automation_75"):
        assert want in names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_is_documented_and_valid(wfsim, path):
    text = path.read_text()
    assert "question it answers" in text, "say at the top what the scenario answers"
    assert "Sources" in text and "facts.md" in text, "cite the sources of its numbers"
    assert "OK" in wfsim("validate", path).stdout


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_runs(wfsim, path, tmp_path):
    ticks = TICKS.get(path.stem, 20)
    out = tmp_path / f"{path.stem}.h5"
    wfsim("run", path, "-o", out, "--ticks", ticks, "-q", "--set", "output.agent_every=0")
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 1
        heads = f["metrics/headcount"][()]
        assert heads.shape == (ticks,) and np.all(heads > 0)
        n_policies = len([l for l in path.read_text().splitlines() if l.startswith("  - type:")])
        if n_policies:
            # Some policy acted within the shortened run (its events carry its index).
            ev = f["events"][()]
            assert np.any(ev["source"] >= 0)
