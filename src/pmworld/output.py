"""Turning the world into the contract's tables, and writing them (Parquet, CSV or JSONL)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import polars as pl

from pmworld.activity import Log, legit_activity
from pmworld.misuse import misuse
from pmworld.world import World

TS = pl.Datetime("us", "Europe/Amsterdam")

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "query_log": {"event_id": pl.String(), "ts": TS, "user_id": pl.String(), "system": pl.String(),
                  "action": pl.String(), "subject_type": pl.String(), "subject_id": pl.String(),
                  "query_text": pl.String(), "result_count": pl.Int64(), "purpose": pl.String()},
    "employees": {"user_id": pl.String(), "unit": pl.String(), "district": pl.String(), "region": pl.String(),
                  "role": pl.String(), "home_postcode": pl.String(), "home_address_id": pl.String(),
                  "surname_key": pl.String(), "active_from": TS, "active_to": TS},
    "shifts": {"user_id": pl.String(), "start": TS, "end": TS},
    "registrations": {"registration_id": pl.String(), "kind": pl.String(), "unit": pl.String(), "opened": TS,
                      "closed": TS, "restricted": pl.Boolean()},
    "registration_subjects": {"registration_id": pl.String(), "subject_type": pl.String(),
                              "subject_id": pl.String()},
    "registration_officers": {"registration_id": pl.String(), "user_id": pl.String(), "from": TS, "to": TS},
    "subjects": {"subject_type": pl.String(), "subject_id": pl.String(), "surname_key": pl.String(),
                 "address_id": pl.String(), "postcode": pl.String(), "high_profile": pl.Boolean(),
                 "employee_user_id": pl.String()},
    "declared_relations": {"user_id": pl.String(), "subject_type": pl.String(), "subject_id": pl.String(),
                           "relation": pl.String()},
}


def _ts(col: str) -> pl.Expr:
    return pl.from_epoch(pl.col(col), time_unit="s").dt.replace_time_zone("UTC").dt.convert_time_zone(
        "Europe/Amsterdam").alias(col)


def _id(prefix: str, col: str, width: int = 7) -> pl.Expr:
    return pl.when(pl.col(col).is_null()).then(None).otherwise(
        pl.concat_str([pl.lit(prefix), pl.col(col).cast(pl.String).str.zfill(width)]))


def build(employees: int, days: int, seed: int, log_progress: bool = False) -> tuple[dict[str, pl.DataFrame],
                                                                                     list[dict], list[dict]]:
    clock = time.perf_counter()

    def step(msg: str) -> None:
        if log_progress:
            print(f"{time.perf_counter() - clock:7.1f}s {msg}", flush=True)

    w = World(employees, days, seed)
    step(f"world: {w.n_emp} employees, {w.n_pers} persons, {w.n_addr} addresses, {len(w.work)} worked shifts")
    log = Log(w)
    bursts = legit_activity(w, log)
    step(f"legitimate activity: {len(log.rows)} lookups, {len(w.regs)} registrations")
    episodes = misuse(w, log)
    step(f"misuse: {len(episodes)} episodes")
    tables: dict[str, pl.DataFrame] = {}

    # query_log: keep only events inside the window and while the employee is employed
    st = pl.String
    ql = pl.DataFrame(log.rows, orient="row", schema={
        "ts": pl.Int64, "u": pl.Int32, "system": st, "action": st, "subject_type": st, "subject_id": st,
        "query_text": st, "result_count": pl.Int64, "purpose": st, "tag": pl.Int32})
    del log.rows
    u = ql["u"].to_numpy()
    ts = ql["ts"].to_numpy()
    act_from = np.asarray(w.active_from, dtype=np.int64)[u]
    act_to = np.asarray([x if x is not None else 2**62 for x in w.active_to], dtype=np.int64)[u]
    keep = (ts >= w.t0) & (ts < w.t1) & (ts >= act_from) & (ts < act_to)
    ql = ql.filter(pl.Series(keep)).sort(["ts", "u"], maintain_order=True)
    uids = pl.Series(w.uid)
    ql = ql.with_columns(
        pl.concat_str([pl.lit("E"), pl.int_range(pl.len(), dtype=pl.Int64).cast(pl.String).str.zfill(9)])
        .alias("event_id"),
        uids.gather(ql["u"]).alias("user_id"),
    )
    truth = []
    tagged = ql.filter(pl.col("tag") != 0).group_by("tag", maintain_order=True).agg(pl.col("event_id"))
    ev = dict(zip(tagged["tag"].to_list(), tagged["event_id"].to_list(), strict=True))
    for k, epi in enumerate(episodes):
        ids = ev.get(epi.tag, [])
        if ids:
            truth.append({"episode_id": f"M{k + 1:05d}", "user_id": w.uid[epi.user], "scenario": epi.scenario,
                          "event_ids": ids})
    burst_rows = []
    for k, (scenario, tags) in enumerate(bursts):
        ids = [x for t in tags for x in ev.get(t, [])]
        if ids:
            burst_rows.append({"burst_id": f"B{k + 1:04d}", "scenario": scenario, "event_ids": ids})
    tables["query_log"] = ql.with_columns(_ts("ts")).select(list(SCHEMAS["query_log"]))
    step(f"query_log: {ql.height} rows")

    # employees
    homes = [w.emp_person[e] for e in range(w.n_emp)]
    home_addr = [w.person_addr[p] if p is not None else None for p in homes]
    tables["employees"] = pl.DataFrame({
        "user_id": w.uid,
        "unit": [w.units[w.unit_of[e]].name for e in range(w.n_emp)],
        "district": [w.units[w.unit_of[e]].district for e in range(w.n_emp)],
        "region": [w.units[w.unit_of[e]].region for e in range(w.n_emp)],
        "role": w.role,
        "home_postcode": [w.postcode(a) if a is not None else None for a in home_addr],
        "home_address_id": [f"A{w.acode[a]:07d}" if a is not None else None for a in home_addr],
        "surname_key": w.emp_surname_key,
        "active_from": pl.Series(w.active_from, dtype=pl.Int64),
        "active_to": pl.Series(w.active_to, dtype=pl.Int64),
    }).with_columns(_ts("active_from"), _ts("active_to"))

    shifts = pl.DataFrame(w.roster_rows, schema={"u": pl.Int64, "start": pl.Int64, "end": pl.Int64}, orient="row")
    shifts = shifts.sort("start", "u")
    tables["shifts"] = shifts.with_columns(uids.gather(shifts["u"]).alias("user_id"), _ts("start"), _ts("end"))

    regs = w.regs
    tables["registrations"] = pl.DataFrame({
        "registration_id": [g.rid for g in regs], "kind": [g.kind for g in regs],
        "unit": [w.units[g.unit].name for g in regs],
        "opened": pl.Series([g.opened for g in regs], dtype=pl.Int64),
        "closed": pl.Series([g.closed for g in regs], dtype=pl.Int64),
        "restricted": [g.restricted for g in regs],
    }).with_columns(_ts("opened"), _ts("closed"))
    rs = [(g.rid, s, log.sid(s, i)) for g in regs for s, i in g.subjects]
    tables["registration_subjects"] = pl.DataFrame(rs, schema=SCHEMAS["registration_subjects"], orient="row")
    ro = [(g.rid, w.uid[e], f, t) for g in regs for e, f, t in g.officers]
    tables["registration_officers"] = pl.DataFrame(ro, orient="row", schema={
        "registration_id": st, "user_id": st, "from": pl.Int64, "to": pl.Int64}).with_columns(_ts("from"), _ts("to"))
    step("registrations")

    # subjects: persons, addresses, vehicles
    pa = np.asarray(w.person_addr, dtype=np.int64)
    pc_of_addr = pl.Series([w.postcode(a) for a in range(w.n_addr)])
    keys = pl.Series(w.surname_keys)
    emp_of = np.full(w.n_pers, -1, dtype=np.int64)
    for p, e in w.person_emp.items():
        emp_of[p] = e
    acode = np.asarray(w.acode, dtype=np.int64)
    persons = pl.DataFrame({"p": np.asarray(w.pcode, dtype=np.int64), "a": acode[pa],
                            "high_profile": w.person_high, "e": emp_of}).with_columns(
        pl.lit("person").alias("subject_type"), _id("P", "p").alias("subject_id"),
        keys.gather(np.asarray(w.person_surname)).alias("surname_key"),
        _id("A", "a").alias("address_id"),
        pc_of_addr.gather(pa).alias("postcode"),
        pl.when(pl.col("e") >= 0).then(uids.gather(np.maximum(emp_of, 0))).alias("employee_user_id"))
    addresses = pl.DataFrame({"a": acode, "i": np.arange(w.n_addr)}).with_columns(
        pl.lit("address").alias("subject_type"), _id("A", "a").alias("subject_id"),
        pl.lit(None, pl.String).alias("surname_key"), _id("A", "a").alias("address_id"),
        pc_of_addr.alias("postcode"), pl.lit(False).alias("high_profile"),
        pl.lit(None, pl.String).alias("employee_user_id"))
    vk = np.asarray(w.veh_keeper, dtype=np.int64)
    plates = [w.plate(v) for v in range(w.n_veh)]
    vehicles = pl.DataFrame({"k": vk, "a": acode[pa[vk]], "subject_id": plates}).with_columns(
        pl.lit("vehicle").alias("subject_type"),
        keys.gather(np.asarray(w.person_surname)[vk]).alias("surname_key"),
        _id("A", "a").alias("address_id"),
        pc_of_addr.gather(pa[vk]).alias("postcode"),
        pl.lit(False).alias("high_profile"), pl.lit(None, pl.String).alias("employee_user_id"))
    cols = list(SCHEMAS["subjects"])
    tables["subjects"] = pl.concat([part.select(cols).sort("subject_id") for part in (persons, addresses, vehicles)])
    tables["declared_relations"] = pl.DataFrame(
        [(w.uid[e], st, log.sid(st, i), rel) for e, st, i, rel in w.declared],
        schema=SCHEMAS["declared_relations"], orient="row")
    for name, schema in SCHEMAS.items():
        tables[name] = tables[name].select(list(schema)).cast(schema)  # type: ignore[arg-type]
    step("subjects")
    return tables, truth, burst_rows


def write(out: Path, tables: dict[str, pl.DataFrame], truth: list[dict], bursts: list[dict], fmt: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        for ext in ("parquet", "csv", "jsonl"):  # one format per table
            stale = out / f"{name}.{ext}"
            if stale.exists():
                os.remove(stale)
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            df.write_parquet(path)
            continue
        text = df.with_columns(pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%S%:z") for c, t in df.schema.items()
                               if isinstance(t, pl.Datetime))
        if fmt == "csv":
            text.write_csv(path)
        else:
            text.write_ndjson(path)
    for fname, rows in (("truth.jsonl", truth), ("bursts.jsonl", bursts)):
        with open(out / fname, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row) + "\n")
