"""Checks that a result file holds exactly the layout of docs/output-format.md."""
import h5py
import numpy as np

AGENT_FIELDS = {
    "status": np.uint8, "position": np.int32, "function": np.int16, "level": np.int8,
    "manager": np.int32, "age": np.float32, "tenure": np.int32, "competence": np.float32,
    "morale": np.float32, "workload": np.float32, "salary": np.float32,
}
ROOT_ATTRS = ["format", "schema_version", "wfsim_version", "git_commit", "scenario_yaml",
              "scenario_name", "seed", "ticks", "start_date", "units", "created", "host",
              "wall_seconds", "complete"]
METRICS = ["headcount", "managers", "ics", "ic_per_manager", "ai_agents", "robots", "revenue",
           "costs", "operating_income", "revenue_per_employee", "expected_output",
           "expected_workload", "mean_morale", "quits", "regretted_quits", "layoffs", "hires",
           "promotions", "backlog", "mean_span", "layers", "quiet_attrition", "severance",
           "severance_avoided", "oversight_gap", "ai_capex"]
GRAPH = {"snapshot_tick": np.int64, "snapshot_start": np.int64, "snapshot_rows": np.int64,
         "position": np.int32, "parent": np.int32, "function": np.int16, "level": np.int8,
         "site": np.int16, "occupant": np.int32}


def check_layout(path, ticks, n_functions, agent_every=1):
    with h5py.File(path, "r", libver="latest", swmr=True) as f:
        for a in ROOT_ATTRS:
            assert a in f.attrs, f"root attribute {a} missing"
        assert f.attrs["format"] == "wfsim"
        assert int(f.attrs["schema_version"]) == 1
        assert int(f.attrs["complete"]) == 1
        assert int(f.attrs["ticks"]) == ticks
        m = f["metrics"]
        assert list(m["tick"][()]) == list(range(ticks))
        for name in METRICS:
            assert name in m, f"/metrics/{name} missing"
            ds = m[name]
            assert ds.shape == (ticks,) and ds.dtype == np.float64
            assert "unit" in ds.attrs and "description" in ds.attrs
            assert np.all(np.isfinite(ds[()])), name
        bf = f["metrics_by_function"]
        names = [n.decode() if isinstance(n, bytes) else n for n in bf.attrs["functions"]]
        assert len(names) == n_functions
        for name in ["headcount", "demand", "output", "backlog", "workload", "quits", "hires"]:
            assert bf[name].shape == (ticks, n_functions)
        # By-function headcounts add up to the firm's, less the CEO (no function).
        total = bf["headcount"][()].sum(axis=1)
        assert np.all(m["headcount"][()] - total <= 1)
        ag = f["agents"]
        rows = len(range(0, ticks, agent_every))
        assert list(ag["tick"][()]) == list(range(0, ticks, agent_every))
        slots = ag["status"].shape[1]
        for field, dtype in AGENT_FIELDS.items():
            ds = ag[field]
            assert ds.shape == (rows, slots), field
            assert ds.dtype == dtype, (field, ds.dtype)
            assert ds.chunks is not None and ds.compression in (None, "gzip")
        assert h5py.check_enum_dtype(ag["status"].dtype)["active"] == 0
        assert h5py.check_enum_dtype(ag["status"].dtype)["absent"] == 255
        status = ag["status"][()]
        # At tick 0 the payroll (active) matches the headcount metric.
        assert (status[0] == 0).sum() == m["headcount"][0]
        # After an exit a person's column keeps their last state (docs/output-format.md).
        gone = np.isin(status, [1, 2, 3, 4])
        first_gone = np.where(gone.any(axis=0), gone.argmax(axis=0), -1)
        for field in ("manager", "workload", "position", "morale", "salary"):
            col = ag[field][()]
            for slot in np.flatnonzero(first_gone >= 0)[:200]:
                r = first_gone[slot]
                assert np.array_equal(col[r:, slot], np.repeat(col[r, slot], rows - r), equal_nan=True), \
                    (field, slot)
        ev = f["events"]
        assert set(ev.dtype.names) == {"tick", "kind", "agent", "position", "source", "detail"}
        ticks_col = ev["tick"]
        assert np.all(np.diff(ticks_col) >= 0), "events are in tick order"
        kinds = h5py.check_enum_dtype(ev.dtype["kind"])
        assert kinds["hire"] == 0 and kinds["quit"] == 1 and kinds["reskill"] == 11
        n_hires = (ev["kind"] == kinds["hire"]).sum()
        assert n_hires == m["hires"][()].sum()
        assert (ev["kind"] == kinds["quit"]).sum() == m["quits"][()].sum()
        g = f["graph"]
        for name, dtype in GRAPH.items():
            assert g[name].dtype == dtype, name
        k = g["snapshot_tick"].shape[0]
        assert k >= 2 and g["snapshot_tick"][0] == 0 and g["snapshot_tick"][-1] == ticks - 1
        start, rows0 = g["snapshot_start"][0], g["snapshot_rows"][0]
        parents = g["parent"][start:start + rows0]
        assert (parents == -1).sum() == 1, "one top position"
        return {"slots": slots, "events": ev.shape[0]}
