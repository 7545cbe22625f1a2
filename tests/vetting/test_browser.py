"""Journey: an employee asks approval for a gift in advance, his line manager finds the task and
decides with a reason, and the employee sees the decision and the date to declare again."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.knowledge.browser import new_context  # noqa: F401 - fixture
from vik.vetting.models import Declaration

pytestmark = pytest.mark.browser


def test_employee_declares_a_gift_and_the_manager_decides(transactional_db, new_context, org, vet):  # noqa: F811
    event_on = timezone.localdate() + dt.timedelta(days=10)
    employee = new_context(vet.employee).new_page()
    employee.goto("/")
    employee.get_by_role("link", name="Meldplicht", exact=True).click()
    employee.get_by_role("link", name="Nieuwe melding").click()
    employee.get_by_label("Wat meldt u?").select_option(label="Geschenk")
    employee.get_by_label("Omschrijving").fill("Kerstpakket van de ondernemersvereniging.")
    employee.get_by_label("Organisatie of persoon").fill("Ondernemersvereniging Havenmond")
    employee.get_by_label("Geschatte waarde in euro (geschenk of uitnodiging)").fill("75")
    employee.get_by_label("Datum van geschenk of evenement").fill(event_on.strftime("%d-%m-%Y"))
    employee.get_by_role("button", name="Melding versturen").click()
    expect(employee.locator("ul.messages")).to_contain_text("is verstuurd naar leidinggevende")
    declaration = Declaration.objects.get()
    expect(employee.get_by_role("heading", level=1)).to_contain_text(declaration.reference)
    expect(employee.get_by_text("Nog geen besluit.")).to_be_visible()

    manager = new_context(org.manager).new_page()
    manager.goto("/")
    task = manager.locator("tbody tr", has_text="Besluiten over melding: Geschenk")
    expect(task).to_have_count(1)
    task.get_by_role("link", name=declaration.reference).click()
    expect(manager.get_by_text("Kerstpakket van de ondernemersvereniging.")).to_be_visible()
    manager.locator("#id_decision").select_option(label="Toegestaan onder voorwaarden")
    manager.get_by_label("Motivering").fill("Aannemen voor het hele team, niet persoonlijk.")
    manager.get_by_role("button", name="Besluit vastleggen").click()
    expect(manager.locator("ul.messages")).to_contain_text("Het besluit is vastgelegd.")
    expect(manager.get_by_role("button", name="Besluit vastleggen")).to_have_count(0)

    employee.reload()
    expect(employee.get_by_text("Toegestaan onder voorwaarden")).to_be_visible()
    expect(employee.get_by_text("Aannemen voor het hele team, niet persoonlijk.")).to_be_visible()
    expect(employee.get_by_text("Opnieuw melden vóór")).to_have_count(0)  # a gift happens once
    # His colleague sees nothing of it.
    colleague = new_context(vet.colleague).new_page()
    response = colleague.goto(f"/veiligheid/meldingen/{declaration.pk}/")
    assert response.status == 404
