"""Ground truth and writing: the drawn world as the contract's tables, ``truth.jsonl`` and ``bursts.jsonl``.

Times become UTC timestamps of local wall-clock times (the hour skipped by daylight saving moves
one hour on); lookups outside the window are dropped and the rest numbered ``E10000000`` onwards in
time order; the truth and the bursts keep only events inside the window.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pmengine.contract import Format, atomic_path, write_dataset
from pmengine.generate.draft import DAY, START, TZ, Draft


def to_tables(w: Draft) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, pl.DataFrame]:
    """The contract's tables, the ground truth and the legitimate bursts of the drawn world."""
    rng = w.rng

    def ts(seconds: pl.Expr) -> pl.Expr:
        naive = pl.lit(START) + pl.duration(seconds=seconds)
        # Local wall-clock times; the hour skipped by daylight saving moves one hour on.
        local = naive.dt.replace_time_zone(TZ, ambiguous="earliest", non_existent="null")
        shifted = (naive + pl.duration(hours=1)).dt.replace_time_zone(TZ, ambiguous="earliest", non_existent="null")
        return pl.coalesce(local, shifted).dt.convert_time_zone("UTC").dt.cast_time_unit("us")

    uid = [e.user_id for e in w.employees]
    q = pl.DataFrame(
        {
            "_i": pl.Series(range(len(w.q_ts)), dtype=pl.Int64),
            "_t": pl.Series(w.q_ts, dtype=pl.Int64),
            "user_id": pl.Series([uid[u] for u in w.q_user], dtype=pl.String),
            "system": w.q_system,
            "action": w.q_action,
            "subject_type": w.q_stype,
            "subject_id": pl.Series(w.q_sid, dtype=pl.String),
            "query_text": pl.Series(w.q_text, dtype=pl.String),
            "result_count": pl.Series(w.q_count, dtype=pl.Int64),
            "purpose": pl.Series(w.q_purpose, dtype=pl.String),
        }
    )
    q = q.filter((pl.col("_t") >= 0) & (pl.col("_t") < w.days * DAY)).sort("_t", "_i")
    q = q.with_columns(
        pl.format("E{}", pl.int_range(pl.len()).add(10_000_000).cast(pl.String)).alias("event_id"),
        ts(pl.col("_t")).alias("ts"),
    )
    ids = dict(zip(q["_i"].to_list(), q["event_id"].to_list(), strict=True))
    query_log = q.select(
        "event_id",
        "ts",
        "user_id",
        "system",
        "action",
        "subject_type",
        "subject_id",
        "query_text",
        "result_count",
        "purpose",
    )

    employees = (
        pl.DataFrame(
            {
                "user_id": uid,
                "unit": [w.units[e.unit].name for e in w.employees],
                "district": [
                    w.units[e.unit].name.rsplit("-", 1)[0]
                    if w.units[e.unit].district >= 0
                    else w.units[e.unit].name.split("-")[0]
                    for e in w.employees
                ],
                "region": [f"E{w.units[e.unit].region + 1:02d}" for e in w.employees],
                "role": [e.role for e in w.employees],
                "home_postcode": [
                    None if rng.random() < 0.03 else w.a_postcode[w.p_address[e.person]] for e in w.employees
                ],
                "home_address_id": [f"A{w.p_address[e.person]:07d}" for e in w.employees],
                "surname_key": [w.p_surname[e.person] for e in w.employees],
                "_from": [-rng.randint(100, 9000) * DAY for _ in w.employees],
            }
        )
        .with_columns(
            ts(pl.col("_from")).alias("active_from"), pl.lit(None, pl.Datetime("us", "UTC")).alias("active_to")
        )
        .drop("_from")
    )

    rows = [(uid[e.idx], rs, re) for e in w.employees for rs, re, _ws, _we, keep in e.shifts if keep]
    shifts = pl.DataFrame(
        {"user_id": [r[0] for r in rows], "_s": [r[1] for r in rows], "_e": [r[2] for r in rows]},
        schema={"user_id": pl.String, "_s": pl.Int64, "_e": pl.Int64},
    )
    shifts = shifts.select("user_id", ts(pl.col("_s")).alias("start"), ts(pl.col("_e")).alias("end"))

    registrations = pl.DataFrame(
        {
            "registration_id": [r.reg_id for r in w.regs],
            "kind": [r.kind for r in w.regs],
            "unit": [w.units[r.unit].name for r in w.regs],
            "_o": [r.opened for r in w.regs],
            "_c": pl.Series([r.closed for r in w.regs], dtype=pl.Int64),
            "restricted": [r.restricted for r in w.regs],
        }
    ).select(
        "registration_id",
        "kind",
        "unit",
        ts(pl.col("_o")).alias("opened"),
        ts(pl.col("_c")).alias("closed"),
        "restricted",
    )
    rs_rows = sorted({(r.reg_id, st, sid) for r in w.regs for st, sid in r.subjects})
    registration_subjects = pl.DataFrame(
        rs_rows, schema=["registration_id", "subject_type", "subject_id"], orient="row"
    )
    ro_rows = [(r.reg_id, uid[o], f, t) for r in w.regs for o, f, t in r.officers]
    registration_officers = pl.DataFrame(
        ro_rows,
        schema={"registration_id": pl.String, "user_id": pl.String, "_f": pl.Int64, "_t": pl.Int64},
        orient="row",
    ).select("registration_id", "user_id", ts(pl.col("_f")).alias("from"), ts(pl.col("_t")).alias("to"))

    persons = pl.DataFrame(
        {
            "subject_id": [w.pid(p) for p in range(w.n_persons)],
            "surname_key": w.p_surname,
            "address_id": [f"A{a:07d}" for a in w.p_address],
            "postcode": [w.a_postcode[a] for a in w.p_address],
            "high_profile": [p in w.high_profile for p in range(w.n_persons)],
            "employee_user_id": pl.Series(
                [uid[w.employee_of_person[p]] if p in w.employee_of_person else None for p in range(w.n_persons)],
                dtype=pl.String,
            ),
        }
    ).with_columns(pl.lit("person").alias("subject_type"))
    vehicles = pl.DataFrame(
        {
            "subject_id": [w.plate(v) for v in range(len(w.v_address))],
            "address_id": [f"A{a:07d}" for a in w.v_address],
            "postcode": [w.a_postcode[a] for a in w.v_address],
        }
    ).with_columns(
        pl.lit("vehicle").alias("subject_type"),
        pl.lit(None, pl.String).alias("surname_key"),
        pl.lit(False).alias("high_profile"),
        pl.lit(None, pl.String).alias("employee_user_id"),
    )
    addresses = pl.DataFrame(
        {
            "subject_id": [f"A{a:07d}" for a in range(len(w.a_postcode))],
            "postcode": w.a_postcode,
        }
    ).with_columns(
        pl.lit("address").alias("subject_type"),
        pl.lit(None, pl.String).alias("surname_key"),
        pl.col("subject_id").alias("address_id"),
        pl.lit(False).alias("high_profile"),
        pl.lit(None, pl.String).alias("employee_user_id"),
    )
    cols = [
        "subject_type",
        "subject_id",
        "surname_key",
        "address_id",
        "postcode",
        "high_profile",
        "employee_user_id",
    ]
    subjects = pl.concat([persons.select(cols), vehicles.select(cols), addresses.select(cols)])
    declared = pl.DataFrame(
        [(uid[u], st, sid, rel) for u, st, sid, rel in sorted(set(w.declared))],
        schema=["user_id", "subject_type", "subject_id", "relation"],
        orient="row",
    )
    tables = {
        "query_log": query_log,
        "employees": employees,
        "shifts": shifts,
        "registrations": registrations,
        "registration_subjects": registration_subjects,
        "registration_officers": registration_officers,
        "subjects": subjects,
        "declared_relations": declared,
    }
    truth = pl.DataFrame(
        {
            "episode_id": [f"M{i + 1:04d}" for i in range(len(w.episodes))],
            "user_id": [uid[u] for u, _s, _ev in w.episodes],
            "scenario": [s for _u, s, _ev in w.episodes],
            "event_ids": [[ids[i] for i in ev if i in ids] for _u, _s, ev in w.episodes],
        },
        schema={
            "episode_id": pl.String,
            "user_id": pl.String,
            "scenario": pl.String,
            "event_ids": pl.List(pl.String),
        },
    )
    truth = truth.filter(pl.col("event_ids").list.len() > 0)
    bursts = pl.DataFrame(
        {
            "burst_id": [f"B{i + 1:03d}" for i in range(len(w.bursts))],
            "scenario": [b[0] for b in w.bursts],
            "registration_id": [b[1] for b in w.bursts],
            "user_ids": [sorted(uid[u] for u in b[2]) for b in w.bursts],
            "event_ids": [[ids[i] for i in b[3] if i in ids] for b in w.bursts],
        },
        schema={
            "burst_id": pl.String,
            "scenario": pl.String,
            "registration_id": pl.String,
            "user_ids": pl.List(pl.String),
            "event_ids": pl.List(pl.String),
        },
    )
    return tables, truth, bursts


@dataclass(frozen=True)
class World:
    """A generated world: the contract's tables by name, the ground truth (one row per misuse
    episode, as in ``truth.jsonl``) and the legitimate bursts (as in ``bursts.jsonl``)."""

    tables: dict[str, pl.DataFrame]
    truth: pl.DataFrame
    bursts: pl.DataFrame


def write_jsonl(frame: pl.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as handle:
        for row in frame.iter_rows(named=True):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_world(world: World, out_dir: str | Path, fmt: Format = "parquet") -> None:
    """Write ``world`` in the contract layout, plus ``truth.jsonl`` and ``bursts.jsonl``."""
    root = Path(out_dir)
    write_dataset(world.tables, root, fmt)
    write_jsonl(world.truth, root / "truth.jsonl")
    write_jsonl(world.bursts, root / "bursts.jsonl")
