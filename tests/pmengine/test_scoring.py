"""Rule weights learned from base rates: rare evidence weighs, common evidence does not."""

from __future__ import annotations

import math

import polars as pl
import pytest

from pmengine import rules, scoring
from pmengine.params import Params

pytestmark = pytest.mark.engine

N = 20_000


def _frame(partner: str, partner_rows: int, combined_rows: int) -> pl.DataFrame:
    """``N`` lookups of one peer group; ``partner`` fires on the first ``partner_rows``, and on the
    first ``combined_rows`` of those the lookup is also outside the unit's area (AREA_RELATION)."""
    row = pl.int_range(0, N, eager=True)
    columns = {r.column: pl.Series([0.0] * N) for r in rules.RULES}
    columns[partner] = (row < partner_rows).cast(pl.Float64)
    columns["ev_out_of_area"] = (row < combined_rows).cast(pl.Float64)
    columns["ev_area_relation"] = (row < combined_rows).cast(pl.Float64)
    return pl.DataFrame({"row": row, "peer": ["agent|BT1"] * N, "subject_type": ["person"] * N, **columns})


def _weight(frame: pl.DataFrame, code: str) -> float:
    weights = scoring._weights(frame, Params())
    return float(weights.filter(pl.col("peer") == "agent|BT1|direct")[f"w_{code}"].item())


def test_combination_weighs_what_it_adds_to_its_partner() -> None:
    # Public figures live all over the region: most lookups of them are outside the unit's area,
    # so "outside the area" adds nothing to HIGH_PROFILE, although the combination is rare overall.
    figures = _frame("ev_high_profile", partner_rows=100, combined_rows=70)
    assert _weight(figures, "HIGH_PROFILE") > 3.0
    assert _weight(figures, "AREA_RELATION") == 0.0
    # Own-street lookups are nearly always inside the unit's area: one from elsewhere stands out.
    street = _frame("ev_same_postcode", partner_rows=2_000, combined_rows=10)
    assert _weight(street, "AREA_RELATION") > 2.5
    assert _weight(street, "SAME_POSTCODE") < _weight(street, "AREA_RELATION")


def test_common_evidence_weighs_nothing_rare_evidence_weighs_much() -> None:
    common = _frame("ev_near_home", partner_rows=N // 2, combined_rows=0)
    rare = _frame("ev_near_home", partner_rows=20, combined_rows=0)
    assert _weight(common, "NEAR_HOME") == 0.0
    assert _weight(rare, "NEAR_HOME") > 4.0


def test_base_rates_are_learned_per_context() -> None:
    # Police households own cars like everyone else: a colleague turns up as the keeper of a stopped
    # car far more often (3 % of plate lookups) than in a name searched directly (0.1 %). The same
    # evidence weighs more where it is rare.
    half = N // 2
    row = pl.int_range(0, N, eager=True)
    columns = {r.column: pl.Series([0.0] * N) for r in rules.RULES}
    plate = row < half
    columns["ev_plate_owner"] = plate.cast(pl.Float64)
    columns["ev_colleague"] = ((plate & (row < half * 3 // 100)) | (~plate & (row < half + half // 1000))).cast(
        pl.Float64
    )
    frame = pl.DataFrame(
        {
            "row": row,
            "peer": ["agent|BT1"] * N,
            "subject_type": ["vehicle" if p else "person" for p in plate],
            **columns,
        }
    )
    weights = scoring._weights(frame, Params())

    def w(key: str) -> float:
        return float(weights.filter(pl.col("peer") == key)["w_COLLEAGUE"].item())

    assert w("agent|BT1|direct") > w("agent|BT1|kenteken") + 2.0
    assert w("*|direct") > w("*|kenteken")


def test_a_context_unseen_when_fitting_weighs_nothing_instead_of_breaking() -> None:
    # A long window is fitted on a sample of days; a chunk may hold a context the sample lacked.
    persons = _frame("ev_colleague", partner_rows=20, combined_rows=0)
    empty = pl.DataFrame()
    model = scoring.Model(empty, empty, empty, scoring._weights(persons, Params()))
    car = persons.head(1).with_columns(
        pl.lit("vehicle").alias("subject_type"), pl.lit(0.0).alias("explained"), pl.lit(1.0).alias("ev_colleague")
    )
    scored = scoring.weigh(car, model, Params())
    assert scored["c_COLLEAGUE"].to_list() == [0.0]
    assert scored["lookup_score"].to_list() == [0.0] and scored["flagged"].to_list() == [False]


def _group(peer: str, n: int, fired: int, explained: float = 0.0) -> pl.DataFrame:
    row = pl.int_range(0, n, eager=True)
    columns = {r.column: pl.Series([0.0] * n) for r in rules.RULES}
    columns["ev_colleague"] = (row < fired).cast(pl.Float64)
    return pl.DataFrame(
        {"row": row, "peer": [peer] * n, "subject_type": ["person"] * n, "explained": [explained] * n, **columns}
    )


def test_control_room_rates_do_not_leak_into_a_street_teams_weights() -> None:
    # The control room opens police households every day (callers, addresses); an agent who looks a
    # colleague up by name is compared with other agents, not with the control room.
    teams = [_group(f"agent|BT{i}", 5000, 1 if i == 1 else 0).with_columns(pl.col("row") + 5000 * i) for i in range(10)]
    agents = pl.concat(teams)
    alone = _weight(agents, "COLLEAGUE")
    control_room = _group("meldkamer|MK", 20_000, 2000).with_columns(pl.col("row") + 100_000)
    with_control_room = _weight(pl.concat([agents, control_room]), "COLLEAGUE")
    # Smoothed straight towards the force-wide rate (the control room's 10 % dominating it), the
    # agent's one firing in 5,000 would weigh ln(0.3 / ((1 + 500 g) / 5,500)) with g the force rate.
    params = Params()
    g = (1 + 2000 + 1.0) / (70_000 + 2.0)
    flat = math.log(params.misuse_rate / ((1 + params.prior_strength * g) / (5000 + params.prior_strength)))
    assert alone > with_control_room > flat + 2.0


def test_explained_lookups_do_not_raise_a_rules_base_rate() -> None:
    # A colleague met as the victim in the own team's incident is explained: no chance meeting.
    plain = _weight(_group("agent|BT1", 5000, 1), "COLLEAGUE")
    explained = _group("agent|BT1", 2000, 2000, explained=1.0).with_columns(pl.col("row") + 5000)
    assert _weight(pl.concat([_group("agent|BT1", 5000, 1), explained]), "COLLEAGUE") == pytest.approx(plain, abs=0.1)


def _hours(user: str, day: int, hours: range, per_hour: int, start_id: int) -> list[dict[str, object]]:
    from datetime import UTC, datetime, timedelta

    rows = []
    for h in hours:
        for k in range(per_hour):
            rows.append(
                {
                    "user_id": user,
                    "peer": "agent|BT1",
                    "ts": datetime(2026, 3, 2, 8, tzinfo=UTC) + timedelta(days=day, hours=h, minutes=k % 60),
                    "subject_type": "person",
                    "subject_id": f"P{start_id + 1000 * h + k}",
                    "explained": 0.0,
                }
            )
    return rows


def test_a_burst_is_not_its_own_yardstick() -> None:
    # An agent with few active hours pages through forty unrelated people an hour for three hours:
    # those hours are his own 90th percentile, and a threshold learned from them would hide the
    # burst. His typical busy hour is learned from his other days.
    from pmengine import evidence

    quiet = [r for d in range(6) for r in _hours("u1", d, range(2), 3, 10_000 * d)]
    burst = _hours("u1", 7, range(3), 40, 900_000)
    # a colleague whose ordinary days are busy keeps his own, higher bar (his other days show it)
    busy = [r for d in range(8) for r in _hours("u2", d, range(3), 30, 10_000 * d)]
    team = [r for c in range(60) for d in range(6) for r in _hours(f"c{c}", d, range(2), 3, 10_000 * d)]
    frame = pl.DataFrame(quiet + burst + busy + team).with_row_index("row")
    thresholds = scoring._bulk_thresholds(frame, Params())
    bar = dict(zip(thresholds["user_id"], thresholds["bulk_threshold"], strict=True))
    assert bar["u1"] < 40 < bar["u2"]
    scored = evidence.bulk(frame, thresholds, Params())
    fired = scored.filter(pl.col("ev_bulk") > 0)
    assert set(fired["user_id"]) == {"u1"}
    assert fired.height == len(burst)


def test_bare_records_are_counted_apart_from_the_teams_cases() -> None:
    # Detectives whose ordinary hour is forty records of the district's cases (explained 0.4) and
    # a couple that nothing explains. One of them pages through twelve people no registration
    # touches, in an hour: under his ordinary bar of the wide count, above the bar of bare records.
    from pmengine import evidence

    def team(user: str, day: int, start: int, explained: float, per_hour: int) -> list[dict[str, object]]:
        rows = _hours(user, day, range(3), per_hour, start)
        return [dict(r, peer="rechercheur|DR1", explained=explained) for r in rows]

    ordinary = [
        r
        for u in range(8)
        for d in range(6)
        for r in team(f"d{u}", d, 100_000 * u + 10_000 * d, 0.4, 40) + team(f"d{u}", d, 5_000_000 + 100 * d, 0.0, 2)
    ]
    paging = [dict(r, peer="rechercheur|DR1") for r in _hours("d0", 7, range(1), 12, 9_000_000)]
    # twelve cars checked in an hour (a traffic control) are no paging through people
    cars = [dict(r, peer="rechercheur|DR1", subject_type="vehicle") for r in _hours("d1", 7, range(1), 12, 9_500_000)]
    frame = pl.DataFrame(ordinary + paging + cars).with_row_index("row")
    thresholds = scoring._bulk_thresholds(frame, Params())
    bars = thresholds.filter(pl.col("user_id") == "d0").row(0, named=True)
    assert bars["bulk_threshold"] > 40 and bars["bulk_bare_threshold"] < 12
    scored = evidence.bulk(frame, thresholds, Params())
    fired = scored.filter(pl.col("ev_bulk") > 0)
    assert set(fired["user_id"]) == {"d0"}
    assert set(fired["subject_id"]) == {r["subject_id"] for r in paging}
