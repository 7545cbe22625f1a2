"""The finder and the knowledge base on a phone-sized screen (390 px): usable, and nothing wider
than the screen."""

import pytest
from playwright.sync_api import expect

from tests.knowledge.browser import assert_fits_phone

pytestmark = pytest.mark.browser


def test_finder_on_a_phone(transactional_db, new_context, org, finder_questions, tmp_path):
    page = new_context(org.nobody, phone=True).new_page()
    page.goto("/kennis/")
    assert_fits_phone(page)
    page.get_by_role("link", name="Wegwijzer: bij wie kan ik terecht?").click()
    expect(page.get_by_role("heading", name="Wegwijzer: bij wie kan ik terecht?")).to_be_visible()
    page.get_by_label("Onveilig gedrag").check()
    page.get_by_role("group", name="Vertrouwelijk?").get_by_label("Ja").check()
    page.get_by_role("group", name="Dringend?").get_by_label("Ja").check()
    page.get_by_role("button", name="Toon de loketten").click()
    advice = page.locator("#advies")
    expect(advice).to_contain_text("Acuut gevaar? Bel 112.")
    expect(advice.locator("article.desk h3")).to_have_text(["Bedrijfsmaatschappelijk werk", "Vertrouwenspersoon"])
    page.screenshot(path=tmp_path / "finder-390.png", full_page=True)
    assert_fits_phone(page)
    page.goto("/kennis/wegwijzer/intern-onderzoek/")
    expect(page.get_by_role("heading", name="Je rechten")).to_be_visible()
    assert_fits_phone(page)


def test_knowledge_base_search_and_sheet_on_a_phone(transactional_db, new_context, org, sheets, tmp_path):
    page = new_context(org.nobody, phone=True).new_page()
    page.goto("/kennis/beroepscode/")
    page.get_by_label("Zoeken in de beroepscode").fill("geschenk")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator(".results li")).to_have_count(1)
    page.locator(".results").get_by_role("link", name="Aannemen van geschenken").click()
    expect(page.get_by_role("heading", name="Aannemen van geschenken", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="ECLI:NL:CRVB:2018:3429")).to_be_visible()
    page.screenshot(path=tmp_path / "sheet-390.png", full_page=True)
    assert_fits_phone(page)
    page.goto("/kennis/initiatieven/")
    assert_fits_phone(page)
