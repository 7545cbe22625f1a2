"""Idle timeout with a warning (issue 14, item 4; ASVS V3.3)."""

import time

import pytest

from vik.core import idle


@pytest.fixture
def clock(monkeypatch):
    now = [time.time()]
    monkeypatch.setattr(idle.time, "time", lambda: now[0])
    return now


@pytest.mark.django_db
def test_a_session_idle_too_long_is_signed_out_with_a_dutch_message(client, org, clock, settings):
    client.force_login(org.triage)
    assert client.get("/").status_code == 200
    clock[0] += settings.VIK_IDLE_SECONDS - 60
    assert client.get("/").status_code == 200  # active: the idle time starts again
    clock[0] += settings.VIK_IDLE_SECONDS - 60
    assert client.get("/").status_code == 200
    clock[0] += settings.VIK_IDLE_SECONDS + 1
    response = client.get("/meldingen/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/?next=/meldingen/")
    page = client.get(response["Location"]).content.decode()
    assert "automatisch uitgelogd na 30 minuten zonder activiteit" in page
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_staying_signed_in_counts_as_activity_and_needs_a_session(client, org, clock, settings):
    assert client.post("/sessie/actief/").status_code == 401
    client.force_login(org.triage)
    client.get("/")
    clock[0] += settings.VIK_IDLE_SECONDS - 10
    assert client.post("/sessie/actief/").status_code == 204
    clock[0] += settings.VIK_IDLE_SECONDS - 10
    assert client.get("/").status_code == 200
    assert client.get("/sessie/actief/").status_code == 405


@pytest.mark.django_db
def test_a_background_request_after_the_timeout_sends_the_page_to_the_login(client, org, clock, settings):
    client.force_login(org.triage)
    client.get("/")
    clock[0] += settings.VIK_IDLE_SECONDS + 1
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response["HX-Redirect"] == "/inloggen/"


@pytest.mark.django_db
def test_the_anonymous_channel_leaves_no_activity_time_in_the_session(client, org, clock, settings):
    client.force_login(org.triage)
    client.get("/vertrouwelijk/anoniem/")
    assert idle.SEEN not in client.session
    client.get("/")
    assert idle.SEEN in client.session
