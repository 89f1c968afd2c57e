"""`wfsim-plot` end to end: images of the expected size, one-line errors."""

from __future__ import annotations

import glob
import os
import shutil
import struct
import subprocess

import h5py
import numpy as np
import pytest

from wfsim_analysis import cli

from conftest import REPO

DPI = 40  # small images keep the suite fast


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def run_cli(capsys, *args) -> tuple[int, list[str], str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out.split(), err


def test_run_dashboard(capsys, synthetic_run, tmp_path):
    """Default output: RUN-dashboard.png beside the run file, plus --format extras."""
    src = tmp_path / "myrun.h5"
    shutil.copy(synthetic_run, src)
    code, paths, err = run_cli(capsys, "run", src, "--dpi", DPI, "--format", "png,svg")
    assert code == 0, err
    png, svg = tmp_path / "myrun-dashboard.png", tmp_path / "myrun-dashboard.svg"
    assert paths == [str(png), str(svg)]
    assert png_size(png) == (15 * DPI, int(16.5 * DPI))  # AI agents: the machine row
    assert os.path.getsize(svg) > 10_000


def test_compare(capsys, synthetic_run, sweep_dir, tmp_path):
    reps = sorted(glob.glob(os.path.join(sweep_dir, "share0.0-days3-r*.h5")))
    out = tmp_path / "cmp.png"
    code, paths, err = run_cli(capsys, "compare", synthetic_run, ",".join(reps), "-o", out,
                               "--dpi", DPI, "--labels", "synthetic,baseline")
    assert code == 0, err
    assert paths == [str(out), str(tmp_path / "cmp-diff.png")]
    w, h = png_size(out)
    assert w == 15 * DPI and h > 10 * DPI
    assert png_size(paths[1]) == (15 * DPI, int(8.8 * DPI))


def test_sweep(capsys, sweep_dir, tmp_path):
    out = tmp_path / "sweep.png"
    code, paths, err = run_cli(capsys, "sweep", sweep_dir, "--metric", "headcount",
                               "--reduce", "last", "-o", out, "--dpi", DPI)
    assert code == 0, err
    assert paths == [str(out)] and png_size(out) == (9 * DPI, 7 * DPI)
    code, paths, err = run_cli(capsys, "sweep", sweep_dir, "--kind", "line",
                               "-o", tmp_path / "line.png", "--dpi", DPI)
    assert code == 0, err
    assert png_size(paths[0]) == (9 * DPI, 6 * DPI)


def test_org(capsys, synthetic_run, tmp_path):
    out = tmp_path / "org.png"
    code, paths, err = run_cli(capsys, "org", synthetic_run, "--tick", 30, "--color", "morale",
                               "-o", out, "--dpi", DPI)
    assert code == 0, err
    assert paths == [str(out), str(tmp_path / "org-spans.png")]
    assert png_size(out) == (16 * DPI, 9 * DPI)
    assert png_size(paths[1]) == (13 * DPI, int(5.5 * DPI))


def test_metrics_list_and_plot(capsys, synthetic_run, tmp_path):
    code, words, err = run_cli(capsys, "metrics", synthetic_run)
    assert code == 0 and "headcount" in words and "USD/week" in words
    out = tmp_path / "m.png"
    code, paths, err = run_cli(capsys, "metrics", synthetic_run, "quits", "hires",
                               "--by-function", "-o", out, "--dpi", DPI)
    assert code == 0, err
    assert png_size(out) == (10 * DPI, int(4.2 * DPI))


# ---- bad input: one line on stderr, exit status 2 -------------------------

@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "text.h5").write_text("this is not HDF5\n")
    with h5py.File(d / "other.h5", "w") as f:  # HDF5 from another program
        f["temperature"] = np.arange(10.0)
        f.attrs["creator"] = "some other tool"
    return d


def _one_line_error(code, err, needle):
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("wfsim-plot: error: ")
    assert needle in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("args, needle", [
    (["run", "{d}/missing.h5"], "no such file"),
    (["run", "{d}/text.h5"], "not an HDF5 file"),
    (["run", "{d}/other.h5"], "not a wfsim run file"),
    (["report", "{d}/other.h5"], "not a wfsim run file"),
    (["org", "{d}/text.h5"], "not an HDF5 file"),
    (["compare", "{run}", "{d}/missing.h5"], "no such file"),
    (["compare", "{run}", "{run}", "--metrics", "headcont"], "did you mean headcount"),
    (["metrics", "{run}", "nosuchmetric"], "no metric 'nosuchmetric'"),
    (["sweep", "{d}/nowhere"], "no such folder"),
    (["sweep", "{d}", "--metric", "headcount"], "none of the 2 .h5 files is a wfsim run"),
    (["sweep", "{sweep}", "--metric", "quitz"], "did you mean quits"),
    (["sweep", "{sweep}", "--x", "model.nothing"], "not a swept parameter"),
    (["org", "{run}", "--policy", "nonesuch"], "no policy event of 'nonesuch'"),
    (["run", "{run}", "--format", "gif"], "unknown image format"),
    (["run", "{run}", "-o", "{d}/no/such/dir/x.png"], "no such folder"),
    (["run"], "the following arguments are required"),
    (["plot", "{run}"], "invalid choice"),
])
def test_bad_input(capsys, bad_files, synthetic_run, sweep_dir, args, needle):
    args = [a.format(d=bad_files, run=synthetic_run, sweep=sweep_dir) for a in args]
    try:
        code = cli.main(args)
    except SystemExit as exc:  # argparse errors
        code = exc.code
    _, err = capsys.readouterr()
    _one_line_error(code, err, needle)


def test_unknown_schema_version(capsys, synthetic_run, tmp_path):
    path = tmp_path / "future.h5"
    shutil.copy(synthetic_run, path)
    with h5py.File(path, "r+") as f:
        f.attrs["schema_version"] = np.int64(7)
    code, _, err = run_cli(capsys, "run", path)
    _one_line_error(code, err, "schema version 7 is not supported")


def test_tools_plot_wrapper(synthetic_run, tmp_path):
    """The repository's wrapper finds the package and Debian's Python by itself."""
    tool = os.path.join(REPO, "tools", "plot")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WFSIM_PYTHON")}
    proc = subprocess.run([tool, "run", synthetic_run, "-o", str(tmp_path / "w.png"),
                           "--dpi", "20"], capture_output=True, text=True, env=env,
                          cwd=str(tmp_path), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "w.png")
    proc = subprocess.run([tool, "run", str(tmp_path / "missing.h5")], capture_output=True,
                          text=True, env=env, cwd=str(tmp_path), timeout=120)
    _one_line_error(proc.returncode, proc.stderr, "no such file")
