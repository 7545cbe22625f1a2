"""Every dashboard view in headless Chromium: the page loads for policy staff and its SVG charts
are drawn (visible, with bars or lines)."""

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "geheim-wachtwoord-123"
VIEWS = ["instroom", "doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg", "effect"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_every_view_draws_its_charts(transactional_db, org, make_signal, triage_to, disciplinary_case, page):
    from django.utils import timezone
    from playwright.sync_api import expect

    from vik.investigations.models import Decision, Outcome

    # At least ten signals: a smaller selection is not broken down at all (minimum population).
    for _ in range(12):
        triage_to(make_signal(received_ago=12))
    Decision.objects.create(case=disciplinary_case, outcome=Outcome.NO_BREACH, reasoning="Geen plichtsverzuim.",
                            decided_on=timezone.localdate(), decided_by=org.authority)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(org.policy.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", name="Dashboard Integriteit", level=1)).to_be_visible()
    # The overview: key figures and the inflow chart, readable with its title and axis titles.
    expect(page.get_by_role("heading", name="Kerncijfers")).to_be_visible()
    expect(page.locator(".key-figures dd").first).to_be_visible()
    overview = page.locator("svg.chart").first
    expect(overview).to_be_visible()
    expect(overview.locator("text.chart-title")).to_have_text("Meldingen per maand")
    assert overview.locator("text.axis-title").count() == 2
    for view in VIEWS:
        page.goto(f"/dashboard/{view}/")
        charts = page.locator("svg.chart")
        expect(charts.first).to_be_visible()
        assert charts.count() >= 2, view
        box = charts.first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 20, view
        drawn = page.locator("svg.chart rect.bar, svg.chart polyline.line, svg.chart circle, svg.chart rect.hidden")
        # One case (and one decision) is too few to break down: those charts say so instead.
        withheld = page.locator("svg.chart text.withheld", has_text="Niet uitgesplitst")
        assert drawn.count() > 0 or withheld.count() > 0, view
        if view in ("instroom", "registratiekwaliteit"):  # twelve signals: drawn
            assert drawn.count() > 0, view
        assert page.locator("table").count() >= 1
    # A date far outside the range: a Dutch message, what was typed kept, the default figures.
    page.goto("/dashboard/instroom/?van=0001-01-01&tot=0001-01-02")
    expect(page.get_by_role("alert").first).to_contain_text("Kies een datum van 01-01-2000")
    expect(page.get_by_label("Periode vanaf")).to_have_value("0001-01-01")
    assert page.locator("svg.chart").count() >= 2
    # Twelve signals in region A this period: the bar of the unit is drawn, not hidden.
    page.goto("/dashboard/instroom/")
    expect(page.locator("svg.chart title", has_text="Meldingen per eenheid")).to_have_count(1)
    assert page.locator("svg.chart rect.bar").count() > 0
