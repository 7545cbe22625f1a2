"""Issue 16: the signal page is composed of panels served by their owners. Signals defines the
slots; triage and investigations register their panels (signals imports neither: an
import-linter contract in pyproject.toml)."""

import pytest

from vik.signals import panels


def test_triage_and_investigations_register_their_panels_in_order():
    names = [(p.slot, p.name) for p in panels.registered()]
    assert names.index(("summary", "triage.summary")) < names.index(
        ("summary", "investigations.cases"))
    assert names.index(("actions", "triage.actions")) < names.index(
        ("actions", "investigations.open_case"))
    by_name = {p.name: p for p in panels.registered()}
    assert by_name["triage.actions"].template.startswith("triage/")
    assert by_name["investigations.open_case"].template.startswith("investigations/")


def test_an_unknown_slot_is_refused():
    with pytest.raises(ValueError):
        panels.register("x", slot="sidebar", template="x.html")


def test_the_signal_page_shows_each_owners_panel(client, org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal)
    client.force_login(org.triage)
    page = client.get(f"/meldingen/{signal.pk}/").text
    # triage: the decision and the re-triage form; investigations: the form to start a case
    assert "Ernstig genoeg voor een onderzoek." in page
    assert f'action="/triage/melding/{signal.pk}/besluit/"' in page
    assert f'action="/onderzoeken/start/{signal.pk}/"' in page
    assert page.index("triage-form") < page.index("case-form")


def test_a_panel_without_context_is_left_out(client, org, make_signal):
    """Before triage there is no case to start, and only triage members see its forms."""
    signal = make_signal()
    client.force_login(org.triage)
    page = client.get(f"/meldingen/{signal.pk}/").text
    assert 'id="triage-form"' in page and 'id="case-form"' not in page
    client.force_login(org.investigator)
    assert client.get(f"/meldingen/{signal.pk}/").status_code == 404


def test_no_case_start_offered_when_every_betrokkene_has_one(client, org, disciplinary_case):
    """Tester t12: "Onderzoek starten" stayed on the signal page after the only betrokkene's case
    had started; it now says so instead."""
    signal = disciplinary_case.signal
    assert set(signal.subjects.all()) == {disciplinary_case.subject}
    client.force_login(org.triage)
    html = client.get(f"/meldingen/{signal.pk}/").content.decode()
    assert 'id="case-form"' not in html and "loopt al een onderzoek op deze route" in html
