"""Journey: policy staff write an anonymised learning point from a decided case (a name is
refused first), record a learning circle with an improvement for the line manager, who finds it
among his tasks and marks it done; any employee reads the point in the case library, without the
link to the case."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.pages import expect_message, nl_date
from vik.investigations.models import Decision, Outcome

pytestmark = pytest.mark.browser

TITLE = "Privé opzoeken in de systemen"


def test_from_a_decision_to_a_learning_point_and_a_circle(org, disciplinary_case, login_as):
    case = disciplinary_case
    Decision.objects.create(case=case, outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel.",
                            decided_on=timezone.localdate(), decided_by=org.authority)

    staff = login_as(org.policy)
    staff.goto("/leren/")
    staff.get_by_role("link", name=case.reference).click()
    staff.get_by_label("Thema").select_option(label="Omgaan met informatie")
    staff.get_by_label("Titel").fill(TITLE)
    staff.get_by_label("Wat er gebeurde (in algemene termen)").fill(
        f"Collega {case.subject.surname} zocht zijn buurman op.")
    staff.get_by_label("Wat we ervan leerden").fill("Alleen opvragen voor je werk.")
    staff.get_by_label("Direct publiceren in de casusbibliotheek").check()
    staff.get_by_role("button", name="Opslaan").click()
    expect(staff.locator(".errorlist")).to_contain_text("Verwijder namen")
    staff.get_by_label("Wat er gebeurde (in algemene termen)").fill("Een agent zocht zijn buurman op.")
    staff.get_by_role("button", name="Opslaan").click()
    expect_message(staff, "Het leerpunt is vastgelegd.")
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)

    due = timezone.localdate() + dt.timedelta(days=10)
    staff.goto("/leren/lerende-cirkels/nieuw/")
    staff.get_by_label("Eenheid").select_option(label=str(org.patrol))
    staff.get_by_label("Deelnemers").fill(org.manager.employee.personnel_number)
    staff.get_by_label(TITLE).check()
    staff.get_by_label("Afgesproken verbetering").fill("Opvragen bespreken in het werkoverleg.")
    staff.get_by_label("Eigenaar van de verbetering").fill(org.manager.employee.personnel_number)
    staff.get_by_label("Uiterlijk gereed op").fill(nl_date(due))
    staff.get_by_role("button", name="Opslaan").click()
    expect_message(staff, "De lerende cirkel is vastgelegd.")

    manager = login_as(org.manager)
    task = manager.locator("tbody tr", has_text="Verbeterpunt uit de lerende cirkel uitvoeren")
    expect(task).to_have_count(1)
    expect(task).to_contain_text(nl_date(due))
    task.get_by_role("link").first.click()
    # Asked first: marking done cannot be undone (tester t55); the browser's question is accepted.
    asked = []
    manager.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    manager.get_by_role("button", name="Markeren als afgerond").click()
    expect_message(manager, "Het verbeterpunt is afgerond.")
    assert asked and "niet ongedaan" in asked[0]
    assert manager.url.endswith("#verbeteringen")  # back at the list, not the page's top
    # and the message stands there, in view (tester t56: it stood at the top, out of view)
    expect(manager.locator("#verbeteringen ul.messages")).to_contain_text("Het verbeterpunt is afgerond.")
    manager.goto("/")
    expect(manager.locator("tbody tr", has_text="Verbeterpunt uit de lerende cirkel")).to_have_count(0)

    employee = login_as(org.nobody)
    employee.goto("/leren/?q=buurman")
    expect(employee.get_by_role("link", name=TITLE)).to_be_visible()
    expect(employee.get_by_role("link", name=case.reference)).to_have_count(0)
