"""Journey 4: need-to-know. Outsiders get a 404 for a signal; the betrokkene's line manager as care
contact gets the care view of the case, not the investigation file."""

import pytest
from playwright.sync_api import expect

from vik.audit.models import AuditEvent

pytestmark = pytest.mark.browser


def test_triage_member_of_another_region_gets_a_404(org, make_signal, login_as):
    signal = make_signal(description="Collega raadpleegde BVH over een buurman.")
    page = login_as(org.triage_b)
    response = page.goto(f"/meldingen/{signal.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(signal.reference)
    expect(page.locator("body")).not_to_contain_text("buurman")
    # The signal is not in his lists either.
    page.goto("/meldingen/")
    expect(page.get_by_text("Geen meldingen die u mag inzien.")).to_be_visible()
    assert AuditEvent.objects.filter(actor=org.triage_b, action="denied",
                                     object_id=str(signal.pk)).exists()


def test_line_manager_as_care_contact_sees_only_the_care_view(org, disciplinary_case, login_as):
    case = disciplinary_case
    assert case.care_contact == org.manager
    page = login_as(org.manager)
    page.get_by_role("link", name="Onderzoeken").click()
    page.get_by_role("link", name=case.reference).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zorg bij onderzoek {case.reference}")
    expect(page.get_by_text("U bent zorgcontactpersoon.")).to_be_visible()
    expect(page.get_by_role("heading", name="Statusupdates aan de betrokkene")).to_be_visible()
    body = page.locator("body")
    expect(body).not_to_contain_text("Omschrijving vermoedelijk plichtsverzuim")
    expect(body).not_to_contain_text("zonder werkopdracht")
    expect(body).not_to_contain_text("Documenten")
    expect(page.locator("details#action-aanzegging")).to_have_count(0)
    # The signal behind the case stays closed to him: he is the betrokkene's own manager.
    response = page.goto(f"/meldingen/{case.signal_id}/")
    assert response.status == 404
