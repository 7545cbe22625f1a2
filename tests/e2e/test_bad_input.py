"""Journey 3: bad input in the browser gives Dutch errors at the fields and keeps what was typed."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.pages import fill_triage_decision
from vik.signals.models import Signal
from vik.triage.models import Criterion, TriageDecision

pytestmark = pytest.mark.browser

DESCRIPTION = "Collega nam een cadeaubon van een leverancier aan."


def test_unknown_personnel_number_is_refused_and_the_description_kept(org, login_as):
    page = login_as(org.triage)
    page.goto("/meldingen/nieuw/")
    page.get_by_label("Datum ontvangst").fill(timezone.localdate().isoformat())
    page.get_by_label("Kanaal").select_option(label="Collega")
    page.get_by_label("Eenheid").select_option(label=org.region_a.name)
    page.get_by_label("Integriteitsthema").select_option(label="Aannemen van geschenken")
    page.get_by_label("Omschrijving").fill(DESCRIPTION)
    page.get_by_label("Betrokkene(n)").fill("P000001")
    page.get_by_role("button", name="Registreren").click()

    subjects = page.get_by_label("Betrokkene(n)")
    field = page.locator(".field", has=subjects)
    expect(field.locator(".errorlist")).to_have_text("Onbekend personeelsnummer: P000001.")
    expect(page.get_by_role("heading", name="Melding registreren")).to_be_visible()
    expect(page.get_by_label("Omschrijving")).to_have_value(DESCRIPTION)
    expect(subjects).to_have_value("P000001")
    # The page script puts the cursor in the first field with an error.
    expect(subjects).to_be_focused()
    assert not Signal.objects.exists()


def test_triage_decision_without_scores_shows_an_error_per_criterion(org, make_signal, login_as):
    signal = make_signal()
    page = login_as(org.triage)
    page.goto(f"/meldingen/{signal.pk}/")
    form = fill_triage_decision(page, route="Geen actie", scores=None,
                                rationale="Geen aanwijzingen voor plichtsverzuim gevonden.")
    form.get_by_role("button", name="Besluit vastleggen").click()

    expect(page.locator("ul.messages")).to_contain_text(
        "Het triagebesluit is niet opgeslagen; zie de meldingen bij de velden.")
    criteria = list(Criterion.objects.filter(active=True))
    form = page.locator("#triage-form form")
    expect(page.locator("details#triage-form")).to_have_attribute("open", "")
    for criterion in criteria:
        score = form.locator(".field", has=page.locator(f"select[name='score_{criterion.code}']"))
        expect(score.locator(".errorlist")).to_have_text(f"Geef een score voor ‘{criterion.label}’.")
    expect(form.locator(".errorlist")).to_have_count(len(criteria))
    # What was filled in is still there.
    expect(form.get_by_label("Geen actie", exact=True)).to_be_checked()
    expect(form.get_by_label("Motivering")).to_have_value("Geen aanwijzingen voor plichtsverzuim gevonden.")
    expect(page.locator(f"select[name='score_{criteria[0].code}']")).to_be_focused()
    assert not TriageDecision.objects.exists()
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW
