"""The whole sign-in with the second factor in headless Chromium, under the content security
policy: password, code page (a wrong code refused with its message, the input kept), the right
code; and the enrolment of an authenticator app from the QR page's key."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.second_factor import code_for, ensure_device

pytestmark = pytest.mark.browser

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture
def page(browser, live_server, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wait after a wrong code has its own test
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.violations = []
    page.on("console", lambda message: page.violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    expect.set_options(timeout=10_000)
    yield page
    context.close()


def _password(page, user):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_sign_in_with_password_and_code(transactional_db, org, page):
    ensure_device(org.triage)
    _password(page, org.triage)
    expect(page.get_by_role("heading", name="Inlogcode", level=1)).to_be_visible()
    field = page.get_by_label("Code uit uw authenticator-app")
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    expect(field).to_have_attribute("inputmode", "numeric")
    expect(page.locator("header nav a")).to_have_count(0)  # no menu before the code
    expect(page.get_by_role("button", name="Uitloggen").first).to_be_visible()
    # Typing a menu address does not get past the code.
    page.goto("/meldingen/")
    expect(page.get_by_role("heading", name="Inlogcode", level=1)).to_be_visible()
    right = code_for(org.triage)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    field.fill(wrong)
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code is onjuist of verlopen")
    expect(field).to_have_value(wrong)
    field.fill(f"{right[:3]} {right[3:]}")  # as the app shows it
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="Meldingen", level=1)).to_be_visible()
    expect(page.locator("header nav")).to_contain_text("Triagewachtrij")
    assert page.violations == []


def test_enrolment_from_the_qr_page(transactional_db, org, page):
    _password(page, org.investigator)
    expect(page.get_by_role("heading", name="Authenticator-app instellen", level=1)).to_be_visible()
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    code = f"{TOTP(key).token():06d}"
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Instellen").click()
    expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
    assert re.search(r"Onderzoeken|Mijn taken", page.locator("header nav").inner_text())
    assert page.violations == []
