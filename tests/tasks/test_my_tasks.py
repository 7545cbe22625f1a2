import datetime as dt

from django.utils import timezone

from tests.case_steps import approve_plan
from tests.conftest import a_tuesday_morning
from vik.core.workdays import working_day_on_or_before
from vik.investigations import services as inv
from vik.investigations.models import Case
from vik.tasks.models import Reminder
from vik.tasks.selectors import my_tasks
from vik.tasks.services import run_reminders
from vik.triage.models import Route


def _kinds(user, today=None):
    return {t.kind for t in my_tasks(user, today)}


def test_triage_member_sees_new_signals_of_his_region_only(org, make_signal):
    make_signal()
    assert "triage" in _kinds(org.triage)
    assert "triage" not in _kinds(org.triage_b)


def test_line_follow_up_is_a_task_for_the_named_manager(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.LINE, line_manager=org.manager.employee,
              follow_up_due=timezone.localdate() + dt.timedelta(days=5))
    tasks = [t for t in my_tasks(org.manager) if t.kind == "line"]
    assert [t.reference for t in tasks] == [signal.reference]


def test_overdue_status_update_shows_even_without_news(org, disciplinary_case):
    case = disciplinary_case
    # The aanzegging six weeks ago needs a case opened before it (dates in order).
    opened = timezone.localdate() - dt.timedelta(weeks=8)
    Case.objects.filter(pk=case.pk).update(opened_on=opened, status_since=opened)
    case.refresh_from_db()
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on)
    held = a_tuesday_morning(weeks_ago=6)
    inv.record_aanzegging(org.investigator, case, held, care_offered=True)
    update = [t for t in my_tasks(org.investigator) if t.kind == "update"]
    assert update and update[0].overdue
    assert update[0].due == working_day_on_or_before(timezone.localtime(held).date() + dt.timedelta(weeks=4))
    assert "de zorgcontactpersoon mag haar ook geven" in update[0].title
    # The care contact (the betrokkene's manager) shares it; one record clears it for both.
    assert "update" in _kinds(org.manager)
    inv.record_status_update(org.manager, case, given_on=timezone.localdate(), channel="phone",
                             summary="Geen nieuws, wel even gebeld.")
    assert not [t for t in my_tasks(org.investigator) if t.kind == "update" and t.overdue]


def test_authority_gets_the_commission_step_and_review_moments(org, disciplinary_case):
    kinds = _kinds(org.authority)
    assert {"step", "review"} <= kinds
    assert "step" not in _kinds(org.investigator)  # the commission is the authority's step


def test_reminders_are_sent_once_and_escalate_later(
    org, disciplinary_case, mailoutbox, django_capture_on_commit_callbacks
):
    case = disciplinary_case
    late = case.status_since + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        first = run_reminders(today=late)
    assert first["reminder"] + first["escalation"] >= 1
    sent = len(mailoutbox)
    assert any("bevoegdgezag@example.invalid" in m.to for m in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = run_reminders(today=late)
    assert again == {"reminder": 0, "escalation": 0}
    assert len(mailoutbox) == sent
    assert Reminder.objects.filter(user=org.authority).exists()


def test_an_app_contributes_tasks_through_the_registry(org, monkeypatch):
    """Issue 16: a capability adds its tasks by registering a provider; the tasks app is untouched."""
    from vik.core import tasks as registry

    monkeypatch.setattr(registry, "_providers", list(registry._providers))
    task = registry.Task(key="x:1", kind="x", title="Nieuwe taak", reference="X-1",
                         due=timezone.localdate() - dt.timedelta(days=1), url="/")
    registry.register(lambda user, today: [task] if user == org.policy else [])
    assert task in my_tasks(org.policy)
    assert task not in my_tasks(org.triage)
    assert my_tasks(org.policy)[0] == task  # overdue first


def test_each_case_task_has_one_owner_the_lead_investigator(org, disciplinary_case):
    """Tester t41: a second investigator and the authority had the same tasks as the lead (the step,
    the status update, decide on a request), so each could leave it to the other."""
    from vik.investigations.models import Member, RightsRequest

    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on)
    inv.add_member(org.investigator, case, org.investigator2, Member.Kind.INVESTIGATOR)
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    inv.record_access_request(org.investigator2, case, requested_on=timezone.localdate(),
                              request="Ik wil de verklaring van de getuige zien.")
    inv.record_rights_request(org.investigator2, case, kind=RightsRequest.Kind.WITNESS,
                              requested_on=timezone.localdate(), request="Hoor mijn collega als getuige.")
    lead = _kinds(org.investigator)
    assert {"step", "update", "folder", "access", "rights", "review"} <= lead
    assert _kinds(org.investigator2) & {"step", "update", "folder", "access", "rights"} == set()
    assert "rights" not in _kinds(org.authority)
    # Without a lead the investigators share them, and the authority decides on requests.
    Member.objects.filter(case=case, kind=Member.Kind.LEAD_INVESTIGATOR).delete()
    assert {"update", "access"} <= _kinds(org.investigator2)
    assert "rights" in _kinds(org.authority)
