"""Single sign-on against a real OpenID Connect provider (django-oidc-provider in a subprocess, see
`oidc_provider/`), driven with Django's test client on VIK's side and plain HTTP on the provider's:
the code flow with PKCE, the claims mapped to VIK's user, roles and unit, refusals, and signing out
at the provider. The same journey in Chromium is `test_single_sign_on_browser.py`."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.factories import EmployeeFactory
from vik.accounts.models import Role, User
from vik.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

TESTSERVER = "http://testserver"


def _start(client) -> str:
    """VIK's side of the start: the address of the provider's authorization endpoint."""
    response = client.get("/inloggen/politie-account/")
    assert response.status_code == 302
    return response["Location"]


def _sign_in_at_provider(provider, authorize_url: str, username: str, http=None) -> str:
    """What the browser does at the provider: its login page, then back to VIK; returns VIK's
    callback address (path and query) the provider redirects to."""
    http = http or requests.Session()
    page = http.get(authorize_url, timeout=10)
    assert page.ok and "Test identity provider" in page.text
    answer = http.post(page.url, timeout=10, allow_redirects=False, data={
        "username": username, "password": provider.password,
        "csrfmiddlewaretoken": http.cookies["csrftoken"],
        "next": parse_qs(urlsplit(page.url).query)["next"][0],
    }, headers={"Referer": page.url})
    location = answer.headers["Location"]
    for _ in range(5):
        if location.startswith(TESTSERVER):
            return location[len(TESTSERVER):]
        if location.startswith("/"):
            location = provider.origin + location
        answer = http.get(location, timeout=10, allow_redirects=False)
        location = answer.headers["Location"]
    raise AssertionError(f"the provider never sent the browser back to VIK: {location}")


def _sso_login(client, provider, username: str):
    return client.get(_sign_in_at_provider(provider, _start(client), username))


@pytest.fixture
def provider(sso_settings, oidc_provider):
    oidc_provider.allow(TESTSERVER)
    return oidc_provider


def test_without_configuration_the_login_page_is_unchanged_and_sso_is_not_there(client, org):
    page = client.get("/inloggen/").content.decode()
    assert "politie-account" not in page and "Gebruikersnaam" in page
    assert client.get("/inloggen/politie-account/").status_code == 404
    assert client.get("/inloggen/politie-account/terug/?code=x&state=y").status_code == 404


def test_the_login_page_offers_the_police_account_above_the_local_login(client, org, provider):
    page = client.get("/inloggen/?next=/meldingen/").content.decode()
    assert "Inloggen met politie-account" in page
    assert page.index("Inloggen met politie-account") < page.index('name="password"')
    assert 'href="/inloggen/politie-account/?next=/meldingen/"' in page


def test_the_start_is_the_code_flow_with_pkce_state_and_nonce(client, org, provider):
    location = _start(client)
    assert location.startswith(provider.issuer + "/authorize")
    query = parse_qs(urlsplit(location).query)
    assert query["response_type"] == ["code"] and query["client_id"] == [provider.client_id]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert "vik" in query["scope"][0].split()
    assert query["redirect_uri"] == [TESTSERVER + "/inloggen/politie-account/terug/"]


def test_a_known_personnel_number_signs_in_with_the_mapped_roles_and_unit(client, org, provider):
    employee = EmployeeFactory(personnel_number="P123456", unit=org.vik_a, first_name="Fenna",
                               surname="Visser")
    provider.set_claims("agent", {"personnel_number": "P123456",
                                  "roles": ["triage", "policy", "POL-ONBEKENDE-ROL"], "unit": "BA"})
    response = _sso_login(client, provider, "agent")
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(employee=employee)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not user.has_usable_password()  # signs in through the provider only
    assert set(user.groups.values_list("name", flat=True)) == {Role.TRIAGE, Role.POLICY}
    employee.refresh_from_db()
    assert employee.unit == org.patrol
    home = client.get("/")
    assert home.status_code == 200 and "Fenna Visser" in home.content.decode()

    login = AuditEvent.objects.get(action=AuditAction.LOGIN, actor=user)
    assert login.summary == "Ingelogd met politie-account" and login.detail["method"] == "sso"
    assert login.detail["roles"] == [Role.POLICY, Role.TRIAGE]
    change = AuditEvent.objects.get(action=AuditAction.CHANGE, object_type="accounts.user")
    assert change.detail["added"] == [Role.POLICY, Role.TRIAGE] and change.detail["removed"] == []
    assert change.detail["unknown_provider_roles"] == ["POL-ONBEKENDE-ROL"]
    unit = AuditEvent.objects.get(action=AuditAction.CHANGE, object_type="accounts.employee")
    assert unit.detail == {"method": "sso", "from": "VA", "to": "BA"}
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="accounts.user").count() == 1


def test_the_linked_local_account_is_used_and_a_role_the_claims_drop_is_removed_at_the_next_login(
        client, org, provider):
    user = org.triage  # a local account linked to its employee: the same person signs in by SSO
    number = user.employee.personnel_number
    provider.set_claims("agent", {"personnel_number": number, "roles": ["triage", "auditor"]})
    _sso_login(client, provider, "agent")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert set(user.groups.values_list("name", flat=True)) == {Role.TRIAGE, Role.AUDITOR}
    client.post("/uitloggen/")

    provider.set_claims("agent", {"personnel_number": number, "roles": ["auditor"]})
    _sso_login(client, provider, "agent")
    assert set(user.groups.values_list("name", flat=True)) == {Role.AUDITOR}
    changes = AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(user.pk),
                                        object_type="accounts.user").order_by("id")
    assert [(c.detail["added"], c.detail["removed"]) for c in changes] == [
        ([Role.AUDITOR], []), ([], [Role.TRIAGE])]
    # The triage queue is gone with the role.
    assert client.get("/triage/").status_code in (403, 404)


def test_the_page_asked_for_before_signing_in_follows_and_only_on_this_host(client, org, provider):
    user = org.triage
    provider.set_claims("agent", {"personnel_number": user.employee.personnel_number, "roles": ["triage"]})
    start = client.get("/inloggen/politie-account/?next=/meldingen/")["Location"]
    response = client.get(_sign_in_at_provider(provider, start, "agent"))
    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    client.post("/uitloggen/")
    start = client.get("/inloggen/politie-account/?next=https://elders.example/")["Location"]
    response = client.get(_sign_in_at_provider(provider, start, "agent"))
    assert response.status_code == 302 and response["Location"] == "/"


def test_unknown_provider_roles_grant_nothing(client, org, provider, settings):
    settings.VIK_OIDC_ROLE_MAP = {"POL-VIK-TRIAGE": "triage", "POL-VIK-ONDERZOEK": ["investigator_disciplinary"]}
    employee = EmployeeFactory(personnel_number="P222333", unit=org.vik_a)
    provider.set_claims("agent", {"personnel_number": "P222333",
                                  "roles": ["triage", "admin", "POL-VIK-ONDERZOEK"]})
    _sso_login(client, provider, "agent")
    user = User.objects.get(employee=employee)
    assert set(user.groups.values_list("name", flat=True)) == {Role.INVESTIGATOR_DISCIPLINARY}


def test_a_token_without_a_known_personnel_number_is_refused_with_a_dutch_page(client, org, provider):
    provider.set_claims("buitenstaander", {"personnel_number": "X000000", "roles": ["admin"]})
    response = _sso_login(client, provider, "buitenstaander")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Inloggen met politie-account niet gelukt" in html
    assert "geen personeelsnummer dat VIK kent" in html
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="x000000").exists()
    refusal = AuditEvent.objects.get(action=AuditAction.DENIED, object_type="auth.login")
    assert refusal.detail["reason"] == "unknown_personnel_number"
    assert refusal.summary == "Inloggen met politie-account geweigerd: onbekend personeelsnummer"
    assert refusal.detail["personnel_number"] == "X000000"

    provider.set_claims("buitenstaander", {"roles": ["admin"]})  # no personnel number at all
    response = _sso_login(client, provider, "buitenstaander")
    assert response.status_code == 403 and "geen personeelsnummer dat VIK kent" in response.content.decode()


def test_a_blocked_vik_account_is_refused(client, org, provider):
    user = org.investigator
    user.is_active = False
    user.save()
    provider.set_claims("agent", {"personnel_number": user.employee.personnel_number, "roles": ["triage"]})
    response = _sso_login(client, provider, "agent")
    assert response.status_code == 403 and "geblokkeerd" in response.content.decode()
    assert not user.groups.filter(name=Role.TRIAGE).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, detail__reason="inactive").exists()


def test_a_forged_or_replayed_answer_is_refused_without_an_error(client, org, provider):
    employee = EmployeeFactory(personnel_number="P444555", unit=org.vik_a)
    provider.set_claims("agent", {"personnel_number": employee.personnel_number, "roles": ["triage"]})
    callback = _sign_in_at_provider(provider, _start(client), "agent")
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400 and "niet gelukt" in response.content.decode()
    assert client.get(callback).status_code == 302  # the real answer still works once
    client.logout()
    replay = client.get(callback)
    assert replay.status_code == 400 and "_auth_user_id" not in client.session
    # The provider said no (e.g. the user cancelled).
    assert client.get("/inloggen/politie-account/terug/?error=access_denied&state=s").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, detail__reason="failed").count() == 3


def test_a_code_without_the_pkce_verifier_is_refused_by_the_provider(client, org, provider):
    employee = EmployeeFactory(personnel_number="P666777", unit=org.vik_a)
    provider.set_claims("agent", {"personnel_number": employee.personnel_number, "roles": ["triage"]})
    callback = _sign_in_at_provider(provider, _start(client), "agent")
    session = client.session
    state = parse_qs(urlsplit(callback).query)["state"][0]
    states = session["oidc_states"]
    states[state]["code_verifier"] = "x" * 64  # someone who intercepted the code has no verifier
    session["oidc_states"] = states
    session.save()
    response = client.get(callback)
    assert response.status_code == 400 and "_auth_user_id" not in client.session


def test_an_unreachable_provider_gives_a_dutch_page(client, org, provider, settings):
    from vik.accounts import sso

    settings.VIK_OIDC_ISSUER = "http://127.0.0.1:9/openid"
    sso._discovery.clear()
    response = client.get("/inloggen/politie-account/")
    assert response.status_code == 503 and "niet bereikbaar" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, detail__reason="unavailable").exists()


def test_signing_out_ends_the_session_at_the_provider_too(client, org, provider):
    employee = EmployeeFactory(personnel_number="P777888", unit=org.vik_a)
    provider.set_claims("agent2", {"personnel_number": employee.personnel_number, "roles": ["policy"]})
    http = requests.Session()
    client.get(_sign_in_at_provider(provider, _start(client), "agent2", http))
    assert "_auth_user_id" in client.session
    response = client.post("/uitloggen/")
    assert "_auth_user_id" not in client.session
    location = response["Location"]
    assert location.startswith(provider.issuer + "/end-session")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == [TESTSERVER + "/inloggen/"] and query["id_token_hint"]
    back = http.get(location, timeout=10, allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"] == TESTSERVER + "/inloggen/"
    # The provider's session is over: the next sign-in asks for the password again.
    again = http.get(_start(client), timeout=10)
    assert "Test identity provider" in again.text and 'name="password"' in again.text


def test_a_local_sign_out_stays_local(client, org, provider):
    client.force_login(org.triage)
    response = client.post("/uitloggen/")
    assert response.status_code == 302 and response["Location"] == "/inloggen/"


def _settings_in_a_fresh_process(tmp_path, env: dict[str, str], expression: str):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", f"from vik import settings as s; print({expression})"],
        env={**os.environ, "VIK_VAR_DIR": str(tmp_path), "VIK_DEMO": "1", **env},
        capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(False)
def test_the_environment_configures_sso_and_lets_the_provider_receive_the_sign_out(tmp_path):
    done = _settings_in_a_fresh_process(tmp_path, {
        "VIK_OIDC_ISSUER": "https://idp.politie.example/realms/politie/",
        "VIK_OIDC_CLIENT_ID": "vik", "VIK_OIDC_ROLE_MAP": '{"VIK-TRIAGE": "triage"}',
    }, "s.VIK_OIDC_ISSUER, s.VIK_OIDC_ROLE_MAP, s.SECURE_CSP['form-action']")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("https://idp.politie.example/realms/politie {")
    assert "{'VIK-TRIAGE': 'triage'}" in done.stdout and "'https://idp.politie.example'" in done.stdout
    plain = _settings_in_a_fresh_process(tmp_path, {"VIK_OIDC_ISSUER": "", "VIK_OIDC_END_SESSION_ENDPOINT": ""},
                                         "s.SECURE_CSP['form-action']")
    assert plain.stdout.strip() == "[<CSP.SELF: \"'self'\">]"


@pytest.mark.django_db(False)
def test_a_role_map_that_is_not_a_json_object_stops_the_start(tmp_path):
    done = _settings_in_a_fresh_process(tmp_path, {"VIK_OIDC_ROLE_MAP": "triage=triage"}, "1")
    assert done.returncode != 0 and "VIK_OIDC_ROLE_MAP must be a JSON object" in done.stderr


def test_claims_nested_as_some_providers_send_them_are_read_with_a_dotted_name(org, settings):
    from vik.accounts.services import sign_in_with_claims

    settings.VIK_OIDC_CLAIM_ROLES = "realm_access.roles"
    settings.VIK_OIDC_CLAIM_PERSONNEL_NUMBER = "employee.number"
    user = sign_in_with_claims({"sub": "s1", "employee": {"number": org.triage.employee.personnel_number},
                                "realm_access": {"roles": ["auditor", {"no": "role"}]}})
    assert user == org.triage
    assert set(user.groups.values_list("name", flat=True)) == {Role.AUDITOR}
    # A roles claim of the wrong shape grants nothing (and so takes every VIK role away).
    settings.VIK_OIDC_CLAIM_ROLES = "realm_access"
    user = sign_in_with_claims({"sub": "s1", "employee": {"number": org.triage.employee.personnel_number},
                                "realm_access": {"roles": ["auditor"]}})
    assert not user.groups.exists()
