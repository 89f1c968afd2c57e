"""Reading wfsim run files (docs/output-format.md, schema version 1).

    from wfsim_analysis import open_run
    with open_run("out/run.h5") as run:
        m = run.metrics(["headcount", "quits"])      # DataFrame, index: tick
        hc = run.function_metric("headcount")        # DataFrame, tick x function
        people = run.agents_at(52)                   # DataFrame, index: person
        ev = run.events(kinds=["policy"])            # DataFrame, one row per event
        tree = run.tree_at(52)                       # DataFrame, index: position

Design notes. Files are opened read-only in SWMR mode, so a run that is
still being written can be read; every read refreshes the dataset first, and
because the writer grows datasets one after another, a reader can see a tick
in one dataset before the next: tables are cut to the rows every dataset
involved already holds. Strings may be stored fixed-length or variable-length
(both decode to ``str``). Enums are decoded with the mapping stored in the
file, falling back to the documented one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from typing import Iterable, Sequence

import h5py
import numpy as np
import pandas as pd

from .errors import RunFileError, SchemaVersionError, UnknownNameError
from .policies import Policy, parse_policies  # noqa: F401  (re-exported)

#: Layout versions this package reads.
SUPPORTED_SCHEMA_VERSIONS = (1,)
TICKS_PER_YEAR = 52

STATUS_CODES = {
    "active": 0, "quit": 1, "laid_off": 2, "retired": 3, "dismissed": 4,
    "notice": 5, "reskilling": 6, "absent": 255,
}
EVENT_KINDS = {
    "hire": 0, "quit": 1, "layoff": 2, "retire": 3, "dismiss": 4, "promote": 5,
    "notice": 6, "position_open": 7, "position_close": 8, "reparent": 9,
    "policy": 10, "reskill": 11, "relocate": 12, "demote": 13,
    "machine_add": 14, "machine_retire": 15, "suspend": 16, "fine": 17,
}
AGENT_FIELDS = ("status", "position", "function", "level", "manager", "age", "tenure",
                "competence", "morale", "workload", "salary")
EVENT_COLUMNS = ("tick", "kind", "agent", "position", "source", "detail")
GRAPH_COLUMNS = ("position", "parent", "function", "level", "site", "occupant")
GRAPH_INDEX = ("snapshot_tick", "snapshot_start", "snapshot_rows")
#: Statuses of people who are employed (working, under notice or in training).
EMPLOYED = ("active", "notice", "reskilling")


def years(ticks) -> np.ndarray:
    """Ticks (weeks) as years from the start of the run."""
    return np.asarray(ticks, dtype=float) / TICKS_PER_YEAR


def _text(value) -> str:
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape in ((), (1,)):
        return _text(value.reshape(-1)[0]) if value.size else ""
    return str(value)


def _plain(value):
    """An HDF5 attribute value as a plain Python value."""
    if isinstance(value, (bytes, np.bytes_, str)):
        return _text(value)
    if isinstance(value, np.ndarray):
        if value.shape in ((), (1,)) and value.size == 1:
            return _plain(value.reshape(-1)[0])
        if value.dtype.kind in "SOU":
            return [_text(v) for v in value.reshape(-1)]
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _names(value) -> list[str]:
    """A list-of-strings attribute (array, or a JSON or newline/comma list)."""
    value = _plain(value)
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return [str(v) for v in json.loads(text)]
        except ValueError:
            pass
    return [s.strip() for s in re.split(r"[\n,]", text) if s.strip()]


def _suggest(name: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


class Run:
    """An open wfsim run file. Use :func:`open_run` (or ``Run(path)``) and close it,
    or use it as a context manager."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        self._file = _open_h5(self.path)
        try:
            self._check_header()
        except Exception:
            self._file.close()
            raise
        self._policies: list[Policy] | None = None
        self._events_cache: tuple | None = None
        self._functions: list[str] | None = None
        self._pin: tuple[int, int] | None = None  # (metric rows, last tick) while pinned

    # ---- file and header -------------------------------------------------
    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"Run({self.path!r}, scenario={self.scenario_name!r}, seed={self.seed}, "
                f"ticks={self.ticks_recorded}/{self.ticks}, complete={self.complete})")

    @property
    def h5(self) -> h5py.File:
        """The underlying read-only ``h5py.File`` (for anything not wrapped here)."""
        return self._file

    def _check_header(self) -> None:
        attrs = self._file.attrs
        if "format" not in attrs:
            raise RunFileError(f"{self.path}: not a wfsim run file (HDF5 without the root "
                               "attribute 'format')")
        fmt = _text(attrs["format"])
        if fmt != "wfsim":
            raise RunFileError(f"{self.path}: not a wfsim run file (format is {fmt!r})")
        if "schema_version" not in attrs:
            raise SchemaVersionError(f"{self.path}: wfsim file without a schema_version")
        try:
            version = int(_plain(attrs["schema_version"]))
        except (TypeError, ValueError):
            raise SchemaVersionError(f"{self.path}: unreadable schema_version "
                                     f"{_plain(attrs['schema_version'])!r}") from None
        if version not in SUPPORTED_SCHEMA_VERSIONS:
            known = ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)
            raise SchemaVersionError(
                f"{self.path}: wfsim schema version {version} is not supported "
                f"(this wfsim_analysis reads version {known}; update analysis/)")
        self.schema_version = version

    def attr(self, name: str, default=None):
        """A root attribute as a plain Python value (``default`` if absent)."""
        if name not in self._file.attrs:
            return default
        return _plain(self._file.attrs[name])

    @property
    def attrs(self) -> dict:
        """All root attributes as plain Python values."""
        return {k: _plain(v) for k, v in self._file.attrs.items()}

    @property
    def scenario_yaml(self) -> str:
        return str(self.attr("scenario_yaml", ""))

    @property
    def scenario_name(self) -> str:
        name = str(self.attr("scenario_name", "") or "")
        return name or os.path.splitext(os.path.basename(self.path))[0]

    @property
    def seed(self) -> int | None:
        seed = self.attr("seed")
        return None if seed is None else int(seed)

    @property
    def ticks(self) -> int:
        """Ticks the run was asked for."""
        return int(self.attr("ticks", self.ticks_recorded) or 0)

    @property
    def start_date(self) -> str:
        return str(self.attr("start_date", "") or "")

    @property
    def complete(self) -> bool:
        return bool(self.attr("complete", 0))

    @property
    def version(self) -> str:
        return str(self.attr("wfsim_version", "") or "")

    @property
    def functions(self) -> list[str]:
        """Function names in scenario order (index = function column)."""
        if self._functions is None:
            self._functions = []
            for group in ("metrics_by_function", "graph"):
                if group in self._file and "functions" in self._file[group].attrs:
                    self._functions = _names(self._file[group].attrs["functions"])
                    break
        return list(self._functions)

    @property
    def sites(self) -> list[str]:
        if "graph" in self._file and "sites" in self._file["graph"].attrs:
            return _names(self._file["graph"].attrs["sites"])
        return []

    @property
    def policies(self) -> list[Policy]:
        """The scenario's policies (index = the ``source`` column of events)."""
        if self._policies is None:
            self._policies = parse_policies(self.scenario_yaml)
        return self._policies

    def policy_label(self, source: int) -> str:
        if source < 0:
            return "model"
        if source < len(self.policies):
            return self.policies[source].label
        return f"policy {source}"

    def function_name(self, index: int) -> str:
        if index < 0:
            return "CEO"
        names = self.functions
        return names[index] if index < len(names) else f"function {index}"

    # ---- low-level -------------------------------------------------------
    def _dataset(self, path: str) -> h5py.Dataset:
        if path not in self._file:
            raise UnknownNameError(f"{self.path}: no dataset /{path}")
        ds = self._file[path]
        if self._file.swmr_mode:
            try:
                ds.refresh()
            except Exception:  # not every HDF5 build can refresh every dataset
                pass
        return ds

    def has(self, path: str) -> bool:
        return path.strip("/") in self._file

    # ---- metrics ---------------------------------------------------------
    def _metric_group(self, group: str) -> h5py.Group:
        if group not in self._file:
            raise UnknownNameError(f"{self.path}: no /{group} group")
        return self._file[group]

    def metric_names(self) -> list[str]:
        """Names of the datasets under /metrics (``tick`` excluded)."""
        if "metrics" not in self._file:
            return []
        return [k for k in self._file["metrics"].keys() if k != "tick"]

    def function_metric_names(self) -> list[str]:
        if "metrics_by_function" not in self._file:
            return []
        return [k for k in self._file["metrics_by_function"].keys() if k != "tick"]

    def has_metric(self, name: str) -> bool:
        return name in self.metric_names()

    def has_function_metric(self, name: str) -> bool:
        return name in self.function_metric_names()

    def metric_info(self) -> pd.DataFrame:
        """One row per metric: ``group`` (metrics / metrics_by_function), unit, description."""
        rows = []
        for group in ("metrics", "metrics_by_function"):
            if group not in self._file:
                continue
            for name, ds in self._file[group].items():
                if name == "tick":
                    continue
                rows.append({"name": name, "group": group,
                             "unit": _text(ds.attrs.get("unit", "")),
                             "description": _text(ds.attrs.get("description", ""))})
        return pd.DataFrame(rows, columns=["name", "group", "unit", "description"])

    def unit(self, name: str) -> str:
        for group in ("metrics", "metrics_by_function"):
            path = f"{group}/{name}"
            if path in self._file:
                return _text(self._file[path].attrs.get("unit", ""))
        return ""

    def _check_metric(self, group: str, name: str) -> None:
        names = self.metric_names() if group == "metrics" else self.function_metric_names()
        if name not in names:
            where = "/metrics" if group == "metrics" else "/metrics_by_function"
            raise UnknownNameError(f"{self.path}: no metric {name!r} in {where}"
                                   f"{_suggest(name, names)}")

    def _metric_ticks(self, group: str) -> np.ndarray:
        return self._dataset(f"{group}/tick")[...].astype(np.int64)

    @property
    def ticks_recorded(self) -> int:
        """Rows of /metrics (ticks recorded so far)."""
        if "metrics/tick" not in self._file:
            return 0
        return self._cap(int(self._dataset("metrics/tick").shape[0]))

    def _cap(self, rows: int) -> int:
        return rows if self._pin is None else min(rows, self._pin[0])

    @contextlib.contextmanager
    def pinned(self):
        """Within this block, read the file as it is now: every read stops at the
        last tick that all metric datasets held when the block began, so the
        panels of a figure drawn from a growing file agree with each other."""
        old = self._pin
        shapes = [int(self._dataset(f"{g}/{n}").shape[0])
                  for g in ("metrics", "metrics_by_function") if g in self._file
                  for n in self._file[g].keys()]
        rows = min(shapes) if shapes else 0
        ticks = self._dataset("metrics/tick")[:rows] if rows else []
        self._pin = (rows, int(ticks[-1]) if rows else -1)
        try:
            yield self
        finally:
            self._pin = old

    def metrics(self, names: Sequence[str] | str | None = None) -> pd.DataFrame:
        """Firm-wide metrics as a DataFrame indexed by ``tick``, one column per metric.

        ``names``: a metric name or a list of them; all metrics when omitted.
        Raises UnknownNameError (with a suggestion) for a name the file lacks.
        """
        if isinstance(names, str):
            names = [names]
        names = list(self.metric_names() if names is None else names)
        for n in names:
            self._check_metric("metrics", n)
        ticks = self._metric_ticks("metrics")
        cols = {n: self._dataset(f"metrics/{n}")[...] for n in names}
        rows = self._cap(min([len(ticks)] + [len(v) for v in cols.values()]))
        frame = pd.DataFrame({n: np.asarray(v[:rows], dtype=float) for n, v in cols.items()},
                             index=pd.Index(ticks[:rows], name="tick"), columns=names)
        return frame

    def metric(self, name: str) -> pd.Series:
        """One firm-wide metric as a Series indexed by tick."""
        return self.metrics([name])[name]

    def function_metric(self, name: str) -> pd.DataFrame:
        """One per-function metric as a wide DataFrame: index tick, one column per function."""
        self._check_metric("metrics_by_function", name)
        ticks = self._metric_ticks("metrics_by_function")
        values = np.asarray(self._dataset(f"metrics_by_function/{name}")[...], dtype=float)
        if values.ndim == 1:
            values = values[:, None]
        rows = self._cap(min(len(ticks), values.shape[0]))
        names = self.functions
        cols = [names[j] if j < len(names) else f"function {j}" for j in range(values.shape[1])]
        frame = pd.DataFrame(values[:rows], index=pd.Index(ticks[:rows], name="tick"),
                             columns=pd.Index(cols, name="function"))
        return frame

    def metrics_by_function(self, names: Sequence[str] | str | None = None) -> pd.DataFrame:
        """Per-function metrics in long form: index (tick, function), one column per metric."""
        if isinstance(names, str):
            names = [names]
        names = list(self.function_metric_names() if names is None else names)
        parts = [self.function_metric(n).stack().rename(n) for n in names]
        if not parts:
            idx = pd.MultiIndex.from_arrays([[], []], names=["tick", "function"])
            return pd.DataFrame(index=idx)
        frame = pd.concat(parts, axis=1, join="inner")
        frame.index = frame.index.set_names(["tick", "function"])
        return frame

    # ---- agents ----------------------------------------------------------
    def has_agents(self) -> bool:
        return "agents" in self._file and "agents/tick" in self._file

    def agent_fields(self) -> list[str]:
        if not self.has_agents():
            return []
        return [k for k in self._file["agents"].keys() if k != "tick"]

    def agent_ticks(self) -> np.ndarray:
        """Ticks at which per-agent state was recorded (every ``agent_every`` ticks)."""
        self._require_agents()
        ticks = self._dataset("agents/tick")[...].astype(np.int64)
        rows = min([len(ticks)] + [self._dataset(f"agents/{f}").shape[0]
                                   for f in self.agent_fields()])
        ticks = ticks[:rows]
        return ticks if self._pin is None else ticks[ticks <= self._pin[1]]

    @property
    def slots(self) -> int:
        """Number of person columns so far (person ids are 0..slots-1)."""
        self._require_agents()
        return int(self._dataset("agents/status").shape[1])

    def _require_agents(self) -> None:
        if not self.has_agents():
            raise UnknownNameError(f"{self.path}: no /agents in this run "
                                   "(output.agent_every was 0)")

    def _check_fields(self, fields: Sequence[str] | None) -> list[str]:
        available = self.agent_fields()
        if fields is None:
            return [f for f in AGENT_FIELDS if f in available] + \
                   [f for f in available if f not in AGENT_FIELDS]
        for f in fields:
            if f not in available:
                raise UnknownNameError(f"{self.path}: no agent field {f!r}"
                                       f"{_suggest(f, available)}")
        return list(fields)

    def _enum_map(self, dtype: np.dtype, default: dict) -> dict[int, str]:
        mapping = h5py.check_enum_dtype(dtype) or default
        return {int(v): k for k, v in mapping.items()}

    def _decode(self, field: str, values: np.ndarray, dtype: np.dtype):
        if field != "status":
            return values
        codes = self._enum_map(dtype, STATUS_CODES)
        order = [codes[c] for c in sorted(codes)]
        return pd.Categorical(pd.Series(np.asarray(values, dtype=np.int64)).map(codes),
                              categories=order)

    def agent_row(self, tick: int) -> tuple[int, int]:
        """(row, recorded tick) of the latest agent row at or before ``tick``."""
        ticks = self.agent_ticks()
        pos = int(np.searchsorted(ticks, tick, side="right")) - 1
        if pos < 0:
            raise UnknownNameError(f"{self.path}: no agent state at or before tick {tick} "
                                   f"(recorded ticks {ticks[0] if len(ticks) else '-'}"
                                   f"..{ticks[-1] if len(ticks) else '-'})")
        return pos, int(ticks[pos])

    def agents_at(self, tick: int, fields: Sequence[str] | None = None,
                  include_absent: bool = False) -> pd.DataFrame:
        """Per-agent state at ``tick`` (or the latest recorded row before it).

        Index ``person`` (the slot); ``status`` is categorical by name. People
        not yet hired (status ``absent``) are left out unless ``include_absent``.
        ``frame.attrs["tick"]`` is the tick the row was recorded at.
        """
        fields = self._check_fields(fields)
        row, at = self.agent_row(tick)
        status_ds = self._dataset("agents/status")
        status = status_ds[row, :]
        data = {}
        for f in fields:
            ds = status_ds if f == "status" else self._dataset(f"agents/{f}")
            values = status if f == "status" else ds[row, :]
            n = min(len(values), len(status))
            data[f] = self._decode(f, values[:n], ds.dtype)
        n = min(len(v) for v in data.values()) if data else len(status)
        frame = pd.DataFrame({k: v[:n] for k, v in data.items()},
                             index=pd.RangeIndex(n, name="person"))
        if not include_absent:
            absent = STATUS_CODES["absent"]
            codes = h5py.check_enum_dtype(status_ds.dtype) or STATUS_CODES
            absent = int(codes.get("absent", absent))
            frame = frame[status[:n] != absent]
        frame.attrs["tick"] = at
        return frame

    def agent_history(self, person: int, fields: Sequence[str] | None = None) -> pd.DataFrame:
        """One person's recorded state over time: index tick, rows from their hire on."""
        fields = self._check_fields(fields)
        if not 0 <= int(person) < self.slots:
            raise UnknownNameError(f"{self.path}: no person {person} "
                                   f"(person ids are 0..{self.slots - 1})")
        ticks = self.agent_ticks()
        status_ds = self._dataset("agents/status")
        status = status_ds[: len(ticks), int(person)]
        data = {}
        for f in fields:
            ds = status_ds if f == "status" else self._dataset(f"agents/{f}")
            values = status if f == "status" else ds[: len(ticks), int(person)]
            data[f] = self._decode(f, values, ds.dtype)
        frame = pd.DataFrame(data, index=pd.Index(ticks, name="tick"))
        codes = h5py.check_enum_dtype(status_ds.dtype) or STATUS_CODES
        return frame[status != int(codes.get("absent", 255))]

    def agent_field(self, field: str, rows: slice | np.ndarray | None = None) -> np.ndarray:
        """Raw ``[rows, slots]`` array of one field (for bulk statistics)."""
        self._check_fields([field])
        ds = self._dataset(f"agents/{field}")
        n = len(self.agent_ticks())
        if rows is None:
            return ds[:n]
        if isinstance(rows, slice):
            return ds[rows][: n]
        rows = np.asarray(rows)
        return np.stack([ds[int(r)] for r in rows]) if len(rows) else np.empty((0, ds.shape[1]))

    # ---- events ----------------------------------------------------------
    def has_events(self) -> bool:
        return "events" in self._file

    def events(self, kinds: Sequence[str] | str | None = None) -> pd.DataFrame:
        """Events as a DataFrame: tick, kind (categorical name), agent, position,
        source, detail, and ``policy`` (the policy's id or type; "model" for -1).

        ``kinds``: keep only these kinds (names such as "quit", "policy")."""
        if isinstance(kinds, str):
            kinds = [kinds]
        if kinds is not None:
            bad = [k for k in kinds if k not in EVENT_KINDS]
            if bad:
                raise UnknownNameError(f"unknown event kind {bad[0]!r}"
                                       f"{_suggest(bad[0], EVENT_KINDS)}; kinds: "
                                       + ", ".join(EVENT_KINDS))
        frame = self._all_events()
        if self._pin is not None:
            frame = frame[frame["tick"] <= self._pin[1]].reset_index(drop=True)
        if kinds is not None:
            frame = frame[frame["kind"].isin(kinds)].reset_index(drop=True)
        return frame.copy()

    def _all_events(self) -> pd.DataFrame:
        columns = list(EVENT_COLUMNS) + ["policy"]
        if not self.has_events():
            return pd.DataFrame(columns=columns)
        ds = self._dataset("events")
        if self._events_cache is not None and self._events_cache[0] == ds.shape:
            return self._events_cache[1]
        table = ds[...]
        dtype = ds.dtype
        mapping = EVENT_KINDS
        if dtype.names and "kind" in dtype.names:
            mapping = h5py.check_enum_dtype(dtype["kind"]) or EVENT_KINDS
        names = {int(v): k for k, v in mapping.items()}
        data = {}
        for col in EVENT_COLUMNS:
            if dtype.names and col in dtype.names:
                data[col] = np.asarray(table[col])
            else:
                data[col] = np.full(len(table), -1)
        codes = data["kind"].astype(np.int64)
        unknown = sorted({int(c) for c in np.unique(codes)} - set(names))
        labels = {**names, **{c: f"kind {c}" for c in unknown}}
        frame = pd.DataFrame(data)
        frame["kind"] = pd.Categorical(pd.Series(codes).map(labels),
                                       categories=[names[c] for c in sorted(names)]
                                       + [labels[c] for c in unknown])
        sources = np.unique(data["source"]) if len(table) else []
        frame["policy"] = pd.Series(data["source"]).map(
            {int(s): self.policy_label(int(s)) for s in sources}).astype(object)
        self._events_cache = (ds.shape, frame)
        return frame

    # ---- reporting tree --------------------------------------------------
    def graph_ticks(self) -> np.ndarray:
        """Ticks of the stored reporting-tree snapshots."""
        return self._graph_index()[0]

    def _graph_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if "graph" not in self._file:
            raise UnknownNameError(f"{self.path}: no /graph in this run")
        t, s, r = (self._dataset(f"graph/{n}")[...].astype(np.int64) for n in GRAPH_INDEX)
        k = min(len(t), len(s), len(r))
        t, s, r = t[:k], s[:k], r[:k]
        n = min(self._dataset(f"graph/{c}").shape[0] for c in GRAPH_COLUMNS
                if f"graph/{c}" in self._file)
        ok = s + r <= n  # a snapshot still being written is left out
        if self._pin is not None:
            ok &= t <= self._pin[1]
        return t[ok], s[ok], r[ok]

    def tree_at(self, tick: int | None = None) -> pd.DataFrame:
        """The reporting tree at ``tick``: the latest snapshot at or before it
        (the last snapshot when ``tick`` is None).

        Index ``position``; columns parent, function, function_name, level,
        site, occupant (-1 vacant). ``frame.attrs["tick"]`` is the snapshot's tick."""
        ticks, starts, rows = self._graph_index()
        if len(ticks) == 0:
            raise UnknownNameError(f"{self.path}: /graph holds no snapshot yet")
        if tick is None:
            k = len(ticks) - 1
        else:
            k = int(np.searchsorted(ticks, tick, side="right")) - 1
            if k < 0:
                raise UnknownNameError(f"{self.path}: no tree snapshot at or before tick {tick} "
                                       f"(snapshots at {', '.join(map(str, ticks))})")
        a, b = int(starts[k]), int(starts[k] + rows[k])
        data = {c: self._dataset(f"graph/{c}")[a:b] for c in GRAPH_COLUMNS
                if f"graph/{c}" in self._file}
        frame = pd.DataFrame({c: np.asarray(v) for c, v in data.items() if c != "position"},
                             index=pd.Index(np.asarray(data["position"]), name="position"))
        if "function" in frame:
            names = {int(f): self.function_name(int(f)) for f in np.unique(frame["function"])}
            frame.insert(frame.columns.get_loc("function") + 1, "function_name",
                         frame["function"].map(names).astype(object))
        frame.attrs["tick"] = int(ticks[k])
        return frame

    # ---- conveniences ----------------------------------------------------
    def summary(self) -> pd.Series:
        """Headline numbers of the run (what the report's summary table shows)."""
        from .summary import summarize

        return summarize(self)


def _open_h5(path: str) -> h5py.File:
    if not os.path.exists(path):
        raise RunFileError(f"{path}: no such file")
    if os.path.isdir(path):
        raise RunFileError(f"{path}: is a folder, not a run file")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError as exc:
        raise RunFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not is_hdf5:
        raise RunFileError(f"{path}: not an HDF5 file (so not a wfsim run file)")
    try:
        return h5py.File(path, "r", libver="latest", swmr=True)
    except OSError:
        pass
    try:
        return h5py.File(path, "r")
    except OSError as exc:
        msg = str(exc).splitlines()[0] if str(exc) else "unknown HDF5 error"
        if "lock" in msg.lower():
            msg = ("the writer holds it locked and has not switched to SWMR yet; try again "
                   "in a moment, or set HDF5_USE_FILE_LOCKING=FALSE")
        raise RunFileError(f"{path}: cannot open ({msg})") from None


def open_run(path: str | os.PathLike) -> Run:
    """Open a wfsim run file read-only (SWMR), checking format and schema version.

    Raises RunFileError for a missing, non-HDF5 or non-wfsim file and
    SchemaVersionError for a wfsim file of a layout this package does not read.
    """
    return Run(path)
