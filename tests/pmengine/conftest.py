"""Small hand-built contract tables for engine tests (no database, no Django)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from pmengine.contract import SCHEMAS, Dataset, from_frames, polars_dtype
from pmengine.generate import generate


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def table(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {c.name: polars_dtype(c.kind) for c in SCHEMAS[name]}
    full = [{c: r.get(c) for c in schema} for r in rows]
    return pl.DataFrame(full, schema=schema, orient="row")


EMPLOYEES = [
    {
        "user_id": "U1",
        "unit": "BT1",
        "district": "D1",
        "region": "E1",
        "role": "agent",
        "home_postcode": "1234AB",
        "home_address_id": "A1",
        "surname_key": "zeldzaamhorst",
        "active_from": ts("2020-01-01T00:00:00+01:00"),
    },
    {
        "user_id": "U2",
        "unit": "BT1",
        "district": "D1",
        "region": "E1",
        "role": "agent",
        "home_postcode": "9999ZZ",
        "home_address_id": "A9",
        "surname_key": "jansma",
        "active_from": ts("2020-01-01T00:00:00+01:00"),
    },
    {
        "user_id": "U3",
        "unit": "MK",
        "district": "E1",
        "region": "E1",
        "role": "meldkamer",
        "home_postcode": "5555CC",
        "home_address_id": "A5",
        "surname_key": "bakkerman",
        "active_from": ts("2020-01-01T00:00:00+01:00"),
    },
]
SUBJECTS = [
    {
        "subject_type": "person",
        "subject_id": "P1",
        "surname_key": "zeldzaamhorst",
        "address_id": "A1",
        "postcode": "1234AB",
        "high_profile": False,
    },
    {
        "subject_type": "person",
        "subject_id": "P2",
        "surname_key": "jansma",
        "address_id": "A2",
        "postcode": "1234AC",
        "high_profile": False,
    },
    {
        "subject_type": "person",
        "subject_id": "P3",
        "surname_key": "jansma",
        "address_id": "A3",
        "postcode": "1234AB",
        "high_profile": False,
    },
    {
        "subject_type": "person",
        "subject_id": "P4",
        "surname_key": "anders",
        "address_id": "A4",
        "postcode": "7777XX",
        "high_profile": True,
    },
    {
        "subject_type": "person",
        "subject_id": "P5",
        "surname_key": "anders",
        "address_id": "A5",
        "postcode": "5555CC",
        "high_profile": False,
        "employee_user_id": "U3",
    },
    {
        "subject_type": "person",
        "subject_id": "P6",
        "surname_key": "anders",
        "address_id": "A6",
        "postcode": "8888DD",
        "high_profile": False,
    },
    {
        "subject_type": "vehicle",
        "subject_id": "XX-001-X",
        "address_id": "A6",
        "postcode": "8888DD",
        "high_profile": False,
    },
    {
        "subject_type": "person",
        "subject_id": "P7",
        "surname_key": "anders",
        "address_id": "A7",
        "postcode": "8888DE",
        "high_profile": False,
    },
]
REGISTRATIONS = [
    {
        "registration_id": "R1",
        "kind": "incident",
        "unit": "BT1",
        "opened": ts("2026-03-02T08:00:00+01:00"),
        "restricted": False,
    },
    {
        "registration_id": "R2",
        "kind": "case",
        "unit": "BT1",
        "opened": ts("2026-02-01T08:00:00+01:00"),
        "restricted": True,
    },
]
REG_SUBJECTS = [
    {"registration_id": "R1", "subject_type": "person", "subject_id": "P6"},
    {"registration_id": "R2", "subject_type": "person", "subject_id": "P7"},
]
REG_OFFICERS = [
    {"registration_id": "R1", "user_id": "U1", "from": ts("2026-03-02T08:00:00+01:00")},
]
SHIFTS = [
    {"user_id": "U1", "start": ts("2026-03-02T07:00:00+01:00"), "end": ts("2026-03-02T15:00:00+01:00")},
    {"user_id": "U1", "start": ts("2026-03-03T07:00:00+01:00"), "end": ts("2026-03-03T15:00:00+01:00")},
]


def lookup(
    event_id: str,
    when: str,
    user: str,
    stype: str,
    sid: str | None,
    purpose: str | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "ts": ts(when),
        "user_id": user,
        "system": "BVH",
        "action": "view",
        "subject_type": stype,
        "subject_id": sid,
        "query_text": text,
        "purpose": purpose,
    }


def tiny_dataset(lookups: list[dict[str, Any]], **overrides: list[dict[str, Any]]) -> Dataset:
    tables = {
        "query_log": table("query_log", lookups),
        "employees": table("employees", overrides.get("employees", EMPLOYEES)),
        "subjects": table("subjects", overrides.get("subjects", SUBJECTS)),
        "registrations": table("registrations", overrides.get("registrations", REGISTRATIONS)),
        "registration_subjects": table("registration_subjects", overrides.get("registration_subjects", REG_SUBJECTS)),
        "registration_officers": table("registration_officers", overrides.get("registration_officers", REG_OFFICERS)),
        "shifts": table("shifts", overrides.get("shifts", SHIFTS)),
        "declared_relations": table("declared_relations", overrides.get("declared_relations", [])),
    }
    return from_frames(tables)


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated world (about 60,000 lookups) in Parquet, shared by the slower tests."""
    root = tmp_path_factory.mktemp("world")
    generate(root, 300, 2, seed=11, fmt="parquet")
    return root
