"""The idle-timeout warning in a real browser (vik.core.idle and vik.js)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_page_warns_before_the_timeout_and_stays_signed_in_on_request(org, login_as, settings):
    settings.VIK_IDLE_SECONDS = 8
    settings.VIK_IDLE_WARNING_SECONDS = 6
    page = login_as(org.triage)
    page.reload()  # the timer of this page uses the short timeout
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=6000)
    expect(warning).to_contain_text("automatisch uitgelogd")
    page.get_by_role("button", name="Blijf ingelogd").click()
    expect(warning).to_be_hidden()
    # Nothing done after that: the page goes to the login page with the message.
    expect(page.get_by_text("U bent automatisch uitgelogd")).to_be_visible(timeout=15000)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
