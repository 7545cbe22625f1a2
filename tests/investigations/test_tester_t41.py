"""Tester t41 (a new user walking a signal to its closure across the roles): the rights of the
betrokkene. A hearing was planned (and its preparation time "waived") before he knew of the case;
a punishment was intended and decided while his hearing was still to come; an access request was
left with nobody when the case closed; a pause resumed in the future moved the norm date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.case_steps import approve_plan, report
from tests.conftest import a_tuesday_morning
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.workdays import add_working_days
from vik.investigations import services as inv
from vik.investigations.models import DelayReason, Hearing, Measure, Member, Outcome
from vik.investigations.tasks import ACCESS_TERM_WORKING_DAYS, case_tasks

pytestmark = pytest.mark.django_db


def _approved(org, case):
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    return case


def _told_and_heard(org, case):
    """The plan approved, the betrokkene told a week or two ago and heard that afternoon."""
    case = _approved(org, case)
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    heard = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                             invited_on=timezone.localtime(told).date(),
                             scheduled_at=told + dt.timedelta(hours=4), preparation_waived=True)
    inv.record_hearing_held(org.investigator, heard, "Betrokkene gehoord.")
    return case


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_betrokkene_is_not_invited_to_a_hearing_before_he_is_told(org, disciplinary_case):
    case = _approved(org, disciplinary_case)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=today,
                         scheduled_at=_at(today + dt.timedelta(days=1)), preparation_waived=True)
    assert "aanzegging" in refused.value.message_dict["kind"][0]
    assert not case.hearings.exists()
    # Witnesses may be heard before the betrokkene is told.
    inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.WITNESS, invited_on=today,
                     scheduled_at=_at(today + dt.timedelta(days=8)), person="Collega A.")
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    told_on = timezone.localtime(told).date()
    later = add_working_days(today, 10)
    with pytest.raises(ValidationError) as before:
        inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                         invited_on=told_on - dt.timedelta(days=1), scheduled_at=_at(later))
    assert "vóór de aanzegging" in before.value.message_dict["invited_on"][0]
    with pytest.raises(ValidationError) as future:
        inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                         invited_on=today + dt.timedelta(days=3), scheduled_at=_at(later))
    assert "toekomst" in future.value.message_dict["invited_on"][0]
    first = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=told_on,
                             scheduled_at=_at(later))
    with pytest.raises(ValidationError) as twice:
        inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=told_on,
                         scheduled_at=_at(later, 15))
    assert f"al een hoorgesprek gepland: {later:%d-%m-%Y} 10:00" in (
        twice.value.message_dict["scheduled_at"][0])
    assert list(case.hearings.filter(kind=Hearing.Kind.HEARING)) == [first]


def test_no_voornemen_or_decision_while_his_hearing_is_still_to_come(client, org, disciplinary_case):
    case = _told_and_heard(org, disciplinary_case)
    today = timezone.localdate()
    ahead = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=today,
                             scheduled_at=_at(add_working_days(today, 14)))
    report(org, case, today)
    assert not inv.voornemen_ready(case) and not inv.decision_ready(case)
    when = timezone.localtime(ahead.scheduled_at).strftime("%d-%m-%Y %H:%M")
    with pytest.raises(DomainError, match=f"op {when} nog gehoord"):
        inv.record_voornemen(org.authority, case, inv.VoornemenInput(
            measure=Measure.REPRIMAND, conditional=False, grounds="Raadpleging zonder werkopdracht bewezen.",
            sent_on=today, replaces="any"))
    with pytest.raises(ValidationError) as refused:
        inv.record_decision(org.authority, case, inv.DecisionInput(
            outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.",
            decided_on=today))
    assert "nog gehoord" in " ".join(refused.value.message_dict["outcome"])
    # The page says why the forms are not offered (tester t42: it said "record the report first").
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert f"De betrokkene wordt op {when} nog gehoord" in page and "leg eerst de stap" not in page
    # Said once, under Voornemen; the decision refers to it (tester t51: the same sentence twice).
    assert page.count(f"De betrokkene wordt op {when} nog gehoord") == 1
    assert "Ook het besluit wacht op dat gesprek" in page
    # His task says so too, due no earlier than the hearing (the demo tour: "Stap ‘Besluit’" where
    # the page offered no decision).
    from vik.tasks.selectors import my_tasks
    step = [t for t in my_tasks(org.authority) if t.kind == "step" and t.reference == case.reference]
    assert len(step) == 1 and f"na het hoorgesprek van {when}" in step[0].title
    assert step[0].due >= timezone.localtime(ahead.scheduled_at).date()
    # He declines the hearing (as he told by letter): then the authority may go on.
    inv.record_hearing_waived(org.investigator, ahead, today, "Per brief laten weten af te zien.")
    assert inv.voornemen_ready(case)


def test_an_open_access_request_has_a_term_and_keeps_the_case_open(org, disciplinary_case):
    case = _told_and_heard(org, disciplinary_case)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        inv.record_access_request(org.investigator, case, requested_on=today + dt.timedelta(days=2),
                                  request="Het volledige dossier.")
    req = inv.record_access_request(org.investigator, case, requested_on=today - dt.timedelta(days=2),
                                    request="Het volledige dossier.")
    task = next(t for t in case_tasks(org.investigator, today) if t.kind == "access")
    assert task.due == add_working_days(req.requested_on, ACCESS_TERM_WORKING_DAYS)
    report(org, case, today)
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.", decided_on=today))
    with pytest.raises(DomainError, match="1 verzoek van de betrokkene open"):
        inv.close_case(org.investigator, case, communicated_on=today, communication="In een gesprek met de teamchef.",
                       team_informed=False)
    # A second investigator of the team does not decide it (tester t43); the lead does.
    inv.add_member(org.investigator, req.case, org.investigator2, Member.Kind.INVESTIGATOR)
    with pytest.raises(PermissionDeniedError):
        inv.decide_access_request(org.investigator2, req, decision="granted", reason="")
    inv.decide_access_request(org.investigator, req, decision="granted", reason="")
    inv.close_case(org.investigator, case, communicated_on=today, communication="In een gesprek met de teamchef.",
                   team_informed=False)


def test_a_pause_does_not_resume_in_the_future(org, disciplinary_case):
    case = disciplinary_case
    today = timezone.localdate()
    inv.pause_clock(org.investigator, case, DelayReason.objects.get(code="illness"), today - dt.timedelta(days=3))
    deadline = case.deadline
    with pytest.raises(ValidationError) as refused:
        inv.resume_clock(org.investigator, case, today + dt.timedelta(days=3))
    assert "toekomst" in refused.value.message_dict["on"][0]
    case.refresh_from_db()
    assert case.deadline == deadline and case.pauses.filter(ended_on__isnull=True).exists()


def test_a_paused_case_does_not_show_its_step_overdue(org, disciplinary_case):
    """Tester t41: a case paused for illness since 17-11 showed "30-11-2026 verlopen" for its step
    in "my tasks" and on the case page; the step's due day moves with the paused working days."""
    from vik.investigations.selectors import clock, step_due

    case = disciplinary_case
    today = timezone.localdate()
    plain = add_working_days(case.status_since, case.status.norm_days)
    assert step_due(case, today) == plain
    start = max(case.status_since, today - dt.timedelta(days=10))
    inv.pause_clock(org.investigator, case, DelayReason.objects.get(code="illness"), start)
    paused = len([d for d in (start + dt.timedelta(days=i) for i in range(1, (today - start).days + 1))
                  if d.weekday() < 5 and add_working_days(d - dt.timedelta(days=1), 1) == d])
    moved = add_working_days(case.status_since, case.status.norm_days + paused)
    assert step_due(case, today) == moved and clock(case, today)["step_due"] == moved
    steps = [t for user in (org.investigator, org.authority) for t in case_tasks(user, today) if t.kind == "step"]
    assert steps and all(t.due == moved for t in steps)


def test_an_information_folder_not_handed_over_is_the_investigators_task(org, disciplinary_case):
    """Tester t41: the aanzegging was recorded without the folder on rights and duties; the page
    said "nog niet overhandigd" in red, but nobody had a task for it."""
    case = _approved(org, disciplinary_case)
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    today = timezone.localdate()
    folder = [t for t in case_tasks(org.investigator, today) if t.kind == "folder"]
    assert len(folder) == 1 and folder[0].due == timezone.localtime(told).date()
    assert not [t for t in case_tasks(org.authority, today) if t.kind == "folder"]
    case.refresh_from_db()
    inv.record_info_folder(org.investigator, case, timezone.localtime(told).date())
    assert not [t for t in case_tasks(org.investigator, today) if t.kind == "folder"]
