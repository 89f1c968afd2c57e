"""MODEL.md, Steady state: a 10,000-position baseline stays level for ten years."""
import h5py
import numpy as np


def test_baseline_is_level_for_ten_years(wfsim, data, tmp_path):
    out = tmp_path / "baseline.h5"
    wfsim("run", data.parent.parent / "scenarios" / "baseline.yaml", "-o", out, "--ticks", "520",
          "--quiet", "--set", "output.agent_every=0")
    with h5py.File(out, "r") as f:
        m = {k: f["metrics"][k][()] for k in ("headcount", "mean_morale", "workload", "quits",
                                              "operating_income", "revenue")}
    years = [slice(52 * y, 52 * (y + 1)) for y in range(10)]
    hc1 = m["headcount"][years[0]].mean()
    for y, s in enumerate(years[1:], start=2):
        hc = m["headcount"][s].mean()
        assert abs(hc / hc1 - 1) <= 0.02, f"year {y}: headcount {hc:.0f} vs {hc1:.0f}"
        assert abs(m["mean_morale"][s].mean() - 0.7) <= 0.02, f"year {y}: morale"
        assert abs(m["workload"][s].mean() - 0.85) <= 0.05, f"year {y}: workload"
        quit_rate = m["quits"][s].sum() / hc
        assert abs(quit_rate - 0.13) <= 0.015, f"year {y}: quit rate {quit_rate:.3f}"
        margin = m["operating_income"][s].sum() / m["revenue"][s].sum()
        assert abs(margin - 0.12) <= 0.015, f"year {y}: margin {margin:.3f}"
