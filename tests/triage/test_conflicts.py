"""Conflict of interest on every path of triage (issue 14, finding 1): the session page does not
list decisions on signals the viewer may not see, and nobody with a conflict takes part in a
decision."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import all_scores
from vik.triage import services
from vik.triage.models import Route, TriageSession

pytestmark = pytest.mark.django_db


def _session(org, *participants):
    return services.open_session(org.triage, org.region_a, timezone.localdate(), list(participants))


def _decide(org, signal, session, participants, actor=None):
    data = services.DecisionInput(route=Route.CRIMINAL, rationale="Ernstig genoeg voor het OM.",
                                  scores=all_scores(), session=session, participants=participants,
                                  handover_to="OM", handover_on=timezone.localdate())
    return services.record_triage_decision(actor or org.triage, signal, data)


def test_the_session_page_lists_only_decisions_on_signals_the_viewer_may_see(client, org, make_signal):
    # triage2 is the betrokkene of one signal (a triage member under suspicion himself).
    about_him = make_signal(subjects=[org.triage2.employee])
    other = make_signal()
    session = _session(org, org.triage2)
    _decide(org, about_him, session, [])
    _decide(org, other, session, [])
    client.force_login(org.triage2)
    html = client.get(f"/triage/overleg/{session.pk}/").content.decode()
    assert other.reference in html
    assert about_him.reference not in html and "Strafrechtelijk" not in html.split(other.reference)[0]
    client.force_login(org.triage)
    html = client.get(f"/triage/overleg/{session.pk}/").content.decode()
    assert about_him.reference in html and other.reference in html


def test_a_member_with_a_conflict_cannot_be_a_participant_of_the_decision(org, make_signal):
    signal = make_signal(subjects=[org.triage2.employee])
    session = _session(org, org.triage2)
    with pytest.raises(ValidationError) as refused:
        _decide(org, signal, session, [org.triage2])
    assert "belangenconflict" in str(refused.value.message_dict["participants"])
    assert not signal.triage_decisions.exists()
    decision = _decide(org, signal, session, [])
    assert org.triage2 not in decision.participants.all()


def test_the_decision_form_does_not_offer_conflicted_members(client, org, make_signal):
    signal = make_signal(reporter=org.triage2.employee)
    _session(org, org.triage2)
    client.force_login(org.triage)
    response = client.get(f"/meldingen/{signal.pk}/")
    form = response.context["decision_form"]
    offered = set(form.fields["participants"].queryset)
    assert org.triage in offered and org.triage2 not in offered
    assert org.triage2 not in form.initial.get("participants", [])
    assert TriageSession.objects.count() == 1
