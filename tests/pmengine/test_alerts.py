"""Alert score: diminishing returns over lookups, a plate and its keeper counted as one encounter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from pmengine.alerts import build_alerts
from pmengine.params import Params
from pmengine.rules import RULES

pytestmark = pytest.mark.engine

T0 = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)


def scored(rows: list[tuple[str, str, str | None, float, bool]]) -> pl.DataFrame:
    """(subject_type, subject_id, address, score, plate_owner) per lookup of one employee, a minute apart."""
    n = len(rows)
    columns: dict[str, object] = {
        "row": list(range(n)),
        "event_id": [f"E{i}" for i in range(n)],
        "ts": [T0 + timedelta(minutes=i) for i in range(n)],
        "user_id": ["U1"] * n,
        "subject_type": [r[0] for r in rows],
        "subject_id": [r[1] for r in rows],
        "s_address_id": [r[2] for r in rows],
        "lookup_score": [r[3] for r in rows],
        "explained": [0.0] * n,
        "ev_plate_owner": [1.0 if r[4] else 0.0 for r in rows],
        "flagged": [True] * n,
    }
    for rule in RULES:
        columns[f"c_{rule.code}"] = [r[3] if rule.code == "SAME_POSTCODE" else 0.0 for r in rows]
    return pl.DataFrame(columns)


def test_plate_and_keeper_are_one_encounter() -> None:
    pair = scored([("vehicle", "XX-001-X", "A1", 6.0, True), ("person", "P1", "A1", 6.0, True)])
    [alert] = build_alerts(pair, Params())
    assert alert.score == pytest.approx(6.0)
    assert len(alert.event_ids) == 2  # both lookups are still shown to the reviewer


def test_distinct_lookups_add_with_diminishing_returns() -> None:
    two = scored([("person", "P1", "A1", 6.0, False), ("person", "P2", "A2", 6.0, False)])
    [alert] = build_alerts(two, Params())
    floor = Params().alert_term_floor
    assert alert.score == pytest.approx(6.0 + (6.0 - floor) / 2)
    # two cars of two households in the own street, each with its keeper: two encounters
    cars = scored(
        [
            ("vehicle", "XX-001-X", "A1", 6.0, True),
            ("person", "P1", "A1", 6.0, True),
            ("vehicle", "XX-002-X", "A2", 4.0, True),
            ("person", "P2", "A2", 4.0, True),
        ]
    )
    [alert] = build_alerts(cars, Params())
    assert alert.score == pytest.approx(6.0 + (4.0 - floor) / 2)


def test_a_record_reopened_within_minutes_is_the_same_look() -> None:
    # P1 opened at 21:00, again at 21:01 (list then detail): one look; P2 once: 6 + (4 - floor)/2
    again = scored(
        [("person", "P1", "A1", 6.0, False), ("person", "P1", "A1", 6.0, False), ("person", "P2", "A2", 4.0, False)]
    )
    [alert] = build_alerts(again, Params())
    floor = Params().alert_term_floor
    assert alert.score == pytest.approx(6.0 + (4.0 - floor) / 2)
    assert len(alert.event_ids) == 3
    # returned to after a pause (over same_look_minutes): looked at again, counts again
    later = again.with_columns(
        pl.when(pl.col("row") == 1).then(pl.lit(T0 + timedelta(minutes=40))).otherwise(pl.col("ts")).alias("ts")
    )
    [alert] = build_alerts(later, Params())
    assert alert.score == pytest.approx(6.0 + (6.0 - floor) / 2 + (4.0 - floor) / 3)


def test_lookups_that_just_clear_the_bar_do_not_outweigh_one_serious_look() -> None:
    # Six callers' households in the operator's own street, each lookup just over the flagging bar
    # (3.3), against one colleague looked up by name (8.0). Beyond the strongest look each further
    # one adds only its score above the floor: the single serious look ranks first.
    volume = scored([("person", f"P{i}", f"A{i}", 3.3, False) for i in range(6)])
    [many] = build_alerts(volume, Params())
    [one] = build_alerts(scored([("person", "C1", "A9", 8.0, False)]), Params())
    assert one.score > many.score
    floor = Params().alert_term_floor
    assert many.score == pytest.approx(3.3 + sum((3.3 - floor) / k for k in range(2, 7)))
    # a further look below the floor adds nothing, and never takes anything away
    weak = scored([("person", "P1", "A1", 6.0, False), ("person", "P2", "A2", 1.0, False)])
    [alert] = build_alerts(weak, Params())
    assert alert.score == pytest.approx(6.0)


def test_the_explanation_counts_each_kind_of_record() -> None:
    """Tester t58: "6 opvragingen van personen" where 3 of the 6 were addresses and a car."""
    from collections import Counter
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from pmengine.alerts import explanation_text

    at = datetime(2026, 3, 3, 9, tzinfo=UTC)
    mixed = explanation_text(6, {}, [], Counter({"person": 3, "address": 2, "vehicle": 1}), True, at, at,
                             ZoneInfo("Europe/Amsterdam"))
    assert mixed.startswith("6 opvragingen: 3 personen, 2 adressen, 1 voertuig; zonder lopende registratie")
    alone = explanation_text(2, {}, [], Counter({"person": 2}), True, at, at, ZoneInfo("Europe/Amsterdam"))
    assert alone.startswith("2 opvragingen van personen")


def test_the_explanation_counts_records_not_lookups_and_separates_a_partial_rule() -> None:
    """Testers t59/t60: "2 adressen" for one address opened twice, a search counted as a person,
    "4 opvragingen van personen 3× …" read as one run of numbers, "1 opvraging van persoon van
    collega's", "buiten dienst, buiten dienst met een persoonlijke band", "10:58–10:58"."""
    from collections import Counter
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from pmengine.alerts import explanation_text

    at = datetime(2026, 3, 3, 9, 58, tzinfo=UTC)
    tz = ZoneInfo("Europe/Amsterdam")
    mixed = explanation_text(6, {}, [], Counter({"vehicle": 1, "address": 2, "person": 3}), True, at, at, tz,
                             records=Counter({"person": 3, "address": 1, "vehicle": 1}))
    assert mixed.startswith("6 opvragingen: 3 personen, 1 adres (2×), 1 voertuig; ")
    searched = explanation_text(4, {}, [], Counter({"person": 2, "search": 2}), True, at, at, tz,
                                records=Counter({"person": 1}))
    assert searched.startswith("4 opvragingen: 1 persoon (2×), 2 zoekvragen; ")
    fixation = explanation_text(4, {}, [], Counter({"person": 4}), True, at, at, tz, records=Counter({"person": 1}))
    assert fixation.startswith("4 opvragingen van 1 persoon, ")
    partial = explanation_text(4, {"COLLEAGUE": 3}, ["COLLEAGUE"], Counter({"person": 4}), True, at, at, tz)
    assert partial.startswith("4 opvragingen van personen, waarvan 3 van collega's; ")
    one = explanation_text(1, {"COLLEAGUE": 1}, ["COLLEAGUE"], Counter({"person": 1}), True, at, at, tz)
    assert one.startswith("1 opvraging van een persoon die een collega is; zonder lopende registratie waaraan")
    assert one.endswith("(di 03-03-2026 10:58).")
    off = explanation_text(4, {"OFF_DUTY": 4, "OFF_DUTY_RELATION": 3}, ["OFF_DUTY_RELATION", "OFF_DUTY"],
                           Counter({"person": 4}), False, at, at, tz, unexplained=3, partly_explained=1)
    assert "buiten dienst (waarvan 3 met een persoonlijke band), 3× zonder lopende registratie waaraan de medewerker " \
           "werkt, 1× slechts deels verklaard" in off
    assert off.count("buiten dienst") == 1
    # Tester t62: "van een persoon zonder opgegeven doel van een persoon of adres uit een eigen registratie
    # ...; zonder registratie waaraan de medewerker werkt" (the kind twice, "eigen" beside "zonder").
    closed = explanation_text(1, {"CLOSED_RETURN": 1}, ["CLOSED_RETURN"], Counter({"person": 1}), True, at, at, tz)
    assert closed.startswith("1 opvraging van een persoon uit een eigen registratie die al dagen was afgesloten, "
                             "zonder opgegeven doel; zonder lopende registratie waaraan de medewerker werkt")
    housemate = explanation_text(1, {"PERSON_HOUSEMATE": 1}, ["PERSON_HOUSEMATE"], Counter({"person": 1}), True,
                                 at, at, tz)
    fixed = explanation_text(4, {"FIXATION": 4, "UNKNOWN_PERSON": 4, "COLLEAGUE": 4},
                             ["FIXATION", "UNKNOWN_PERSON", "COLLEAGUE"], Counter({"person": 4}), True, at, at, tz,
                             records=Counter({"person": 1}))
    assert fixed.startswith("4 opvragingen van 1 persoon op meerdere dagen (steeds hetzelfde record); ook van een "
                            "persoon die in geen enkele registratie voorkomt; ook van collega's; ")
    assert housemate.startswith("1 opvraging van een huisgenoot van een persoon die")
    both = explanation_text(2, {"SAME_POSTCODE": 1, "NEAR_HOME": 1}, ["SAME_POSTCODE", "NEAR_HOME"],
                            Counter({"person": 2}), True, at, at, tz)
    assert both.startswith("2 opvragingen van personen, waarvan 1 in de eigen straat (zelfde postcode), 1 in de eigen "
                           "woonwijk (zelfde postcodegebied); zonder lopende registratie")


def test_alerts_explain_with_distinct_records(small_world) -> None:  # type: ignore[no-untyped-def]
    """End to end: where an alert says "N opvragingen van M …", M is its number of distinct records."""
    import re

    from pmengine import detect_dir

    alerts = detect_dir(small_world).alerts
    said = 0
    for alert in alerts:
        m = re.match(r"(\d+) opvraging(?:en)? van (\d+) ", alert.explanation)
        assert not re.search(r"\d+× van collega's| (\d\d:\d\d)–\1\)", alert.explanation)
        if m:
            said += 1
            assert int(m.group(2)) < int(m.group(1)) == len(alert.event_ids)
    assert said > 0
