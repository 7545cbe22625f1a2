"""Issue 12: somebody is always responsible. Every route lands in somebody's queue or tasks, and
the "responsibility" system checks name every dead end."""

import datetime as dt
from io import StringIO

import pytest
from django.core import checks
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tests.conftest import all_scores
from tests.factories import EmployeeFactory
from vik.accounts.models import Role, User
from vik.core.checks import run_responsibility_checks
from vik.signals.models import Signal
from vik.signals.selectors import triage_queue
from vik.tasks.selectors import my_tasks
from vik.triage.models import Route
from vik.triage.services import DecisionInput, record_triage_decision


def _ids(messages) -> set[str]:
    return {m.id for m in messages}


def _check():
    return run_responsibility_checks()


def test_national_route_lands_in_the_national_queue_and_tasks(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.NATIONAL)
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NATIONAL_TRIAGE
    assert signal in triage_queue(org.triage_national)
    tasks = [t for t in my_tasks(org.triage_national) if t.reference == signal.reference]
    assert tasks and tasks[0].title == "Landelijke triage: melding oppakken"
    # The region still sees it, with its status, but it is no longer in its queue.
    assert signal not in triage_queue(org.triage)
    client_page = signal.get_status_display()
    assert client_page == "Bij de landelijke triage"


def test_a_signal_with_the_national_triage_is_theirs_alone(org, make_signal, triage_to):
    """Found by a newcomer: the regional triage could still start a case on a signal it had
    routed to the national triage, which then vanished from the national queue."""
    import datetime as _dt

    from vik import policy
    from vik.core.errors import PermissionDeniedError
    from vik.investigations import services as inv
    from vik.investigations.models import CaseType

    signal = make_signal()
    triage_to(signal, Route.NATIONAL)
    signal.refresh_from_db()
    assert not policy.can(org.triage, "signal.triage", signal)
    assert policy.can(org.triage_national, "signal.triage", signal)
    with pytest.raises(PermissionDeniedError):
        inv.open_case(org.triage, signal, inv.OpenCaseInput(
            case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer,
            authority=org.authority, lead_investigator=org.investigator,
            opened_on=timezone.localdate() - _dt.timedelta(days=1),
            suspected_breach="Op 3 maart heeft betrokkene zonder werkopdracht zijn buurman opgezocht."))
    assert signal in triage_queue(org.triage_national)


def test_national_queue_is_shown_with_status(client, org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.NATIONAL)
    client.force_login(org.triage_national)
    page = client.get("/triage/")
    assert signal.reference in page.text and "Bij de landelijke triage" in page.text
    client.force_login(org.triage)
    listing = client.get("/meldingen/")
    assert signal.reference in listing.text and "Bij de landelijke triage" in listing.text


def test_national_route_is_refused_without_national_triage(org, make_signal):
    org.triage_national.is_active = False
    org.triage_national.save()
    signal = make_signal()
    with pytest.raises(ValidationError) as exc:
        record_triage_decision(org.triage, signal, DecisionInput(
            route=Route.NATIONAL, rationale="Raakt meerdere eenheden tegelijk.",
            scores=all_scores()))
    assert "landelijk triageteam" in exc.value.message_dict["route"][0]


def test_line_manager_without_account_is_refused(org, make_signal):
    no_account = EmployeeFactory(unit=org.patrol, is_manager=True)
    signal = make_signal()
    with pytest.raises(ValidationError) as exc:
        record_triage_decision(org.triage, signal, DecisionInput(
            route=Route.LINE, rationale="Past bij een gesprek in de lijn.", scores=all_scores(),
            line_manager=no_account, follow_up_due=timezone.localdate() + dt.timedelta(days=14)))
    assert "geen actief account" in exc.value.message_dict["line_manager"][0]


def test_triaged_signal_waiting_for_its_case_is_a_triage_task(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.DISCIPLINARY)
    assert any(t.reference == signal.reference and t.title == "Onderzoek starten na triagebesluit"
               for t in my_tasks(org.triage))


def test_checks_report_a_region_without_triage_members(org):
    assert "vik.triage.E001" not in _ids(_check())
    User.objects.filter(pk__in=[org.triage_b.pk]).update(is_active=False)
    messages = [m for m in _check() if m.id == "vik.triage.E001"]
    assert len(messages) == 1 and "Eenheid Zuid" in messages[0].msg


def test_checks_report_missing_national_triage(org):
    assert "vik.triage.E002" not in _ids(_check())
    org.triage_national.groups.clear()
    assert "vik.triage.E002" in _ids(_check())


def test_checks_report_open_signals_nobody_picks_up(org, make_signal):
    make_signal(region=org.region_b, actor=org.triage_b)
    assert "vik.signals.E001" not in _ids(_check())
    User.objects.filter(pk=org.triage_b.pk).update(is_active=False)
    assert "vik.signals.E001" in _ids(_check())


def test_checks_report_line_manager_who_lost_his_account(org, make_signal):
    signal = make_signal(subjects=[org.colleague])
    record_triage_decision(org.triage, signal, DecisionInput(
        route=Route.LINE, rationale="Past bij een gesprek in de lijn.", scores=all_scores(),
        line_manager=org.manager.employee,
        follow_up_due=timezone.localdate() + dt.timedelta(days=14)))
    assert "vik.triage.E003" not in _ids(_check())
    User.objects.filter(pk=org.manager.pk).update(is_active=False)
    assert "vik.triage.E003" in _ids(_check())


def test_checks_report_cases_without_lead_or_authority(org, disciplinary_case):
    assert not {"vik.investigations.E004", "vik.investigations.E005"} & _ids(_check())
    User.objects.filter(pk__in=[org.investigator.pk, org.authority.pk]).update(is_active=False)
    assert {"vik.investigations.E004", "vik.investigations.E005"} <= _ids(_check())


def test_checks_report_a_step_role_nobody_holds(org):
    assert "vik.investigations.E003" not in _ids(_check())
    User.objects.filter(groups__name=Role.COMPETENT_AUTHORITY).update(is_active=False)
    assert "vik.investigations.E003" in _ids(_check())


def test_checks_report_inactive_care_contact(org, disciplinary_case):
    assert disciplinary_case.care_contact_id == org.manager.pk
    assert "vik.care.E001" not in _ids(_check())
    User.objects.filter(pk=org.manager.pk).update(is_active=False)
    assert "vik.care.E001" in _ids(_check())


def test_checks_run_only_when_asked_for(org):
    """A dead end in the data is reported on request; it never stops `migrate` or `runserver`."""
    User.objects.filter(groups__name=Role.TRIAGE).update(is_active=False)
    assert "vik.triage.E001" in _ids(run_responsibility_checks())
    assert not [m for m in run_checks(tags=["responsibility"], databases=["default"])
                if m.id.startswith("vik.triage")]
    assert not [m for m in run_checks(databases=["default"]) if m.id.startswith("vik.triage")]
    assert not [m for m in run_checks() if m.id.startswith("vik.triage")]


@pytest.mark.slow
@pytest.mark.django_db
def test_the_seeded_demo_has_no_dead_ends():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with transaction.atomic():
            call_command("seed_demo", stdout=StringIO())
            # Dead ends are errors; an Info that a unit's reports go one level up is not one.
            messages = [m for m in _check() if m.level >= checks.WARNING]
            assert [m.msg for m in messages] == []
            national = User.objects.get(username="lt.triage1")
            routed = Signal.objects.filter(status=Signal.Status.NATIONAL_TRIAGE)
            assert set(routed) <= set(triage_queue(national))
            transaction.set_rollback(True)
