"""Explanation first: own registrations, typed purposes (and fig leaves), unit and role."""

from __future__ import annotations

import polars as pl
import pytest

from pmengine import explain
from pmengine.params import Params
from pmengine.prepare import prepare

from .conftest import lookup, tiny_dataset

pytestmark = pytest.mark.engine


def explained(lookups: list[dict[str, object]]) -> pl.DataFrame:
    ds = tiny_dataset(lookups)  # type: ignore[arg-type]
    params = Params()
    return explain.explain(prepare(ds, params), ds, params).sort("row")


def test_own_registration_explains_within_margins() -> None:
    f = explained(
        [
            lookup("E1", "2026-03-02T10:00:00+01:00", "U1", "person", "P6"),  # on R1, after assignment
            lookup("E2", "2026-03-01T12:00:00+01:00", "U1", "person", "P6"),  # before the registration opened
            lookup("E3", "2026-03-02T10:00:00+01:00", "U1", "registration", "R1"),
        ]
    )
    assert f["expl_own"].to_list() == [True, False, True]
    assert f["explained"].to_list()[0] == 1.0 and f["explained_by"][0] == "eigen registratie"


def test_purpose_counts_only_when_registration_involves_subject() -> None:
    f = explained(
        [
            lookup("E1", "2026-03-02T10:00:00+01:00", "U2", "person", "P6", purpose="R1"),  # real and involved
            # fig leaf: more than case_work_minutes after the last lookup that R1 explained
            lookup("E2", "2026-03-02T16:05:00+01:00", "U2", "person", "P3", purpose="R1"),
            lookup("E3", "2026-03-02T10:10:00+01:00", "U2", "person", "P3", purpose="controle"),  # free text
        ]
    )
    assert f["expl_purpose"].to_list() == [True, False, False]
    assert f["purpose_mismatch"].to_list() == [False, True, False]
    assert f["explained"][1] == 0.0


def test_purpose_while_working_the_case_is_no_fig_leaf() -> None:
    """A record not listed on the case, opened with its number between the case's own records
    (a witness, a bystander), is work on the case: partly explained, not PURPOSE_MISMATCH."""
    f = explained(
        [
            lookup("E1", "2026-03-02T10:00:00+01:00", "U2", "person", "P6", purpose="R1"),  # real and involved
            lookup("E2", "2026-03-02T10:05:00+01:00", "U2", "person", "P3", purpose="R1"),  # a witness
            lookup("E3", "2026-03-02T10:05:00+01:00", "U3", "person", "P3", purpose="R1"),  # another user: fig leaf
        ]
    )
    assert f["purpose_mismatch"].to_list() == [False, False, True]
    assert f["expl_case_work"].to_list() == [False, True, False]
    assert 0.0 < f["explained"][1] < 1.0
    assert f["explained_by"][1] == "doel: zaak waaraan gewerkt wordt"


def test_restricted_purpose_does_not_explain_outsiders() -> None:
    f = explained([lookup("E1", "2026-03-02T10:00:00+01:00", "U2", "person", "P7", purpose="R2")])
    assert not f["expl_purpose"][0] and not f["expl_unit"][0]


def test_unit_registration_and_role_are_partial() -> None:
    f = explained(
        [
            lookup("E1", "2026-03-02T10:00:00+01:00", "U2", "person", "P6"),  # colleague's case, same unit
            lookup("E2", "2026-03-02T10:00:00+01:00", "U3", "person", "P2"),  # meldkamer: broad mandate
        ]
    )
    assert f["expl_unit"].to_list() == [True, False]
    assert 0.0 < f["explained"][0] < 1.0 and 0.0 < f["explained"][1] < 1.0


def test_shares() -> None:
    f = explained(
        [
            lookup("E1", "2026-03-02T10:00:00+01:00", "U1", "person", "P6"),
            lookup("E2", "2026-03-02T10:00:00+01:00", "U2", "person", "P2"),
            lookup("E3", "2026-03-02T10:00:00+01:00", "U2", "free_text", None, text="jansma"),
        ]
    )
    shares = explain.explained_shares(f)
    assert shares["lookups"] == 2 and shares["explained"] == 0.5 and shares["unexplained"] == 0.5


def test_registration_elsewhere_in_the_region_is_a_weak_partial_explanation() -> None:
    from .conftest import EMPLOYEES

    def agent(user: str, unit: str, district: str, region: str) -> dict[str, object]:
        return {**EMPLOYEES[1], "user_id": user, "unit": unit, "district": district, "region": region}

    employees = EMPLOYEES + [agent("U4", "BT9", "D9", "E1"), agent("U5", "BT7", "D7", "E2")]
    rows = [
        lookup("E1", "2026-03-02T10:00:00+01:00", "U4", "person", "P6"),  # R1 of BT1: same region, other district
        lookup("E2", "2026-03-02T10:00:00+01:00", "U5", "person", "P6"),  # another region
        lookup("E3", "2026-03-02T10:00:00+01:00", "U4", "person", "P7"),  # restricted R2: never an explanation
    ]
    ds = tiny_dataset(rows, employees=employees)
    params = Params()
    f = explain.explain(prepare(ds, params), ds, params).sort("row")
    assert f["expl_region"].to_list() == [True, False, False]
    assert f["explained"].to_list() == [params.region_registration_level, 0.0, 0.0]
    assert f["explained_by"][0] == "registratie eigen regio"
    assert params.region_registration_level < params.district_registration_level
