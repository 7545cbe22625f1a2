"""Explanation by registrations holds on skewed data: memory bounded by the data's size.

Issue 13: on a force's own data `vik monitor detect` was killed at 23 GB because the lookups were
joined with every registration of the employee's unit before the records were compared. The
windows are now merged per record and met with an as-of join; these tests prove the answer is the
same as the plain definition, and that a small, skewed world stays within a fixed memory budget.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmengine.explain import within

pytestmark = pytest.mark.engine
T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _naive(lookups: pl.DataFrame, windows: pl.DataFrame, keys: list[str]) -> set[int]:
    joined = lookups.join(windows, on=keys).filter(pl.col("ts").is_between(pl.col("lo"), pl.col("hi")))
    return set(joined["row"].to_list())


hours = st.integers(min_value=0, max_value=60)


@settings(deadline=None, max_examples=150)
@given(
    looks=st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from("xyz"), hours), max_size=30),
    wins=st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from("xyz"), hours, hours), max_size=15),
)
def test_within_matches_the_definition(looks, wins) -> None:
    lookups = pl.DataFrame(
        {"row": list(range(len(looks))), "unit": [u for u, _, _ in looks],
         "subject_id": [s for _, s, _ in looks], "ts": [T0 + dt.timedelta(hours=h) for *_, h in looks]},
        schema={"row": pl.UInt32, "unit": pl.String, "subject_id": pl.String, "ts": pl.Datetime("us", "UTC")},
    )
    windows = pl.DataFrame(
        {"unit": [u for u, *_ in wins], "subject_id": [s for _, s, *_ in wins],
         "lo": [T0 + dt.timedelta(hours=min(a, b)) for *_, a, b in wins],
         "hi": [T0 + dt.timedelta(hours=max(a, b)) for *_, a, b in wins]},
        schema={"unit": pl.String, "subject_id": pl.String, "lo": pl.Datetime("us", "UTC"),
                "hi": pl.Datetime("us", "UTC")},
    )
    keys = ["unit", "subject_id"]
    assert set(within(lookups.lazy(), windows.lazy(), keys).to_list()) == _naive(lookups, windows, keys)


SKEWED = textwrap.dedent("""
    import datetime as dt, resource, sys
    import polars as pl
    from pmengine.contract import from_frames
    from pmengine.explain import unit_registration, district_registration, own_registration
    from pmengine.params import Params

    t0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    n_regs, n_lookups, n_users = 4000, 60000, 300
    users = [f"u{i}" for i in range(n_users)]
    employees = pl.DataFrame({
        "user_id": users, "unit": ["T1"] * n_users, "district": ["D1"] * n_users,
        "region": ["R1"] * n_users, "role": ["agent"] * n_users,
        "home_postcode": [None] * n_users, "home_address_id": [None] * n_users,
        "surname_key": [None] * n_users, "active_from": [t0 - dt.timedelta(days=900)] * n_users,
        "active_to": [None] * n_users,
    }, schema_overrides={"home_postcode": pl.String, "home_address_id": pl.String,
                         "surname_key": pl.String, "active_to": pl.Datetime("us", "UTC")})
    # One busy basic team: thousands of open registrations, one person in each, half of them
    # also in a 50-officer incident; every lookup by the team is of one of those persons.
    registrations = pl.DataFrame({
        "registration_id": [f"r{i}" for i in range(n_regs)], "kind": ["incident"] * n_regs,
        "unit": ["T1"] * n_regs, "opened": [t0 - dt.timedelta(days=30)] * n_regs,
        "closed": [None] * n_regs, "restricted": [False] * n_regs,
    }, schema_overrides={"closed": pl.Datetime("us", "UTC")})
    subjects = pl.DataFrame({"registration_id": [f"r{i}" for i in range(n_regs)],
                             "subject_type": ["person"] * n_regs,
                             "subject_id": [f"p{i % 500}" for i in range(n_regs)]})
    officers = pl.DataFrame({"registration_id": [f"r{i % 20}" for i in range(n_users)],
                             "user_id": users, "from": [t0 - dt.timedelta(days=10)] * n_users,
                             "to": [None] * n_users}, schema_overrides={"to": pl.Datetime("us", "UTC")})
    query_log = pl.DataFrame({
        "event_id": [f"e{i}" for i in range(n_lookups)],
        "ts": [t0 + dt.timedelta(seconds=7 * i) for i in range(n_lookups)],
        "user_id": [users[i % n_users] for i in range(n_lookups)], "system": ["BVH"] * n_lookups,
        "action": ["view"] * n_lookups, "subject_type": ["person"] * n_lookups,
        "subject_id": [f"p{(i * 7) % 700}" for i in range(n_lookups)],
        "query_text": [None] * n_lookups, "result_count": [1] * n_lookups, "purpose": [None] * n_lookups,
    }, schema_overrides={"query_text": pl.String, "result_count": pl.Int64, "purpose": pl.String})
    ds = from_frames({"query_log": query_log, "employees": employees, "registrations": registrations,
                      "registration_subjects": subjects, "registration_officers": officers})
    frame = (ds.query_log.with_row_index("row")
             .join(ds.employees.select("user_id", "unit", "district", "region"), on="user_id"))
    params = Params()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for step in (own_registration, unit_registration, district_registration):
        frame = step(frame, ds, params)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(frame["expl_unit"].sum(), frame["expl_own"].sum(), (peak - base) // 1024)
""")


@pytest.mark.slow
def test_a_skewed_unit_stays_within_a_fixed_memory_budget() -> None:
    # 60k lookups of one team with 4,000 open registrations: the old plan built 240 M rows (GBs).
    result = subprocess.run([sys.executable, "-c", SKEWED], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    explained_unit, explained_own, grown_mib = (int(x) for x in result.stdout.split())
    assert explained_unit == sum(1 for i in range(60000) if (i * 7) % 700 < 500)
    assert 0 < explained_own < explained_unit
    assert grown_mib < 400, f"explanation grew the process by {grown_mib} MiB"


@settings(deadline=None, max_examples=150)
@given(looks=st.lists(st.tuples(st.sampled_from(["u1", "u2"]), st.sampled_from(["vehicle", "person", "address"]),
                                st.sampled_from(["a1", "a2", None]), st.integers(min_value=0, max_value=90)),
                      max_size=25))
def test_plate_owner_pairs_without_the_square_of_an_address(looks) -> None:
    """A plate and, within 15 minutes after it, a person at the car's address: both flagged."""
    from pmengine.evidence import plate_owner
    from pmengine.params import Params

    frame = pl.DataFrame(
        {"row": list(range(len(looks))), "user_id": [u for u, *_ in looks],
         "subject_type": [t for _, t, *_ in looks], "s_address_id": [a for _, _, a, _ in looks],
         "ts": [T0 + dt.timedelta(minutes=m) for *_, m in looks]},
        schema={"row": pl.UInt32, "user_id": pl.String, "subject_type": pl.String, "s_address_id": pl.String,
                "ts": pl.Datetime("us", "UTC")},
    )
    flagged = set(plate_owner(frame, Params()).filter(pl.col("ev_plate_owner") > 0)["row"].to_list())
    expected = set()
    for i, (u1, t1, a1, m1) in enumerate(looks):
        for j, (u2, t2, a2, m2) in enumerate(looks):
            if (t1, t2) == ("vehicle", "person") and u1 == u2 and a1 is not None and a1 == a2 and 0 <= m2 - m1 <= 15:
                expected |= {i, j}
    assert flagged == expected


@settings(deadline=None, max_examples=150)
@given(looks=st.lists(st.tuples(st.sampled_from("abc"), st.integers(min_value=0, max_value=600)), max_size=40),
       gap=st.integers(min_value=1, max_value=120))
def test_session_runs_match_the_per_employee_definition(looks, gap) -> None:
    """Session 19: the off-duty sessions are global run ids (`_runs`) instead of a cumulative sum
    over a diff, both per employee (a nested window took seconds on a large day). Same grouping."""
    from pmengine.evidence import _runs

    frame = pl.DataFrame(
        {"user_id": [u for u, _ in looks], "ts": [T0 + dt.timedelta(minutes=m) for _, m in looks]},
        schema={"user_id": pl.String, "ts": pl.Datetime("us", "UTC")},
    ).sort("user_id", "ts")
    delta = dt.timedelta(minutes=gap)
    nested = ((pl.col("ts").diff().over("user_id") > delta).fill_null(True)).cum_sum().over("user_id")
    both = frame.with_columns(_runs(delta).alias("new"), nested.alias("old"))
    # The same partition: each (employee, old id) is exactly one new id, and each new id one employee.
    assert both.group_by("user_id", "old").agg(pl.col("new").n_unique())["new"].max() in (None, 1)
    assert both.group_by("new").agg(pl.col("user_id").n_unique(), pl.col("old").n_unique()).select(
        pl.max_horizontal("user_id", "old").max()).item() in (None, 1)
