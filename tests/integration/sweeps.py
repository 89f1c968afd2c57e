"""Helpers of the sweep tests: a small sweep over tests/data/tiny.yaml and
the index read into a pandas DataFrame, as docs/clusters.md shows."""
import pathlib
import shutil

import h5py
import pandas as pd

SWEEP = """\
name: tiny-sweep
base: tiny.yaml
design: grid
replicates: 2
parameters:
  model.attrition.annual_quit_rate: [0.1, 0.3]
  firm.functions[0].headcount: [80, 160]
summary:
  - {metric: operating_income, reduce: sum}
  - {metric: headcount, reduce: last}
  - {metric: quits, reduce: sum}
output: out
"""


def make_sweep(folder, data, text=SWEEP, name="sweep.yaml"):
    """Writes the sweep file and its base into `folder`; returns the sweep file."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(data / "tiny.yaml", folder / "tiny.yaml")
    (folder / name).write_text(text)
    return folder / name


def read_index(path):
    with h5py.File(path, "r") as f:
        g = f["runs"]
        cols = [c.decode() if isinstance(c, bytes) else c for c in g.attrs["columns"]]
        return pd.DataFrame({c: g[c].asstr()[()] if g[c].dtype.kind == "O" else g[c][()]
                             for c in cols}), dict(f.attrs)
