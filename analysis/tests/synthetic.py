"""A small, self-consistent wfsim run file written with h5py, for the tests.

The layout follows docs/output-format.md (schema version 1) exactly: root
attributes, /metrics, /metrics_by_function, /agents (chunked (1, 65536),
deflate + shuffle, enum status with fill 255), /events (compound with an enum
kind), /graph (ragged snapshots). The numbers come from a toy firm: three
functions, a reporting tree with span 8, weekly quits, retirements,
promotions up the tree and hires into vacancies, a management delayering at
tick 20 (layoffs, re-parenting, closed positions), an AI deployment in hr at
tick 30 and a hiring slowdown for the first half year. It is not the model
of MODEL.md, only something with realistic shapes and ranges.

The file is written the way the C++ writer writes it: every dataset created
first, then SWMR mode, then datasets grown tick by tick; `complete` and
`wall_seconds` are set after the run (unless ``complete=False``). Some string
attributes are stored fixed-length and others variable-length, as a reader
must take both.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import h5py
import numpy as np

STATUS = {"active": 0, "quit": 1, "laid_off": 2, "retired": 3, "dismissed": 4,
          "notice": 5, "reskilling": 6, "absent": 255}
KINDS = {"hire": 0, "quit": 1, "layoff": 2, "retire": 3, "dismiss": 4, "promote": 5,
         "notice": 6, "position_open": 7, "position_close": 8, "reparent": 9,
         "policy": 10, "reskill": 11}

FUNCTIONS = [  # name, positions, salary mean, value per unit, support
    ("engineering", 170, 160_000.0, 1.0, False),
    ("sales", 80, 120_000.0, 1.2, False),
    ("hr", 50, 90_000.0, 0.0, True),
]
SITES = ["seattle", "remote"]

METRICS = [  # name, unit, description
    ("headcount", "people", "active humans"),
    ("managers", "people", "active humans in manager positions"),
    ("ics", "people", "active humans in IC positions"),
    ("ic_per_manager", "ratio", "ics / managers"),
    ("ai_agents", "agents", "AI agents deployed"),
    ("robots", "robots", "robots deployed"),
    ("revenue", "USD/week", "revenue this tick"),
    ("costs", "USD/week", "costs this tick"),
    ("operating_income", "USD/week", "revenue - costs"),
    ("revenue_per_employee", "USD/year", "revenue annualised over active humans"),
    ("expected_output", "FTE-week", "output leadership expects"),
    ("expected_workload", "ratio", "workload leadership expects"),
    ("mean_morale", "1", "mean morale of active humans"),
    ("quits", "people/week", "voluntary exits"),
    ("regretted_quits", "people/week", "quits in the top competence quartile"),
    ("layoffs", "people/week", "layoffs and cuts"),
    ("hires", "people/week", "external hires"),
    ("promotions", "people/week", "promotions"),
    ("backlog", "FTE-week", "work carried over"),
    ("mean_span", "positions", "mean span over manager positions"),
    ("layers", "levels", "layers of the reporting tree"),
    ("quiet_attrition", "people/week", "quits on relocation"),
    ("severance", "USD/week", "severance paid"),
    ("severance_avoided", "USD/week", "severance not paid thanks to quiet attrition"),
    ("oversight_gap", "FTE-week", "AI oversight owed but unstaffed"),
    ("ai_capex", "USD/week", "AI capex spent"),
]
FUNCTION_METRICS = [
    ("headcount", "people", "active humans in the function"),
    ("quits", "people/week", "quits in the function"),
    ("hires", "people/week", "hires in the function"),
    ("layoffs", "people/week", "layoffs in the function"),
    ("mean_morale", "1", "mean morale in the function"),
    ("workload", "ratio", "workload of the function"),
    ("backlog", "FTE-week", "backlog of the function"),
    ("output", "FTE-week", "work done"),
]

SCENARIO = """\
name: synthetic-delayering
description: A toy 300-position firm for the analysis tests.
seed: {seed}
ticks: {ticks}
start_date: 2025-01-06
firm:
  sites:
    - {{name: seattle, hub: true, share: 0.6}}
    - {{name: remote, hub: false, share: 0.4}}
  functions:
    - {{name: engineering, headcount: 170, salary: {{mean: 160000, sd: 30000}}}}
    - {{name: sales, headcount: 80, value_per_unit: 1.2}}
    - {{name: hr, headcount: 50, support: true}}
  hierarchy: {{span: 8}}
policies:
  - type: management_delayering
    id: delayering
    at: 20
    levels: [1]
    share: {share}
  - type: ai_deployment
    at: 30
    function: hr
    mode: augment
    agent_capacity_fte: 5
    opex_per_agent_week: 400
  - type: hiring_policy   # slower hiring in the first half year
    from: 0
    to: 26
    multiplier: {{default: 0.5}}
output:
  agent_every: {agent_every}
"""


@dataclass
class Firm:
    rng: np.random.Generator
    # positions
    parent: list[int] = field(default_factory=list)
    function: list[int] = field(default_factory=list)
    level: list[int] = field(default_factory=list)
    site: list[int] = field(default_factory=list)
    occupant: list[int] = field(default_factory=list)
    alive: list[bool] = field(default_factory=list)
    # people
    status: list[int] = field(default_factory=list)
    position: list[int] = field(default_factory=list)
    age: list[float] = field(default_factory=list)
    tenure: list[int] = field(default_factory=list)
    competence: list[float] = field(default_factory=list)
    morale: list[float] = field(default_factory=list)
    salary: list[float] = field(default_factory=list)

    def add_position(self, parent: int, function: int, level: int) -> int:
        self.parent.append(parent)
        self.function.append(function)
        self.level.append(level)
        self.site.append(int(self.rng.random() < 0.4) if function >= 0 else 0)
        self.occupant.append(-1)
        self.alive.append(True)
        return len(self.parent) - 1

    def hire(self, pos: int, age: float | None = None, tenure: int = 0) -> int:
        f = self.function[pos]
        mean = FUNCTIONS[f][2] if f >= 0 else 400_000.0
        self.status.append(STATUS["active"])
        self.position.append(pos)
        self.age.append(age if age is not None else float(np.clip(self.rng.normal(32, 7), 20, 60)))
        self.tenure.append(tenure)
        self.competence.append(float(np.clip(self.rng.normal(0.5, 0.15), 0, 1)))
        self.morale.append(0.7)
        self.salary.append(float(max(30_000.0, self.rng.normal(mean, 0.2 * mean)))
                           * (1 + 0.25 * self.level[pos]))
        pid = len(self.status) - 1
        self.occupant[pos] = pid
        return pid

    def children(self, pos: int) -> list[int]:
        return [p for p, par in enumerate(self.parent) if par == pos and self.alive[p]]


def _build(rng: np.random.Generator) -> Firm:
    firm = Firm(rng)
    ceo = firm.add_position(-1, -1, 0)
    heads = []
    for f, (_name, headcount, *_rest) in enumerate(FUNCTIONS):
        ics = headcount
        while True:  # ICs such that ICs + managers == headcount
            total, n = ics, ics
            while n > 1:
                n = math.ceil(n / 8)
                total += n
            if total <= headcount:
                break
            ics -= 1
        layer = [firm.add_position(-2, f, 0) for _ in range(ics)]
        level = 0
        while len(layer) > 1 or level == 0:
            level += 1
            up = []
            for i in range(0, len(layer), 8):
                m = firm.add_position(-2, f, level)
                for c in layer[i:i + 8]:
                    firm.parent[c] = m
                up.append(m)
            layer = up
        heads.append(layer[0])
    for h in heads:
        firm.parent[h] = ceo
    firm.level[ceo] = max(firm.level) + 1
    for pos in range(len(firm.parent)):
        firm.hire(pos, age=float(np.clip(rng.normal(40, 10), 20, 64)),
                  tenure=int(rng.exponential(52 / 0.13)))
    return firm


def write_synthetic_run(path, *, seed: int = 7, ticks: int = 60, agent_every: int = 1,
                        delayering_share: float = 0.13, complete: bool = True,
                        sweep_parameters: dict | None = None, stop_after: int | None = None,
                        quit_multiplier: float = 1.0, on_flush=None):
    """Write a run file at ``path``. ``stop_after``: record only that many ticks
    (as a killed run would leave it); ``complete`` is then 0. ``quit_multiplier``
    scales the quit hazard (a stand-in for an RTO mandate in sweep tests).
    ``on_flush(ticks_written)`` is called after each flush while the file is
    open in SWMR mode (a test's reader can look at it then)."""
    rng = np.random.default_rng(seed)
    firm = _build(rng)
    nf = len(FUNCTIONS)
    scenario = SCENARIO.format(seed=seed, ticks=ticks, share=delayering_share,
                               agent_every=agent_every)
    status_t = h5py.enum_dtype({k: v for k, v in STATUS.items()}, basetype=np.uint8)
    kind_t = h5py.enum_dtype(dict(KINDS), basetype=np.uint8)
    event_t = np.dtype([("tick", "<i4"), ("kind", kind_t), ("agent", "<i4"),
                        ("position", "<i4"), ("source", "<i2"), ("detail", "<f8")])

    f = h5py.File(path, "w", libver="latest")
    a = f.attrs
    a.create("format", np.bytes_(b"wfsim"))  # fixed-length string, as C++ may write
    a["schema_version"] = np.int64(1)
    a["wfsim_version"] = "0.1.0"
    a["git_commit"] = "0000000synthetic"
    a["scenario_yaml"] = scenario
    a["scenario_name"] = "synthetic-delayering"
    a["seed"] = np.int64(seed)
    a["ticks"] = np.int64(ticks)
    a["start_date"] = "2025-01-06"
    a["units"] = "tick=week; money=USD; work=FTE-week; age=years; tenure=weeks"
    a["created"] = "2025-01-01T00:00:00Z"
    a["host"] = "synthetic"
    a["wall_seconds"] = np.float64(0.0)
    a["complete"] = np.int64(0)
    if sweep_parameters is not None:
        a["sweep_parameters"] = json.dumps(sweep_parameters)

    def grow1(group, name, dtype, **kw):
        return group.create_dataset(name, shape=(0,), maxshape=(None,), dtype=dtype,
                                    chunks=(1024,), **kw)

    gm = f.create_group("metrics")
    grow1(gm, "tick", np.int64)
    for name, unit, desc in METRICS:
        ds = grow1(gm, name, np.float64)
        ds.attrs["unit"], ds.attrs["description"] = unit, desc
    gf = f.create_group("metrics_by_function")
    gf.attrs["functions"] = [n for n, *_ in FUNCTIONS]
    grow1(gf, "tick", np.int64)
    for name, unit, desc in FUNCTION_METRICS:
        ds = gf.create_dataset(name, shape=(0, nf), maxshape=(None, nf), dtype=np.float64,
                               chunks=(256, nf))
        ds.attrs["unit"], ds.attrs["description"] = unit, desc
    agent_spec = [("status", status_t, 255), ("position", np.int32, -1),
                  ("function", np.int16, -1), ("level", np.int8, -1),
                  ("manager", np.int32, -1), ("age", np.float32, np.nan),
                  ("tenure", np.int32, -1), ("competence", np.float32, np.nan),
                  ("morale", np.float32, np.nan), ("workload", np.float32, np.nan),
                  ("salary", np.float32, np.nan)]
    if agent_every > 0:
        ga = f.create_group("agents")
        ga.attrs["compression"] = "deflate level 4, shuffle"
        grow1(ga, "tick", np.int64)
        for name, dtype, fill in agent_spec:
            ga.create_dataset(name, shape=(0, 0), maxshape=(None, None), dtype=dtype,
                              chunks=(1, 65536), fillvalue=fill, compression="gzip",
                              compression_opts=4, shuffle=True)
    f.create_dataset("events", shape=(0,), maxshape=(None,), dtype=event_t, chunks=(4096,))
    gg = f.create_group("graph")
    gg.attrs.create("functions", np.array([n.encode() for n, *_ in FUNCTIONS], dtype="S16"))
    gg.attrs["sites"] = SITES
    for name in ("snapshot_tick", "snapshot_start", "snapshot_rows"):
        grow1(gg, name, np.int64)
    for name, dtype in (("position", np.int32), ("parent", np.int32), ("function", np.int16),
                        ("level", np.int8), ("site", np.int16), ("occupant", np.int32)):
        grow1(gg, name, dtype)
    f.swmr_mode = True

    def append(ds, values):
        values = np.asarray(values)
        n = ds.shape[0]
        ds.resize((n + len(values),) + ds.shape[1:])
        ds[n:] = values

    pending: dict[str, list] = {"metrics": [], "metric_ticks": [], "by_function": [],
                                "events": [], "agents": []}

    def flush():
        """Append the buffered ticks (as the C++ writer does at each flush)."""
        if pending["metric_ticks"]:
            rows = np.array(pending["metrics"])
            append(gm["tick"], pending["metric_ticks"])
            for k, (name, *_r) in enumerate(METRICS):
                append(gm[name], rows[:, k])
            append(gf["tick"], pending["metric_ticks"])
            for k, (name, *_r) in enumerate(FUNCTION_METRICS):
                append(gf[name], np.array([row[k] for row in pending["by_function"]]))
        if pending["events"]:
            append(f["events"], np.array(pending["events"], dtype=event_t))
        if pending["agents"]:
            width = max(len(cols["status"]) for _t, cols in pending["agents"])
            r0 = ga["tick"].shape[0]
            append(ga["tick"], [t for t, _c in pending["agents"]])
            for name, dtype, fill in agent_spec:
                ds = ga[name]
                block = np.full((len(pending["agents"]), max(width, ds.shape[1])), fill,
                                dtype=np.uint8 if name == "status" else dtype)
                for i, (_t, cols) in enumerate(pending["agents"]):
                    block[i, : len(cols[name])] = cols[name]
                ds.resize((r0 + len(block), block.shape[1]))
                ds[r0:] = block
        for v in pending.values():
            v.clear()
        f.flush()
        if on_flush is not None:
            on_flush(gm["tick"].shape[0])

    def snapshot(tick):
        live = [p for p in range(len(firm.parent)) if firm.alive[p]]
        start = gg["position"].shape[0]
        append(gg["snapshot_tick"], [tick])
        append(gg["snapshot_start"], [start])
        append(gg["snapshot_rows"], [len(live)])
        for name, col in (("position", live), ("parent", [firm.parent[p] for p in live]),
                          ("function", [firm.function[p] for p in live]),
                          ("level", [firm.level[p] for p in live]),
                          ("site", [firm.site[p] for p in live]),
                          ("occupant", [firm.occupant[p] for p in live])):
            append(gg[name], col)

    base_ics = {fi: sum(1 for p in range(len(firm.parent)) if firm.function[p] == fi
                        and firm.level[p] == 0) for fi in range(nf)}
    backlog = np.zeros(nf)
    ai_agents = 0
    price = None
    record_ticks = ticks if stop_after is None else min(ticks, stop_after)
    snapshot(0)
    for t in range(record_ticks):
        events = []
        counts = {k: np.zeros(nf) for k in ("quits", "hires", "layoffs")}
        promotions = regretted = 0
        severance = 0.0
        ev = lambda kind, agent=-1, pos=-1, source=-1, detail=0.0: events.append(  # noqa: E731
            (t, KINDS[kind], agent, pos, source, detail))
        # 1. policies
        if t == 0:
            ev("policy", source=2, detail=0.5)
        if t == 26:
            ev("policy", source=2, detail=1.0)
        if t == 20 and delayering_share > 0:
            managers = [p for p in range(len(firm.parent)) if firm.alive[p]
                        and firm.level[p] == 1 and firm.occupant[p] >= 0]
            managers.sort(key=lambda p: firm.competence[firm.occupant[p]])
            cut = managers[: int(round(delayering_share * len(managers)))]
            ev("policy", source=0, detail=float(len(cut)))
            for p in cut:
                peers = [q for q in firm.children(firm.parent[p]) if q != p
                         and firm.level[q] == 1 and q not in cut]
                pid = firm.occupant[p]
                firm.status[pid] = STATUS["laid_off"]
                pay = firm.salary[pid] / 52 * max(4, 2 * firm.tenure[pid] / 52)
                severance += pay
                ev("layoff", pid, p, 0, pay)
                counts["layoffs"][firm.function[p]] += 1
                for c in firm.children(p):
                    target = min(peers, key=lambda q: len(firm.children(q))) if peers \
                        else firm.parent[p]
                    firm.parent[c] = target
                    ev("reparent", firm.occupant[c], c, 0, float(target))
                firm.alive[p] = False
                firm.occupant[p] = -1
                ev("position_close", -1, p, 0, 1.0)
            for pid, s in enumerate(firm.status):
                if s == STATUS["active"]:
                    firm.morale[pid] -= 0.06 * rng.random()
        if t == 30:
            teams = [p for p in range(len(firm.parent)) if firm.alive[p]
                     and firm.function[p] == 2 and firm.level[p] == 1]
            ai_agents = len(teams)
            ev("policy", source=1, detail=float(ai_agents))
        # 3-4. work and money
        active = [i for i, s in enumerate(firm.status) if s == STATUS["active"]]
        fn = np.array([firm.function[firm.position[i]] for i in active])
        lv = np.array([firm.level[firm.position[i]] for i in active])
        comp = np.array([firm.competence[i] for i in active])
        mor = np.array([firm.morale[i] for i in active])
        cap = np.zeros(nf)
        hc = np.zeros(nf)
        for j in range(nf):
            sel = (fn == j) & (lv == 0)
            cap[j] = np.sum((0.5 + comp[sel]) * (0.6 + 0.4 * mor[sel]))
            hc[j] = np.sum(fn == j)
        cap *= 1 + (0.05 if ai_agents else 0.0) * np.array([0, 0, 1])
        demand = np.array([base_ics[j] * 0.85 * (1 + 0.05) ** (t / 52) for j in range(nf)])
        output = np.minimum(demand + backlog, cap)
        backlog = 0.9 * (demand + backlog - output)
        workload = np.minimum(3.0, (demand + backlog / 13) / np.maximum(cap, 1e-9))
        value = sum(FUNCTIONS[j][3] * output[j] for j in range(nf))
        payroll = sum(firm.salary[i] for i in active) * 1.3 / 52
        if price is None:
            price = payroll * 1.0 / 0.88 / max(value, 1e-9)
        coverage = min(1.0, output[2] / max(demand[2], 1e-9))
        revenue = price * value * (1 - 0.3 * (1 - coverage))
        costs = payroll + ai_agents * 400 + severance
        # 5. morale
        noise = rng.normal(0, 0.02, len(firm.status))
        for i in active:
            j = firm.function[firm.position[i]]
            m = firm.morale[i]
            m += 0.05 * (0.7 - m) - 0.02 * max(0.0, workload[j] - 1) + noise[i]
            firm.morale[i] = min(1.0, max(0.0, m))
        # 6. exits
        cq = np.quantile(comp, 0.75) if len(comp) else 1.0
        for i in active:
            p = firm.position[i]
            j = firm.function[p]
            if firm.age[i] >= 65:
                firm.status[i] = STATUS["retired"]
                ev("retire", i, p, -1, firm.age[i])
            else:
                h = quit_multiplier * 0.13 / 52 * min(8.0, math.exp(3 * (0.7 - firm.morale[i])
                                                  + max(0.0, workload[j] - 1)))
                if j < 0 or rng.random() >= 1 - math.exp(-h):
                    continue
                firm.status[i] = STATUS["quit"]
                counts["quits"][j] += 1
                regretted += firm.competence[i] >= cq
                ev("quit", i, p, -1, firm.competence[i])
            firm.occupant[p] = -1
        # 7. promotions, top down
        for level in range(max(firm.level) - 1, 0, -1):
            for p in range(len(firm.parent)):
                if not firm.alive[p] or firm.level[p] != level or firm.occupant[p] >= 0:
                    continue
                pool = [firm.occupant[c] for c in firm.children(p) if firm.occupant[c] >= 0]
                if not pool or rng.random() < 0.2:
                    continue
                best = max(pool, key=lambda i: firm.competence[i])
                old = firm.position[best]
                firm.occupant[old] = -1
                firm.occupant[p] = best
                firm.position[best] = p
                firm.salary[best] *= (1 + 0.25 * level) / (1 + 0.25 * (level - 1))
                firm.competence[best] = float(np.clip(firm.competence[best]
                                                      + rng.normal(0, 0.05), 0, 1))
                promotions += 1
                ev("promote", best, p, -1, float(level))
        # 8. hiring
        multiplier = 0.5 if t < 26 else 1.0
        for p in range(len(firm.parent)):
            if firm.alive[p] and firm.occupant[p] < 0 \
                    and rng.random() < min(1.0, multiplier / 6):
                pid = firm.hire(p)
                counts["hires"][firm.function[p]] += 1
                ev("hire", pid, p, -1, firm.salary[pid])
        # 9. record
        for i in active:
            if firm.status[i] == STATUS["active"]:
                firm.tenure[i] += 1
                firm.age[i] += 1 / 52
        act = [i for i, s in enumerate(firm.status) if s == STATUS["active"]]
        lv_now = np.array([firm.level[firm.position[i]] for i in act])
        fn_now = np.array([firm.function[firm.position[i]] for i in act])
        managers = int(np.sum(lv_now > 0))
        ics = int(np.sum(lv_now == 0))
        mpos = [p for p in range(len(firm.parent)) if firm.alive[p] and firm.level[p] > 0]
        spans = [len(firm.children(p)) for p in mpos]
        values = {
            "headcount": len(act), "managers": managers, "ics": ics,
            "ic_per_manager": ics / managers if managers else float("nan"),
            "ai_agents": ai_agents, "robots": 0.0, "revenue": revenue, "costs": costs,
            "operating_income": revenue - costs,
            "revenue_per_employee": revenue * 52 / max(len(act), 1),
            "expected_output": float(np.sum(output)) * 1.02,
            "expected_workload": float(np.mean(workload)) * 0.97,
            "mean_morale": float(np.mean([firm.morale[i] for i in act])),
            "quits": counts["quits"].sum(), "regretted_quits": regretted,
            "layoffs": counts["layoffs"].sum(), "hires": counts["hires"].sum(),
            "promotions": promotions, "backlog": float(backlog.sum()),
            "mean_span": float(np.mean(spans)), "layers": max(firm.level) + 1,
            "quiet_attrition": 0.0, "severance": severance, "severance_avoided": 0.0,
            "oversight_gap": 0.0, "ai_capex": 0.0,
        }
        pending["metrics"].append([float(values[name]) for name, *_ in METRICS])
        pending["metric_ticks"].append(t)
        fmor = [np.mean([firm.morale[i] for i, fj in zip(act, fn_now) if fj == j])
                for j in range(nf)]
        by_function = {"headcount": [np.sum(fn_now == j) for j in range(nf)],
                       "quits": counts["quits"], "hires": counts["hires"],
                       "layoffs": counts["layoffs"], "mean_morale": fmor,
                       "workload": workload, "backlog": backlog, "output": output}
        pending["by_function"].append([np.asarray(by_function[name], dtype=float)
                                       for name, *_ in FUNCTION_METRICS])
        pending["events"].extend(events)
        if agent_every > 0 and t % agent_every == 0:
            n = len(firm.status)
            mgr = []
            for i in range(n):
                par = firm.parent[firm.position[i]]
                mgr.append(firm.occupant[par] if par >= 0 else -1)
            cols = {"status": firm.status, "position": firm.position,
                    "function": [firm.function[p] for p in firm.position],
                    "level": [firm.level[p] for p in firm.position], "manager": mgr,
                    "age": firm.age, "tenure": firm.tenure, "competence": firm.competence,
                    "morale": firm.morale,
                    "workload": [workload[firm.function[p]] if firm.function[p] >= 0 else 1.0
                                 for p in firm.position],
                    "salary": firm.salary}
            pending["agents"].append((t, {k: list(v) for k, v in cols.items()}))
        if t == 20 and delayering_share > 0:
            snapshot(t)
        if (t + 1) % 13 == 0:
            flush()
    flush()
    if record_ticks == ticks and ticks - 1 != 20:
        snapshot(ticks - 1)
    f.close()
    if complete and stop_after is None:
        with h5py.File(path, "r+", libver="latest") as g:
            g.attrs["complete"] = np.int64(1)
            g.attrs["wall_seconds"] = np.float64(0.42)
    return path


if __name__ == "__main__":  # write one for a look: python3 synthetic.py out.h5
    import sys

    write_synthetic_run(sys.argv[1] if len(sys.argv) > 1 else "synthetic.h5")


# ---- paired comparisons (compare.h5) and sweep indexes ---------------------

COMPARE_KEYS = (  # metric, reduce: a subset of sim/compare/paired.cpp's key metrics
    ("operating_income", "sum"), ("headcount", "last"), ("ic_per_manager", "last"),
    ("expected_output", "sum"), ("backlog", "peak"), ("mean_morale", "mean, last 52 weeks"),
    ("quits", "sum"), ("regretted_quits", "sum"), ("robots", "last"),
    ("oversight_gap", "mean"),
)


def _reduce(series: np.ndarray, how: str) -> float:
    if how == "sum":
        return float(series.sum())
    if how == "last":
        return float(series[-1])
    if how == "peak":
        return float(series.max())
    if how == "mean":
        return float(series.mean())
    if how == "mean, last 52 weeks":
        return float(series[-52:].mean())
    raise ValueError(how)


def write_synthetic_comparison(folder, *, replicates: int = 3, ticks: int = 40,
                               seed: int = 42, run_files_prefix: str = "") -> str:
    """A `wfsim compare` folder: base-rK.h5 and policy-rK.h5 (replicate K with
    seed + K in both arms; the policy arm quits 1.6 times as often and delayers
    deeper) and compare.h5 exactly as docs/output-format.md ("Paired
    comparisons") lays it out, its numbers computed here from the run files.
    ``run_files_prefix`` is put before the file names in the run_files
    attributes (wfsim writes the -o path it was given). Returns compare.h5's path."""
    import os

    os.makedirs(folder, exist_ok=True)
    seeds = [seed + k for k in range(replicates)]
    files = {"base": [], "policy": []}
    for k, s in enumerate(seeds):
        for arm in files:
            path = os.path.join(folder, f"{arm}-r{k}.h5")
            write_synthetic_run(path, seed=s, ticks=ticks, agent_every=0,
                                delayering_share=0.13 if arm == "base" else 0.25,
                                quit_multiplier=1.0 if arm == "base" else 1.6)
            files[arm].append(path)
    series = {arm: {} for arm in files}
    for arm, paths in files.items():
        for m, _ in COMPARE_KEYS:
            rows = []
            for p in paths:
                with h5py.File(p, "r") as f:
                    rows.append(f["metrics"][m][...].astype(float))
            series[arm][m] = np.array(rows)  # [R, T]
    values = {arm: np.array([[_reduce(series[arm][m][r], how) for r in range(replicates)]
                             for m, how in COMPARE_KEYS]) for arm in files}
    t = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776}[replicates - 1] if replicates > 1 else 0.0
    diff = values["policy"] - values["base"]
    mean = diff.mean(axis=1)
    sd = diff.std(axis=1, ddof=1) if replicates > 1 else np.zeros(len(COMPARE_KEYS))
    half = t * sd / math.sqrt(replicates)
    out = os.path.join(folder, "compare.h5")
    with h5py.File(out, "w") as f:
        a = f.attrs
        a["kind"] = "wfsim paired comparison"
        a["schema_version"] = np.int64(1)
        a["replicates"] = np.int64(replicates)
        a["ticks"] = np.int64(ticks)
        for arm, name in (("base", "synthetic-base"), ("policy", "synthetic-deep-cuts")):
            a[f"{arm}_scenario_path"] = f"scenarios/{name}.yaml"
            a[f"{arm}_scenario_name"] = name
            a[f"{arm}_scenario_yaml"] = f"name: {name}\n"
            a[f"{arm}_run_files"] = [run_files_prefix + os.path.basename(p)
                                     for p in files[arm]]
        str_t = h5py.string_dtype("utf-8")
        g = f.create_group("summary")
        g.create_dataset("metric", data=[m for m, _ in COMPARE_KEYS], dtype=str_t)
        g.create_dataset("reduce", data=[h for _, h in COMPARE_KEYS], dtype=str_t)
        g["base_mean"] = values["base"].mean(axis=1)
        g["policy_mean"] = values["policy"].mean(axis=1)
        g["diff_mean"] = mean
        g["diff_sd"] = sd
        g["ci_low"] = mean - half
        g["ci_high"] = mean + half
        g["seed"] = np.array(seeds, dtype=np.int64)
        r = f.create_group("replicates")
        r["base"] = values["base"]
        r["policy"] = values["policy"]
        p = f.create_group("paired")
        for m, _ in COMPARE_KEYS:
            p[m] = series["policy"][m] - series["base"][m]
    return out


INDEX_STATUSES = ["complete", "complete", "incomplete", "failed", "missing", "foreign"]


def write_synthetic_sweep(folder, *, shares=(0.0, 0.13, 0.25), modes=("hybrid", "office"),
                          replicates: int = 2, ticks: int = 26,
                          statuses: dict[int, str] | None = None) -> str:
    """A `wfsim sweep` output folder as docs/output-format.md ("Sweeps") lays it
    out: runs/pPPPP-rRR.h5 run files (with the sweep root attributes) and
    index.h5, a group /runs of 1-D datasets with the attributes columns,
    parameters and summary; strings variable-length UTF-8. Points: every
    (share, mode) pair, a float and a string parameter. ``statuses``: run
    index -> status other than complete (those runs get no file, or a
    ``.h5.partial`` for incomplete, NaN summaries and wall time, and an error
    message when failed). Returns index.h5's path."""
    import os

    statuses = statuses or {}
    os.makedirs(os.path.join(folder, "runs"), exist_ok=True)
    points = [(s, m) for s in shares for m in modes]
    rows = []
    for p, (share, mode) in enumerate(points):
        for r in range(replicates):
            i = len(rows)
            run_id = f"p{p:04d}-r{r:02d}"
            status = statuses.get(i, "complete")
            params = {"policies[id=delayering].share": share,
                      "policies[id=rto].mode": mode}
            file = f"runs/{run_id}.h5"
            row = {"run_index": i, "point": p, "replicate": r, "seed": 1000 + r,
                   "run_id": run_id, "file": file, "status": status,
                   "wall_seconds": float("nan"), "error": "",
                   **params, "headcount.last": float("nan"),
                   "operating_income.sum": float("nan")}
            if status in ("complete", "incomplete"):
                path = os.path.join(folder, file + (".partial" if status == "incomplete" else ""))
                write_synthetic_run(path, seed=1000 + r, ticks=ticks, agent_every=0,
                                    delayering_share=share,
                                    quit_multiplier=1.0 if mode == "hybrid" else 1.6,
                                    sweep_parameters=params)
                with h5py.File(path, "r+") as f:
                    f.attrs["run_id"] = run_id
                    f.attrs["run_index"] = np.int64(i)
                    f.attrs["point"] = np.int64(p)
                    f.attrs["replicate"] = np.int64(r)
                    if status == "complete":
                        hc = float(f["metrics/headcount"][-1])
                        oi = float(f["metrics/operating_income"][...].sum())
                        f.attrs["summary.headcount.last"] = hc
                        f.attrs["summary.operating_income.sum"] = oi
                        row.update({"headcount.last": hc, "operating_income.sum": oi,
                                    "wall_seconds": 0.5 + 0.01 * i})
            if status == "failed":
                row["error"] = f"run {run_id}: scenario error (synthetic)"
            rows.append(row)
    str_t = h5py.string_dtype("utf-8")
    columns = list(rows[0])
    params = ["policies[id=delayering].share", "policies[id=rto].mode"]
    summary = ["headcount.last", "operating_income.sum"]
    path = os.path.join(folder, "index.h5")
    with h5py.File(path, "w") as f:
        a = f.attrs
        a["format"] = "wfsim-sweep-index"
        a["schema_version"] = np.int64(1)
        a["sweep_id"] = "synthetic-0123456789ab"
        a["sweep_name"] = "synthetic"
        a["sweep_hash"] = "0123456789abcdef"
        a["design"] = "grid"
        a["replicates"] = np.int64(replicates)
        a["runs"] = np.int64(len(rows))
        a["complete_runs"] = np.int64(sum(r["status"] == "complete" for r in rows))
        a["base"] = "synthetic.yaml"
        a["wfsim_version"] = "0.1.0"
        g = f.create_group("runs")
        for c in columns:
            values = [r[c] for r in rows]
            if isinstance(values[0], str):
                g.create_dataset(c, data=values, dtype=str_t)
            elif isinstance(values[0], float):
                g.create_dataset(c, data=np.array(values, dtype=np.float64))
            else:
                g.create_dataset(c, data=np.array(values, dtype=np.int64))
        g.attrs.create("columns", columns, dtype=str_t)
        g.attrs.create("parameters", params, dtype=str_t)
        g.attrs.create("summary", summary, dtype=str_t)
    return path
