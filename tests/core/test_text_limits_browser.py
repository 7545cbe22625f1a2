"""The limit of a text field counts down in the browser (vik.js), also in a case act whose fields
arrive when its section is opened (htmx); a screen reader hears what is left only in the last tenth
and after a pause in typing, not at every key (see tests/core/test_text_limits.py)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_status_update_counts_down_and_announces_the_last_tenth(transactional_db, browser, live_server, org,
                                                                   disciplinary_case):
    from tests.case_steps import told

    told(org, disciplinary_case)  # status updates to the betrokkene begin at the aanzegging
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(org.investigator)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.goto(f"/onderzoeken/{disciplinary_case.pk}/")
    page.locator("details#action-update summary").click()
    summary = page.locator("details#action-update textarea[name=summary]")
    expect(summary).to_be_visible()  # loaded by htmx
    hint = page.locator("details#action-update .helptext.limit")
    live = page.locator("details#action-update [data-limit-live]")
    expect(hint).to_have_text("Maximaal 4.000 tekens")
    expect(live).to_have_attribute("aria-live", "polite")

    summary.fill("x" * 1000)
    expect(hint).to_have_text("Maximaal 4.000 tekens, nog 3.000 over")
    page.wait_for_timeout(1500)
    expect(live).to_have_text("")  # plenty left: nothing to announce

    summary.fill("x" * 3650)
    expect(hint).to_have_text("Maximaal 4.000 tekens, nog 350 over")
    expect(live).to_have_text("")  # not while typing ...
    expect(live).to_have_text("Nog 350 tekens over.")  # ... but after a pause
    summary.press("Backspace")
    expect(live).to_have_text("Nog 351 tekens over.")
    # A text the server gave back longer than the limit says how much too long (tester t36: "nog 0").
    summary.evaluate("(el) => { el.value = 'x'.repeat(4100); el.dispatchEvent(new Event('input')); }")
    expect(hint).to_have_text("Maximaal 4.000 tekens, 100 te veel")
    expect(live).to_have_text("100 tekens te veel; maak de tekst korter.")
    context.close()
