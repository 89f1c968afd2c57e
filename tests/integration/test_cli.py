"""The command line: help, version, errors with exit code 2, nothing overwritten,
a killed run leaves a readable file, and a growing file can be read (SWMR)."""
import os
import signal
import subprocess
import sys
import time

import h5py
import pytest


def test_help_teaches_with_examples(wfsim):
    proc = wfsim("--help")
    assert "Examples:" in proc.stdout and "wfsim run" in proc.stdout
    assert "--set" in wfsim("run", "--help").stdout


def test_version(wfsim):
    assert wfsim("--version").stdout.startswith("wfsim ")


@pytest.mark.parametrize("yaml, where", [
    ("name: x\nfirm:\n  functions:\n    - {name: a, headcount: -3}\n", "bad.yaml:4:28: firm.functions[0].headcount"),
    ("name: x\nfirm:\n  functions: [{name: a, headcount: 10}]\nmodel:\n  morale: {mo: 0.5}\n",
     "bad.yaml:5:12: model.morale.mo"),
])
def test_bad_scenario_exits_2_with_place_and_path(wfsim, tmp_path, yaml, where):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml)
    for cmd in (["validate", bad], ["run", bad, "-o", tmp_path / "x.h5"]):
        proc = wfsim(*cmd, check=False)
        assert proc.returncode == 2
        assert where in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.h5").exists()


def test_bad_set_override_names_the_override(wfsim, data):
    proc = wfsim("validate", data / "tiny.yaml", "--set", "model.attrition.annual_quit_rate=-1", check=False)
    assert proc.returncode == 2
    assert "--set model.attrition.annual_quit_rate" in proc.stderr
    proc = wfsim("validate", data / "tiny.yaml", "--set", "modle.x=1", check=False)
    assert proc.returncode == 2 and "did you mean 'model'" in proc.stderr


def test_an_existing_result_is_never_overwritten_without_force(wfsim, data, tmp_path):
    out = tmp_path / "r.h5"
    out.write_bytes(b"precious")
    proc = wfsim("run", data / "tiny.yaml", "-o", out, "--quiet", check=False)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert out.read_bytes() == b"precious"
    wfsim("run", data / "tiny.yaml", "-o", out, "--quiet", "--force", "--ticks", "3")
    with h5py.File(out, "r") as f:
        assert int(f.attrs["complete"]) == 1


def _start_long_run(wfsim, data, out):
    return subprocess.Popen([wfsim.binary, "run", str(data / "tiny.yaml"), "-o", str(out), "--quiet",
                             "--ticks", "100000", "--set", "output.flush_every=1",
                             "--set", "firm.functions[0].headcount=3000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


READ_ROWS = """
import sys, h5py
with h5py.File(sys.argv[1], "r", libver="latest", swmr=True) as f:
    print(f["metrics/headcount"].shape[0], int(f.attrs["complete"]), f["metrics/headcount"][-1])
"""


def _rows(out):
    """Rows and `complete`, read by a separate process as a user would."""
    proc = subprocess.run([sys.executable, "-c", READ_ROWS, str(out)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise OSError(proc.stderr.strip().splitlines()[-1] if proc.stderr else "unreadable")
    rows, complete, last = proc.stdout.split()
    return int(rows), int(complete), float(last)


def test_a_growing_file_can_be_read_and_a_killed_run_leaves_it_readable(wfsim, data, tmp_path):
    out = tmp_path / "long.h5"
    proc = _start_long_run(wfsim, data, out)
    try:
        seen = []
        deadline = time.time() + 60
        while time.time() < deadline and (len(seen) < 2 or seen[-1] <= seen[0]):
            time.sleep(0.5)
            if out.exists():
                try:
                    seen.append(_rows(out)[0])
                except OSError:
                    pass  # the file is being created
        assert len(seen) >= 2 and seen[-1] > seen[0], f"rows seen while running: {seen}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    rows, complete, last = _rows(out)
    assert complete == 0
    assert rows >= seen[-1]
    assert last > 2000
    # h5clear -s lifts the writer's mark, after which every HDF5 tool opens it.
    subprocess.run(["h5clear", "-s", str(out)], check=True)
    dump = subprocess.run(["h5dump", "-H", str(out)], capture_output=True, text=True)
    assert dump.returncode == 0 and "metrics" in dump.stdout


def test_ctrl_c_stops_cleanly_and_keeps_a_readable_file(wfsim, data, tmp_path):
    out = tmp_path / "interrupted.h5"
    proc = _start_long_run(wfsim, data, out)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.3)
        try:
            if _rows(out)[0] > 3:
                break
        except OSError:
            pass
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"interrupted" in err
    rows, complete, _ = _rows(out)
    assert complete == 0 and rows > 3
    dump = subprocess.run(["h5dump", "-H", str(out)], capture_output=True, text=True)
    assert dump.returncode == 0, dump.stderr  # closed properly: any tool reads it
