import datetime as dt

import pytest
from django.utils import timezone

from tests.case_steps import approve_plan, report
from tests.conftest import a_tuesday_morning
from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.audit.models import AuditEvent
from vik.core.errors import DomainError, PermissionDeniedError
from vik.investigations import retention
from vik.investigations import services as inv
from vik.investigations.models import Case, DestructionRun, Hearing, Outcome
from vik.signals.models import Signal


@pytest.fixture
def closed_case(org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on)
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    hearing = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                               invited_on=timezone.localtime(told).date(),
                               scheduled_at=timezone.now() - dt.timedelta(hours=2))
    inv.record_hearing_held(org.investigator, hearing, "Betrokkene gehoord.")
    report(org, case, timezone.localdate())
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.",
        decided_on=timezone.localdate()))
    inv.close_case(org.investigator, case, communicated_on=timezone.localdate(),
                   communication="In een gesprek met de teamchef.", team_informed=False)
    case.refresh_from_db()
    return case


def _after_retention(case):
    return case.destruction_due + dt.timedelta(days=1)


def test_destruction_needs_a_second_administrator_and_deletes_with_audit(org, closed_case):
    later = _after_retention(closed_case)
    assert list(retention.due_for_destruction(later)) == [closed_case]
    with pytest.raises(PermissionDeniedError):
        retention.propose_run(org.investigator, later)
    run = retention.propose_run(org.admin, later)
    assert run.references == [closed_case.reference]
    with pytest.raises(DomainError, match="vier ogen"):
        retention.execute_run(org.admin, run, later)
    second = UserFactory(username="beheer2", roles=[Role.ADMIN])
    run = retention.execute_run(second, run, later)
    assert run.state == DestructionRun.State.EXECUTED
    assert run.destroyed == [closed_case.reference]
    assert not Case.objects.filter(pk=closed_case.pk).exists()
    assert not Signal.objects.filter(pk=closed_case.signal_id).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=closed_case.reference).exists()


def test_legal_hold_blocks_destruction_even_after_proposal(org, closed_case):
    later = _after_retention(closed_case)
    run = retention.propose_run(org.admin, later)
    retention.set_legal_hold(org.admin, closed_case, hold=True, reason="Lopende bezwaarprocedure")
    second = UserFactory(username="beheer2", roles=[Role.ADMIN])
    run = retention.execute_run(second, run, later)
    assert run.destroyed == [] and run.skipped == [closed_case.reference]
    assert Case.objects.filter(pk=closed_case.pk).exists()
    assert list(retention.due_for_destruction(later)) == []


def test_nothing_is_due_before_the_retention_period(org, closed_case):
    with pytest.raises(DomainError):
        retention.propose_run(org.admin, closed_case.destruction_due - dt.timedelta(days=1))


def test_retention_page_is_for_administrators_only(client, org):
    client.force_login(org.investigator)
    assert client.get("/onderzoeken/bewaartermijnen/").status_code == 404
    client.force_login(org.admin)
    page = client.get("/onderzoeken/bewaartermijnen/")
    assert page.status_code == 200 and "Bewaartermijnen en vernietiging" in page.text


def test_a_closed_case_shows_a_hearing_still_ahead_as_lapsed_and_no_view_as_not_applicable(
        client, org, closed_case):
    """Tester t51: a closed case listed a witness hearing next week as if it would still happen,
    and its timeline read "Zienswijze (niet vastgelegd)" where no voornemen asked for a view."""
    Hearing.objects.create(case=closed_case, kind=Hearing.Kind.WITNESS, person="Getuige G.",
                           invited_on=timezone.localdate(),
                           scheduled_at=timezone.now() + dt.timedelta(days=7))
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{closed_case.pk}/").content.decode()
    assert "vervallen: het onderzoek is afgesloten" in page
    assert "Gesprek verplaatsen" not in page
    assert "niet van toepassing: geen voornemen" in page and "Zienswijze <small>(niet vastgelegd)" not in page


def test_a_destruction_date_passed_says_it_awaits_a_run(client, org, closed_case):
    """Tester t53: "29-09-2035 (Vernietigen)" read as an action; a passed date had no remark."""
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{closed_case.pk}/").content.decode()
    assert "archiefcategorie" in page and 'id="destruction-passed"' not in page
    Case.objects.filter(pk=closed_case.pk).update(destruction_due=timezone.localdate() - dt.timedelta(days=1))
    assert 'id="destruction-passed"' in client.get(f"/onderzoeken/{closed_case.pk}/").content.decode()
