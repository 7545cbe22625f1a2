import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import all_scores
from vik.audit.models import AuditEvent
from vik.signals.models import Signal


def _client(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _payload(org, **kw):
    data = {"received_on": timezone.localdate().isoformat(), "channel": "protective_monitoring",
            "region": "RA", "theme": "system_misuse",
            "description": "Alert: opvragingen van buren buiten dienst.",
            "subjects": [org.officer.personnel_number], "source_reference": "PM-000123"}
    data.update(kw)
    return data


def test_create_signal_via_api_with_token(org):
    response = _client(org.triage).post("/api/signals/", _payload(org), format="json")
    assert response.status_code == 201, response.content
    signal = Signal.objects.get(reference=response.json()["reference"])
    assert signal.channel == "protective_monitoring" and signal.source_reference == "PM-000123"


def test_api_validation_errors_name_the_field(org):
    response = _client(org.triage).post(
        "/api/signals/", _payload(org, subjects=["P000000"], theme="onbekend"), format="json")
    assert response.status_code == 400
    body = response.json()
    assert "subjects" in body and "theme" in body
    assert not Signal.objects.exists()


def test_api_refuses_creation_without_role_in_dutch(org):
    response = _client(org.nobody).post("/api/signals/", _payload(org), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "U mag geen meldingen registreren."


def test_api_requires_authentication(org):
    assert APIClient().get("/api/signals/").status_code in (401, 403)


def test_invisible_signal_answers_404_and_is_audited(org, make_signal):
    signal = make_signal()
    response = _client(org.triage_b).get(f"/api/signals/{signal.pk}/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=org.triage_b, action="denied",
                                     object_id=str(signal.pk)).exists()
    listing = _client(org.triage_b).get("/api/signals/").json()
    assert listing["count"] == 0
    assert _client(org.triage).get("/api/signals/").json()["count"] == 1


def test_triage_decision_via_api_and_history(org, make_signal):
    signal = make_signal()
    client = _client(org.triage)
    bad = client.post(f"/api/signals/{signal.pk}/triage-decisions/",
                      {"route": "no_action", "rationale": "x", "scores": {}}, format="json")
    assert bad.status_code == 400 and "rationale" in bad.json()
    ok = client.post(f"/api/signals/{signal.pk}/triage-decisions/",
                     {"route": "no_action", "rationale": "Geen aanwijzingen voor plichtsverzuim.",
                      "scores": all_scores(), "expected_version": signal.version}, format="json")
    assert ok.status_code == 201, ok.content
    stale = client.post(f"/api/signals/{signal.pk}/triage-decisions/",
                        {"route": "disciplinary", "rationale": "Toch een onderzoek nodig.",
                         "scores": all_scores(), "retriage_reason": "Nieuwe feiten.",
                         "expected_version": signal.version}, format="json")
    assert stale.status_code == 409
    history = client.get(f"/api/signals/{signal.pk}/triage-decisions/").json()
    assert [d["route"] for d in history] == ["no_action"]


def test_cases_endpoint_lists_only_member_cases(org, disciplinary_case):
    mine = _client(org.investigator).get("/api/cases/").json()
    assert [c["reference"] for c in mine["results"]] == [disciplinary_case.reference]
    assert _client(org.investigator2).get("/api/cases/").json()["count"] == 0
    assert _client(org.investigator2).get(
        f"/api/cases/{disciplinary_case.pk}/").status_code == 404


@pytest.mark.django_db
def test_openapi_schema_is_served_and_committed_copy_is_current(client, org):
    from pathlib import Path

    client.force_login(org.triage)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
    assert committed.read_text() == response.content.decode(), (
        "docs/openapi.yaml is out of date: run `vik spectacular --file docs/openapi.yaml`")


def test_a_forged_choice_is_refused_without_repeating_it(org):
    """What the forms do, the API does: a forged choice is not echoed (tester t36 left-over)."""
    forged = "<b>vervalst</b>"
    response = _client(org.triage).post("/api/signals/", _payload(org, channel=forged), format="json")
    assert response.status_code == 400
    assert response.json()["channel"] == ["Kies een van de aangeboden mogelijkheden."]
    assert "vervalst" not in response.content.decode()


def test_a_browser_gets_json_not_drfs_english_pages(client, org):
    """Tester t37: /api/signals/ in the browser showed DRF's English "Api Root … Signal List" page."""
    client.force_login(org.triage)
    response = client.get("/api/signals/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/api/docs/").status_code == 200  # the readable documentation stays
