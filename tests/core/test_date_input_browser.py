"""A date field in an English browser: the field shows and takes dd-mm-jjjj (a native date picker
would show 11/30/2026), and the saved date is shown back in the same format."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from vik.prevention.models import ClimateCheck

pytestmark = pytest.mark.browser


def test_an_english_browser_types_and_sees_dd_mm_jjjj(transactional_db, browser, live_server, org):
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="America/New_York")
    client = Client()
    client.force_login(org.manager)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.goto("/preventie/teamklimaat/nieuw/")
    opens = page.locator("input[name=opens_on]")
    closes = page.locator("input[name=closes_on]")
    expect(opens).to_have_attribute("type", "text")
    today = timezone.localdate()
    expect(opens).to_have_value(today.strftime("%d-%m-%Y"))
    assert re.fullmatch(r"dd-mm-(jjjj|yyyy)", closes.get_attribute("placeholder"))
    hint = page.locator("#" + closes.get_attribute("aria-describedby"))
    expect(hint).to_contain_text("30-11-2026")
    assert "Select an option" not in page.content()

    last_day = today + dt.timedelta(days=10)
    closes.fill(last_day.strftime("%d-%m-%Y"))
    page.locator("select[name=team]").select_option(str(org.patrol.pk))
    page.locator("input[name=label]").fill("Meting in een Engelse browser")
    page.locator("form button[type=submit], form button:not([type])").last.click()
    expect(page).to_have_url(re.compile(r"/preventie/teamklimaat/\d+/$"))
    check = ClimateCheck.objects.get(label="Meting in een Engelse browser")
    assert (check.opens_on, check.closes_on) == (today, last_day)
    expect(page.locator("main")).to_contain_text(last_day.strftime("%d-%m-%Y"))
    context.close()
