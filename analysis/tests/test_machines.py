"""Runs with AI agents, robots or oversight: the dashboard's machine row and the
report's section."""

from __future__ import annotations

import shutil

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pytest

from wfsim_analysis import dashboard, open_run, report
from wfsim_analysis.style import data_lines, panel

UNITS = {"output": "FTE-weeks/week", "ai_work": "FTE-weeks/week", "ai_oversight": "FTE",
         "saved_payroll": "USD/year", "depreciation": "USD/week", "machine_opex": "USD/week",
         "robot_capex": "USD/week", "robot_work": "FTE-weeks/week"}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture()
def machine_run(synthetic_run, tmp_path) -> str:
    """The synthetic run with the machine metrics of an 'AI as cover' firm from
    tick 30: output falls short of expected output, AI agents do some work and
    take oversight, seats are eliminated (saved payroll), capex and opex are spent."""
    path = tmp_path / "machines.h5"
    shutil.copy(synthetic_run, path)
    with h5py.File(path, "r+") as f:
        m = f["metrics"]
        n = len(m["tick"])
        t = np.arange(n)
        on = t >= 30
        expected = m["expected_output"][...].astype(float)
        values = {
            "output": np.where(on, expected - 5.0, expected),
            "ai_work": np.where(on, 2.0 + 0.1 * (t - 30), 0.0),
            "ai_oversight": np.where(on, 0.5, 0.0),
            "saved_payroll": np.where(on, 520_000.0, 0.0),
            "depreciation": np.where(on, 1_000.0, 0.0),
            "machine_opex": np.where(on, 400.0, 0.0),
            "robot_capex": np.zeros(n),
            "robot_work": np.zeros(n),
        }
        for name, v in values.items():
            ds = m.create_dataset(name, data=v)
            ds.attrs["unit"] = UNITS[name]
            ds.attrs["description"] = name
        m["oversight_gap"][...] = np.where(on, 0.25, 0.0)
        m["ai_capex"][...] = np.where(t == 30, 50_000.0, 0.0)
    return str(path)


def test_machine_row_appears_with_machines(machine_run):
    with open_run(machine_run) as run:
        assert dashboard.has_machines(run)
        fig = dashboard.build(run)
        assert fig.get_size_inches().tolist() == list(dashboard.FIG_SIZE_MACHINES)
        for name, _fn in dashboard.PANELS + dashboard.MACHINE_PANELS:
            assert panel(fig, name).get_gid() != "empty", name
        m = run.metrics(["output", "expected_output", "backlog", "ai_work", "ai_oversight",
                         "oversight_gap", "saved_payroll", "ai_capex", "depreciation",
                         "machine_opex"])

    work = panel(fig, "work")
    lines = {ln.get_label(): ln for ln in data_lines(work)}
    assert set(lines) == {"output", "expected output"}
    np.testing.assert_allclose(lines["output"].get_ydata(), m["output"])
    np.testing.assert_allclose(lines["expected output"].get_ydata(), m["expected_output"])
    shortfall = (m["expected_output"] - m["output"]).clip(lower=0).sum()
    (gap,) = work.collections
    assert gap.get_label() == f"shortfall, total {shortfall:,.0f} FTE-weeks"
    (backlog,) = data_lines(panel(fig, "work:backlog"))
    np.testing.assert_allclose(backlog.get_ydata(), m["backlog"])

    machine_work = panel(fig, "machine_work")
    labels = [ln.get_label() for ln in data_lines(machine_work)]
    assert labels == ["AI work (replace mode)", "human time on AI oversight",
                      "oversight owed, not staffed"]  # robot work is zero: a note
    np.testing.assert_allclose(data_lines(machine_work)[0].get_ydata(), m["ai_work"])
    assert "none: robot work" in " ".join(
        t.get_text() for t in machine_work.get_legend().get_texts())

    costs = {ln.get_label().rsplit(" $", 1)[0]: ln for ln in data_lines(panel(fig,
                                                                            "machine_costs"))}
    assert set(costs) == {"capex (AI + robots)", "depreciation + opex", "payroll saved"}
    np.testing.assert_allclose(costs["capex (AI + robots)"].get_ydata(), m["ai_capex"].cumsum())
    np.testing.assert_allclose(costs["depreciation + opex"].get_ydata(),
                               (m["depreciation"] + m["machine_opex"]).cumsum())
    # saved_payroll is an annual rate: each week saves a 52nd of it
    np.testing.assert_allclose(costs["payroll saved"].get_ydata(),
                               (m["saved_payroll"] / 52).cumsum())
    summary = " ".join(t.get_text() for t in panel(fig, "summary").texts)
    gap_share = shortfall / m["expected_output"].sum()
    assert "Output short of expected" in summary and f"{gap_share:.1%}" in summary


def test_no_shortfall_is_said(machine_run, tmp_path):
    path = tmp_path / "even.h5"
    shutil.copy(machine_run, path)
    with h5py.File(path, "r+") as f:
        f["metrics/output"][...] = f["metrics/expected_output"][...]
    with open_run(str(path)) as run:
        fig = dashboard.build(run)
    work = panel(fig, "work")
    assert not work.collections
    assert "no shortfall: output = expected" in " ".join(
        t.get_text() for t in work.get_legend().get_texts())


def test_report_has_the_machine_section(machine_run, synthetic_run, tmp_path):
    with open_run(machine_run) as run:
        text = report.render(run, dpi=30)
    assert "<h2>AI agents and robots</h2>" in text
    section = text[text.index("<h2>AI agents and robots</h2>"):text.index("<h2>Dashboard")]
    for needle in ("AI agents (first → last)", "AI work, total", "Human time on AI oversight",
                   "Output short of expected", "Payroll saved, to date",
                   "$300k"):  # 30 weeks at $520k a year
        assert needle in section, needle
    assert "Robot work" not in section  # zero throughout: left out
    assert "Robots (first" not in section
