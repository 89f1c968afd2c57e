"""A real single-node Slurm (slurmctld, slurmd and munge from Debian, started
by tools/slurm/local-cluster under a temporary folder): a job array of four
tasks runs the sweep's shares, the collect job builds the index after them,
and the result equals a local sweep's. The cluster is stopped afterwards,
and only the processes it started."""
import os
import pathlib
import re
import subprocess
import time

import pytest

from compare import differences
from sweeps import make_sweep, read_index

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="slurmd needs root (CI runs as root)")


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def test_slurm_job_array_then_collect(wfsim, tmp_path, data):
    tools = pathlib.Path(__file__).resolve().parents[2] / "tools" / "slurm"
    state = tmp_path / "slurm"
    start = subprocess.run([tools / "local-cluster", "start", state], capture_output=True,
                           text=True, timeout=60)
    assert start.returncode == 0, start.stderr
    pids = [int((state / f).read_text()) for f in ("slurmctld.pid", "slurmd.pid", "munge/munged.pid")]
    try:
        env = dict(os.environ, SLURM_CONF=str(state / "slurm.conf"), WFSIM=wfsim.binary)
        sweep = make_sweep(tmp_path / "work", data)
        sub = subprocess.run([tools / "submit", "sweep.yaml", "4", "--ticks", "10"],
                             capture_output=True, text=True, env=env, cwd=tmp_path / "work",
                             timeout=30)
        assert sub.returncode == 0, sub.stderr
        ids = dict(line.split() for line in sub.stdout.splitlines())
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            q = subprocess.run(["squeue", "-h", "-j", f"{ids['array']},{ids['collect']}"],
                               capture_output=True, text=True, env=env)
            if q.returncode == 0 and not q.stdout.strip():
                break
            time.sleep(0.3)
        else:
            pytest.fail("the jobs did not finish within 90 s")
        # Every job (4 array tasks, 1 collect) completed with exit code 0.
        comp = (state / "log" / "jobcomp.log").read_text().splitlines()
        states = [re.search(r"JobState=(\S+)", l).group(1) for l in comp]
        codes = [re.search(r"ExitCode=(\S+)", l).group(1) for l in comp]
        logs = "".join(p.read_text() for p in (tmp_path / "work").glob("wfsim-*.out"))
        assert len(comp) == 5 and set(states) == {"COMPLETED"} and set(codes) == {"0:0"}, logs
        index = tmp_path / "work" / "out" / "index.h5"
        a, _ = read_index(index)
        assert len(a) == 8 and (a.status == "complete").all()
        local = make_sweep(tmp_path / "local", data)
        wfsim("sweep", local, "--ticks", "10", "-q")
        b, _ = read_index(tmp_path / "local" / "out" / "index.h5")
        cols = [c for c in a.columns if c != "wall_seconds"]
        assert a[cols].equals(b[cols])
        for name in a.file:
            assert differences(tmp_path / "work" / "out" / name, tmp_path / "local" / "out" / name) == []
    finally:
        stop = subprocess.run([tools / "local-cluster", "stop", state], capture_output=True,
                              text=True, timeout=60)
    assert stop.returncode == 0, stop.stderr
    assert not any(_alive(p) for p in pids)
