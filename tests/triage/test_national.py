"""Issue 15, item 3: the national triage works its own queue. A signal a unit routes to the
national triage is taken on for the national team (LTIO), sent back to the unit's triage with a
reason, or handed to the prosecutor (OM); each decision is kept on the signal for the unit and in
the national queue, shown to the unit as status, audited, and leaves a task for whoever acts
next. Permissions are tested allowed and refused for every role that comes near it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import EmployeeFactory, UnitFactory, UserFactory
from vik import policy
from vik.accounts.models import Role, Unit
from vik.audit.models import AuditEvent
from vik.core.errors import ConcurrentEditError, DomainError, PermissionDeniedError
from vik.investigations import services as inv
from vik.investigations.models import CaseType
from vik.signals import services as signal_services
from vik.signals.models import Signal
from vik.signals.selectors import awaiting_case, triage_queue
from vik.tasks.selectors import my_tasks
from vik.triage import selectors
from vik.triage.models import NationalDecision, Route
from vik.triage.services import NationalDecisionInput, record_national_decision

pytestmark = pytest.mark.django_db
REASON = "Geen eenheidsoverstijgend belang; de eenheid kan dit zelf onderzoeken."


@pytest.fixture
def referred(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.NATIONAL)
    signal.refresh_from_db()
    return signal


@pytest.fixture
def ltio(org):
    team = UnitFactory(code="LTIO", name="LTIO", kind=Unit.Kind.TEAM, parent=org.national)
    return UserFactory(username="ltio", roles=[Role.INVESTIGATOR_DISCIPLINARY],
                       employee=EmployeeFactory(unit=team))


def _decide(actor, signal, outcome, **extra):
    return record_national_decision(actor, signal, NationalDecisionInput(
        outcome=outcome, reason=extra.pop("reason", REASON), **extra))


def _titles(user, signal) -> list[str]:
    return [t.title for t in my_tasks(user) if t.reference == signal.reference]


def test_sent_back_the_signal_is_in_the_units_queue_with_the_reason(client, org, referred):
    """The failing example: a signal routed to the national triage could only be re-triaged there
    (a 'new facts' route); nothing sent it back to the unit with a reason."""
    decision = _decide(org.triage_national, referred, NationalDecision.Outcome.RETURN)
    referred.refresh_from_db()
    assert referred.status == Signal.Status.RETURNED
    assert referred in triage_queue(org.triage)
    assert referred not in triage_queue(org.triage_national)
    assert _titles(org.triage, referred) == ["Terug van de landelijke triage: opnieuw trieren"]
    client.force_login(org.triage)
    page = client.get(f"/meldingen/{referred.pk}/").content.decode()
    assert REASON in page and "Terug naar de triage van de eenheid" in page
    # t12: the page says what to do next, with the triage form open (not only 'new facts').
    assert 'id="returned-next-step"' in page and "Leg opnieuw een triagebesluit vast" in page
    assert "Hertriage (nieuwe feiten)" not in page
    assert "Terug van de landelijke triage" in client.get("/meldingen/").content.decode()
    # Recorded the other way too: in the national queue's record of its decisions.
    assert decision in selectors.national_decisions(org.triage_national)
    client.force_login(org.triage_national)
    national_page = client.get("/triage/landelijk/").content.decode()
    assert referred.reference in national_page and REASON in national_page


def test_the_unit_triages_a_returned_signal_again_without_new_facts(org, referred, triage_to):
    _decide(org.triage_national, referred, NationalDecision.Outcome.RETURN)
    referred.refresh_from_db()
    assert not policy.can(org.triage_national, "signal.triage", referred)
    assert policy.can(org.triage, "signal.triage", referred)
    triage_to(referred, Route.DISCIPLINARY)  # the return is the new fact: no retriage reason
    referred.refresh_from_db()
    assert referred.status == Signal.Status.TRIAGED


def test_taken_on_the_national_team_opens_the_case_with_an_ltio_lead(org, referred, ltio):
    _decide(org.triage_national, referred, NationalDecision.Outcome.TAKE_ON,
            reason="Raakt drie eenheden; het LTIO neemt het onderzoek.")
    referred.refresh_from_db()
    assert referred.status == Signal.Status.NATIONAL_TEAM
    assert referred.get_status_display() == "Bij het landelijk team (LTIO)"
    assert referred in awaiting_case(org.triage_national)
    assert referred not in awaiting_case(org.triage)
    assert _titles(org.triage_national, referred) == ["Landelijk team (LTIO): onderzoek starten"]
    assert not policy.can(org.triage, "signal.triage", referred)
    data = inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer,
        authority=org.authority, lead_investigator=org.investigator,
        opened_on=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        inv.open_case(org.triage_national, referred, data)
    assert "landelijke eenheid (LTIO)" in exc.value.message_dict["lead_investigator"][0]
    with pytest.raises(PermissionDeniedError):
        inv.open_case(org.triage, referred, data)
    data.lead_investigator = ltio
    case = inv.open_case(org.triage_national, referred, data)
    referred.refresh_from_db()
    assert referred.status == Signal.Status.UNDER_INVESTIGATION and case.signal == referred
    assert not _titles(org.triage_national, referred)


def test_handed_to_the_prosecutor(org, referred):
    today = timezone.localdate()
    decision = _decide(org.triage_national, referred, NationalDecision.Outcome.PROSECUTOR,
                       reason="Redelijk vermoeden van een ambtsmisdrijf; het OM beslist.",
                       handover_on=today, handover_reference="OM-2026-17")
    referred.refresh_from_db()
    assert referred.status == Signal.Status.HANDED_OVER
    assert decision.handover_reference == "OM-2026-17"
    assert not _titles(org.triage_national, referred)
    assert not _titles(org.triage, referred)


def test_prosecutor_needs_a_handover_date_in_range(org, referred):
    with pytest.raises(ValidationError) as exc:
        _decide(org.triage_national, referred, NationalDecision.Outcome.PROSECUTOR)
    assert "handover_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _decide(org.triage_national, referred, NationalDecision.Outcome.PROSECUTOR,
                handover_on=timezone.localdate() - dt.timedelta(days=40))
    assert "verwijzing naar de landelijke triage" in exc.value.message_dict["handover_on"][0]
    with pytest.raises(ValidationError) as exc:
        _decide(org.triage_national, referred, NationalDecision.Outcome.RETURN, reason="Nee.")
    assert "reason" in exc.value.message_dict
    referred.refresh_from_db()
    assert referred.status == Signal.Status.NATIONAL_TRIAGE


def test_every_decision_is_audited_and_the_unit_is_told(org, referred, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = _decide(org.triage_national, referred, NationalDecision.Outcome.RETURN)
    event = AuditEvent.objects.filter(object_type="triage.nationaldecision",
                                      object_id=str(decision.pk)).get()
    assert event.detail["outcome"] == "return"
    told = {address for m in mailoutbox for address in m.to}
    assert org.triage.email in told and org.triage_b.email not in told


@pytest.mark.parametrize("who", ["triage", "triage_b", "investigator", "authority", "manager",
                                 "policy", "nobody"])
def test_only_the_national_triage_decides(org, referred, who):
    user = getattr(org, who)
    assert not policy.can(user, "signal.national_decide", referred)
    assert not policy.can(user, "triage.national")
    with pytest.raises(PermissionDeniedError):
        _decide(user, referred, NationalDecision.Outcome.TAKE_ON)
    assert policy.can(org.triage_national, "signal.national_decide", referred)
    assert policy.can(org.triage_national, "triage.national")


def test_a_conflicted_national_member_is_refused(org, make_signal, triage_to):
    signal = make_signal(reporter=org.triage_national.employee)
    triage_to(signal, Route.NATIONAL)
    signal.refresh_from_db()
    assert not policy.can(org.triage_national, "signal.national_decide", signal)
    with pytest.raises(PermissionDeniedError):
        _decide(org.triage_national, signal, NationalDecision.Outcome.RETURN)


def test_a_second_tab_cannot_decide_again(org, referred):
    """Two tabs on the same signal: the second decision finds the signal decided (a clear Dutch
    message, nothing changed); the status move itself refuses it too."""
    second_tab = Signal.objects.get(pk=referred.pk)
    record_national_decision(org.triage_national, referred, NationalDecisionInput(
        outcome="return", reason=REASON), expected_version=referred.version)
    with pytest.raises(DomainError) as exc:
        record_national_decision(org.triage_national, second_tab, NationalDecisionInput(
            outcome="take_on", reason=REASON), expected_version=second_tab.version)
    assert "al besloten" in exc.value.message
    with pytest.raises(signal_services.SignalTransitionError):
        signal_services.settle_nationally(second_tab, "take_on", by=org.triage_national)
    assert NationalDecision.objects.filter(signal=referred).count() == 1


def test_a_stale_version_is_refused(org, referred):
    stale = referred.version
    Signal.objects.filter(pk=referred.pk).update(version=stale + 1)  # saved elsewhere meanwhile
    with pytest.raises(ConcurrentEditError):
        record_national_decision(org.triage_national, referred, NationalDecisionInput(
            outcome="return", reason=REASON), expected_version=stale)
    assert not NationalDecision.objects.filter(signal=referred).exists()


def test_every_national_outcome_has_a_signal_status():
    assert set(signal_services.NATIONAL_OUTCOME_TO_SIGNAL_STATUS) == set(
        NationalDecision.Outcome.values)


def test_the_national_queue_page_and_menu(client, org, referred):
    client.force_login(org.triage_national)
    home = client.get("/").content.decode()
    assert "/triage/landelijk/" in home
    page = client.get("/triage/landelijk/").content.decode()
    assert referred.reference in page and "Ernstig genoeg voor een onderzoek." in page
    signal_page = client.get(f"/meldingen/{referred.pk}/").content.decode()
    assert "Besluit landelijke triage" in signal_page
    assert "Hertriage (nieuwe feiten)" not in signal_page  # the three decisions replace it
    for user in (org.triage, org.investigator, org.policy):
        client.force_login(user)
        assert client.get("/triage/landelijk/").status_code == 404
        assert "/triage/landelijk/" not in client.get("/").content.decode()
    client.force_login(org.triage)
    assert "Besluit landelijke triage" not in client.get(f"/meldingen/{referred.pk}/").content.decode()


def test_the_form_posts_redirects_and_keeps_invalid_input(client, org, referred):
    client.force_login(org.triage_national)
    url = f"/triage/landelijk/melding/{referred.pk}/besluit/"
    bad = client.post(url, {"outcome": "prosecutor", "reason": "Naar het OM want strafbaar.",
                            "version": referred.version})
    assert bad.status_code == 302 and bad.url == f"/meldingen/{referred.pk}/"
    page = client.get(bad.url).content.decode()
    assert "Leg de datum van overdracht vast." in page and "Naar het OM want strafbaar." in page
    good = client.post(url, {"outcome": "return", "reason": REASON, "version": referred.version})
    assert good.status_code == 302 and good.url == "/triage/landelijk/"
    referred.refresh_from_db()
    assert referred.status == Signal.Status.RETURNED
    # A stale second tab: a clear message, nothing changed.
    again = client.post(url, {"outcome": "take_on", "reason": REASON, "version": 1}, follow=True)
    assert "al besloten" in again.content.decode()
    # Nonsense never ends in a 500.
    assert client.post(url, {"outcome": "x" * 300, "version": "abc"}).status_code == 302
    client.force_login(org.triage)
    assert client.post(url, {"outcome": "take_on", "reason": REASON}).status_code in (302, 404)
    assert NationalDecision.objects.filter(signal=referred).count() == 1


def test_a_returned_signal_gets_a_fresh_term_from_its_return(org, make_signal, triage_to):
    """Tester t7: a signal sent back by the national triage arrived in the unit's tasks already two
    months overdue (its term counted from the receipt)."""
    from django.utils import timezone

    from vik.core.workdays import add_working_days

    signal = make_signal(received_ago=90)
    triage_to(signal, Route.NATIONAL)
    signal.refresh_from_db()
    _decide(org.triage_national, signal, NationalDecision.Outcome.RETURN)
    (task,) = [t for t in my_tasks(org.triage) if t.reference == signal.reference]
    assert task.due == add_working_days(timezone.localdate(), 10)


def test_reference_names_are_shown_in_english_in_the_english_interface(client, org, referred):
    """Tester t7: in English the national page (and every other list) showed the themes in Dutch.
    The names VIK ships with are in the catalogue; a name an administrator typed stays as typed."""
    referred.theme.name = "Omgaan met informatie"
    referred.theme.save()
    client.force_login(org.triage_national)
    assert "Omgaan met informatie" in client.get("/triage/landelijk/").content.decode()
    client.cookies["django_language"] = "en"  # chosen in the language menu
    page = client.get("/triage/landelijk/").content.decode()
    assert "Handling information" in page and "Omgaan met informatie" not in page
    referred.theme.name = "Eigen thema van de beheerder"
    referred.theme.save()
    page = client.get("/triage/landelijk/").content.decode()
    assert "Eigen thema van de beheerder" in page
