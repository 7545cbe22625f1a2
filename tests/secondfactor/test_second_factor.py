"""The second factor of a local sign-in (issue 14, item 4): a TOTP code after the password for
every role that sees names, enrolment, the pages and API closed until the code is given, the
administrators' reset, and the demo's hint. These tests sign in through the login page with the
password only (not `force_login`, which gives the second factor: see tests/second_factor.py)."""

import re

import pytest

from tests.second_factor import code_for, ensure_device
from vik.audit.models import AuditAction, AuditEvent
from vik.secondfactor import services
from vik.secondfactor.models import SecondFactorDevice

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"
CODE_PAGE = "/inloggen/code/"
ENROL_PAGE = "/inloggen/code/instellen/"


@pytest.fixture(autouse=True)
def _no_wait_after_a_wrong_code(settings):
    # django-otp's wait after a wrong code (1, 2, 4 ... s) has a test of its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _password(client, user, addr="10.1.2.3"):
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=addr)
    assert response.status_code == 302, response.content.decode()[:300]
    return response


def _code(client, code, addr="10.1.2.3", next_url="/"):
    return client.post(CODE_PAGE, {"code": code, "next": next_url}, REMOTE_ADDR=addr)


def test_a_names_role_is_refused_every_page_until_the_right_code(client, org):
    ensure_device(org.triage)
    _password(client, org.triage)
    for path in ("/", "/meldingen/", "/triage/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE), path
    page = client.get(CODE_PAGE + "?next=/meldingen/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert "Uitloggen" in html
    assert "Triagewachtrij" not in html  # no menu before the code
    response = _code(client, code_for(org.triage), next_url="/meldingen/")
    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    assert client.get("/meldingen/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, object_type="auth.second_factor",
                                     actor=org.triage).exists()


def test_policy_staff_need_no_code(client, org):
    _password(client, org.policy)
    assert client.get("/").status_code == 200
    assert client.get("/dashboard/").status_code == 200


def test_every_role_that_sees_names_needs_a_code_and_policy_staff_and_employees_do_not(org):
    for user in (org.triage, org.investigator, org.criminal, org.authority, org.manager, org.care,
                 org.auditor, org.admin):
        assert services.needs_second_factor(user), user.username
    for user in (org.policy, org.nobody):
        assert not services.needs_second_factor(user), user.username


def test_a_wrong_code_is_refused_with_a_dutch_message_the_input_kept_and_audited(client, org):
    ensure_device(org.triage)
    _password(client, org.triage)
    right = code_for(org.triage)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = _code(client, wrong)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze code is onjuist of verlopen" in html
    assert f'value="{wrong}"' in html
    assert client.get("/meldingen/").status_code == 302
    refusal = AuditEvent.objects.filter(action=AuditAction.DENIED, object_type="auth.second_factor").get()
    assert refusal.detail["username"] == org.triage.username
    assert wrong not in str(refusal.detail)
    # Not six digits: the same page with its message, nothing counted.
    response = _code(client, "12ab")
    assert "Een code bestaat uit zes cijfers." in response.content.decode()


def test_wrong_codes_count_towards_the_lock_out_which_signs_out(client, org, settings):
    ensure_device(org.triage)
    _password(client, org.triage)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _code(client, "000000").status_code == 200
    locked = _code(client, "000000")
    assert locked.status_code == 429
    assert "Te vaak een onjuiste code" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The password is refused as well now, for this user name from this address.
    again = client.post("/inloggen/", {"username": org.triage.username, "password": PASSWORD},
                        REMOTE_ADDR="10.1.2.3")
    assert again.status_code == 429


def test_after_a_wrong_code_the_device_makes_you_wait(client, org, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    ensure_device(org.triage)
    _password(client, org.triage)
    _code(client, "000000")
    response = _code(client, code_for(org.triage))
    assert "Probeer het over" in response.content.decode()
    assert client.get("/").status_code == 302


def test_clicks_during_the_wait_do_not_count_towards_the_lock_out(client, org, settings):
    """t12: one wrong code and four impatient clicks during the wait locked the account for 15
    minutes, though none of those four codes was checked."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    ensure_device(org.triage)
    _password(client, org.triage)
    _code(client, "000000")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = _code(client, "000000")
        assert response.status_code == 200
        assert "Probeer het over" in response.content.decode()
    assert "_auth_user_id" in client.session  # still signed in with the password, not locked out


def test_a_code_is_accepted_once(client, org):
    ensure_device(org.triage)
    _password(client, org.triage)
    code = code_for(org.triage)
    _code(client, code)
    client.logout()
    _password(client, org.triage)
    response = _code(client, code)
    # Refused, and told why: the app may still show that very code (tester t24).
    assert "Deze code is al gebruikt" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, detail__reason="reused").exists()


def test_a_names_role_without_a_device_enrols_with_a_qr_code_and_a_first_code(client, org):
    _password(client, org.investigator)
    response = client.get(CODE_PAGE + "?next=/onderzoeken/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL_PAGE)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1]
    device = SecondFactorDevice.objects.get(user=org.investigator, confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert secret.replace(" ", "") == services.secret_text(device).replace(" ", "")
    assert client.get("/onderzoeken/").status_code == 302  # enrolment is not the code
    wrong = client.post(ENROL_PAGE, {"code": "000000", "next": "/onderzoeken/"})
    assert "Deze code is onjuist of verlopen" in wrong.content.decode()
    response = client.post(ENROL_PAGE, {"code": services.next_code(device), "next": "/onderzoeken/"})
    assert response.status_code == 302 and response["Location"] == "/onderzoeken/"
    assert SecondFactorDevice.objects.get(user=org.investigator).confirmed
    assert client.get("/onderzoeken/").status_code == 200
    assert AuditEvent.objects.filter(object_type="auth.second_factor", action=AuditAction.CREATE,
                                     actor=org.investigator).exists()


def test_a_password_alone_cannot_replace_an_enrolled_device(client, org):
    device = ensure_device(org.triage)
    _password(client, org.triage)
    response = client.get(ENROL_PAGE)
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    client.post(ENROL_PAGE, {"code": "123456"})
    assert list(SecondFactorDevice.objects.filter(user=org.triage)) == [device]


def test_policy_staff_may_enrol_and_are_then_asked_for_the_code(client, org):
    _password(client, org.policy)
    client.get(ENROL_PAGE)
    device = SecondFactorDevice.objects.get(user=org.policy)
    client.post(ENROL_PAGE, {"code": services.next_code(device)})
    client.logout()
    _password(client, org.policy)
    assert client.get("/").status_code == 302


def test_the_api_refuses_a_session_until_the_code(client, org, make_signal):
    ensure_device(org.triage)
    make_signal()
    _password(client, org.triage)
    response = client.get("/api/signals/")
    assert response.status_code == 403
    assert "authenticator-app" in response.json()["detail"]
    _code(client, code_for(org.triage))
    assert client.get("/api/signals/").status_code == 200


def test_an_htmx_request_is_sent_to_the_code_page(client, org):
    ensure_device(org.triage)
    _password(client, org.triage)
    response = client.get("/meldingen/", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response["HX-Redirect"] == CODE_PAGE


def test_signing_out_stays_possible_before_the_code(client, org):
    ensure_device(org.triage)
    _password(client, org.triage)
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_demo_hint_shows_the_current_code_only_with_the_demo_flag(client, org, settings):
    ensure_device(org.triage)
    _password(client, org.triage)
    settings.VIK_DEMO = True
    html = client.get(CODE_PAGE).content.decode()
    code = code_for(org.triage)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"Demo: de huidige code is {code[:3]} {code[3:]}" in text
    settings.VIK_DEMO = False
    html = client.get(CODE_PAGE).content.decode()
    assert "Demo:" not in html and code not in html and f"{code[:3]} {code[3:]}" not in html


def test_a_sign_in_through_the_provider_needs_no_code_here(rf, org):
    """The hook for single sign-on: the provider did the multi-factor authentication."""
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    user = org.triage
    user.vik_sign_in_method = "sso"
    login(request, user, backend="vik.accounts.backends.UserBackend")
    assert request.session[services.PROVIDER_VERIFIED] is True
    request.user = user
    assert services.satisfied(request)


def test_force_login_in_tests_gives_the_second_factor(client, org):
    client.force_login(org.triage)
    assert client.get("/meldingen/").status_code == 200


def test_the_session_key_changes_when_the_code_is_given(client, org):
    ensure_device(org.triage)
    _password(client, org.triage)
    before = client.cookies["sessionid"].value
    _code(client, code_for(org.triage))
    assert client.cookies["sessionid"].value != before
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("next_url", ["abc", "https://elders.example/", "//elders.example/", "2027-02-30"])
def test_a_strange_next_leads_home(client, org, next_url):
    """Found by the fuzzer: `next=abc` was taken for a view name (a 500)."""
    ensure_device(org.triage)
    _password(client, org.triage)
    assert client.get(CODE_PAGE, {"next": next_url}).status_code == 200
    response = _code(client, code_for(org.triage), next_url=next_url)
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_code_page_gives_the_right_reason(client, org):
    """Tester t12: an employee who chose an app himself was told he "sees names of colleagues"."""
    from vik import policy

    assert not policy.needs_second_factor(org.nobody)
    ensure_device(org.nobody)
    _password(client, org.nobody)
    html = client.get(CODE_PAGE).content.decode()
    assert "U hebt zelf een authenticator-app ingesteld" in html and "namen van collega" not in html
    client.logout()
    ensure_device(org.triage)
    _password(client, org.triage)
    assert "namen van collega" in client.get(CODE_PAGE).content.decode()
