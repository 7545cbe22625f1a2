"""A policy officer's journey through the dashboard beyond investigations, in headless Chromium:
the complaints view with its charts and unit filter, then the annual report made and downloaded."""

import datetime as dt

import pytest

from tests.confidential.conftest import conf  # noqa: F401 (fixture)
from tests.dashboard.test_beyond import _complaint

pytestmark = pytest.mark.browser

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_complaints_view_and_annual_report(transactional_db, conf, page):  # noqa: F811
    from django.utils import timezone
    from playwright.sync_api import expect

    from vik.confidential import services as confidential

    received = timezone.localdate() - dt.timedelta(days=40)
    for i in range(12):
        c = _complaint(conf, received, i)
        confidential.acknowledge_complaint(conf.member, c, received + dt.timedelta(days=1))
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(conf.org.policy.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Dashboard").first.click()
    page.get_by_role("link", name="Klachten en meldingen").first.click()
    expect(page.get_by_role("heading", name="Klachten en meldingen", level=1)).to_be_visible()
    expect(page.locator("svg.chart text.chart-title", has_text="Klachten per categorie")).to_be_visible()
    # Twelve complaints: the categories are broken down, the names never shown.
    assert page.locator("svg.chart rect.bar").count() > 0
    assert "Zeldzaamnaam" not in page.content()
    # The filters that apply here: period and unit, no investigation type or theme.
    assert page.locator("select[name=type], select[name=thema]").count() == 0
    page.locator("select[name=eenheid]").select_option(label="Eenheid Zuid")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("select[name=eenheid]")).to_have_value(str(conf.org.region_b.pk))
    tabs = page.get_by_role("navigation", name="Onderdelen van het dashboard")
    for view in ("Vertrouwenswerk", "Preventie", "Informatiegebruik"):
        tabs.get_by_role("link", name=view, exact=True).click()
        expect(page.get_by_role("heading", name=view, level=1)).to_be_visible()
        assert page.locator("svg.chart").count() >= 2, view
    # The annual report of this year: made, listed and downloaded as a PDF.
    tabs.get_by_role("link", name="Rapportages").click()
    year = timezone.localdate().year
    page.get_by_label("Jaar").fill(str(year))
    page.get_by_role("button", name="Maak het jaarbeeld").click()
    expect(page.get_by_text("Het jaarbeeld wordt gemaakt.")).to_be_visible()
    # Made by the job runner, not in the request: the page shows it waiting with a progress bar.
    waiting = page.get_by_role("region", name="In de maak")
    expect(waiting).to_contain_text(f"Jaarbeeld integriteit {year}")
    expect(waiting.get_by_role("progressbar")).to_be_visible()
    # The worker runs it while no page polls (the live server shares this test's database connection).
    page.goto("about:blank")
    from vik.jobs import services as jobs

    assert jobs.run_ready() == 1
    page.goto("/dashboard/rapportages/")
    expect(page.get_by_role("region", name="In de maak")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Jaarbeeld integriteit {year}").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
