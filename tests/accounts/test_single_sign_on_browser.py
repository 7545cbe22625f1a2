"""Single sign-on in headless Chromium against the real test provider (`oidc_provider/`): the login
page, the provider's own login page and back, with the mapped roles and unit; a role the provider
drops is gone at the next sign-in; someone VIK does not know gets the Dutch refusal; signing out
ends the provider's session too. No content security policy violation on the way."""

import pytest
from playwright.sync_api import expect

from tests.factories import EmployeeFactory
from vik.accounts.models import Role, User
from vik.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000


@pytest.fixture
def new_page(browser, live_server, sso_settings, oidc_provider):
    oidc_provider.allow(live_server.url)
    contexts = []

    def _new_page():
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.violations = []
        page.on("console", lambda message: page.violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    expect.set_options(timeout=TIMEOUT_MS)
    yield _new_page
    for context in contexts:
        context.close()


def _sign_in(page, provider, username):
    page.goto("/inloggen/")
    page.get_by_role("link", name="Inloggen met politie-account").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Account").fill(username)
    page.get_by_label("Secret").fill(provider.password)
    page.get_by_role("button", name="Sign in at the provider").click()


def test_sign_in_with_the_police_account_maps_roles_and_unit_and_signs_out_at_the_provider(
        transactional_db, org, oidc_provider, new_page):
    employee = EmployeeFactory(personnel_number="P314159", unit=org.vik_a, first_name="Sanne",
                               surname="de Wit")
    oidc_provider.set_claims("agent", {"personnel_number": "P314159", "roles": ["triage", "soc_analyst"],
                                       "unit": "BA"})
    page = new_page()
    _sign_in(page, oidc_provider, "agent")
    expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
    expect(page.locator("header .who")).to_contain_text("Sanne de Wit")
    expect(page.get_by_role("link", name="Triagewachtrij").first).to_be_visible()
    user = User.objects.get(employee=employee)
    assert set(user.groups.values_list("name", flat=True)) == {Role.TRIAGE, Role.SOC_ANALYST}
    employee.refresh_from_db()
    assert employee.unit == org.patrol
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user, detail__method="sso").exists()

    # Signing out ends the provider's session too and comes back to VIK's login page.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    page.get_by_role("link", name="Inloggen met politie-account").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()

    # The provider no longer names triage: at the next sign-in the role and its queue are gone.
    oidc_provider.set_claims("agent", {"personnel_number": "P314159", "roles": ["soc_analyst"], "unit": "BA"})
    page.get_by_label("Account").fill("agent")
    page.get_by_label("Secret").fill(oidc_provider.password)
    page.get_by_role("button", name="Sign in at the provider").click()
    expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Triagewachtrij")).to_have_count(0)
    assert set(user.groups.values_list("name", flat=True)) == {Role.SOC_ANALYST}
    removed = AuditEvent.objects.filter(action=AuditAction.CHANGE, object_type="accounts.user",
                                        object_id=str(user.pk)).order_by("id").last()
    assert removed.detail["removed"] == [Role.TRIAGE]
    assert page.violations == []


def test_someone_vik_does_not_know_is_refused_in_dutch(transactional_db, org, oidc_provider, new_page):
    oidc_provider.set_claims("buitenstaander", {"personnel_number": "X999999", "roles": ["admin"]})
    page = new_page()
    _sign_in(page, oidc_provider, "buitenstaander")
    expect(page.get_by_role("heading", name="Inloggen met politie-account niet gelukt")).to_be_visible()
    expect(page.get_by_text("geen personeelsnummer dat VIK kent")).to_be_visible()
    page.get_by_role("link", name="Terug naar inloggen").click()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, detail__reason="unknown_personnel_number").exists()
    assert page.violations == []
