"""Journey 2: the triage sends a signal back to the line; the line manager finds the task, reports
how he handled it, and the signal is closed."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import all_scores
from tests.e2e.pages import expect_message, fill_triage_decision, nl_date
from vik.signals.models import Signal
from vik.triage.models import Route

pytestmark = pytest.mark.browser

TASK = "Terugkoppelen over afhandeling in de lijn"
REPORT = "Lijngesprek gevoerd met betrokkene; afspraken over BVH-gebruik vastgelegd."


def test_back_to_the_line_until_the_manager_reports(org, make_signal, login_as):
    signal = make_signal()
    follow_up_due = timezone.localdate() + dt.timedelta(days=14)

    triage = login_as(org.triage)
    triage.goto(f"/meldingen/{signal.pk}/")
    form = fill_triage_decision(
        triage, route="Terug naar de lijn", scores=all_scores(1),
        rationale="Licht vergrijp; de teamchef kan dit in een lijngesprek afhandelen.",
        extra={"Leidinggevende": org.manager.employee.personnel_number,
               "Terugkoppeling uiterlijk": follow_up_due.isoformat()},
    )
    form.get_by_role("button", name="Besluit vastleggen").click()
    expect_message(triage, "Triagebesluit vastgelegd: Terug naar de lijn.")
    expect(triage.locator("h1 .badge")).to_have_text("In de lijn")
    expect(triage.get_by_text(
        f"Leidinggevende: {org.manager.employee.full_name} · terugkoppeling uiterlijk "
        f"{nl_date(follow_up_due)}")).to_be_visible()
    # No investigation can be started on this route.
    expect(triage.locator("#case-form")).to_have_count(0)

    manager = login_as(org.manager)
    task = manager.locator("tbody tr", has_text=TASK)
    expect(task).to_have_count(1)
    expect(task).to_contain_text(nl_date(follow_up_due))
    task.get_by_role("link", name=signal.reference).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text(signal.reference)
    # He handles the signal, he does not triage it.
    expect(manager.locator("#triage-form")).to_have_count(0)
    manager.get_by_label("Hoe is de melding in de lijn afgehandeld?").fill(REPORT)
    manager.get_by_role("button", name="Terugkoppeling versturen").click()
    expect_message(manager, "Uw terugkoppeling is vastgelegd. Dank u.")
    expect(manager.locator("h1 .badge")).to_have_text("Afgesloten")
    expect(manager.get_by_text(f"Terugkoppeling: {REPORT}")).to_be_visible()
    expect(manager.get_by_role("button", name="Terugkoppeling versturen")).to_have_count(0)

    manager.get_by_role("link", name="Mijn taken").click()
    expect(manager.get_by_text("U heeft geen openstaande taken.")).to_be_visible()

    signal.refresh_from_db()
    decision = signal.triage_decisions.get(current=True)
    assert signal.status == Signal.Status.CLOSED
    assert decision.route == Route.LINE and decision.line_manager == org.manager.employee
    assert decision.follow_up_due == follow_up_due
    assert decision.line_report == REPORT and decision.line_reported_at is not None
