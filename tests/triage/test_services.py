import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import all_scores
from vik.core.errors import ConcurrentEditError, PermissionDeniedError
from vik.signals.models import Signal
from vik.triage.models import Route, TriageDecision
from vik.triage.services import DecisionInput, record_line_report, record_triage_decision


def test_decision_needs_rationale_and_every_criterion(org, make_signal):
    signal = make_signal()
    scores = all_scores()
    scores.pop("severity")
    with pytest.raises(ValidationError) as exc:
        record_triage_decision(org.triage, signal, DecisionInput(
            route=Route.NO_ACTION, rationale="kort", scores=scores))
    errors = exc.value.message_dict
    assert "rationale" in errors and "score_severity" in errors
    assert not TriageDecision.objects.exists()


def test_score_out_of_range_is_refused(org, make_signal):
    signal = make_signal()
    scores = all_scores()
    scores["impact"] = 7
    with pytest.raises(ValidationError) as exc:
        record_triage_decision(org.triage, signal, DecisionInput(
            route=Route.NO_ACTION, rationale="Geen aanwijzingen voor plichtsverzuim.",
            scores=scores))
    assert "score_impact" in exc.value.message_dict


def test_line_route_requires_manager_and_future_follow_up(org, make_signal):
    signal = make_signal()
    with pytest.raises(ValidationError) as exc:
        record_triage_decision(org.triage, signal, DecisionInput(
            route=Route.LINE, rationale="Past bij een lijngesprek.", scores=all_scores()))
    assert {"line_manager", "follow_up_due"} <= set(exc.value.message_dict)
    decision = record_triage_decision(org.triage, signal, DecisionInput(
        route=Route.LINE, rationale="Past bij een lijngesprek.", scores=all_scores(),
        line_manager=org.manager.employee,
        follow_up_due=timezone.localdate() + dt.timedelta(days=20)))
    signal.refresh_from_db()
    assert signal.status == Signal.Status.IN_LINE and decision.current


def test_line_manager_who_is_subject_cannot_be_chosen(org, make_signal):
    signal = make_signal(subjects=[org.officer, org.manager.employee])
    with pytest.raises(ValidationError) as exc:
        record_triage_decision(org.triage, signal, DecisionInput(
            route=Route.LINE, rationale="Past bij een lijngesprek.", scores=all_scores(),
            line_manager=org.manager.employee,
            follow_up_due=timezone.localdate() + dt.timedelta(days=20)))
    assert "line_manager" in exc.value.message_dict


def test_criminal_route_records_the_handover(org, make_signal):
    signal = make_signal()
    with pytest.raises(ValidationError) as exc:
        record_triage_decision(org.triage, signal, DecisionInput(
            route=Route.CRIMINAL, rationale="Mogelijk strafbaar lekken.", scores=all_scores()))
    assert {"handover_to", "handover_on"} <= set(exc.value.message_dict)
    decision = record_triage_decision(org.triage, signal, DecisionInput(
        route=Route.CRIMINAL, rationale="Mogelijk strafbaar lekken.", scores=all_scores(),
        handover_to="Rijksrecherche", handover_on=timezone.localdate()))
    assert decision.handover_to == "Rijksrecherche"
    signal.refresh_from_db()
    assert signal.status == Signal.Status.HANDED_OVER


def test_retriage_keeps_history_and_needs_new_facts(org, make_signal, triage_to):
    signal = make_signal()
    first = triage_to(signal, Route.NO_ACTION)
    with pytest.raises(ValidationError) as exc:
        triage_to(signal, Route.DISCIPLINARY)
    assert "retriage_reason" in exc.value.message_dict
    second = triage_to(signal, Route.DISCIPLINARY,
                       retriage_reason="Tweede melder met screenshots van de raadpleging.")
    first.refresh_from_db()
    assert not first.current and second.current and second.supersedes == first
    assert TriageDecision.objects.filter(signal=signal).count() == 2


def test_stale_version_is_refused_as_concurrent_edit(org, make_signal):
    signal = make_signal()
    stale = signal.version
    record_triage_decision(org.triage, signal, DecisionInput(
        route=Route.NO_ACTION, rationale="Geen aanwijzingen voor plichtsverzuim.",
        scores=all_scores()), expected_version=stale)
    with pytest.raises(ConcurrentEditError):
        record_triage_decision(org.triage2, Signal.objects.get(pk=signal.pk), DecisionInput(
            route=Route.DISCIPLINARY, rationale="Toch een onderzoek nodig.", scores=all_scores(),
            retriage_reason="Nieuwe feiten."), expected_version=stale)


def test_triage_of_other_region_and_of_conflicted_member_is_refused(org, make_signal):
    signal = make_signal()
    with pytest.raises(PermissionDeniedError):
        record_triage_decision(org.triage_b, signal, DecisionInput(
            route=Route.NO_ACTION, rationale="Geen aanwijzingen.", scores=all_scores()))
    reported_by_triage2 = make_signal(reporter=org.triage2.employee)
    with pytest.raises(PermissionDeniedError):
        record_triage_decision(org.triage2, reported_by_triage2, DecisionInput(
            route=Route.NO_ACTION, rationale="Geen aanwijzingen.", scores=all_scores()))


def test_line_report_by_the_named_manager_closes_the_signal(org, make_signal, triage_to):
    signal = make_signal()
    decision = triage_to(signal, Route.LINE, line_manager=org.manager.employee,
                         follow_up_due=timezone.localdate() + dt.timedelta(days=10))
    with pytest.raises(PermissionDeniedError):
        record_line_report(org.investigator, decision, "Gesprek gevoerd met betrokkene.")
    record_line_report(org.manager, decision, "Gesprek gevoerd; afspraken vastgelegd.")
    signal.refresh_from_db()
    assert signal.status == Signal.Status.CLOSED
    with pytest.raises(ValidationError):
        record_line_report(org.manager, decision, "Nog een keer teruggekoppeld.")


def test_session_groups_decisions_and_closes(client, org, make_signal):
    from vik.triage.models import TriageSession

    first, second = make_signal(), make_signal()
    client.force_login(org.triage)
    response = client.post("/triage/overleg/", {"held_on": timezone.localdate().isoformat(),
                                                "participants": [org.triage2.pk]})
    session = TriageSession.objects.get()
    assert response["Location"] == f"/triage/overleg/{session.pk}/"
    assert set(session.participants.values_list("username", flat=True)) == {"triage", "triage2"}
    page = client.get(f"/triage/overleg/{session.pk}/")
    assert first.reference in page.text and second.reference in page.text
    signal_page = client.get(f"/meldingen/{first.pk}/?sessie={session.pk}")
    assert "terug naar het overleg" in signal_page.text
    client.post(f"/triage/melding/{first.pk}/besluit/", {
        "session": session.pk, "route": "no_action", "version": first.version,
        "rationale": "Geen aanwijzingen voor plichtsverzuim.",
        **{f"score_{k}": v for k, v in all_scores().items()}})
    assert first.triage_decisions.get().session == session
    client.post(f"/triage/overleg/{session.pk}/", {"do": "close"})
    session.refresh_from_db()
    assert session.closed
    with pytest.raises(ValidationError):
        record_triage_decision(org.triage, second, DecisionInput(
            route=Route.NO_ACTION, rationale="Geen aanwijzingen.", scores=all_scores(),
            session=session))
    client.force_login(org.investigator)
    assert client.get(f"/triage/overleg/{session.pk}/").status_code == 404
