"""Issue 12 ("dates out of order"), tester t15: an investigation started 20 days before the triage
decision that chose its route. A triage decision now has its day (recorded later, after the
meeting), between the signal's receipt and today and not before the decision it replaces; a case
starts on or after that day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import all_scores
from vik.investigations import services as inv
from vik.investigations.models import CaseType
from vik.triage import services as tri
from vik.triage.models import Route

pytestmark = pytest.mark.django_db


def _decide(org, signal, **extra):
    return tri.record_triage_decision(org.triage, signal, tri.DecisionInput(
        route=Route.DISCIPLINARY, rationale="Ernstig genoeg voor een onderzoek.", scores=all_scores(), **extra))


def _open(org, signal, opened_on):
    return inv.open_case(org.triage, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer, authority=org.authority,
        lead_investigator=org.investigator, opened_on=opened_on))


def test_a_case_does_not_start_before_its_triage_decision(org, make_signal):
    today = timezone.localdate()
    signal = make_signal(received_ago=30)
    _decide(org, signal)  # decided today
    with pytest.raises(ValidationError) as exc:
        _open(org, signal, today - dt.timedelta(days=20))
    assert "vóór het triagebesluit" in exc.value.message_dict["opened_on"][0]
    assert _open(org, signal, today).opened_on == today


def test_a_decision_recorded_later_keeps_its_day(org, make_signal):
    today = timezone.localdate()
    signal = make_signal(received_ago=30)
    day = today - dt.timedelta(days=25)
    decision = _decide(org, signal, decided_on=day)
    assert timezone.localtime(decision.decided_at).date() == day
    assert _open(org, signal, day).opened_on == day


@pytest.mark.parametrize("days_ago, words", [(31, "ontvangst van de melding"), (-1, "toekomst")])
def test_a_decision_day_outside_receipt_and_today_is_refused(org, make_signal, days_ago, words):
    signal = make_signal(received_ago=30)
    with pytest.raises(ValidationError) as exc:
        _decide(org, signal, decided_on=timezone.localdate() - dt.timedelta(days=days_ago))
    assert words in exc.value.message_dict["decided_on"][0]


def test_a_retriage_does_not_precede_the_decision_it_replaces(org, make_signal):
    today = timezone.localdate()
    signal = make_signal(received_ago=30)
    _decide(org, signal, decided_on=today - dt.timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        _decide(org, signal, decided_on=today - dt.timedelta(days=20), retriage_reason="Nieuwe feiten bekend.")
    assert "vorige triagebesluit" in exc.value.message_dict["decided_on"][0]


def test_the_form_takes_the_day_and_keeps_the_input_when_it_is_wrong(client, org, make_signal):
    signal = make_signal(received_ago=30)
    client.force_login(org.triage)
    data = {"route": Route.DISCIPLINARY, "rationale": "Ernstig genoeg voor een onderzoek.",
            "decided_on": (timezone.localdate() - dt.timedelta(days=40)).strftime("%d-%m-%Y"),
            **{f"score_{k}": v for k, v in all_scores().items()}}
    html = client.post(f"/triage/melding/{signal.pk}/besluit/", data, follow=True).content.decode()
    assert "ontvangst van de melding" in html and "Ernstig genoeg voor een onderzoek." in html
    assert not signal.triage_decisions.exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(received_ago=st.integers(0, 60), decided_ago=st.integers(-3, 70), opened_ago=st.integers(-3, 70))
def test_the_order_receipt_decision_start_always_holds(org, make_signal, received_ago, decided_ago, opened_ago):
    """Whatever days are given, what is recorded keeps receipt <= decision <= start <= today."""
    today = timezone.localdate()
    signal = make_signal(received_ago=received_ago)
    try:
        decision = _decide(org, signal, decided_on=today - dt.timedelta(days=decided_ago))
        case = _open(org, signal, today - dt.timedelta(days=opened_ago))
    except ValidationError:
        pass
    else:
        decided = timezone.localtime(decision.decided_at).date()
        assert signal.received_on <= decided <= case.opened_on <= today
