"""Issue 13, part 5 in a browser: the governance banner of prevention mode, the refusal of the
queue, the decision recorded by policy staff, and the trend per team with its chart."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.knowledge.browser import new_context  # noqa: F401  (fixture)
from vik.accounts.models import Role

from .test_trend import TEAM, make_run

pytestmark = pytest.mark.browser


def test_prevention_mode_banner_decision_and_trend(transactional_db, prevention_mode, new_context, org):  # noqa: F811
    make_run(dt.date(2026, 3, 2), {TEAM: (2000, 12, 400), "Basisteam B": (1500, 7, 300)})
    make_run(dt.date(2026, 3, 16), {TEAM: (2100, 3, 380), "Basisteam B": (1600, 9, 280)})
    soc = UserFactory(username="soc-browser", roles=[Role.SOC_ANALYST])
    page = new_context(soc).new_page()
    page.goto("/monitoring/")
    banner = page.locator(".governance")
    expect(banner).to_contain_text("Preventiemodus: detectie op individueel niveau staat uit.")
    page.goto("/monitoring/meldingen/")
    expect(page.locator("main")).to_contain_text("Detectie op individueel niveau staat uit")

    page.goto("/monitoring/")
    page.get_by_role("link", name=TEAM).click()
    expect(page.get_by_role("heading", level=2, name=f"Trend van {TEAM}")).to_be_visible()
    chart = page.locator("svg.chart").first
    expect(chart).to_be_visible()
    expect(chart.locator(".axis-title").first).to_be_visible()
    expect(chart.locator("rect.bar")).to_have_count(1)  # the second run's count is hidden
    expect(chart.locator("rect.hidden")).to_have_count(1)
    expect(page.locator("main table").first).to_contain_text("<5")
    page.locator("select[name=team]").select_option("Basisteam B")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=2, name="Trend van Basisteam B")).to_be_visible()

    policy_page = new_context(org.admin).new_page()
    policy_page.goto("/monitoring/besluiten/")
    policy_page.get_by_label("Detectie op individueel niveau aanzetten").check()
    policy_page.get_by_label("Datum van het besluit").fill("2026-02-02")
    policy_page.get_by_label("Besluitvormend orgaan").fill("Centrale Ondernemingsraad")
    policy_page.get_by_label("Kenmerk").fill("COR-2026-011")
    policy_page.get_by_role("button", name="Besluit vastleggen").click()
    expect(policy_page.locator("ul.messages")).to_contain_text("Besluit vastgelegd.")
    expect(policy_page.locator(".governance")).to_contain_text("Detectie op individueel niveau staat aan.")

    page.goto("/monitoring/meldingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Protective monitoring — meldingenwachtrij")
