"""Issue 12: dates in order, pauses counted once, terms in working days. Examples first, then
properties (Hypothesis) over the same rules."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.case_steps import add_report, approve_plan, reopen, report, told, voornemen_waived
from tests.conftest import a_tuesday_morning
from vik.core.errors import DomainError
from vik.core.workdays import add_working_days, is_working_day
from vik.investigations import services as inv
from vik.investigations.models import Case, DelayReason, Hearing, Outcome, Step


def _plan_approved(org, case, on=None):
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, on or case.opened_on + dt.timedelta(days=1))


def _report_and_zienswijze(org, case, on=None):
    """The steps every decision follows (the report; with a measure the zienswijze)."""
    on = on or timezone.localdate() - dt.timedelta(days=13)
    report(org, case, on)
    voornemen_waived(org, case, on)
    case.refresh_from_db()
    return case


_reopen = reopen


def test_step_cannot_be_dated_before_the_previous_step(org, disciplinary_case):
    """The issue's case: the aanzegging dated 04-12 after a step dated 30-11 (here: a hearings
    step dated before the aanzegging) was accepted."""
    case = _reopen(disciplinary_case, 6)
    _plan_approved(org, case)
    held = a_tuesday_morning(weeks_ago=1)
    inv.record_aanzegging(org.investigator, case, held, care_offered=True)
    before = timezone.localtime(held).date() - dt.timedelta(days=4)
    with pytest.raises(ValidationError) as exc:
        inv.advance(org.investigator, case, Step.HEARINGS, before)
    assert "vóór de vorige stap" in exc.value.message_dict["on"][0]
    case.refresh_from_db()
    assert case.status.step == Step.AANZEGGING


def test_aanzegging_cannot_lie_before_the_plan_approval(org, disciplinary_case):
    case = _reopen(disciplinary_case, 6)
    _plan_approved(org, case, on=timezone.localdate() - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as exc:
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=2),
                              care_offered=True)
    assert "vóór de vorige stap" in exc.value.message_dict["held_at"][0]


def test_step_cannot_be_dated_in_the_future(org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    with pytest.raises(ValidationError) as exc:
        approve_plan(org, case, timezone.localdate() + dt.timedelta(days=3))
    assert "toekomst" in exc.value.message_dict["on"][0]


def test_reprimand_needs_a_held_hearing_not_a_planned_one(org, disciplinary_case):
    """The issue's case: a written reprimand while the only hearing was still planned."""
    case = _reopen(disciplinary_case, 6)
    _plan_approved(org, case)
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=3),
                          care_offered=True)
    hearing = inv.plan_hearing(
        org.investigator, case, kind=Hearing.Kind.HEARING,
        invited_on=timezone.localdate() - dt.timedelta(days=14),
        scheduled_at=timezone.now() - dt.timedelta(days=1))
    data = inv.DecisionInput(outcome=Outcome.BREACH_MEASURE, measure="reprimand",
                             reasoning="Bewezen raadpleging zonder werkopdracht.",
                             decided_on=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        inv.record_decision(org.authority, case, data)
    assert "hoorgesprek" in exc.value.message_dict["outcome"][0]
    inv.record_hearing_held(org.investigator, hearing, "Betrokkene gehoord, met raadsman.")
    _report_and_zienswijze(org, case, timezone.localdate())
    assert inv.record_decision(org.authority, case, data).measure == "reprimand"


def test_a_decision_follows_the_report_and_a_measure_the_zienswijze(org, disciplinary_case):
    """The tester's case: a decision was accepted while the report and the zienswijze were never
    recorded, and the step bar showed them done."""
    case = _reopen(disciplinary_case, 6)
    _plan_approved(org, case)
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=3), care_offered=True)
    inv.record_hearing_waived(org.investigator, inv.plan_hearing(
        org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=timezone.localdate() - dt.timedelta(days=14),
        scheduled_at=timezone.now() - dt.timedelta(days=2)), timezone.localdate() - dt.timedelta(days=3),
        "Per brief afgezien.")
    measure = inv.DecisionInput(outcome=Outcome.BREACH_MEASURE, measure="reprimand",
                                reasoning="Bewezen raadpleging zonder werkopdracht.", decided_on=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        inv.record_decision(org.authority, case, measure)
    refused = " ".join(exc.value.message_dict["outcome"])
    assert "‘Rapportage’" in refused and "voornemen" in refused
    report(org, case, timezone.localdate())
    with pytest.raises(ValidationError) as exc:  # a punishment also needs the betrokkene's view
        inv.record_decision(org.authority, case, measure)
    assert "voornemen" in " ".join(exc.value.message_dict["outcome"])
    # Without a measure the report suffices; the skipped step is not shown as done.
    decision = inv.record_decision(org.authority, case, dataclasses.replace(
        measure, outcome=Outcome.NO_BREACH, measure=""))
    assert decision.outcome == Outcome.NO_BREACH
    from vik.investigations.selectors import timeline

    states = {s["label"]: s["state"] for s in timeline(case)}
    # No voornemen, so no view to give: not "niet vastgelegd" as if forgotten (tester t51).
    assert states["Rapportage"] == "done" and states["Zienswijze"] == "not_applicable"
    assert states["Besluit"] == "current"


def test_decision_cannot_lie_before_the_current_step(org, disciplinary_case):
    case = _reopen(disciplinary_case, 6)
    _plan_approved(org, case)
    held = a_tuesday_morning(weeks_ago=1)
    inv.record_aanzegging(org.investigator, case, held, care_offered=True)
    with pytest.raises(ValidationError) as exc:
        inv.record_decision(org.authority, case, inv.DecisionInput(
            outcome=Outcome.NO_BREACH, reasoning="Raadpleging bleek werkgerelateerd, eigen zaak.",
            decided_on=timezone.localtime(held).date() - dt.timedelta(days=3)))
    assert "decided_on" in exc.value.message_dict


def _working_monday(weeks_ago: int) -> dt.date:
    day = timezone.localdate() - dt.timedelta(weeks=weeks_ago)
    while day.weekday() != 0 or not all(is_working_day(day + dt.timedelta(days=i))
                                        for i in range(5)):
        day -= dt.timedelta(days=1)
    return day


def test_overlapping_pause_is_refused_and_the_deadline_moves_once(org, disciplinary_case):
    """The issue's case: a pause 12-11 → 17-11 inside 10-11 → 17-11 moved the deadline by three
    more working days."""
    case = _reopen(disciplinary_case, 8)
    reason = DelayReason.objects.get(code="illness")
    first = _working_monday(4)
    inv.pause_clock(org.investigator, case, reason, first)
    inv.resume_clock(org.investigator, case, first + dt.timedelta(days=7))
    case.refresh_from_db()
    after_first = case.deadline
    with pytest.raises(ValidationError) as exc:
        inv.pause_clock(org.investigator, case, reason, first + dt.timedelta(days=2))
    assert "overlapt" in exc.value.message_dict["on"][0]
    case.refresh_from_db()
    assert case.deadline == after_first
    # A pause after the first one is fine and moves the deadline by its own days only.
    inv.pause_clock(org.investigator, case, reason, first + dt.timedelta(days=7))
    inv.resume_clock(org.investigator, case, first + dt.timedelta(days=9))
    case.refresh_from_db()
    assert case.deadline == add_working_days(after_first, 2)


def test_pause_before_the_case_or_in_the_future_is_refused(org, disciplinary_case):
    reason = DelayReason.objects.get(code="illness")
    for day in (disciplinary_case.opened_on - dt.timedelta(days=1),
                timezone.localdate() + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            inv.pause_clock(org.investigator, disciplinary_case, reason, day)


# ----------------------------------------------------------------- properties

BASE = dt.date(2026, 1, 5)
periods = st.lists(
    st.tuples(st.integers(0, 120), st.integers(0, 30)).map(
        lambda t: (BASE + dt.timedelta(days=t[0]), BASE + dt.timedelta(days=t[0] + t[1]))),
    max_size=6)


PURE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PURE
@given(periods, periods)
def test_deadline_is_monotone_in_pauses(some, more):
    deadline = dt.date(2026, 6, 1)
    fewer = add_working_days(deadline, inv.paused_working_days(some))
    extra = add_working_days(deadline, inv.paused_working_days(some + more))
    assert extra >= fewer


@PURE
@given(periods, st.data())
def test_overlapping_pauses_count_once(base_periods, data):
    """A pause inside pauses already counted adds nothing; counting is order-free."""
    total = inv.paused_working_days(base_periods)
    if base_periods:
        start, end = data.draw(st.sampled_from(base_periods))
        span = (end - start).days
        a = data.draw(st.integers(0, span))
        b = data.draw(st.integers(a, span))
        inner = (start + dt.timedelta(days=a), start + dt.timedelta(days=b))
        assert inv.paused_working_days([*base_periods, inner]) == total
    assert inv.paused_working_days(list(reversed(base_periods))) == total
    assert total <= sum(inv.paused_working_days([p]) for p in base_periods)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(offsets=st.lists(st.integers(-10, 10), min_size=1, max_size=5))
def test_any_accepted_sequence_of_step_dates_is_non_decreasing(org, disciplinary_case, offsets):
    """Walk the investigators' steps with dates moving back and forth: whatever the services
    accept reads in order on the timeline, and the open pauses never overlap."""
    steps = [Step.INTAKE, Step.HEARINGS, Step.WITNESSES, Step.REPORT]
    with transaction.atomic():
        case = _reopen(Case.objects.get(pk=disciplinary_case.pk), 12)
        _plan_approved(org, case)
        add_report(org, case)  # the step "Rapportage" records that the report exists
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=9),
                              care_offered=True, accept_warnings=True)
        day = timezone.localtime(case.aanzegging.held_at).date()
        for step, offset in zip(steps, offsets, strict=False):
            day = day + dt.timedelta(days=offset)
            try:
                inv.advance(org.investigator, case, step, day)
            except ValidationError:
                day = day - dt.timedelta(days=offset)
        dates = list(case.status_changes.order_by("id").values_list("on", flat=True))
        assert dates == sorted(dates)
        transaction.set_rollback(True)


# ------------------------------------------------- a decision needs the hearing (held or waived)

NO_BREACH = inv.DecisionInput(outcome=Outcome.NO_BREACH, reasoning="Raadpleging bleek werkgerelateerd, eigen zaak.",
                              decided_on=dt.date(2000, 1, 1))


def _case_with_planned_hearing(org, case):
    case = _reopen(case, 6)
    _plan_approved(org, case)
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=3), care_offered=True)
    hearing = inv.plan_hearing(
        org.investigator, case, kind=Hearing.Kind.HEARING,
        invited_on=timezone.localdate() - dt.timedelta(days=14),
        scheduled_at=timezone.now() - dt.timedelta(days=1))
    _report_and_zienswijze(org, case)
    return case, hearing


def test_no_breach_needs_a_held_hearing_too(org, disciplinary_case):
    """The issue's kind: "geen plichtsverzuim" was recorded while the hearing was still planned;
    the betrokkene has the right to be heard before any outcome, not only before a punishment."""
    case, hearing = _case_with_planned_hearing(org, disciplinary_case)
    data = dataclasses.replace(NO_BREACH, decided_on=timezone.localdate())
    for outcome in (Outcome.NO_BREACH, Outcome.CORRECTIVE):
        with pytest.raises(ValidationError) as exc:
            inv.record_decision(org.authority, case, dataclasses.replace(data, outcome=outcome))
        assert "hoorgesprek" in exc.value.message_dict["outcome"][0]
    inv.record_hearing_held(org.investigator, hearing, "Betrokkene gehoord, met raadsman.")
    assert inv.record_decision(org.authority, case, data).outcome == Outcome.NO_BREACH


def test_a_waived_hearing_counts_as_the_hearing(client, org, disciplinary_case):
    case, hearing = _case_with_planned_hearing(org, disciplinary_case)
    client.force_login(org.investigator)
    response = client.post(f"/onderzoeken/{case.pk}/actie/hearing_waived/", {
        "hearing_id": hearing.pk, "on": timezone.localdate().strftime("%d-%m-%Y"),
        "note": "Betrokkene liet per brief weten niet gehoord te willen worden."})
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.waived_on == timezone.localdate() and not hearing.held
    with pytest.raises(DomainError):
        inv.record_hearing_held(org.investigator, hearing, "Toch gehouden?")
    data = dataclasses.replace(NO_BREACH, decided_on=timezone.localdate())
    assert inv.record_decision(org.authority, case, data).outcome == Outcome.NO_BREACH


def test_a_hearing_waived_before_the_invitation_or_in_the_future_is_refused(org, disciplinary_case):
    _case, hearing = _case_with_planned_hearing(org, disciplinary_case)
    for day in (hearing.invited_on - dt.timedelta(days=1), timezone.localdate() + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            inv.record_hearing_waived(org.investigator, hearing, day, "Per brief afgezien.")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(outcome=st.sampled_from(list(Outcome)), state=st.sampled_from(["planned", "held", "waived"]),
       waived_ago=st.integers(0, 12), decided_ago=st.integers(0, 12))
def test_any_decision_is_accepted_only_after_the_hearing(org, disciplinary_case, outcome, state,
                                                         waived_ago, decided_ago):
    """Whatever the outcome: the services accept a decision exactly when the betrokkene's hearing
    was held or waived on or before the decision day."""
    with transaction.atomic():
        case, hearing = _case_with_planned_hearing(org, Case.objects.get(pk=disciplinary_case.pk))
        hearing_day = timezone.localdate() - dt.timedelta(days=1)
        if state == "held":
            inv.record_hearing_held(org.investigator, hearing, "Betrokkene gehoord.")
        elif state == "waived":
            hearing_day = timezone.localdate() - dt.timedelta(days=waived_ago)
            inv.record_hearing_waived(org.investigator, hearing, hearing_day, "Per brief afgezien.")
        decided_on = timezone.localdate() - dt.timedelta(days=decided_ago)
        data = inv.DecisionInput(
            outcome=outcome, measure="reprimand" if outcome == Outcome.BREACH_MEASURE else "",
            reasoning="Motivering van het besluit, lang genoeg.", decided_on=decided_on)
        expected = state != "planned" and hearing_day <= decided_on
        try:
            inv.record_decision(org.authority, case, data)
            accepted = True
        except ValidationError as error:
            accepted = False
            assert "decided_on" in error.message_dict or "outcome" in error.message_dict
            in_order = decided_on >= case.status_since
            assert expected is False or not in_order
        if accepted:
            assert expected
        transaction.set_rollback(True)


def test_a_status_update_or_review_lies_within_the_case_and_stays_short(org, disciplinary_case):
    """A newcomer recorded a status update dated months before the case started, and one of
    15,000 characters."""
    case = disciplinary_case
    told_on = timezone.localtime(told(org, case).held_at).date()  # updates begin at the aanzegging
    before = case.opened_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        inv.record_status_update(org.investigator, case, given_on=before, channel="phone",
                                  summary="Gebeld over de voortgang.")
    assert "vóór de start van het onderzoek" in str(refused.value.message_dict["given_on"])
    with pytest.raises(ValidationError) as refused:
        inv.record_status_update(org.investigator, case, given_on=told_on, channel="phone",
                                  summary="x" * 15000)
    assert "ten hoogste" in str(refused.value.message_dict["summary"])
    with pytest.raises(ValidationError):
        inv.record_review(org.investigator, case, held_on=before, notes="Afspraken gemaakt.")
    inv.record_status_update(org.investigator, case, given_on=told_on, channel="phone",
                              summary="Gebeld over de voortgang.")


def test_the_plan_is_approved_once_and_then_no_longer_offered(client, org, disciplinary_case):
    """Testers (twice): a case page offered plan approval although its history showed it approved."""
    case = _reopen(disciplinary_case, 6)
    _plan_approved(org, case)
    with pytest.raises(DomainError, match="al goedgekeurd"):
        approve_plan(org, case, timezone.localdate())
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="action-approve_plan"' not in page and "Onderzoeksplan goedgekeurd op" in page
