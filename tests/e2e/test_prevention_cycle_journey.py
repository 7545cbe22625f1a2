"""Journey: a team chief registers the theatre show his team attended; five participants fill in the
evaluation with its code on their own phones, without an account; the chief sees 'te weinig
reacties' after four and the averages after five, unchanged after a sixth (released per five); a
second evaluation from the same phone is not counted; policy staff see the coverage per unit as
counts, without team names."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import expect_message, nl_date
from vik.prevention.models import Activity

pytestmark = pytest.mark.browser

TITLE = "Theatervoorstelling over de groepsapp"


def _evaluate(browser, base_url, code: str, score: int, comment: str = ""):
    context = browser.new_context(base_url=base_url, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/preventie/evaluatie/")
    page.get_by_label("Evaluatiecode").fill(code.lower())
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Evaluatie: {TITLE}")
    for fieldset in page.locator("fieldset.scale").all():
        fieldset.locator(f"input[value='{score}']").check()
    if comment:
        page.get_by_label("Wil je nog iets kwijt? (niet verplicht)").fill(comment)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_test_id("thanks")).to_be_visible()
    return context, page


def test_register_an_activity_evaluate_it_five_times_and_see_the_aggregate(org, login_as, browser, base_url):
    held_on = timezone.localdate() - dt.timedelta(days=1)
    chief = login_as(org.manager)
    chief.get_by_role("link", name="Preventie").first.click()
    chief.get_by_role("link", name="Activiteit registreren").click()
    chief.get_by_label("Datum").fill(nl_date(held_on))
    chief.get_by_label("Onderwerp").fill(TITLE)
    chief.get_by_label("Werkvorm").select_option(label="Theater")
    chief.get_by_label("Begeleiding").fill("Theatergroep De Spiegel")
    chief.get_by_label("Aantal deelnemers").fill("0")
    chief.get_by_role("button", name="Registreren").click()
    expect(chief.locator(".errorlist")).to_be_visible()
    expect(chief.get_by_label("Onderwerp")).to_have_value(TITLE)  # the input survives the error
    chief.get_by_label("Aantal deelnemers").fill("20")
    chief.get_by_role("button", name="Registreren").click()
    expect_message(chief, "De activiteit is geregistreerd.")
    code = chief.get_by_test_id("evaluation-code").inner_text().strip()
    assert code == Activity.objects.get().code
    expect(chief.get_by_test_id("too-few")).to_contain_text("Te weinig reacties")

    phones = [_evaluate(browser, base_url, code, score) for score in (5, 4, 4, 2)]
    chief.reload()
    expect(chief.get_by_test_id("evaluation-results")).to_contain_text("4 reacties")
    expect(chief.get_by_test_id("too-few")).to_be_visible()
    expect(chief.locator("td.mean")).to_have_count(0)

    # The same phone again: thanked, not counted twice.
    page = phones[0][1]
    page.goto(f"/preventie/evaluatie/{code}/")
    expect(page.get_by_test_id("thanks")).to_be_visible()
    expect(page.locator("fieldset.scale")).to_have_count(0)

    phones.append(_evaluate(browser, base_url, code, 5, comment="Herkenbaar, graag vaker."))
    chief.reload()
    results = chief.get_by_test_id("evaluation-results")
    expect(results).to_contain_text("5 reacties")
    expect(chief.get_by_test_id("too-few")).to_have_count(0)
    # (5 + 4 + 4 + 2 + 5) / 5 = 4,0 on every statement; 4 of 5 gave a 4 or 5.
    expect(results.locator("tr[data-key=useful] td.mean")).to_have_text("4,0")
    expect(results.locator("tr[data-key=useful]")).to_contain_text("80%")
    expect(results).to_contain_text("Herkenbaar, graag vaker.")
    expect(chief.get_by_test_id("batches")).to_have_text("De resultaten worden per 5 reacties bijgewerkt.")

    # A sixth response waits for its batch: the figures and comments stay those of the first five.
    phones.append(_evaluate(browser, base_url, code, 1, comment="Te lang, te weinig pauze."))
    chief.reload()
    results = chief.get_by_test_id("evaluation-results")
    expect(results).to_contain_text("6 reacties")
    expect(chief.get_by_test_id("batches")).to_have_text(
        "De resultaten worden per 5 reacties bijgewerkt; 1 reactie wacht op de volgende bijwerking.")
    expect(results.locator("tr[data-key=useful] td.mean")).to_have_text("4,0")
    expect(results).not_to_contain_text("Te lang, te weinig pauze.")
    for context, _page in phones:
        context.close()

    chief.goto("/preventie/activiteiten/")
    expect(chief.locator("tbody tr", has_text=TITLE)).to_contain_text(nl_date(held_on))
    expect(chief.get_by_test_id("missing")).to_have_count(0)

    staff = login_as(org.policy)
    staff.goto("/preventie/")
    staff.get_by_role("link", name="Overzicht per eenheid").click()
    row = staff.get_by_test_id("coverage").locator("tbody tr", has_text="Eenheid Noord")
    expect(row.locator("td")).to_have_text(["Eenheid Noord", "2", "1", "1", "1"])
    expect(staff.locator("main")).not_to_contain_text(str(org.patrol))
