"""Each evidence column on tiny hand-built tables."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from pmengine import evidence, explain, rules, scoring
from pmengine.params import Params
from pmengine.prepare import prepare

from .conftest import lookup, tiny_dataset, ts

pytestmark = pytest.mark.engine


def frame(lookups: list[dict[str, Any]], **overrides: Any) -> pl.DataFrame:
    ds = tiny_dataset(lookups, **overrides)
    params = Params()
    f = explain.explain(prepare(ds, params), ds, params)
    return evidence.static_evidence(f, ds, params).sort("row")


def col(lookups: list[dict[str, Any]], name: str, **overrides: Any) -> list[float]:
    return frame(lookups, **overrides)[name].to_list()


T = "2026-03-02T10:00:00+01:00"


def test_home_address_postcode_and_area() -> None:
    rows = [
        lookup("E1", T, "U1", "person", "P1"),
        lookup("E2", T, "U1", "person", "P3"),
        lookup("E3", T, "U1", "person", "P2"),
        lookup("E4", T, "U1", "person", "P4"),
    ]
    f = frame(rows)
    assert f["ev_same_address"].to_list() == [1.0, 0.0, 0.0, 0.0]
    assert f["ev_same_postcode"].to_list() == [0.0, 1.0, 0.0, 0.0]
    assert f["ev_near_home"].to_list() == [0.0, 0.0, 1.0, 0.0]


def test_surname_weighted_by_rarity() -> None:
    # "zeldzaamhorst" occurs once among persons: a namesake is surely family; "jansma" twice.
    rows = [
        lookup("E1", T, "U1", "person", "P1"),
        lookup("E2", T, "U2", "person", "P2"),
        lookup("E3", T, "U1", "free_text", None, text="Zeldzaamhorst 1234AB"),
        lookup("E4", T, "U1", "person", "P4"),
    ]
    values = col(rows, "ev_same_surname")
    assert values[0] == 1.0 and values[2] == 1.0 and values[3] == 0.0
    assert 0.0 < values[1] <= 1.0
    common = [
        {"subject_type": "person", "subject_id": f"X{i}", "surname_key": "jansma", "high_profile": False}
        for i in range(50)
    ]
    from .conftest import SUBJECTS

    assert col([lookup("E1", T, "U2", "person", "P2")], "ev_same_surname", subjects=SUBJECTS + common)[0] < 0.2


def test_colleague_self_declared_high_profile() -> None:
    rows = [
        lookup("E1", T, "U1", "person", "P5"),
        lookup("E2", T, "U3", "person", "P5"),
        lookup("E3", T, "U1", "person", "P4"),
        lookup("E4", T, "U1", "person", "P2"),
    ]
    f = frame(
        rows, declared_relations=[{"user_id": "U1", "subject_type": "person", "subject_id": "P2", "relation": "family"}]
    )
    assert f["ev_colleague"].to_list() == [1.0, 0.0, 0.0, 0.0]
    assert f["ev_colleague_home"].to_list() == [0.0, 0.0, 0.0, 0.0]
    assert f["ev_self"].to_list() == [0.0, 1.0, 0.0, 0.0]
    assert f["ev_high_profile"].to_list() == [0.0, 0.0, 1.0, 0.0]
    assert f["ev_declared_relation"].to_list() == [0.0, 0.0, 0.0, 1.0]


def test_restricted_registration_not_on_it() -> None:
    officers = [{"registration_id": "R2", "user_id": "U2", "from": None}]
    from .conftest import REG_OFFICERS, ts

    officers = REG_OFFICERS + [{"registration_id": "R2", "user_id": "U2", "from": ts("2026-02-01T08:00:00+01:00")}]
    f = frame(
        [lookup("E1", T, "U1", "person", "P7"), lookup("E2", T, "U2", "person", "P7")], registration_officers=officers
    )
    # opened directly by name with no case of his own team behind it: nothing in his work led him there
    assert f["ev_restricted"].to_list() == [1.0, 0.0]
    assert f["explained"].to_list()[0] == 0.0


def test_restricted_target_met_as_the_keeper_of_a_checked_car_counts_half() -> None:
    # A traffic stop meets a target by chance: the car first, then its keeper (plate context).
    from .conftest import SUBJECTS

    car = {"subject_type": "vehicle", "subject_id": "YY-007-Y", "address_id": "A7", "postcode": "8888DE",
           "high_profile": False}
    rows = [
        lookup("E1", T, "U1", "vehicle", "YY-007-Y"),
        lookup("E2", "2026-03-02T10:03:00+01:00", "U1", "person", "P7"),
    ]
    assert col(rows, "ev_restricted", subjects=SUBJECTS + [car]) == [0.0, 0.5]


def test_restricted_counts_households_of_one_operation_per_day() -> None:
    from .conftest import REG_SUBJECTS, SUBJECTS

    subjects = SUBJECTS + [
        {"subject_type": "person", "subject_id": "P8", "surname_key": "x", "address_id": "A8", "high_profile": False}
    ]
    reg_subjects = REG_SUBJECTS + [{"registration_id": "R2", "subject_type": "person", "subject_id": "P8"}]
    same_day = [lookup("E1", T, "U1", "person", "P7"), lookup("E2", "2026-03-02T10:05:00+01:00", "U1", "person", "P8")]
    two_days = [lookup("E1", T, "U1", "person", "P7"), lookup("E2", "2026-03-05T10:05:00+01:00", "U1", "person", "P8")]
    kw = {"subjects": subjects, "registration_subjects": reg_subjects}
    assert col(same_day, "ev_restricted", **kw) == [2.0, 2.0]  # two targets at once: reading up on the operation
    assert col(two_days, "ev_restricted", **kw) == [1.0, 1.0]  # one target a day, each opened directly by name


def _two_targets() -> dict[str, Any]:
    from .conftest import REG_SUBJECTS, SUBJECTS

    subjects = SUBJECTS + [
        {"subject_type": "person", "subject_id": "P8", "surname_key": "x", "address_id": "A8", "high_profile": False}
    ]
    reg_subjects = REG_SUBJECTS + [{"registration_id": "R2", "subject_type": "person", "subject_id": "P8"}]
    return {"subjects": subjects, "registration_subjects": reg_subjects}


@pytest.mark.parametrize(
    ("opened", "closed"),
    [
        ("2026-03-10T08:00:00+01:00", None),  # the operation is registered a week after the lookups
        ("2025-12-01T08:00:00+01:00", "2026-01-01T08:00:00+01:00"),  # closed two months before them
        ("2025-06-01T08:00:00+02:00", "2025-08-14T08:00:00+02:00"),  # closed half a year before: before court
    ],
)
def test_restricted_operation_is_shielded_before_and_after_its_registration(opened: str, closed: str | None) -> None:
    from .conftest import REGISTRATIONS, ts

    regs = [r for r in REGISTRATIONS if r["registration_id"] != "R2"] + [
        {
            "registration_id": "R2",
            "kind": "case",
            "unit": "BT1",
            "opened": ts(opened),
            "closed": ts(closed) if closed else None,
            "restricted": True,
        }
    ]
    kw = {"registrations": regs, **_two_targets()}
    one = [lookup("E1", T, "U1", "person", "P7")]
    both = [lookup("E1", T, "U1", "person", "P7"), lookup("E2", "2026-03-02T10:05:00+01:00", "U1", "person", "P8")]
    assert col(one, "ev_restricted", **kw) == [0.0]  # one target outside the period: an everyday meeting
    assert col(both, "ev_restricted", **kw) == [1.0, 1.0]  # two targets at once: reading up on the operation


def test_restricted_control_room_needs_three_households() -> None:
    # U3 (meldkamer) meets targets' homes through the calls it dispatches (the caller's household and
    # the address's): one or two households are no evidence, three on one day are.
    from .conftest import REG_SUBJECTS, SUBJECTS

    kw = _two_targets()
    kw["subjects"] = kw["subjects"] + [
        {"subject_type": "person", "subject_id": "P9", "surname_key": "y", "address_id": "A9", "high_profile": False}
    ]
    kw["registration_subjects"] = REG_SUBJECTS + [
        {"registration_id": "R2", "subject_type": "person", "subject_id": p} for p in ("P8", "P9")
    ]
    assert SUBJECTS  # the shared fixtures stay untouched
    one = [lookup("E1", T, "U3", "person", "P7")]
    both = [lookup("E1", T, "U3", "person", "P7"), lookup("E2", "2026-03-02T10:05:00+01:00", "U3", "person", "P8")]
    three = both + [lookup("E3", "2026-03-02T10:09:00+01:00", "U3", "person", "P9")]
    assert col(one, "ev_restricted", **kw) == [0.0]
    assert col(both, "ev_restricted", **kw) == [0.0, 0.0]
    assert col(three, "ev_restricted", **kw) == [0.5, 0.5, 0.5]


def test_unrostered_office_hours_are_working_time() -> None:
    # U2 has no roster: a lone lookup at 10:30 on a Monday is office work, the same on a Saturday
    # morning or on a Monday evening is off duty.
    rows = [
        lookup("E1", "2026-03-02T10:30:00+01:00", "U2", "person", "P2"),
        lookup("E2", "2026-03-02T20:30:00+01:00", "U2", "person", "P2"),
        lookup("E3", "2026-03-07T10:30:00+01:00", "U2", "person", "P2"),
    ]
    assert col(rows, "ev_off_duty") == [0.0, 1.0, 1.0]


def test_fig_leaf_and_no_purpose() -> None:
    f = frame([lookup("E1", T, "U2", "person", "P3", purpose="R1"), lookup("E2", T, "U1", "person", "P6")])
    assert f["ev_purpose_mismatch"].to_list() == [1.0, 0.0]
    assert f["ev_no_purpose"].to_list() == [1.0, 0.0]


def test_a_false_purpose_is_not_covered_by_a_case_he_did_not_name() -> None:
    # P2 is in R9, a case of another team of U1's district (BT9, D1): looked up plainly, that case
    # explains a little. Typed with R1, his own team's incident that does not involve P2, the
    # stated reason is false, and the district's case he did not name is not assumed instead.
    from .conftest import EMPLOYEES, REG_SUBJECTS, REGISTRATIONS, ts

    other_team = dict(EMPLOYEES[1], user_id="U9", unit="BT9")
    regs = REGISTRATIONS + [
        {"registration_id": "R9", "kind": "case", "unit": "BT9", "opened": ts("2026-03-01T08:00:00+01:00"),
         "restricted": False}
    ]
    subjects = REG_SUBJECTS + [{"registration_id": "R9", "subject_type": "person", "subject_id": "P2"}]
    rows = [lookup("E1", T, "U1", "person", "P2"), lookup("E2", T, "U1", "person", "P2", purpose="R1")]
    f = frame(rows, employees=EMPLOYEES + [other_team], registrations=regs, registration_subjects=subjects)
    assert f["ev_purpose_mismatch"].to_list() == [0.0, 1.0]
    assert f["explained"].to_list() == [Params().district_registration_level, 0.0]


def test_off_duty_with_roster_tolerance_and_missing_roster() -> None:
    rows = [
        lookup("E1", "2026-03-02T16:30:00+01:00", "U1", "person", "P2"),  # overtime tolerance
        lookup("E2", "2026-03-02T20:30:00+01:00", "U1", "person", "P2"),  # evening at home
    ]
    assert col(rows, "ev_off_duty") == [0.0, 1.0]


def test_off_duty_inferred_from_own_activity_without_roster() -> None:
    # U2 has no roster: a worked morning (a session of 2.5 hours) is a shift, the lone evening
    # lookup is not. The same holds when the shifts table is missing altogether.
    morning = [
        lookup(f"M{i}", f"2026-03-02T{8 + i // 3:02d}:{(i % 3) * 20:02d}:00+01:00", "U2", "person", "P6")
        for i in range(8)
    ]
    evening = [lookup("E1", "2026-03-02T20:30:00+01:00", "U2", "person", "P2")]
    expected = [0.0] * 8 + [1.0]
    assert col(morning + evening, "ev_off_duty") == expected
    assert col(morning + evening, "ev_off_duty", shifts=[]) == expected


def test_private_lookup_before_a_rostered_shift_stays_off_duty() -> None:
    # U1 works 07:00-15:00 on 3 March. A lookup at 04:30 lies outside the roster (with its hour of
    # tolerance); the case work that follows from 07:10 is inside it and must not turn the early
    # lookup into "a session with case work" (it did when sessions were formed over all lookups).
    rows = [
        lookup("E1", "2026-03-03T04:30:00+01:00", "U1", "person", "P2"),
        *[lookup(f"C{i}", f"2026-03-03T07:{10 + 10 * i}:00+01:00", "U1", "person", "P6") for i in range(3)],
    ]
    assert col(rows, "ev_off_duty") == [1.0, 0.0, 0.0, 0.0]


def test_overtime_after_a_rostered_shift_is_not_off_duty() -> None:
    # U1 works 07:00-15:00 on 2 March (tolerance until 18:00). Work that goes on without a long
    # pause from inside the shift is overtime; a lookup after hours of silence is not.
    overtime = [
        lookup("O1", "2026-03-02T17:00:00+01:00", "U1", "person", "P2"),  # within the tolerance
        lookup("O2", "2026-03-02T17:50:00+01:00", "U1", "person", "P2"),
        lookup("O3", "2026-03-02T18:40:00+01:00", "U1", "person", "P4"),  # beyond it, work goes on
    ]
    assert col(overtime, "ev_off_duty") == [0.0, 0.0, 0.0]
    later = [
        lookup("W1", "2026-03-02T14:00:00+01:00", "U1", "person", "P2"),
        lookup("E1", "2026-03-02T20:30:00+01:00", "U1", "person", "P4"),
    ]
    assert col(later, "ev_off_duty") == [0.0, 1.0]


def test_worked_day_missing_from_the_roster_is_not_off_duty() -> None:
    # 4 March is not in U1's roster. Two short sessions 4h40 apart (a few plate checks in the
    # morning and the early afternoon) are a worked day; a lone lookup that morning and one in the
    # evening, twelve hours apart, are not.
    worked = [
        lookup("E1", "2026-03-04T08:10:00+01:00", "U1", "person", "P2"),
        lookup("E2", "2026-03-04T12:50:00+01:00", "U1", "person", "P4"),
    ]
    assert col(worked, "ev_off_duty") == [0.0, 0.0]
    apart = [
        lookup("E1", "2026-03-04T08:10:00+01:00", "U1", "person", "P2"),
        lookup("E2", "2026-03-04T20:30:00+01:00", "U1", "person", "P4"),
    ]
    assert col(apart, "ev_off_duty") == [1.0, 1.0]


def test_plate_then_owner() -> None:
    rows = [
        lookup("E1", T, "U1", "vehicle", "XX-001-X"),
        lookup("E2", "2026-03-02T10:04:00+01:00", "U1", "person", "P6"),
        lookup("E3", "2026-03-02T11:00:00+01:00", "U1", "person", "P6"),
    ]
    assert col(rows, "ev_plate_owner") == [1.0, 1.0, 0.0]


def test_person_then_the_car_at_his_address() -> None:
    # U1 opens P6 and minutes later the car registered at P6's address: what does he drive.
    # U2 checks the plate first and then its keeper (PLATE_OWNER, the traffic check's order);
    # U3 opens the car an hour after the person (no longer one look at him).
    rows = [
        lookup("E1", T, "U1", "person", "P6"),
        lookup("E2", "2026-03-02T10:04:00+01:00", "U1", "vehicle", "XX-001-X"),
        lookup("E3", T, "U2", "vehicle", "XX-001-X"),
        lookup("E4", "2026-03-02T10:02:00+01:00", "U2", "person", "P6"),
        lookup("E5", T, "U3", "person", "P6"),
        lookup("E6", "2026-03-02T11:00:00+01:00", "U3", "vehicle", "XX-001-X"),
    ]
    f = frame(rows)
    assert f["ev_person_vehicle"].to_list() == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert f["ev_plate_owner"].to_list() == [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]


def test_person_then_his_address() -> None:
    # U1 opens P6 and minutes later the address A6 where P6 lives; U2 opens the address first;
    # U3 opens another address (A7) after P6.
    rows = [
        lookup("E1", T, "U1", "person", "P6"),
        lookup("E2", "2026-03-02T10:05:00+01:00", "U1", "address", "A6"),
        lookup("E3", T, "U2", "address", "A6"),
        lookup("E4", "2026-03-02T10:02:00+01:00", "U2", "person", "P6"),
        lookup("E5", T, "U3", "person", "P6"),
        lookup("E6", "2026-03-02T10:03:00+01:00", "U3", "address", "A7"),
    ]
    assert col(rows, "ev_person_address") == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert rules.RULE_BY_CODE["PERSON_ADDRESS"].severity == 0.5


def _fixation_world(others: int) -> pl.DataFrame:
    """U2 looks up P4 on three days among 40 other records a day; ten colleagues of his unit look up
    40 records a day (a pool of 200 residents) for eight days, and ``others`` of them also look up
    P4 every day."""
    from .conftest import EMPLOYEES, SUBJECTS

    colleagues = [dict(EMPLOYEES[1], user_id=f"C{i}", home_address_id=f"AC{i}") for i in range(10)]
    filler = [
        {"subject_type": "person", "subject_id": f"F{i}", "surname_key": "x", "high_profile": False} for i in range(200)
    ]
    rows = [lookup(f"E{d}", f"2026-03-0{d}T10:00:00+01:00", "U2", "person", "P4") for d in (2, 3, 4)]
    rows.append(lookup("E9", T, "U2", "person", "P2"))
    rows += [
        lookup(f"N{u}-{d}-{i}", f"2026-03-0{d}T11:{i:02d}:00+01:00", u, "person", f"F{(len(u) * 7 + d * 40 + i) % 200}")
        for u in ["U2"] + [f"C{c}" for c in range(10)]
        for d in range(2, 10 if u != "U2" else 5)
        for i in range(40)
    ]
    rows += [
        lookup(f"O{c}-{d}", f"2026-03-0{d}T12:00:00+01:00", f"C{c}", "person", "P4")
        for c in range(others)
        for d in range(2, 10)
    ]
    f = frame(rows, employees=EMPLOYEES + colleagues, subjects=SUBJECTS + filler)
    return f.filter(pl.col("user_id") == "U2")


def test_fixation_discounts_records_everybody_looks_up() -> None:
    # A person only U2 looks up, on three days: fixation. The same person, looked up every day by
    # ten colleagues of his unit (the subject of an incident everyone works): met again by chance.
    alone = _fixation_world(0)
    popular = _fixation_world(10).filter(pl.col("subject_id") == "P4")["ev_fixation"].to_list()
    assert alone.filter(pl.col("subject_id") == "P4")["ev_fixation"].min() >= 1.0  # type: ignore[operator]
    assert alone.filter(pl.col("subject_id") == "P2")["ev_fixation"].to_list() == [0.0]  # once is no fixation
    assert max(popular) == 0.0


def test_fixation_chance_grows_with_fewer_colleagues_and_more_days() -> None:
    params = Params()
    keys = pl.DataFrame(
        {
            "user_id": ["U"] * 5 + ["V"] * 3,
            "unit": ["A"] * 8,
            "subject_type": ["person"] * 8,
            "subject_id": ["P"] * 5 + ["Q"] * 3,
            "day": [1, 2, 3, 4, 5, 1, 2, 3],
        }
    )
    nats = dict(evidence.fixation_day_counts(keys, params).select("user_id", "fix_nats").iter_rows())
    assert nats["U"] > nats["V"] > 0.0  # five days is rarer than three


def _behaviour(rows: list[dict[str, Any]]) -> pl.DataFrame:
    ds = tiny_dataset(rows)
    params = Params()
    f = evidence.static_evidence(explain.explain(prepare(ds, params), ds, params), ds, params)
    model = scoring.fit(f, params)
    return scoring.behaviour_evidence(f, model, params).sort("row")


def test_bulk_and_free_text_bursts() -> None:
    subjects = [
        {"subject_type": "person", "subject_id": f"B{i}", "surname_key": "x", "high_profile": False} for i in range(40)
    ]
    from .conftest import SUBJECTS

    rows = [lookup(f"E{i}", f"2026-03-02T10:{i:02d}:00+01:00", "U2", "person", f"B{i}") for i in range(40)]
    # ordinary work of the same peer group: one unexplained lookup an hour for two weeks
    rows += [
        lookup(f"W{u}{d}{h}", f"2026-03-{d:02d}T{h:02d}:30:00+01:00", u, "person", "P4")
        for u in ("U1", "U2")
        for d in range(3, 17)
        for h in range(7, 22)
    ]
    rows += [
        lookup(f"F{i}", f"2026-03-02T12:{i:02d}:00+01:00", "U1", "free_text", None, text=f"naam{i}") for i in range(8)
    ]
    ds_rows = rows
    f = _behaviour_with(ds_rows, SUBJECTS + subjects)
    assert f.filter(pl.col("event_id").str.starts_with("E"))["ev_bulk"].min() > 0  # type: ignore[operator]
    assert f.filter(pl.col("event_id").str.starts_with("W"))["ev_bulk"].max() == 0  # type: ignore[operator]
    assert f.filter(pl.col("event_id").str.starts_with("F"))["ev_free_text"].min() > 0  # type: ignore[operator]


def _behaviour_with(rows: list[dict[str, Any]], subjects: list[dict[str, Any]]) -> pl.DataFrame:
    ds = tiny_dataset(rows, subjects=subjects)
    params = Params()
    f = evidence.static_evidence(explain.explain(prepare(ds, params), ds, params), ds, params)
    model = scoring.fit(f, params)
    return scoring.behaviour_evidence(f, model, params).sort("row")


def test_rare_hour_uses_own_history() -> None:
    rows = [
        lookup(f"E{d}{h}{m}", f"2026-03-0{d}T{h:02d}:{m:02d}:00+01:00", "U2", "person", "P2")
        for d in range(2, 8)
        for h in (9, 10, 11, 12, 13)
        for m in range(0, 60, 6)
    ]
    rows.append(lookup("N1", "2026-03-04T03:00:00+01:00", "U2", "person", "P3"))
    f = _behaviour(rows)
    assert f.filter(pl.col("event_id") == "N1")["ev_rare_hour"][0] == 1.0
    assert f.filter(pl.col("event_id") == "E3100")["ev_rare_hour"][0] == 0.0


def test_colleague_home_address_and_vehicle() -> None:
    rows = [
        lookup("E1", T, "U1", "address", "A5"),  # U3's home address
        lookup("E2", T, "U3", "address", "A5"),  # his own home: not a colleague
        lookup("E3", T, "U1", "address", "A2"),
    ]
    assert col(rows, "ev_colleague") == [0.0, 0.0, 0.0]
    assert col(rows, "ev_colleague_home") == [1.0, 0.0, 0.0]


def test_colleague_as_keeper_of_a_checked_car_is_the_car_context() -> None:
    from .conftest import SUBJECTS

    subjects = SUBJECTS + [
        {
            "subject_type": "vehicle",
            "subject_id": "CC-001-C",
            "address_id": "A5",
            "postcode": "5555CC",
            "high_profile": False,
        },
    ]
    rows = [
        lookup("E1", T, "U1", "vehicle", "CC-001-C"),  # a car registered at U3's home ...
        lookup("E2", "2026-03-02T10:03:00+01:00", "U1", "person", "P5"),  # ... and its keeper: U3 himself
        lookup("E3", "2026-03-02T14:00:00+01:00", "U1", "person", "P5"),  # U3 opened directly, no car before
    ]
    f = frame(rows, subjects=subjects)
    assert f["ev_colleague"].to_list() == [0.0, 0.0, 1.0]
    assert f["ev_colleague_home"].to_list() == [1.0, 1.0, 0.0]


def test_public_figure_in_a_new_case_of_another_unit() -> None:
    from .conftest import REG_SUBJECTS, REGISTRATIONS, ts

    regs = REGISTRATIONS + [
        {
            "registration_id": "R9",
            "kind": "case",
            "unit": "BT9",
            "opened": ts("2026-03-02T08:00:00+01:00"),
            "restricted": False,
        }
    ]
    subjects = REG_SUBJECTS + [{"registration_id": "R9", "subject_type": "person", "subject_id": "P4"}]
    rows = [
        lookup("E1", T, "U1", "person", "P4"),  # the day of the arrest, another unit: news-driven
        lookup("E2", "2026-03-09T10:00:00+01:00", "U1", "person", "P4"),  # a week later: no news
    ]
    f = frame(rows, registrations=regs, registration_subjects=subjects)
    assert f["ev_high_profile"].to_list() == [1.0, 1.0]
    assert f["ev_high_profile_case"].to_list() == [1.0, 0.0]


def test_another_teams_case_number_is_no_cover_for_a_public_figure_in_the_news() -> None:
    # The news wave: an officer of another team types the number of the new case to look at the
    # public figure. He is not on it; the case number gives no cover (a fig leaf of the news). A
    # broad mandate (the control room, dispatching for that case) keeps its explanation.
    from .conftest import REG_SUBJECTS, REGISTRATIONS, ts

    regs = REGISTRATIONS + [
        {
            "registration_id": "R9",
            "kind": "incident",
            "unit": "BT9",
            "opened": ts("2026-02-27T08:00:00+01:00"),  # four days before: still in the news
            "restricted": False,
        }
    ]
    subjects = REG_SUBJECTS + [{"registration_id": "R9", "subject_type": "person", "subject_id": "P4"}]
    rows = [lookup("E1", T, "U1", "person", "P4", purpose="R9"), lookup("E2", T, "U3", "person", "P4", purpose="R9")]
    f = frame(rows, registrations=regs, registration_subjects=subjects)
    assert f["ev_high_profile_case"].to_list() == [1.0, 0.0]
    assert f["explained"].to_list() == [0.0, 1.0]


def test_free_text_counts_a_sliding_window() -> None:
    params = Params()
    burst = [
        lookup(
            f"F{i}",
            f"2026-03-02T10:{50 + 2 * i:02d}:00+01:00" if i < 5 else f"2026-03-02T11:0{2 * i - 10}:00+01:00",
            "U1",
            "free_text",
            None,
            text=f"naam{i}",
        )
        for i in range(8)
    ]
    spread = [
        lookup(f"S{i}", f"2026-03-03T{8 + i:02d}:15:00+01:00", "U1", "free_text", None, text="x") for i in range(6)
    ]
    ds = tiny_dataset(burst + spread)
    counts = evidence.free_text_counts(prepare(ds, params), params).sort("row")["ft_count"].to_list()
    assert counts[:8] == [8] * 8  # one run across the hour boundary
    assert counts[8:] == [1] * 6  # a search now and then all day


def test_off_duty_with_a_personal_relation() -> None:
    rows = [
        lookup("E1", "2026-03-02T20:00:00+01:00", "U1", "person", "P3"),  # off duty, own street
        lookup("E2", "2026-03-02T10:00:00+01:00", "U1", "person", "P3"),  # on duty, own street
        lookup("E3", "2026-03-02T20:40:00+01:00", "U1", "person", "P4"),  # off duty, public figure
    ]
    f = frame(rows)
    assert f["ev_off_duty"].to_list() == [1.0, 0.0, 1.0]
    assert f["ev_off_duty_relation"].to_list() == [1.0, 0.0, 1.0]


def test_session_at_the_edge_of_the_data_window_is_not_judged() -> None:
    from .conftest import ts

    rows = [lookup("E1", "2026-03-03T23:30:00+01:00", "U1", "person", "P2")]  # last half hour of the extract
    assert col(rows, "ev_off_duty") == [0.0]
    ds = tiny_dataset(rows)
    params = Params()
    f = explain.explain(prepare(ds, params), ds, params)
    wider = (ts("2026-03-01T00:00:00+01:00"), ts("2026-03-05T00:00:00+01:00"))
    assert evidence.off_duty(f, ds, params, wider)["ev_off_duty"].to_list() == [1.0]


def test_fixation_alone_in_his_unit_uses_the_force_wide_share() -> None:
    others = {"user_id": ["W"] * 300, "unit": ["B"] * 300, "subject_type": ["person"] * 300}
    keys = pl.DataFrame(
        {
            "user_id": ["U"] * 4 + others["user_id"],
            "unit": ["A"] * 4 + others["unit"],
            "subject_type": ["person"] * 4 + others["subject_type"],
            "subject_id": ["P"] * 4 + [f"F{i}" for i in range(300)],
            "day": [1, 2, 3, 4] + [1 + i % 20 for i in range(300)],
        }
    )
    nats = evidence.fixation_day_counts(keys, Params())["fix_nats"].to_list()
    assert nats and nats[0] > Params().fixation_nats  # nobody else in the force looks P up


def test_out_of_area_learned_from_the_units_own_lookups() -> None:
    # unit A works postcode area 1000 (and a bit of 1001); unit B works 2000
    units = ["A"] * 8 + ["B"] * 4
    pc4 = ["1000"] * 6 + ["1001", "2000"] + ["2000"] * 3 + ["1000"]
    stype = ["person"] * 7 + ["vehicle"] + ["person"] * 4
    f = pl.DataFrame(
        {
            "unit": units,
            "s_pc4": pc4,
            "subject_type": stype,
            "ev_plate_owner": [0.0] * 12,
            "ev_high_profile": [0.0] * 11 + [1.0],
        }
    )
    params = Params(area_min_share=0.3, area_min_lookups=4)
    out = evidence.out_of_area(f, params)
    # 1001 is 1/7 of unit A's person lookups: outside; a vehicle never counts (cars travel)
    assert out["ev_out_of_area"].to_list() == [0.0] * 6 + [1.0, 0.0] + [0.0] * 3 + [0.0]
    # the own street seen from another unit's area: AREA_RELATION
    out = evidence.out_of_area(f.drop("ev_high_profile"), params)
    assert out["ev_out_of_area"].to_list() == [0.0] * 6 + [1.0, 0.0] + [0.0] * 3 + [1.0]
    street = out.with_columns(pl.lit(0.0).alias(c) for c in rules.AREA_PARTNERS).with_columns(
        pl.Series("ev_same_postcode", [0.0] * 11 + [1.0])
    )
    assert evidence.area_relation(street)["ev_area_relation"].to_list() == [0.0] * 11 + [1.0]
    # a public figure, a colleague or an operation's target lives anywhere in the region: being
    # outside the unit's area adds nothing to the link itself (no AREA_RELATION)
    # nor a record near his home: his home area is outside the unit's area when he lives elsewhere
    for link in ("ev_high_profile", "ev_colleague", "ev_restricted", "ev_near_home"):
        anywhere = out.with_columns(pl.lit(0.0).alias(c) for c in rules.AREA_PARTNERS).with_columns(
            pl.Series(link, [0.0] * 11 + [1.0])
        )
        assert evidence.area_relation(anywhere)["ev_area_relation"].to_list() == [0.0] * 12
    # a public figure, colleague or operation's target outside the area is not OUT_OF_AREA
    for link in ("ev_high_profile", "ev_colleague", "ev_restricted"):
        linked = f.with_columns(pl.Series(link, [0.0] * 6 + [1.0] + [0.0] * 5))
        assert evidence.out_of_area(linked, params)["ev_out_of_area"].to_list()[6] == 0.0
    # too few lookups to learn an area: nothing is outside
    assert evidence.out_of_area(f, Params(area_min_lookups=100))["ev_out_of_area"].sum() == 0.0


def test_case_work_outside_the_roster_starts_a_worked_shift() -> None:
    # 4 March is not in U1's roster. Reading in on his own case R1 at 07:10 starts a shift missing
    # from the roster: a plate check at 14:00 lies in it, a lookup at 20:30 (over 13 hours after the
    # start) does not. Without the case work the lone morning lookups start nothing. (U2's lookup
    # the next day keeps the evening away from the edge of the data window.)
    next_day = lookup("N1", "2026-03-05T12:00:00+01:00", "U2", "person", "P2")
    worked = [
        lookup("C1", "2026-03-04T07:10:00+01:00", "U1", "person", "P6"),
        lookup("C2", "2026-03-04T07:20:00+01:00", "U1", "person", "P6"),
        lookup("E1", "2026-03-04T14:00:00+01:00", "U1", "person", "P2"),
        lookup("E2", "2026-03-04T20:30:00+01:00", "U1", "person", "P4"),
        next_day,
    ]
    assert col(worked, "ev_off_duty")[:4] == [0.0, 0.0, 0.0, 1.0]
    idle = [
        lookup("C1", "2026-03-04T07:10:00+01:00", "U1", "person", "P2"),
        lookup("C2", "2026-03-04T07:20:00+01:00", "U1", "person", "P2"),
        lookup("E1", "2026-03-04T14:00:00+01:00", "U1", "person", "P2"),
        next_day,
    ]
    assert col(idle, "ev_off_duty")[:3] == [1.0, 1.0, 1.0]


def test_free_text_searches_under_the_own_case_are_not_browsing() -> None:
    # U1 is on R1 and types its number with his searches: work on the case. U2 types the same
    # number but is not on R1: his searches still count.
    params = Params()
    rows = [
        lookup(f"{u}{i}", f"2026-03-02T12:{i:02d}:00+01:00", u, "free_text", None, purpose="R1", text=f"naam{i}")
        for u in ("U1", "U2")
        for i in range(8)
    ]
    ds = tiny_dataset(rows)
    f = explain.explain(prepare(ds, params), ds, params)
    assert f.sort("row")["purpose_assigned"].to_list() == [True] * 8 + [False] * 8
    counts = evidence.free_text_counts(f, params)
    assert counts["user_id"].unique().to_list() == ["U2"]
    assert counts["ft_count"].max() == 8


def test_colleague_home_in_the_own_street_counts_as_the_street() -> None:
    # U4 (a colleague) lives at A3 in U1's street 1234AB. His car checked by U1 is the neighbour's
    # car (SAME_POSTCODE), not a second time a colleague's home; checked by U2 it is a colleague's.
    from .conftest import EMPLOYEES, SUBJECTS

    colleague = dict(EMPLOYEES[1], user_id="U4", home_postcode="1234AB", home_address_id="A3")
    car = {"subject_type": "vehicle", "subject_id": "ZZ-003-Z", "address_id": "A3", "postcode": "1234AB",
           "high_profile": False}
    rows = [lookup("E1", T, "U1", "vehicle", "ZZ-003-Z"), lookup("E2", T, "U2", "vehicle", "ZZ-003-Z")]
    f = frame(rows, employees=EMPLOYEES + [colleague], subjects=SUBJECTS + [car])
    assert f["ev_same_postcode"].to_list() == [1.0, 0.0]
    assert f["ev_colleague_home"].to_list() == [0.0, 1.0]


def test_colleague_in_the_own_street_counts_as_the_street() -> None:
    # P3 lives in U1's street 1234AB and is colleague U4 (an employee record). U1 looking him up
    # meets his neighbour (SAME_POSTCODE only); U2, who lives elsewhere, looks up a colleague.
    from .conftest import EMPLOYEES, SUBJECTS

    colleague = dict(EMPLOYEES[1], user_id="U4", home_postcode="1234AB", home_address_id="A3")
    subjects = [dict(s, employee_user_id="U4") if s["subject_id"] == "P3" else s for s in SUBJECTS]
    rows = [lookup("E1", T, "U1", "person", "P3"), lookup("E2", T, "U2", "person", "P3")]
    f = frame(rows, employees=EMPLOYEES + [colleague], subjects=subjects)
    assert f["ev_same_postcode"].to_list() == [1.0, 0.0]
    assert f["ev_colleague"].to_list() == [0.0, 1.0]


def test_restricted_target_with_the_operations_number_or_in_own_case_work_is_partly_explained() -> None:
    # U1 is not on the restricted R2. Typing R2 itself as the purpose is what a briefed support
    # team does; meeting its target P7 under his own case R1, minutes after R1 explained his
    # lookup of P6, is case work. Both stay RESTRICTED, explained like a case of the own unit.
    params = Params()
    briefed = frame([lookup("E1", T, "U1", "person", "P7", purpose="R2")])
    assert briefed["ev_restricted"].to_list()[0] > 0.0
    assert briefed["explained"].to_list() == [params.unit_registration_level]
    case_work = frame([
        lookup("E1", T, "U1", "person", "P6", purpose="R1"),
        lookup("E2", "2026-03-02T10:05:00+01:00", "U1", "person", "P7", purpose="R1"),
    ])
    assert case_work["ev_restricted"].to_list()[1] > 0.0
    assert case_work["explained"].to_list() == [1.0, params.unit_registration_level]
    plain = frame([lookup("E1", T, "U1", "person", "P7")])
    assert plain["explained"].to_list() == [0.0]


def test_declared_relation_not_covered_by_a_colleagues_case() -> None:
    # P2 is in R1, a case of unit BT1 that U1 works on and U2 does not; both declared P2 as family,
    # and so did the control-room operator U3. U1's assignment explains his lookup; the team's case
    # is no cover for U2 (meldplicht: keep out of the relative's case); U3 keeps his broad mandate.
    rows = [
        lookup("E1", T, "U1", "person", "P2"),
        lookup("E2", T, "U2", "person", "P2"),
        lookup("E3", T, "U3", "person", "P2"),
        lookup("E4", T, "U2", "person", "P6"),
    ]
    declared = [
        {"user_id": u, "subject_type": "person", "subject_id": "P2", "relation": "family"} for u in ("U1", "U2", "U3")
    ]
    from .conftest import REG_SUBJECTS

    subjects = [*REG_SUBJECTS, {"registration_id": "R1", "subject_type": "person", "subject_id": "P2"}]
    f = frame(rows, declared_relations=declared, registration_subjects=subjects)
    assert f["ev_declared_relation"].to_list() == [1.0, 1.0, 1.0, 0.0]
    assert f["explained"].to_list() == [1.0, 0.0, Params().role_level, Params().unit_registration_level]


def test_another_teams_case_is_no_cover_for_the_own_street() -> None:
    # P3 lives in U1's street. R3 is an incident of BT2, another team of district D1, with P3 in it
    # (the police car at the neighbours' door). It explains U2's lookup of P3 as district work, not
    # U1's; R1, a case of U1's own team, keeps explaining his look at P3 (he helps his team).
    from .conftest import EMPLOYEES, REG_SUBJECTS, REGISTRATIONS

    params = Params()
    other_team = dict(EMPLOYEES[1], user_id="U5", unit="BT2")
    regs = [*REGISTRATIONS, dict(REGISTRATIONS[0], registration_id="R3", unit="BT2")]
    incident = [*REG_SUBJECTS, {"registration_id": "R3", "subject_type": "person", "subject_id": "P3"}]
    rows = [lookup("E1", T, "U1", "person", "P3"), lookup("E2", T, "U2", "person", "P3")]
    f = frame(rows, employees=EMPLOYEES + [other_team], registrations=regs, registration_subjects=incident)
    assert f["ev_same_postcode"].to_list() == [1.0, 0.0]
    assert f["explained"].to_list() == [0.0, params.district_registration_level]
    team = [*REG_SUBJECTS, {"registration_id": "R1", "subject_type": "person", "subject_id": "P3"}]
    g = frame([lookup("E1", T, "U1", "person", "P3")], registration_subjects=team, registration_officers=[])
    assert g["explained"].to_list() == [params.unit_registration_level]


def test_the_own_teams_case_is_no_cover_for_the_own_household() -> None:
    # P1 lives at U1's home address A1 and is in R1, a case of U1's own team BT1 that he is not
    # assigned to: a housemate's case is his to keep out of, so it explains nothing. U2, of the
    # same team and living elsewhere, is partly explained by it; assigned, U1 is explained.
    from .conftest import REG_SUBJECTS

    params = Params()
    team = [*REG_SUBJECTS, {"registration_id": "R1", "subject_type": "person", "subject_id": "P1"}]
    rows = [lookup("E1", T, "U1", "person", "P1"), lookup("E2", T, "U2", "person", "P1")]
    f = frame(rows, registration_subjects=team, registration_officers=[])
    assert f["ev_same_address"].to_list() == [1.0, 0.0]
    assert f["explained"].to_list() == [0.0, params.unit_registration_level]
    assigned = frame([lookup("E1", T, "U1", "person", "P1")], registration_subjects=team)
    assert assigned["explained"].to_list() == [1.0]


def test_another_teams_case_is_no_cover_for_a_colleague_opened_by_name() -> None:
    # P5 is colleague U3, in R3, an incident of BT2 (another team of district D1). U1 opening him
    # by name: no cover. U2 meeting him as the keeper of a car just checked: the car's context,
    # COLLEAGUE_HOME, and the district's incident still explains it in part.
    from .conftest import EMPLOYEES, REG_SUBJECTS, REGISTRATIONS, SUBJECTS

    params = Params()
    other_team = dict(EMPLOYEES[1], user_id="U5", unit="BT2")
    regs = [*REGISTRATIONS, dict(REGISTRATIONS[0], registration_id="R3", unit="BT2")]
    incident = [*REG_SUBJECTS, {"registration_id": "R3", "subject_type": "person", "subject_id": "P5"}]
    car = {"subject_type": "vehicle", "subject_id": "VV-005-V", "address_id": "A5", "postcode": "5555CC"}
    rows = [
        lookup("E1", T, "U1", "person", "P5"),
        lookup("E2", T, "U2", "vehicle", "VV-005-V"),
        lookup("E3", "2026-03-02T10:02:00+01:00", "U2", "person", "P5"),
    ]
    f = frame(
        rows,
        employees=EMPLOYEES + [other_team],
        subjects=SUBJECTS + [dict(car, high_profile=False)],
        registrations=regs,
        registration_subjects=incident,
    )
    assert f["ev_colleague"].to_list() == [1.0, 0.0, 0.0]
    assert f["explained"].to_list()[0] == 0.0
    assert f["explained"].to_list()[2] == params.district_registration_level


def test_own_teams_case_is_no_cover_for_a_public_figure_when_the_team_records_its_work() -> None:
    # The own team arrested a public figure two days ago (R9 of BT1). Its officers on the case look
    # him up under its number; U1, of the same team but not on it, opens him without one: he is the
    # exception in his team, not helping out. Where the team opens him without numbers (how it
    # works that arrest), the team's case keeps its partial explanation.
    from .conftest import REG_SUBJECTS, REGISTRATIONS, ts

    regs = REGISTRATIONS + [
        {
            "registration_id": "R9",
            "kind": "case",
            "unit": "BT1",
            "opened": ts("2026-02-28T08:00:00+01:00"),
            "restricted": False,
        }
    ]
    subjects = REG_SUBJECTS + [{"registration_id": "R9", "subject_type": "person", "subject_id": "P4"}]
    curious = lookup("E1", T, "U1", "person", "P4")
    recorded = [lookup(f"R{i}", f"2026-03-0{1 + i % 2}T0{i}:00:00+01:00", "U2", "person", "P4", purpose="R9")
                for i in range(6)]
    f = frame([curious, *recorded], registrations=regs, registration_subjects=subjects)
    first = f.filter(pl.col("event_id") == "E1")
    assert first["ev_high_profile_case"].to_list() == [1.0]
    assert first["explained"].to_list() == [0.0]
    unrecorded = [lookup(f"R{i}", f"2026-03-0{1 + i % 2}T0{i}:00:00+01:00", "U2", "person", "P4") for i in range(6)]
    f = frame([curious, *unrecorded], registrations=regs, registration_subjects=subjects)
    first = f.filter(pl.col("event_id") == "E1")
    assert first["ev_high_profile_case"].to_list() == [0.0]
    assert first["explained"].to_list()[0] > 0.0


def test_public_figure_met_as_the_keeper_of_a_checked_car_is_a_traffic_stop() -> None:
    # A plate, and within minutes the public figure registered at its address: a traffic stop met
    # him (PLATE_OWNER is the context). Opened directly by name, he is HIGH_PROFILE.
    from .conftest import SUBJECTS

    car = {"subject_type": "vehicle", "subject_id": "PF-001-X", "address_id": "A4", "postcode": "7777XX",
           "high_profile": False}
    rows = [
        lookup("E1", T, "U1", "vehicle", "PF-001-X"),
        lookup("E2", "2026-03-02T10:03:00+01:00", "U1", "person", "P4"),
        lookup("E3", "2026-03-02T14:00:00+01:00", "U1", "person", "P4"),
    ]
    f = frame(rows, subjects=SUBJECTS + [car])
    assert f["ev_plate_owner"].to_list() == [1.0, 1.0, 0.0]
    assert f["ev_high_profile"].to_list() == [0.0, 0.0, 1.0]


def test_reading_up_on_a_public_figure_weighs_double() -> None:
    # Opened in the civil register and then in the police records, or again after a pause: he reads
    # up on the figure (strength 2). A list and its detail within minutes in one system is one look.
    def opened(event_id: str, when: str, user: str, system: str) -> dict[str, Any]:
        return {**lookup(event_id, when, user, "person", "P4"), "system": system}

    rows = [
        opened("E1", "2026-03-02T10:00:00+01:00", "U1", "BRP"),
        opened("E2", "2026-03-02T10:04:00+01:00", "U1", "BVH"),
        opened("E3", "2026-03-02T10:00:00+01:00", "U2", "BVH"),
        opened("E4", "2026-03-02T10:01:00+01:00", "U2", "BVH"),
        opened("E5", "2026-03-02T11:00:00+01:00", "U3", "BVH"),
        opened("E6", "2026-03-02T11:30:00+01:00", "U3", "BVH"),
        opened("E7", "2026-03-03T11:00:00+01:00", "U2", "BRP"),
    ]
    f = frame(rows)
    assert f["ev_high_profile"].to_list() == [2.0, 2.0, 1.0, 1.0, 2.0, 2.0, 1.0]


def test_own_teams_case_is_no_cover_for_the_own_street_when_the_rest_of_the_team_records_its_work() -> None:
    # P3 lives in U1's street and is in R1, a case of U1's own team BT1. U2 works it (he is on R1):
    # the team records its work on P3, so U1, not on it and with no number typed, is the neighbour,
    # not a helper. Where U2 opens P3 without recording too, the team's case keeps explaining U1.
    from .conftest import REG_SUBJECTS

    params = Params()
    team = [*REG_SUBJECTS, {"registration_id": "R1", "subject_type": "person", "subject_id": "P3"}]
    on_it = [{"registration_id": "R1", "user_id": "U2", "from": ts("2026-03-02T08:00:00+01:00")}]
    rows = [lookup("E1", "2026-03-02T09:00:00+01:00", "U2", "person", "P3"), lookup("E2", T, "U1", "person", "P3")]
    f = frame(rows, registration_subjects=team, registration_officers=on_it)
    assert f["ev_same_postcode"].to_list() == [0.0, 1.0]
    assert f["explained"].to_list() == [1.0, 0.0]
    g = frame(rows, registration_subjects=team, registration_officers=[])
    assert g["explained"].to_list() == [params.unit_registration_level, params.unit_registration_level]


def test_the_household_of_a_person_he_comes_back_to_weighs_double() -> None:
    # U2 opens P8 and then the car at P8's address, and opens P8 again the next day: he follows
    # P8's life over days (PERSON_VEHICLE strength 2). P9 and his car, on one day only, stay 1.
    from .conftest import SUBJECTS

    extra = [
        {"subject_type": "person", "subject_id": "P8", "surname_key": "anders", "address_id": "A8",
         "postcode": "8888EE", "high_profile": False},
        {"subject_type": "vehicle", "subject_id": "YY-008-Y", "address_id": "A8", "postcode": "8888EE",
         "high_profile": False},
        {"subject_type": "person", "subject_id": "P9", "surname_key": "anders", "address_id": "A10",
         "postcode": "8888EF", "high_profile": False},
        {"subject_type": "vehicle", "subject_id": "YY-009-Y", "address_id": "A10", "postcode": "8888EF",
         "high_profile": False},
    ]
    rows = [
        lookup("E1", T, "U2", "person", "P8"),
        lookup("E2", "2026-03-02T10:04:00+01:00", "U2", "vehicle", "YY-008-Y"),
        lookup("E3", "2026-03-02T12:00:00+01:00", "U2", "person", "P9"),
        lookup("E4", "2026-03-02T12:04:00+01:00", "U2", "vehicle", "YY-009-Y"),
        lookup("E5", "2026-03-03T20:00:00+01:00", "U2", "person", "P8"),
    ]
    f = frame(rows, subjects=SUBJECTS + extra)
    assert f["ev_person_vehicle"].to_list() == [0.0, 2.0, 0.0, 1.0, 0.0]


def test_a_housemate_of_a_person_he_comes_back_to() -> None:
    # U2 opens P8 on two days and, right after him, P10 who lives at P8's address: who P8 lives
    # with (PERSON_HOUSEMATE on P10). P11 at P9's address, after P9 seen on one day only, is not;
    # nor is the control room's (U3) same pattern: a recurring call to one address is its work.
    from .conftest import SUBJECTS

    def person(pid: str, address: str) -> dict[str, Any]:
        return {"subject_type": "person", "subject_id": pid, "surname_key": "anders", "address_id": address,
                "postcode": "8888EE", "high_profile": False}

    extra = [person("P8", "A8"), person("P10", "A8"), person("P9", "A10"), person("P11", "A10")]
    rows = [
        lookup("E1", T, "U2", "person", "P8"),
        lookup("E2", "2026-03-02T10:03:00+01:00", "U2", "person", "P10"),
        lookup("E3", "2026-03-02T12:00:00+01:00", "U2", "person", "P9"),
        lookup("E4", "2026-03-02T12:03:00+01:00", "U2", "person", "P11"),
        lookup("E5", "2026-03-03T20:00:00+01:00", "U2", "person", "P8"),
        lookup("E6", T, "U3", "person", "P8"),
        lookup("E7", "2026-03-02T10:03:00+01:00", "U3", "person", "P10"),
        lookup("E8", "2026-03-03T20:00:00+01:00", "U3", "person", "P8"),
    ]
    f = frame(rows, subjects=SUBJECTS + extra)
    assert f["ev_person_housemate"].to_list() == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert rules.RULE_BY_CODE["PERSON_HOUSEMATE"].column == "ev_person_housemate"


def test_a_housemate_nothing_explains_after_a_person_he_comes_back_to_under_his_case() -> None:
    # U1 is on R1, which is about P6: opening P6 on two days is explained. Right after P6 on the
    # second day he opens P13, who lives with P6 and is in no registration: the case covers P6,
    # not who she lives with now (PERSON_HOUSEMATE on P13). P15, in R1 too but opened on one day
    # only, and her housemate P16 right after: no return, no PERSON_HOUSEMATE.
    from .conftest import REG_SUBJECTS, SUBJECTS

    def person(pid: str, address: str) -> dict[str, Any]:
        return {"subject_type": "person", "subject_id": pid, "surname_key": "anders", "address_id": address,
                "postcode": "8888DD", "high_profile": False}

    extra = [person("P13", "A6"), person("P15", "A15"), person("P16", "A15")]
    subjects_of_r1 = [*REG_SUBJECTS, {"registration_id": "R1", "subject_type": "person", "subject_id": "P15"}]
    rows = [
        lookup("E1", T, "U1", "person", "P6"),
        lookup("E2", "2026-03-03T20:00:00+01:00", "U1", "person", "P6"),
        lookup("E3", "2026-03-03T20:03:00+01:00", "U1", "person", "P13"),
        lookup("E4", "2026-03-02T11:00:00+01:00", "U1", "person", "P15"),
        lookup("E5", "2026-03-02T11:03:00+01:00", "U1", "person", "P16"),
    ]
    f = frame(rows, subjects=SUBJECTS + extra, registration_subjects=subjects_of_r1)
    assert f["explained"].to_list()[:2] == [1.0, 1.0]
    assert f["ev_person_housemate"].to_list() == [0.0, 0.0, 1.0, 0.0, 0.0]


def test_several_colleagues_on_one_day_weigh_double() -> None:
    # U2 opens two different colleagues by name (P20 = U1, P21 = U3) on one day: looking colleagues
    # up (COLLEAGUE strength 2). One colleague on another day stays 1; the control room (U3)
    # opening two colleagues in its calls stays 1.
    from .conftest import SUBJECTS

    def colleague(pid: str, user: str, postcode: str) -> dict[str, Any]:
        return {"subject_type": "person", "subject_id": pid, "surname_key": "anders", "address_id": f"A{pid}",
                "postcode": postcode, "high_profile": False, "employee_user_id": user}

    extra = [colleague("P20", "U1", "4444AA"), colleague("P21", "U3", "4444AB"), colleague("P22", "U2", "4444AC")]
    rows = [
        lookup("E1", T, "U2", "person", "P20"),
        lookup("E2", "2026-03-02T10:20:00+01:00", "U2", "person", "P21"),
        lookup("E3", "2026-03-03T10:00:00+01:00", "U2", "person", "P20"),
        lookup("E4", T, "U3", "person", "P20"),
        lookup("E5", "2026-03-02T10:20:00+01:00", "U3", "person", "P22"),
    ]
    f = frame(rows, subjects=SUBJECTS + extra)
    assert f["ev_colleague"].to_list() == [2.0, 2.0, 1.0, 1.0, 1.0]


def test_several_records_of_the_own_street_on_one_day_weigh_double() -> None:
    # U1 opens P3 and P12, both in his street 1234AB, on one day: reading up on the street
    # (SAME_POSTCODE strength 2). One neighbour on another day stays 1; the control room (U3, whose
    # street is 5555CC) opening two of its street's residents in its calls stays 1.
    from .conftest import SUBJECTS

    def person(pid: str, postcode: str) -> dict[str, Any]:
        return {"subject_type": "person", "subject_id": pid, "surname_key": "anders", "address_id": "A" + pid,
                "postcode": postcode, "high_profile": False}

    extra = [person("P12", "1234AB"), person("P13", "5555CC"), person("P14", "5555CC")]
    rows = [
        lookup("E1", T, "U1", "person", "P3"),
        lookup("E2", "2026-03-02T10:30:00+01:00", "U1", "person", "P12"),
        lookup("E3", "2026-03-03T10:30:00+01:00", "U1", "person", "P12"),
        lookup("E4", T, "U3", "person", "P13"),
        lookup("E5", "2026-03-02T10:30:00+01:00", "U3", "person", "P14"),
    ]
    f = frame(rows, subjects=SUBJECTS + extra)
    assert f["ev_same_postcode"].to_list() == [2.0, 2.0, 1.0, 1.0, 1.0]


def test_a_person_no_registration_names_opened_by_name() -> None:
    # U2 opens P2, whom no registration names, by name: UNKNOWN_PERSON. P7 is in R2 (no rule), a
    # name search without a record opened has no person (no rule), and the control room (U3)
    # opening P2 for a call is its broad mandate (no rule).
    rows = [
        lookup("E1", T, "U2", "person", "P2"),
        lookup("E2", "2026-03-02T10:05:00+01:00", "U2", "person", "P7"),
        lookup("E3", "2026-03-02T10:10:00+01:00", "U2", "person", None, text="jansma"),
        lookup("E4", "2026-03-02T10:15:00+01:00", "U3", "person", "P2"),
    ]
    assert col(rows, "ev_unknown_person") == [1.0, 0.0, 0.0, 0.0]
    assert rules.RULE_BY_CODE["UNKNOWN_PERSON"].column == "ev_unknown_person"


def test_a_person_of_a_closed_registration_opened_days_later_without_a_reason() -> None:
    # U1 worked incident R1 (about P6), closed on 3 March. Opening P6 while it runs, or a day after
    # it closed (the reports), is its work; a week later with no reason typed is CLOSED_RETURN and
    # the closed incident explains nothing of it. The same lookup with R1 typed as the reason is
    # follow-up under its number (no rule).
    from .conftest import REGISTRATIONS

    closed = [dict(REGISTRATIONS[0], closed=ts("2026-03-03T12:00:00+01:00")), REGISTRATIONS[1]]
    rows = [
        lookup("E1", T, "U1", "person", "P6"),
        lookup("E2", "2026-03-04T10:00:00+01:00", "U1", "person", "P6"),
        lookup("E3", "2026-03-10T10:00:00+01:00", "U1", "person", "P6"),
        lookup("E4", "2026-03-10T10:05:00+01:00", "U1", "person", "P6", purpose="R1"),
    ]
    f = frame(rows, registrations=closed)
    assert f["ev_closed_return"].to_list() == [0.0, 0.0, 1.0, 0.0]
    assert f["explained"].to_list() == [1.0, 1.0, 0.0, 1.0]
    assert rules.RULE_BY_CODE["CLOSED_RETURN"].column == "ev_closed_return"


def test_a_plate_and_its_keeper_near_home_by_a_role_without_traffic_work() -> None:
    # U3 works in the control room (no traffic work: 4 of his 104 lookups are plate and keeper) and checks a car
    # registered in his own postcode area, then its keeper: PLATE_AT_HOME on both. U1, a patrol
    # officer whose lookups are plate-and-keeper checks, does the same near his home: traffic work,
    # no rule. A car and keeper far from U3's home: no rule either.
    from .conftest import SUBJECTS

    def thing(stype: str, sid: str, addr: str, postcode: str) -> dict[str, Any]:
        return {"subject_type": stype, "subject_id": sid, "surname_key": "anders" if stype == "person" else None,
                "address_id": addr, "postcode": postcode, "high_profile": False}

    extra = [
        thing("vehicle", "YY-002-Y", "A8", "5555CD"), thing("person", "P8", "A8", "5555CD"),
        thing("vehicle", "ZZ-003-Z", "A10", "1234AD"), thing("person", "P10", "A10", "1234AD"),
    ]
    rows = [lookup(f"W{i}", f"2026-03-02T{8 + i // 10:02d}:{(i % 10) * 5:02d}:00+01:00", "U3", "person", "P6")
            for i in range(100)]
    rows += [
        lookup("E1", "2026-03-02T20:00:00+01:00", "U3", "vehicle", "YY-002-Y"),
        lookup("E2", "2026-03-02T20:03:00+01:00", "U3", "person", "P8"),
        lookup("E3", "2026-03-02T20:10:00+01:00", "U3", "vehicle", "XX-001-X"),
        lookup("E4", "2026-03-02T20:12:00+01:00", "U3", "person", "P6"),
        lookup("E5", "2026-03-02T20:00:00+01:00", "U1", "vehicle", "ZZ-003-Z"),
        lookup("E6", "2026-03-02T20:03:00+01:00", "U1", "person", "P10"),
    ]
    f = frame(rows, subjects=SUBJECTS + extra)
    hits = dict(zip(f["event_id"].to_list(), f["ev_plate_at_home"].to_list(), strict=True))
    assert [hits[e] for e in ("E1", "E2", "E3", "E4", "E5", "E6")] == [1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert f.filter(pl.col("event_id").is_in(["E5", "E6"]))["ev_plate_owner"].to_list() == [1.0, 1.0]
    assert sum(hits[f"W{i}"] for i in range(100)) == 0.0
    assert rules.RULE_BY_CODE["PLATE_AT_HOME"].column == "ev_plate_at_home"


def test_a_person_opened_just_after_a_name_search_without_a_reason() -> None:
    # U2 types a name into the person search and opens the person it finds a minute later, with no
    # registration or purpose behind it: NAME_SEARCH. The same person opened without a search before
    # it, or ten minutes after the search, is not; U1 searching and opening the person of his own
    # incident R1 is explained work, not NAME_SEARCH; the search row itself carries nothing.
    from .conftest import SUBJECTS

    extra = [{"subject_type": "person", "subject_id": "P8", "surname_key": "vreemd", "address_id": "A8",
              "postcode": "4444EE", "high_profile": False}]

    def search(event_id: str, when: str, user: str, text: str) -> dict[str, Any]:
        row = lookup(event_id, when, user, "person", None, text=text)
        row["action"] = "search"
        return row

    rows = [
        search("S1", "2026-03-02T10:00:00+01:00", "U2", "K. Vreemd"),
        lookup("E1", "2026-03-02T10:01:00+01:00", "U2", "person", "P8"),
        lookup("E2", "2026-03-02T10:30:00+01:00", "U2", "person", "P8"),
        search("S2", "2026-03-02T11:00:00+01:00", "U2", "K. Vreemd"),
        lookup("E3", "2026-03-02T11:10:00+01:00", "U2", "person", "P8"),
        search("S3", "2026-03-02T10:00:00+01:00", "U1", "Anders"),
        lookup("E4", "2026-03-02T10:01:00+01:00", "U1", "person", "P6"),
    ]
    f = frame(rows, subjects=SUBJECTS + extra)
    hits = dict(zip(f["event_id"].to_list(), f["ev_name_search"].to_list(), strict=True))
    assert hits == {"S1": 0.0, "E1": 1.0, "E2": 0.0, "S2": 0.0, "E3": 0.0, "S3": 0.0, "E4": 0.0}
    assert rules.RULE_BY_CODE["NAME_SEARCH"].column == "ev_name_search"


def test_fixation_counts_a_return_under_the_own_units_registration_not_under_his_own() -> None:
    # FIXATION counts the lookups that no registration of his own explains: a person of the own
    # unit's registration (explained 0.6) opened on day after day counts; one of his own registration
    # (1.0) or a purpose he typed does not.
    f = pl.DataFrame(
        {
            "row": [1, 2, 3, 4, 5],
            "user_id": ["U1"] * 5,
            "unit": ["BT1"] * 5,
            "subject_type": ["person"] * 4 + ["address"],
            "subject_id": ["P1", "P2", "P3", "P4", "A1"],
            "day": [1, 2, 3, 4, 5],
            "explained": [0.0, 0.6, 0.69, 1.0, 0.0],
        }
    )
    assert evidence.fixation_keys(f)["row"].to_list() == [1, 2, 3]
    assert evidence.fixation_keys(f, Params(fixation_explained_below=0.5))["row"].to_list() == [1]
