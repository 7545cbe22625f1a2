"""pmworld: contract layout, truth, determinism, scenarios and the skew a real force shows."""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections import Counter

import polars as pl
import pytest

from pmworld.__main__ import main
from pmworld.misuse import SCENARIOS
from pmworld.output import build, write

pytestmark = pytest.mark.engine

TS = pl.Datetime("us", "Europe/Amsterdam")
S, INT, B = pl.String, pl.Int64, pl.Boolean
# Written out from shared/spec/protective-monitoring.md, independently of pmworld.output.
CONTRACT = {
    "query_log": {"event_id": S, "ts": TS, "user_id": S, "system": S, "action": S, "subject_type": S,
                  "subject_id": S, "query_text": S, "result_count": INT, "purpose": S},
    "employees": {"user_id": S, "unit": S, "district": S, "region": S, "role": S, "home_postcode": S,
                  "home_address_id": S, "surname_key": S, "active_from": TS, "active_to": TS},
    "shifts": {"user_id": S, "start": TS, "end": TS},
    "registrations": {"registration_id": S, "kind": S, "unit": S, "opened": TS, "closed": TS, "restricted": B},
    "registration_subjects": {"registration_id": S, "subject_type": S, "subject_id": S},
    "registration_officers": {"registration_id": S, "user_id": S, "from": TS, "to": TS},
    "subjects": {"subject_type": S, "subject_id": S, "surname_key": S, "address_id": S, "postcode": S,
                 "high_profile": B, "employee_user_id": S},
    "declared_relations": {"user_id": S, "subject_type": S, "subject_id": S, "relation": S},
}


@pytest.fixture(scope="module")
def world():
    tables, truth, bursts = build(400, 28, seed=11)
    return tables, truth, bursts


def test_every_table_has_the_contract_columns_and_types(world):
    tables, _, _ = world
    assert set(tables) == set(CONTRACT)
    for name, schema in CONTRACT.items():
        assert dict(tables[name].schema) == schema, name
        assert tables[name].height > 0, name
    q = tables["query_log"]
    assert q["event_id"].n_unique() == q.height
    assert set(q["action"].unique()) <= {"search", "view", "print", "export"}
    assert set(q["subject_type"].unique()) <= {"person", "vehicle", "address", "registration", "free_text"}
    assert set(q["system"].unique()) <= {"BVH", "BVI-IB", "BRP", "RDW", "GMS"}
    assert q.filter(pl.col("subject_id").is_null() & (pl.col("action") == "view")).height == 0
    emp = tables["employees"]
    assert emp["home_postcode"].drop_nulls().str.contains(r"^\d{4}[A-Z]{2}$").all()
    subjects = tables["subjects"]
    homes = set(emp["home_address_id"].drop_nulls())
    assert homes <= set(subjects.filter(pl.col("subject_type") == "address")["subject_id"])
    # every user and registration referenced exists
    users = set(emp["user_id"])
    assert set(q["user_id"]) <= users and set(tables["shifts"]["user_id"]) <= users
    regs = set(tables["registrations"]["registration_id"])
    assert set(tables["registration_subjects"]["registration_id"]) <= regs
    assert set(tables["registration_officers"]["registration_id"]) <= regs


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_formats_use_iso_offsets_and_cross_summer_time(tmp_path, fmt):
    tables, truth, bursts = build(120, 35, seed=2)
    write(tmp_path, tables, truth, bursts, fmt)
    for name in CONTRACT:
        assert (tmp_path / f"{name}.{fmt}").exists()
    path = tmp_path / f"query_log.{fmt}"
    if fmt == "csv":
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(CONTRACT["query_log"])
        ts = pl.read_csv(path, infer_schema=False)["ts"]
        assert pl.read_csv(tmp_path / "registrations.csv", infer_schema=False)["restricted"].is_in(
            ["true", "false"]).all()
    else:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:50_000]]
        assert list(rows[0]) == list(CONTRACT["query_log"])
        ts = pl.Series([r["ts"] for r in rows])
    assert ts.str.contains(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$").all()
    if fmt == "csv":
        assert ts.str.ends_with("+01:00").any() and ts.str.ends_with("+02:00").any()
    assert {json.loads(line)["scenario"] for line in (tmp_path / "truth.jsonl").open()} <= set(SCENARIOS)


def test_truth_events_exist_and_belong_to_the_episode_user(world):
    tables, truth, bursts = world
    q = tables["query_log"].select("event_id", "user_id")
    owner = dict(zip(q["event_id"], q["user_id"], strict=True))
    assert truth
    for ep in truth:
        assert set(ep) == {"episode_id", "user_id", "scenario", "event_ids"}
        assert ep["event_ids"]
        assert {owner[e] for e in ep["event_ids"]} == {ep["user_id"]}
    assert len({ep["episode_id"] for ep in truth}) == len(truth)
    for b in bursts:
        assert set(b) == {"burst_id", "scenario", "event_ids"}
        assert all(e in owner for e in b["event_ids"])
    misuse = {e for ep in truth for e in ep["event_ids"]}
    assert not misuse & {e for b in bursts for e in b["event_ids"]}


def test_every_scenario_appears_at_a_low_rate(world):
    tables, truth, _ = world
    assert set(Counter(ep["scenario"] for ep in truth)) == set(SCENARIOS)
    q = tables["query_log"]
    user_days = q.select("user_id", pl.col("ts").dt.date()).unique().height
    assert len(truth) <= max(len(SCENARIOS), 0.0025 * user_days)
    share = sum(len(ep["event_ids"]) for ep in truth) / q.height
    assert share < 0.01


def test_same_seed_same_world_other_seed_other_world(tmp_path):
    a = build(100, 4, seed=5)
    b = build(100, 4, seed=5)
    c = build(100, 4, seed=6)
    for name in CONTRACT:
        assert a[0][name].equals(b[0][name]), name
    assert a[1] == b[1] and a[2] == b[2]
    assert not a[0]["query_log"].equals(c[0]["query_log"])
    main([str(tmp_path / "x"), "--employees", "100", "--days", "4", "--seed", "5", "--quiet"])
    assert pl.read_parquet(tmp_path / "x" / "query_log.parquet").equals(a[0]["query_log"])


def test_same_files_across_processes_with_other_hash_seeds(tmp_path):
    outs = []
    for hashseed in ("1", "2"):
        out = tmp_path / hashseed
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        subprocess.run([sys.executable, "-m", "pmworld", str(out), "--employees", "80", "--days", "3", "--seed", "9",
                        "--format", "csv", "--quiet"], check=True, env=env)
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert "truth.jsonl" in outs[0] and "bursts.jsonl" in outs[0]


def test_a_real_force_is_skewed(world):
    tables, _, bursts = world
    q, rs, ro = tables["query_log"], tables["registration_subjects"], tables["registration_officers"]
    subjects, regs = tables["subjects"], tables["registrations"]
    # persons in 20+ registrations, incidents with 50+ officers
    assert rs.filter(pl.col("subject_type") == "person").group_by("subject_id").len()["len"].max() >= 20
    assert ro.group_by("registration_id").len()["len"].max() >= 50
    # addresses with many residents
    residents = subjects.filter(pl.col("subject_type") == "person").group_by("address_id").len()["len"]
    assert residents.max() >= 25
    # a few records looked up very often (the control room's hot addresses and callers)
    hits = q.filter(pl.col("subject_id").is_not_null()).group_by("subject_id").len()["len"]
    assert hits.max() >= 500
    # a unit with well over a thousand registrations open in the window
    t0, t1 = q["ts"].min(), q["ts"].max()
    open_ = regs.filter((pl.col("opened") <= t1) & (pl.col("closed").is_null() | (pl.col("closed") >= t0)))
    assert open_.group_by("unit").len()["len"].max() >= 1000
    # colleagues as neighbours: several employees in one PC6
    emp = tables["employees"]
    assert emp.group_by("home_postcode").len().drop_nulls()["len"].max() >= 3
    # bursts of both kinds
    kinds = Counter(b["scenario"] for b in bursts)
    assert kinds["major_incident"] >= 1 and kinds["news_wave"] >= 1
    assert max(len(b["event_ids"]) for b in bursts if b["scenario"] == "major_incident") >= 300


def test_families_with_other_surnames_and_declared_relations(world):
    tables, _, _ = world
    emp, subjects, dec = tables["employees"], tables["subjects"], tables["declared_relations"]
    persons = subjects.filter(pl.col("subject_type") == "person")
    assert set(dec["relation"].unique()) >= {"family", "partner"}
    joined = dec.join(emp.select("user_id", pl.col("surname_key").alias("emp_key")), on="user_id").join(
        persons.select("subject_id", "surname_key"), on="subject_id")
    differ = joined.filter(pl.col("surname_key") != pl.col("emp_key")).height
    assert 0.2 < differ / joined.height < 0.95
    # every employee with a home is a person subject at that address
    me = persons.filter(pl.col("employee_user_id").is_not_null())
    both = me.join(emp, left_on="employee_user_id", right_on="user_id")
    assert (both["address_id"] == both["home_address_id"]).all()
    assert both.height == emp["home_address_id"].drop_nulls().len()


def test_rosters_have_gaps_overtime_and_staff_without_rosters(world):
    tables, _, _ = world
    q, shifts = tables["query_log"], tables["shifts"]
    rostered = set(shifts["user_id"])
    active = set(q["user_id"])
    assert len(active - rostered) > 0.1 * len(active)  # office staff, flex agents
    # lookups by rostered users outside any of their roster rows (overtime, unrecorded shifts)
    ev = q.filter(pl.col("user_id").is_in(list(rostered))).select("user_id", "ts").sort("ts")
    sh = shifts.sort("start")
    inside = ev.join_asof(sh, left_on="ts", right_on="start", by="user_id", check_sortedness=False)
    inside = inside.filter(pl.col("ts") <= pl.col("end"))
    assert 0.8 * ev.height < inside.height < ev.height
    # a night shift across the switch to summer time lasts seven hours
    night = shifts.filter(pl.col("start").dt.date() == dt.date(2026, 3, 28), pl.col("start").dt.hour() == 23)
    assert ((night["end"] - night["start"]) == dt.timedelta(hours=7)).all() and night.height > 0


def test_traffic_stops_and_restricted_persons_probed_legitimately(world):
    tables, truth, _ = world
    q = tables["query_log"]
    misuse = {e for ep in truth for e in ep["event_ids"]}
    plate = re.compile(r"^[A-Z]{2}-\d{3}-[A-Z]$")
    stops = q.filter((pl.col("system") == "RDW") & (pl.col("action") == "search"))
    assert stops.height > 100 and stops["query_text"].str.contains(plate.pattern).all()
    # restricted case persons are looked up by officers who are not on the case, legitimately
    regs, rs, ro = tables["registrations"], tables["registration_subjects"], tables["registration_officers"]
    restricted = regs.filter("restricted")["registration_id"]
    persons = rs.filter(pl.col("registration_id").is_in(restricted.implode()), pl.col("subject_type") == "person")
    on_case = ro.filter(pl.col("registration_id").is_in(restricted.implode()))
    looks = q.filter(pl.col("subject_id").is_in(persons["subject_id"].implode()),
                     ~pl.col("event_id").is_in(list(misuse)))
    outsiders = looks.join(on_case.select("user_id").unique(), on="user_id", how="anti")
    assert outsiders.height > 0


def test_news_wave_is_mostly_legitimate(world):
    tables, truth, bursts = world
    q, subjects = tables["query_log"], tables["subjects"]
    celebs = subjects.filter("high_profile")["subject_id"]
    looks = q.filter(pl.col("subject_id").is_in(celebs.implode()))
    curious = {e for ep in truth if ep["scenario"] == "celebrity_curiosity" for e in ep["event_ids"]}
    wave = {e for b in bursts if b["scenario"] == "news_wave" for e in b["event_ids"]}
    assert looks["user_id"].n_unique() >= 10
    in_wave = looks.filter(pl.col("event_id").is_in(list(wave))).height
    in_curiosity = looks.filter(pl.col("event_id").is_in(list(curious))).height
    assert in_wave > 5 * in_curiosity > 0
