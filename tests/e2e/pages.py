"""Small helpers for the pages the journeys use, so each test reads as what a user does."""

import datetime as dt

from playwright.sync_api import Locator, Page, expect


def nl_date(day: dt.date) -> str:
    """How the templates print a date (d-m-Y)."""
    return day.strftime("%d-%m-%Y")


def expect_message(page: Page, text: str) -> None:
    """The flash message shown after a POST-redirect."""
    expect(page.locator("ul.messages")).to_contain_text(text)


def case_action(page: Page, name: str) -> Locator:
    """Open the collapsible form of a case action and return the form.

    Fields are addressed by name, not by label: every action form on the case page renders the
    same ids (e.g. `id_on` in five forms), so a label may point at another form's input."""
    details = page.locator(f"details#action-{name}")
    expect(details).to_have_count(1)
    if not details.evaluate("el => el.open"):
        details.locator("summary").click()
    # (not the small "Invoer wissen" form beside an act whose earlier input was not saved)
    form = details.locator("form:not(.discard)")
    expect(form).to_be_visible()
    return form


def submit_confirmed(page: Page, form: Locator, button: str, expected_question: str) -> None:
    """Submit an act that cannot be undone: once its form is valid the server asks for
    confirmation on a page of its own ("Bevestigen"); answer "Ja, doorgaan"."""
    form.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestigen")
    expect(page.locator("main")).to_contain_text(expected_question)
    page.get_by_role("button", name="Ja, doorgaan").click()


def timeline_current(page: Page) -> Locator:
    return page.locator("ol.timeline li[aria-current='step']")


def fill_triage_decision(page: Page, *, route: str, rationale: str, scores: dict[str, int] | None,
                         participants: list[str] = (), extra: dict[str, str] | None = None) -> Locator:
    """Fill the triage form on a signal page (it is open while the signal is untriaged) and
    return it, unsubmitted. `scores` maps criterion codes to scores (None leaves them empty);
    `extra` maps further field labels to values."""
    form = page.locator("#triage-form form")
    expect(form).to_be_visible()
    for code, score in (scores or {}).items():
        form.locator(f"select[name='score_{code}']").select_option(str(score))
    form.get_by_label(route, exact=True).check()
    form.get_by_label("Motivering").fill(rationale)
    if participants:
        form.get_by_label("Deelnemers triage").select_option(label=list(participants))
    for label, value in (extra or {}).items():
        form.get_by_label(label).fill(value)
    return form
