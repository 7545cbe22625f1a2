"""The numbers of each view against hand-computed expectations on small fixtures."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.case_steps import approve_plan
from vik.core.workdays import working_days_between
from vik.dashboard import selectors
from vik.dashboard.disclosure import cell_rows
from vik.dashboard.forms import Filters
from vik.investigations import services as inv
from vik.investigations.models import DelayReason, Outcome
from vik.signals.models import Channel, Signal
from vik.triage.models import Route


def rows_by_label(table):
    return {r["label"]: r for r in table.rows}


def test_inflow_counts_routes_and_time_to_triage(org, make_signal, triage_to, today):
    signals = [make_signal(received_ago=10) for _ in range(3)]
    signals.append(make_signal(received_ago=10, channel=Channel.COLLEAGUE, theme="gifts"))
    signals.append(make_signal(received_ago=10, region=org.region_b, actor=org.triage_b))
    make_signal(received_ago=500)  # outside the period
    triage_to(signals[0], Route.NO_ACTION)
    triage_to(signals[1], Route.DISCIPLINARY)
    triage_to(signals[2], Route.DISCIPLINARY)
    triage_to(signals[4], Route.NO_ACTION, actor=org.triage_b)
    result = selectors.inflow(Filters(today - dt.timedelta(days=60), today))
    assert result.extra["total"] == 5
    assert sum(r["n"] for r in result.table("per_month").rows) == 5
    assert rows_by_label(result.table("per_theme"))["Omgaan met informatie"]["n"] == 4
    assert rows_by_label(result.table("per_channel"))["Collega"]["n"] == 1
    assert rows_by_label(result.table("per_unit"))["Eenheid Noord"]["n"] == 4
    routes = rows_by_label(result.table("routes"))
    assert routes["Geen actie"]["n"] == 2 and routes["Disciplinair onderzoek"]["n"] == 2
    assert result.extra["share_investigation"] == pytest.approx(0.5)
    assert result.extra["share_line"] == 0
    expected = working_days_between(today - dt.timedelta(days=10), today)
    total = rows_by_label(result.table("time_to_triage"))["Totaal"]
    assert total["n"] == 4 and total["median"] == expected and total["p90"] == expected
    # Four signals: the count is published with its noise (never as 4: a 4 would be "<5"), and
    # the median is hidden exactly when the published count is below 5 (hiding it by the true
    # count would give that away).
    shown = {r["label"].text: r for r in cell_rows(result.table("time_to_triage"))}
    assert shown["Totaal"]["n"].text in ("<5", "5", "6")
    assert shown["Totaal"]["median"].hidden == (shown["Totaal"]["n"].text == "<5")


def test_inflow_filters_on_unit_theme_and_type(org, make_signal, disciplinary_case, today):
    make_signal(received_ago=5, theme="gifts")
    period = Filters(today - dt.timedelta(days=60), today)
    assert selectors.inflow(period).extra["total"] == 2
    assert selectors.inflow(Filters(period.start, period.end, theme_id=disciplinary_case.signal.theme_id)
                            ).extra["total"] == 1
    assert selectors.inflow(Filters(period.start, period.end, region_id=org.region_b.pk)).extra["total"] == 0
    assert selectors.inflow(Filters(period.start, period.end,
                                    case_type_id=disciplinary_case.case_type_id)).extra["total"] == 1


def test_throughput_net_of_pauses_and_overdue_steps(org, disciplinary_case, today):
    case = disciplinary_case
    reason = DelayReason.objects.get(code="illness")
    pause_start = case.opened_on + dt.timedelta(days=3)
    inv.pause_clock(org.investigator, case, reason, pause_start)
    inv.resume_clock(org.investigator, case, pause_start + dt.timedelta(days=7))
    result = selectors.throughput(Filters(today - dt.timedelta(days=60), today))
    row = result.table("open").rows[0]
    gross = working_days_between(case.opened_on, today)
    paused = working_days_between(pause_start, pause_start + dt.timedelta(days=7))
    assert row["n"] == 1 and row["median"] == gross - paused
    from vik.investigations.selectors import clock

    case.refresh_from_db()
    assert row["median"] == clock(case)["net"]
    pauses = rows_by_label(result.table("pauses"))
    assert pauses[reason.name]["n"] == 1 and pauses[reason.name]["median"] == paused
    overdue = rows_by_label(result.table("overdue"))["Disciplinair onderzoek – Opdracht bevoegd gezag"]
    # Opened 20 days ago in the first step with a norm of 5 working days: overdue.
    assert overdue == {**overdue, "n": 1, "overdue": 1}


def test_throughput_of_closed_cases_and_time_per_step(org, disciplinary_case, today):
    case = disciplinary_case
    opened = case.opened_on
    inv.commission(org.authority, case, opened + dt.timedelta(days=2))
    approve_plan(org, case, opened + dt.timedelta(days=6))
    from vik.investigations.models import Decision, StatusChange, StatusType, Step

    # Jump to the decision and closure directly: only the dates matter here.
    decision_step = StatusType.objects.get(case_type=case.case_type, step=Step.DECISION)
    closed_step = StatusType.objects.get(case_type=case.case_type, step=Step.CLOSED)
    StatusChange.objects.create(case=case, status=decision_step, on=opened + dt.timedelta(days=12), by=org.authority)
    StatusChange.objects.create(case=case, status=closed_step, on=opened + dt.timedelta(days=15), by=org.authority)
    Decision.objects.create(case=case, outcome=Outcome.NO_BREACH, reasoning="Geen plichtsverzuim gebleken.",
                            decided_on=opened + dt.timedelta(days=12), decided_by=org.authority)
    type(case).objects.filter(pk=case.pk).update(closed_on=opened + dt.timedelta(days=15), status=closed_step)
    result = selectors.throughput(Filters(today - dt.timedelta(days=60), today))
    row = result.table("throughput").rows[0]
    assert row["n"] == 1 and row["median"] == working_days_between(opened, opened + dt.timedelta(days=15))
    assert row["within"] == 1.0 and row["norm"] == 120
    steps = rows_by_label(result.table("steps"))
    first = steps["Disciplinair onderzoek – Opdracht bevoegd gezag"]
    # The case opened in "commissioned" and the commission itself is a no-op on the same step.
    assert first["median"] == working_days_between(opened, opened + dt.timedelta(days=6))
    plan = steps["Disciplinair onderzoek – Onderzoeksplan goedgekeurd"]
    assert plan["median"] == working_days_between(opened + dt.timedelta(days=6), opened + dt.timedelta(days=12))
    assert sum(r["time_share"] for r in steps.values()) == pytest.approx(1.0)


def test_quality_scores_and_drill_down(org, make_signal, triage_to, today):
    ok = [make_signal(received_ago=10, reporter=org.colleague) for _ in range(3)]
    make_signal(received_ago=10, channel=Channel.PROTECTIVE_MONITORING)  # no reporter, no source reference
    for s in ok:
        triage_to(s, Route.NO_ACTION)
    # Registered today, received 10 days ago: all four are registered late.
    period = Filters(today - dt.timedelta(days=60), today)
    result = selectors.quality(period)
    row = rows_by_label(result.table("units"))["Eenheid Noord"]
    assert row["n"] == 4
    assert row["completeness"] == pytest.approx(6 / 8)  # 3 of 4 reporters, 3 of 4 source references
    assert row["rationale"] == 1.0
    late = working_days_between(today - dt.timedelta(days=10), today) > selectors.REGISTRATION_NORM_WORKING_DAYS
    assert row["registration"] == (0.0 if late else 1.0)
    assert row["updates"] is None
    assert row["score"] == pytest.approx((6 / 8 + row["registration"] + 1.0) / 3)
    gaps = {g["key"]: g for g in selectors.quality_gaps(period, org.region_a.pk)}
    assert gaps["reporter"]["signals"].count() == 1 and gaps["source"]["signals"].count() == 1
    assert gaps["registration"]["signals"].count() == (4 if late else 0)


def test_equality_flags_a_constructed_unequal_case(org, decided_case, employees, period):
    managers, staff = employees(6, is_manager=True), employees(6)
    for person in managers:
        decided_case(person, outcome=Outcome.CORRECTIVE, circumstances="Zware privéomstandigheden.")
    for person in staff:
        decided_case(person, outcome=Outcome.BREACH_MEASURE, measure="reprimand")
    result = selectors.equality(period)
    ranks = rows_by_label(result.table("outcomes_manager"))
    assert ranks["Leidinggevenden"]["punished"] == 0 and ranks["Medewerkers"]["punished"] == 1.0
    assert ranks["Leidinggevenden"]["pc"] == 1.0 and ranks["Medewerkers"]["pc"] == 0
    test = result.extra["tests"]["manager"]["result"]
    assert test.verdict == "real" and test.cases == 12 and test.strata_used == 1
    # Fisher's exact test on [[0, 6], [6, 0]]: p = 2 / C(12, 6)
    assert test.p_value == pytest.approx(2 / 924)
    assert result.extra["pc_share"] == pytest.approx(0.5)
    # All decisions are in one unit: no comparison between units is possible.
    assert result.extra["tests"]["reg"]["result"].verdict == "insufficient"


def test_equality_sees_no_difference_in_an_equal_case(org, decided_case, employees, period):
    for manager in (True, False):
        people = employees(6, is_manager=manager)
        for i, person in enumerate(people):
            if i % 2:
                decided_case(person, outcome=Outcome.BREACH_MEASURE, measure="reprimand")
            else:
                decided_case(person, outcome=Outcome.NO_BREACH)
    result = selectors.equality(period)
    test = result.extra["tests"]["manager"]["result"]
    assert test.verdict == "none" and test.p_value == pytest.approx(1.0)


def test_equality_compares_only_within_theme_and_severity(org, decided_case, employees, period):
    # Managers got no punishment for minor cases, staff a punishment for severe ones: different
    # strata, so there is nothing comparable and no verdict of unequal treatment.
    for person in employees(6, is_manager=True):
        decided_case(person, outcome=Outcome.NO_BREACH, severity=0)
    for person in employees(6):
        decided_case(person, outcome=Outcome.BREACH_MEASURE, measure="fine", severity=3)
    result = selectors.equality(period)
    assert result.extra["tests"]["manager"]["result"].verdict == "insufficient"
    assert len(result.table("comparable").rows) == 2


def test_care_figures(org, disciplinary_case, today):
    from tests.conftest import a_tuesday_morning
    from vik.care.services import refer

    case = disciplinary_case
    refer(org.investigator, case, desk="bmw", referred_on=today - dt.timedelta(days=2))
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    # the team is referred after the aanzegging (before it, it may not know of the case)
    refer(org.investigator, case, desk="bmw", referred_on=today - dt.timedelta(days=1), for_team=True)
    # Invited at the aanzegging, heard that afternoon (on a working day, in office hours).
    inv.plan_hearing(org.investigator, case, kind="hearing", invited_on=told.date(),
                     scheduled_at=told + dt.timedelta(hours=4), preparation_waived=True)
    result = selectors.care(Filters(today - dt.timedelta(days=60), today))
    row = rows_by_label(result.table("care"))["Eenheid Noord"]
    assert row["n"] == 1 and row["care"] == 1.0 and row["referred"] == 1.0
    assert row["hearings"] == 1 and row["prep"] == 1.0  # waived by the betrokkene
    assert row["aanz"] == 1 and row["offered"] == 1.0 and row["friday"] == 0 and row["badly_timed"] == 0
    assert row["updates_n"] == 1 and row["updates"] == 1.0
    desks = rows_by_label(result.table("desks"))
    assert desks["Bedrijfsmaatschappelijk werk (BMW)"] == {**desks["Bedrijfsmaatschappelijk werk (BMW)"],
                                                           "n": 2, "team": 1}


def test_care_counts_badly_timed_aanzeggingen(org, disciplinary_case, today):
    from vik.investigations.models import Aanzegging

    Aanzegging.objects.create(case=disciplinary_case, held_at=timezone.now() - dt.timedelta(days=2),
                              by=org.investigator, warnings=["friday_afternoon"])
    row = selectors.care(Filters(today - dt.timedelta(days=60), today)).table("care").rows[0]
    assert row["friday"] == 1 and row["holiday"] == 0 and row["badly_timed"] == 1.0


def test_recurrence_after_route_and_measure(org, make_signal, triage_to, decided_case, employees, today):
    from vik.dashboard.services import refresh_recurrence

    person, other = employees(2)
    first = make_signal(subjects=[person], received_ago=900)
    triage_to(first, Route.NO_ACTION)
    Signal.objects.filter(pk=first.pk).update(received_on=today - dt.timedelta(days=900))
    from vik.triage.models import TriageDecision

    TriageDecision.objects.filter(signal=first).update(decided_at=timezone.now() - dt.timedelta(days=890))
    make_signal(subjects=[person], received_ago=600)  # 290 days after the triage: recurrence within 1 year
    quiet = make_signal(subjects=[other], received_ago=800)
    triage_to(quiet, Route.NO_ACTION)
    TriageDecision.objects.filter(signal=quiet).update(decided_at=timezone.now() - dt.timedelta(days=790))
    refresh_recurrence(today)
    result = selectors.effect(Filters(today - dt.timedelta(days=1000), today))
    row = rows_by_label(result.table("recurrence_route"))["Geen actie"]
    assert row["events"] == 2 and row["f1"] == 2 and row["f2"] == 2
    assert row["r1"] == pytest.approx(0.5) and row["r2"] == pytest.approx(0.5)
    assert result.notes and "geen effecten" in result.notes[0]


def test_rows_shown_as_below_five_are_not_ranked_by_what_they_hide(org, make_signal, today):
    """Rows are ordered by their published count; an order among cells all shown as "<5" (here a
    true 2 and a true 1) would tell which is larger, so those follow the alphabet."""
    for _ in range(12):
        make_signal(received_ago=3, theme="information")
    for _ in range(2):
        make_signal(received_ago=3, theme="side_jobs")  # Nevenwerkzaamheden
    make_signal(received_ago=3, theme="gifts")  # Aannemen van geschenken
    table = selectors.inflow(Filters(today - dt.timedelta(days=10), today)).table("per_theme")
    labels = [r["label"] for r in table.rows]
    assert labels[0] == "Omgaan met informatie"
    assert labels[1:] == sorted(labels[1:])
