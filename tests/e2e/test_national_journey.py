"""Journey: a unit routes a signal to the national triage; the national triage finds it in its
queue and sends it back to the unit with a reason; the unit's triage sees the status, the reason
and a task to triage it again."""

import pytest
from playwright.sync_api import expect

from tests.conftest import all_scores
from tests.e2e.pages import expect_message, fill_triage_decision
from vik.signals.models import Signal
from vik.triage.models import NationalDecision

pytestmark = pytest.mark.browser

REASON = "Speelt binnen één district; de eenheid kan dit zelf trieren en onderzoeken."


def test_the_national_triage_sends_a_signal_back_with_a_reason(org, make_signal, login_as):
    signal = make_signal()

    unit = login_as(org.triage)
    unit.goto(f"/meldingen/{signal.pk}/")
    form = fill_triage_decision(unit, route="Landelijke triage", scores=all_scores(3),
                                rationale="Raakt mogelijk meerdere eenheden; landelijk wegen.")
    form.get_by_role("button", name="Besluit vastleggen").click()
    expect_message(unit, "Triagebesluit vastgelegd: Landelijke triage.")
    expect(unit.locator("h1 .badge")).to_have_text("Bij de landelijke triage")

    national = login_as(org.triage_national)
    national.get_by_role("link", name="Landelijke triage").click()
    waiting = national.locator("#national-waiting tbody tr", has_text=signal.reference)
    expect(waiting).to_contain_text("Raakt mogelijk meerdere eenheden")
    waiting.get_by_role("link", name=signal.reference).click()
    decide = national.locator("#national-form form")
    # The unit's routing form is not offered: the national triage has its own three decisions.
    expect(national.locator("#triage-form")).to_have_count(0)
    decide.get_by_label("Terug naar de triage van de eenheid", exact=True).check()
    decide.get_by_label("Motivering").fill(REASON)
    decide.get_by_role("button", name="Besluit vastleggen").click()
    expect_message(national, "Besluit van de landelijke triage vastgelegd: Terug naar de triage "
                             "van de eenheid.")
    expect(national.locator("#national-waiting")).not_to_contain_text(signal.reference)
    expect(national.locator("#national-decisions tbody tr", has_text=signal.reference)
           ).to_contain_text(REASON)

    unit.get_by_role("link", name="Mijn taken").click()
    task = unit.locator("tbody tr", has_text="Terug van de landelijke triage: opnieuw trieren")
    expect(task).to_have_count(1)
    task.get_by_role("link", name=signal.reference).click()
    expect(unit.locator("h1 .badge")).to_have_text("Terug van de landelijke triage")
    expect(unit.locator(".national-history")).to_contain_text(REASON)

    signal.refresh_from_db()
    assert signal.status == Signal.Status.RETURNED
    assert NationalDecision.objects.get(signal=signal).outcome == NationalDecision.Outcome.RETURN
