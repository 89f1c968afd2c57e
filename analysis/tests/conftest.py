"""Fixtures: run files to read and plot.

* ``synthetic_run``: a 60-tick file written by tests/synthetic.py (always).
* ``real_run``: a file written by the simulator itself, when the environment
  variable WFSIM_BIN names a built `wfsim` executable:
  ``$WFSIM_BIN run SCENARIO -o tmp.h5 --ticks 30 --quiet`` with SCENARIO from
  WFSIM_TEST_SCENARIO (default tests/data/tiny.yaml). Relative paths (of both)
  are taken from the current folder if they exist there, else from the
  repository root.
  Skipped only when WFSIM_BIN is unset; a failing run fails the tests.
* ``run_file``: both of the above (tests using it run once per file).
* ``sweep_dir``: twelve short runs with a ``sweep_parameters`` attribute
  (delayering share x RTO days x 2 replicates).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ANALYSIS = os.path.dirname(HERE)
REPO = os.path.dirname(ANALYSIS)
for p in (ANALYSIS, HERE):
    if p not in sys.path:
        sys.path.insert(0, p)

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from synthetic import write_synthetic_run  # noqa: E402

SWEEP_SHARES = (0.0, 0.13, 0.25)
SWEEP_DAYS = (3, 5)
SWEEP_REPLICATES = 2


@pytest.fixture(scope="session")
def synthetic_run(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("synthetic") / "run.h5"
    return write_synthetic_run(str(path), seed=7, ticks=60)


def _scenario_path() -> str:
    value = os.environ.get("WFSIM_TEST_SCENARIO", "tests/data/tiny.yaml")
    if os.path.isabs(value) or os.path.exists(value):
        return os.path.abspath(value)
    return os.path.join(REPO, value)


@pytest.fixture(scope="session")
def real_run(tmp_path_factory) -> str:
    binary = os.environ.get("WFSIM_BIN")
    if not binary:
        pytest.skip("WFSIM_BIN is not set (point it at a built wfsim to test a real run file)")
    if not os.path.isabs(binary) and not os.path.exists(binary) and os.sep in binary:
        binary = os.path.join(REPO, binary)  # relative to the repository root
    scenario = _scenario_path()
    if not os.path.isfile(scenario):
        pytest.fail(f"WFSIM_TEST_SCENARIO: no scenario file {scenario}")
    out = tmp_path_factory.mktemp("real") / "tmp.h5"
    cmd = [binary, "run", scenario, "-o", str(out), "--ticks", "30", "--quiet"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except OSError as exc:
        pytest.fail(f"WFSIM_BIN={binary}: cannot run it ({exc})")
    if proc.returncode != 0 or not out.exists():
        pytest.fail(f"{' '.join(cmd)} failed with status {proc.returncode}:\n"
                    f"{proc.stderr[-2000:]}")
    return str(out)


@pytest.fixture(params=["synthetic", "real"])
def run_file(request) -> str:
    return request.getfixturevalue(f"{request.param}_run")


@pytest.fixture(scope="session")
def sweep_dir(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("sweep")
    for share in SWEEP_SHARES:
        for days in SWEEP_DAYS:
            for rep in range(SWEEP_REPLICATES):
                write_synthetic_run(
                    str(folder / f"share{share}-days{days}-r{rep}.h5"), seed=100 + rep,
                    ticks=26, agent_every=0, delayering_share=share,
                    quit_multiplier=1.0 if days == 3 else 1.6,
                    sweep_parameters={"policies[id=delayering].share": share,
                                      "policies[id=rto].days_per_week": days})
    return str(folder)
