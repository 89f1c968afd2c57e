"""`mpirun -n 2 wfsim sweep`: a real OpenMPI launch on this machine (loopback
and shared memory only) spreads the runs over two ranks; every run file is
identical to the local sweep's, and rank 0 writes the same index."""
import os
import shutil
import subprocess

import pytest

from compare import differences
from sweeps import SWEEP, make_sweep, read_index

# OpenMPI as root, loopback only, more ranks than cores (../shared/notes/slurm-mpi-local.md).
MPI_ENV = {
    "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
    "OMPI_MCA_btl": "self,vader", "OMPI_MCA_oob_tcp_if_include": "lo",
    "OMPI_MCA_btl_tcp_if_include": "lo", "OMPI_MCA_rmaps_base_oversubscribe": "1",
}


def test_mpirun_two_ranks_matches_local(wfsim, tmp_path, data):
    mpirun = shutil.which("mpirun")
    assert mpirun, "OpenMPI missing: tools/setup installs openmpi-bin"
    # Runs of unequal length (80 and 160 people, 3 replicates): the dispatcher balances them.
    text = SWEEP.replace("replicates: 2", "replicates: 3")
    mpi = make_sweep(tmp_path / "mpi", data, text)
    env = dict(os.environ, **MPI_ENV)
    proc = subprocess.run([mpirun, "-n", "2", wfsim.binary, "sweep", str(mpi), "--ticks", "20",
                           "--threads", "1"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "ranks        2" in proc.stdout
    assert proc.stdout.count("== wfsim sweep") == 1  # rank 0 reports
    local = make_sweep(tmp_path / "local", data, text)
    wfsim("sweep", local, "--ticks", "20", "-q")
    a, _ = read_index(tmp_path / "mpi" / "out" / "index.h5")
    b, _ = read_index(tmp_path / "local" / "out" / "index.h5")
    assert len(a) == 12 and (a.status == "complete").all()
    cols = [c for c in a.columns if c != "wall_seconds"]
    assert a[cols].equals(b[cols])
    for name in a.file:
        assert differences(tmp_path / "mpi" / "out" / name, tmp_path / "local" / "out" / name) == []
    # Resumed under MPI too: nothing left to run, the index is rebuilt.
    os.remove(tmp_path / "mpi" / "out" / "index.h5")
    os.remove(tmp_path / "mpi" / "out" / a.file[5])
    proc = subprocess.run([mpirun, "-n", "2", wfsim.binary, "sweep", str(mpi), "--ticks", "20"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "11 already done, 1 run now" in proc.stdout
    assert differences(tmp_path / "mpi" / "out" / a.file[5],
                       tmp_path / "local" / "out" / a.file[5]) == []


def test_mpirun_refuses_another_designs_folder(wfsim, tmp_path, data):
    sweep = make_sweep(tmp_path, data)
    wfsim("sweep", sweep, "--ticks", "3", "-q")
    env = dict(os.environ, **MPI_ENV)
    proc = subprocess.run(["mpirun", "-n", "2", wfsim.binary, "sweep", str(sweep), "--ticks", "4"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "holds the results of a different sweep design" in proc.stderr
