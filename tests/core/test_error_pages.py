"""The error pages in production (DEBUG off) are Dutch and show the way back: home and help for a
logged-in user, the login and the anonymous reporting channel for everyone else."""

import pytest
from django.test import RequestFactory, override_settings
from django.views import defaults

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_an_unknown_url_gives_the_dutch_404_page_with_a_way_to_log_in(client):
    response = client.get("/bestaat/niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden of geen toegang" in html
    assert 'href="/inloggen/"' in html and "Inloggen" in html
    assert "Page not found" not in html and "Traceback" not in html and "URLconf" not in html


@override_settings(DEBUG=False)
def test_a_logged_in_user_gets_links_home_and_to_help(client, org):
    client.force_login(org.triage)
    html = client.get("/onderzoeken/999999999/").content.decode()
    assert "Pagina niet gevonden of geen toegang" in html
    assert 'href="/"' in html and "Naar Mijn taken" in html
    assert "Hulp en beroepscode" in html


@override_settings(DEBUG=False)
def test_the_500_page_is_dutch_and_needs_no_context():
    response = defaults.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html and 'href="/"' in html


@override_settings(DEBUG=False)
def test_the_500_page_does_not_lie_about_the_session(org):
    """Issue 12: a logged-in user was offered "Inloggen" on the 500 page. The page knows nothing
    of the session, so it offers only a neutral way back that works either way."""
    request = RequestFactory().get("/")
    request.user = org.triage
    html = defaults.server_error(request).content.decode()
    assert "Inloggen" not in html and "/inloggen/" not in html
    assert "Naar Mijn taken" not in html
    assert 'href="/">Naar de startpagina' in html


@override_settings(DEBUG=False)
def test_the_403_and_400_pages_are_dutch(client):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert "Geen toegang" in defaults.permission_denied(request, None).content.decode()
    assert "Ongeldig verzoek" in defaults.bad_request(request, None).content.decode()


@override_settings(DEBUG=False)
def test_a_form_without_csrf_token_gets_a_dutch_explanation(org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org.triage)
    response = client.post("/meldingen/nieuw/", {})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_form_address_opened_as_a_page_gives_a_dutch_way_back(client, org):
    """Found by a newcomer: the address bar after a refused form, reopened, showed Chromium's bare
    English "HTTP ERROR 405"."""
    client.force_login(org.triage)
    response = client.get("/uitloggen/")
    html = response.content.decode()
    assert response.status_code == 405
    assert "Dit adres hoort bij een formulier" in html and 'href="/"' in html
    api = client.get("/api/signals/1/triage-decisions/", HTTP_ACCEPT="application/json")
    assert api.status_code != 405 or "Dit adres hoort" not in api.content.decode()


@override_settings(DEBUG=False)
def test_a_nul_character_in_any_input_is_a_dutch_400(client, org):
    """Found by the fuzz harness on PostgreSQL: a NUL in a lookup value ended in a DataError (500)."""
    client.force_login(org.triage)
    assert client.get("/meldingen/", {"q": "a\x00b"}).status_code == 400
    response = client.post("/meldingen/nieuw/", {"description": "tekst\x00"})
    assert response.status_code == 400
    api = client.post("/api/signals/", data='{"theme": "\\u0000"}', content_type="application/json")
    assert api.status_code == 400 and "NUL" in api.json()["detail"]
    assert client.get("/meldingen/", {"q": "gewoon"}).status_code == 200
