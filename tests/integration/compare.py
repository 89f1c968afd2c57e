"""Exact comparison of two result files, as MODEL.md defines "identical"."""
import subprocess

import h5py
import numpy as np

GROUPS = ["metrics", "metrics_by_function", "agents", "events", "graph"]
NOT_COMPARED = {"created", "host", "wall_seconds"}


def _datasets(f):
    out = {}
    for g in GROUPS:
        if g not in f:
            continue
        if isinstance(f[g], h5py.Dataset):  # /events is one table
            out[g] = f[g]
            continue
        for name, obj in f[g].items():
            if isinstance(obj, h5py.Dataset):
                out[f"{g}/{name}"] = obj
    return out


def differences(path_a, path_b):
    """A list of what differs (empty when identical)."""
    diffs = []
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        da, db = _datasets(a), _datasets(b)
        if set(da) != set(db):
            diffs.append(f"datasets differ: {sorted(set(da) ^ set(db))}")
        for name in sorted(set(da) & set(db)):
            x, y = da[name], db[name]
            if x.shape != y.shape or x.dtype != y.dtype:
                diffs.append(f"{name}: shape/dtype {x.shape} {x.dtype} vs {y.shape} {y.dtype}")
            elif x[()].tobytes() != y[()].tobytes():
                diffs.append(f"{name}: values differ")
            if dict(x.attrs).keys() != dict(y.attrs).keys():
                diffs.append(f"{name}: attributes differ")
        for k in (set(a.attrs) | set(b.attrs)) - NOT_COMPARED:
            if k not in a.attrs or k not in b.attrs or np.any(a.attrs[k] != b.attrs[k]):
                diffs.append(f"root attribute {k} differs")
    # h5diff too, failing on what it cannot compare (it exits 0 for those).
    for g in GROUPS:
        proc = subprocess.run(["h5diff", "-c", str(path_a), str(path_b), f"/{g}", f"/{g}"],
                              capture_output=True, text=True)
        if proc.returncode != 0 or "not comparable" in proc.stdout:
            diffs.append(f"h5diff /{g}: {proc.stdout.strip()[:300]}")
    return diffs
