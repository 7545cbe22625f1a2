"""Issue 12: no input of the monitoring app ends in a 500. Every form field and query parameter is
fuzzed; refusals are Dutch, and what the user typed is shown again."""

import datetime as dt

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.monitoring import services
from vik.monitoring.models import Alert, ImportRun, RevealRequest

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
anything = st.text(max_size=300)
typed = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                max_size=120).filter(lambda s: s.strip() == s and s)
numbers = st.one_of(st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str), anything)


@pytest.fixture
def socs(db):
    return (UserFactory(username="soc1", roles=[Role.SOC_ANALYST]),
            UserFactory(username="soc2", roles=[Role.SOC_ANALYST]))


@pytest.fixture
def alert(db):
    run = ImportRun.objects.create(data_dir="x", state=ImportRun.State.DONE, progress=100,
                                   finished_at=dt.datetime(2026, 3, 8, tzinfo=dt.UTC),
                                   user_days=100, alert_count=1)
    moment = dt.datetime(2026, 3, 8, 17, 50, tzinfo=dt.UTC)
    return Alert.objects.create(
        run=run, alert_id="PM-1", rank=1, user_ref="U1", pseudonym=services.pseudonym("U1"),
        unit="Basisteam A", role="agent", start=moment, end=moment, score=1.0,
        rules=["OFF_DUTY"], event_ids=["E1"], explanation="Een opvraging.", timeline=[])


def _ok(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(status=anything, page=numbers)
def test_queue_parameters(client, socs, alert, status, page):
    client.force_login(socs[0])
    response = client.get("/monitoring/meldingen/", {"status": status, "page": page})
    # A NUL character is refused before any view (core.middleware), everything else is a page.
    assert response.status_code == (400 if "\x00" in f"{status}{page}" else 200)


@FUZZ
@given(pk=st.integers(min_value=0, max_value=10 ** 40), action=st.from_regex(r"[-a-zA-Z0-9_]{1,30}",
                                                                             fullmatch=True))
def test_ids_and_actions_in_urls(client, socs, alert, pk, action):
    client.force_login(socs[0])
    for url in (f"/monitoring/meldingen/{pk}/", f"/monitoring/import/{pk}/"):
        assert client.get(url).status_code in (200, 404)
    _ok(client.post(f"/monitoring/meldingen/{alert.pk}/{action}/", {}))
    _ok(client.post(f"/monitoring/meldingen/{pk}/verdict/", {}))


@FUZZ
@given(verdict=anything, reason=anything, scope=anything)
def test_verdict_form(client, socs, alert, verdict, reason, scope):
    client.force_login(socs[0])
    response = client.post(f"/monitoring/meldingen/{alert.pk}/verdict/",
                           {"verdict": verdict, "reason": reason, "scope": scope})
    assert response.status_code in (302, 400)


@FUZZ
@given(reason=typed)
def test_typed_verdict_reason_survives_an_error(client, socs, alert, reason):
    client.force_login(socs[0])
    response = client.post(f"/monitoring/meldingen/{alert.pk}/verdict/",
                           {"verdict": "legitimate", "reason": reason, "scope": "nergens"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    page = response.content.decode()
    assert escape(reason) in page and "Kies waarvoor het oordeel geldt" in page or \
        "Kies een van de aangeboden mogelijkheden." in page


@FUZZ
@given(reason=anything)
def test_reveal_request_form(client, socs, alert, reason):
    RevealRequest.objects.all().delete()
    client.force_login(socs[0])
    response = client.post(f"/monitoring/meldingen/{alert.pk}/reveal/", {"reason": reason})
    if "\x00" in reason:  # refused before any view (RefuseNulCharactersMiddleware)
        assert response.status_code == 400
        return
    assert response.status_code == 302
    if not RevealRequest.objects.exists() and reason.strip():
        page = client.get(response["Location"]).content.decode()  # the typed reason is kept
        assert escape(reason.strip()) in page or escape(reason) in page


@FUZZ
@given(request_id=numbers, approve=anything, note=anything)
def test_reveal_decision_form(client, socs, alert, request_id, approve, note):
    soc1, soc2 = socs
    RevealRequest.objects.all().delete()
    RevealRequest.objects.create(alert=alert, requested_by=soc1, reason="Een goede reden hier.")
    client.force_login(soc2)
    response = client.post(f"/monitoring/meldingen/{alert.pk}/decide/",
                           {"request_id": request_id, "approve": approve, "note": note})
    assert response.status_code in (302, 400)


@FUZZ
@given(approve=anything, note=anything, state=anything)
def test_scope_confirmation_form(client, socs, alert, approve, note, state):
    soc1, soc2 = socs
    Alert.objects.filter(pk=alert.pk).update(state="legitimate", verdict_scope="rules", reviewed_by=soc1,
                                             scope_confirmed_by=None)
    client.force_login(soc2)
    response = client.post(f"/monitoring/meldingen/{alert.pk}/scope/",
                           {"approve": approve, "note": note, "state": state})
    assert response.status_code in (302, 400)


@FUZZ
@given(name=st.text(min_size=1, max_size=80), content=st.binary(max_size=2000))
def test_upload_form(client, socs, name, content):
    try:
        upload = SimpleUploadedFile(name, content)
    except SuspiciousFileOperation:  # the test client itself refuses such a name
        assume(False)
    client.force_login(socs[0])
    response = client.post("/monitoring/import/", {"files": [upload]})
    assert response.status_code in (302, 400)
    ImportRun.objects.all().delete()


@FUZZ
@given(hx=anything)
def test_progress_page_with_any_header(client, socs, hx):
    run = ImportRun.objects.create(data_dir="x")
    client.force_login(socs[0])
    assert client.get(f"/monitoring/import/{run.pk}/", HTTP_HX_REQUEST=hx).status_code == 200


def test_a_request_of_another_alert_is_a_dutch_form_error(client, socs, alert):
    soc1, soc2 = socs
    other = Alert.objects.create(**{**{f.name: getattr(alert, f.name) for f in Alert._meta.fields
                                       if f.name not in ("id", "alert_id")}, "alert_id": "PM-2"})
    req = RevealRequest.objects.create(alert=other, requested_by=soc1, reason="Een goede reden.")
    RevealRequest.objects.create(alert=alert, requested_by=soc1, reason="Een goede reden.")
    client.force_login(soc2)
    response = client.post(f"/monitoring/meldingen/{alert.pk}/decide/",
                           {"request_id": req.pk, "approve": "1", "note": ""}, follow=True)
    assert response.redirect_chain == [(f"/monitoring/meldingen/{alert.pk}/", 302)]
    assert "hoort niet bij deze melding" in response.content.decode()
    assert RevealRequest.objects.get(pk=req.pk).state == RevealRequest.State.PENDING
