"""A live dilemma session in four browsers: the facilitator and three participants who join by
code without an account, choose in secret, see the distribution and the next dilemma, all without
reloading the page (htmx polling)."""

import pytest
from playwright.sync_api import expect

from tests.knowledge.browser import assert_fits_phone

pytestmark = pytest.mark.browser


def test_dilemma_session_with_three_participants(transactional_db, new_context, org, dilemma_set, tmp_path):
    facilitator = new_context(org.manager).new_page()
    facilitator.goto("/preventie/")
    facilitator.get_by_role("link", name="Nieuwe dilemmasessie").click()
    facilitator.get_by_label("Dilemmaset").select_option(label="Informatie en geschenken")
    facilitator.get_by_label("Titel").fill("Teamdag basisteam")
    facilitator.get_by_role("button", name="Sessie starten").click()
    code = facilitator.get_by_test_id("code").inner_text().strip()
    assert len(code) == 6

    players = []
    for _i in range(3):
        page = new_context(phone=True).new_page()  # no account, no login
        page.goto("/preventie/doe-mee/")
        page.get_by_label("Deelnamecode").fill(code.lower())
        page.get_by_role("button", name="Meedoen").click()
        expect(page.locator("#play")).to_contain_text("Wacht tot de gespreksleider")
        players.append(page)
    expect(facilitator.get_by_test_id("participants")).to_have_text("3")

    # Dilemma 1, everybody as a bystander; two choose B, one chooses A.
    facilitator.get_by_label("Rol bij dit dilemma").select_option(label="Als omstander")
    facilitator.get_by_role("button", name="Toon het eerste dilemma").click()
    for page, letter in zip(players, "BBA", strict=True):
        expect(page.locator(".dilemma-card")).to_contain_text("Kijk je in het systeem?")
        expect(page.locator(".role")).to_have_text("Jouw rol: Als omstander")
        page.locator(f"button[name=choice][value={letter.lower()}]").click()
        expect(page.locator("#play")).to_contain_text("Je keuze is gemaakt")
    expect(facilitator.get_by_test_id("answered")).to_have_text("3")
    # Nobody sees the distribution before the reveal.
    expect(players[0].locator(".bars")).to_have_count(0)

    facilitator.get_by_role("button", name="Onthul de keuzes").click()
    expect(facilitator.locator(".bar[data-letter=B] .count")).to_have_text("2")
    expect(facilitator.locator(".bar[data-letter=A] .count")).to_have_text("1")
    expect(facilitator.locator(".bar[data-letter=C] .count")).to_have_text("0")
    for page in players:
        expect(page.locator(".bar[data-letter=B] .count")).to_have_text("2")
    players[0].screenshot(path=tmp_path / "participant-390.png", full_page=True)
    assert_fits_phone(players[0])

    # Next dilemma reaches the participants' screens by itself.
    facilitator.get_by_role("button", name="Volgend dilemma").click()
    for page in players:
        expect(page.locator(".dilemma-card")).to_contain_text("Een winkelier biedt gratis koffie aan.")
        expect(page.locator("button[name=choice]")).to_have_count(3)
    players[2].locator("button[name=choice][value=c]").click()
    expect(facilitator.get_by_test_id("answered")).to_have_text("1")
    facilitator.get_by_role("button", name="Onthul de keuzes").click()
    # Ending asks first, also in the panel htmx brought in (tester t35: it ended without asking).
    asked = []
    facilitator.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    facilitator.get_by_role("button", name="Sessie afronden").click()
    expect(facilitator.get_by_role("button", name="Sessie afronden")).to_be_visible()
    assert asked and "afronden" in asked[0]
    from vik.prevention.models import Session

    assert Session.objects.get(title="Teamdag basisteam").ended_at is None
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.get_by_role("button", name="Sessie afronden").click()
    expect(facilitator.get_by_role("heading", name="Samenvatting: Teamdag basisteam")).to_be_visible()
    expect(facilitator.locator("section.card")).to_have_count(2)
    for page in players:
        expect(page.locator("#play")).to_contain_text("De sessie is afgelopen")
