"""Issue 15, item 6 in the browser: the lead investigator sees the suggested end date, tells the
betrokkene an expected end date, moves it later with a reason, and records an accelerating factor;
the case page shows the current promise and its history."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import case_action, expect_message, nl_date
from vik.investigations import services as inv

pytestmark = pytest.mark.browser


def test_lead_promises_and_moves_the_end_date(org, disciplinary_case, login_as):
    case = disciplinary_case
    suggested = inv.suggest_end_date(case)
    page = login_as(org.investigator)
    page.goto(f"/onderzoeken/{case.pk}/")
    expect(page.locator("#expected-end")).to_contain_text(nl_date(suggested))

    form = case_action(page, "expected_end")
    form.locator("[name=end_on]").fill(nl_date(suggested))
    form.locator("[name=reason]").fill("Volgens de doorlooptijdnorm; zo meegedeeld bij de start.")
    form.get_by_role("button").click()
    expect_message(page, "Verwachte einddatum vastgelegd.")

    later = suggested + dt.timedelta(weeks=4)
    form = case_action(page, "expected_end")
    form.locator("[name=end_on]").fill(nl_date(later))
    form.locator("[name=reason]").fill("Een getuige is pas na zijn verlof te horen.")
    form.get_by_role("button").click()
    expect_message(page, "Verwachte einddatum vastgelegd.")
    expect(page.locator("#expected-end")).to_contain_text(nl_date(later))
    history = page.locator("#expected-end-history")
    history.locator("summary").click()
    expect(history).to_contain_text("pas na zijn verlof")
    expect(history).to_contain_text("Volgens de doorlooptijdnorm")

    form = case_action(page, "accelerator")
    form.locator("[name=factor]").select_option(label="Betrokkene bekent")
    form.locator("[name=note]").fill("Bekende in het intakegesprek.")
    form.get_by_role("button").click()
    expect_message(page, "Versneller vastgelegd.")
    expect(page.locator("#accelerators")).to_contain_text("Betrokkene bekent")
