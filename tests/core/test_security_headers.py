"""Headers every answer carries: the content security policy, no caching of what a signed-in user
sees, and the API's description only for signed-in users (issue 14, findings 11)."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "vik"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_every_page_has_a_policy_that_allows_only_own_scripts(client, org):
    for response in (client.get("/inloggen/"), client.get("/bestaat-niet/")):
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
    client.force_login(org.triage)
    assert _policy(client.get("/"))["script-src"] == ["'self'"]


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{template}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template}: {match.group(0).strip()}")
    assert not offenders, offenders


@pytest.mark.django_db
def test_pages_for_a_signed_in_user_are_not_stored(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    for path in ("/", f"/meldingen/{signal.pk}/", f"/api/signals/{signal.pk}/", "/meldingen/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


@pytest.mark.django_db
def test_api_description_only_for_signed_in_users(client, org):
    for path in ("/api/schema/", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/"), path
    client.force_login(org.triage)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI from our own static files, started by a script file, nothing from a CDN.
    assert "cdn." not in html and "unpkg" not in html
    assert not [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_and_lasts_one_shift(client, org):
    org.triage.set_password("juist-wachtwoord-1")
    org.triage.save()
    response = client.post("/inloggen/", {"username": org.triage.username, "password": "juist-wachtwoord-1"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert int(cookie["max-age"]) == 8 * 3600
    assert cookie["samesite"] == "Lax"
