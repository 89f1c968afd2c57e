"""Shared fixtures: the wfsim binary, the source tree, and a runner."""
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("WFSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SHARED = SOURCE.parent / "shared"


@pytest.fixture(scope="session")
def wfsim():
    binary = os.environ.get("WFSIM_BIN", str(SOURCE / "build" / "release" / "wfsim"))
    assert pathlib.Path(binary).exists(), f"build wfsim first: {binary}"

    def run(*args, check=True, **kw):
        proc = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, **kw)
        if check and proc.returncode != 0:
            raise AssertionError(f"wfsim {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
        return proc

    run.binary = binary
    return run


@pytest.fixture(scope="session")
def data():
    return SOURCE / "tests" / "data"
