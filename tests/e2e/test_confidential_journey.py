"""Issue 15, item 10 in the browser: two confidential advisors each register a contact about the
same colleague, chosen by name; the central advisor finds "meerdere contacten betreffen dezelfde
persoon" among his tasks with the number of contacts and the advisors to approach, never the name,
and closes it. The committee fills in the complete evaluation form with the complainant (a missing
answer is refused in Dutch and the typed text stays); the complaint page shows the completed form,
and the central advisor finds the evaluation figures on the coordination page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.confidential.conftest import conf  # noqa: F401  (fixture)
from tests.e2e.pages import expect_message, nl_date
from vik.confidential import services
from vik.confidential.models import Category, Complaint

pytestmark = pytest.mark.browser

TITLE = "Meerdere contacten betreffen dezelfde persoon"


def _register_contact(page, person_name: str, days_ago: int) -> None:
    page.goto("/vertrouwelijk/register/nieuw/")
    page.get_by_label("Datum eerste contact").fill(nl_date(timezone.localdate() - dt.timedelta(days=days_ago)))
    page.get_by_label("Categorie").select_option(label="Psychische agressie, intimidatie en pesten")
    page.get_by_label("Soort melder").select_option(label="Medewerker")
    page.get_by_label("Eenheid of district").select_option(label="Eenheid Noord")
    page.get_by_label("Gesprek").check()
    page.get_by_label("Tijdsbesteding (minuten)").fill("45")
    page.get_by_label("Over wie gaat het? (optioneel)").fill(person_name)
    page.get_by_role("button", name="Opslaan").click()
    expect_message(page, "Contact opgeslagen.")


def _decided_complaint(conf):  # noqa: F811
    today = timezone.localdate()
    c = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.INTIMIDATION,
        received_on=today - dt.timedelta(days=60), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Buitensluiten bij de dienstindeling."))
    day = c.received_on
    services.decide_admissibility(conf.member, c, True, day + dt.timedelta(days=3), "")
    services.record_hearing(conf.member, c, day + dt.timedelta(days=15), True, True, "Beide partijen gehoord.")
    services.give_advice(conf.member, c, day + dt.timedelta(days=25), Complaint.Advice.FOUNDED, "Gegrond, berisping.")
    services.record_decision(conf.chief, c, day + dt.timedelta(days=35), True, "Berisping conform advies.")
    return c


def test_repeat_concern_reaches_the_central_advisor_without_a_name(transactional_db, conf, login_as):  # noqa: F811
    person = conf.org.colleague
    first = login_as(conf.advisor)
    _register_contact(first, person.full_name, days_ago=60)
    second = login_as(conf.advisor2)
    _register_contact(second, person.full_name, days_ago=2)
    second.goto("/vertrouwelijk/register/")
    expect(second.locator("tbody tr")).to_have_count(1)  # his own contact only

    central = login_as(conf.central)
    task = central.locator("tbody tr", has_text=TITLE)
    expect(task).to_have_count(1)
    task.get_by_role("link").first.click()
    expect(central.get_by_role("heading", level=1)).to_contain_text("Stapelingssignaal")
    expect(central.locator("main")).to_contain_text("2 contacten")
    advisors = central.get_by_role("table", name="Betrokken vertrouwenspersonen")
    expect(advisors).to_contain_text(conf.advisor.display_name)
    expect(advisors).to_contain_text(conf.advisor2.display_name)
    content = central.content()
    for name in (person.full_name, person.surname, person.first_name, person.personnel_number):
        assert not re.search(rf"\b{re.escape(name)}\b", content), name

    central.get_by_text("Signaal afhandelen").click()
    central.get_by_role("button", name="Afhandelen").click()
    expect(central.locator(".errorlist")).to_contain_text("Leg kort vast wat u met het signaal hebt gedaan")
    central.get_by_label("Wat hebt u met het signaal gedaan?").fill("Beide vertrouwenspersonen samen gesproken.")
    central.get_by_role("button", name="Afhandelen").click()
    expect_message(central, "Signaal afgehandeld.")
    central.goto("/")
    expect(central.locator("tbody tr", has_text=TITLE)).to_have_count(0)

    first.goto("/vertrouwelijk/stapeling/")
    expect(first.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()


def test_complete_evaluation_form_and_the_figures(transactional_db, conf, login_as):  # noqa: F811
    complaint = _decided_complaint(conf)
    member = login_as(conf.member)
    member.goto(f"/vertrouwelijk/klachten/{complaint.pk}/")
    form = member.locator("form", has=member.locator("[data-action=evaluation]"))
    expect(member.locator("main")).to_contain_text("35 dagen van melding tot afhandeling")
    form.get_by_label("1a. Wat is uit het onderzoek naar het gedrag naar voren gekomen?").fill(
        "Twee collega's bevestigden het buitensluiten.")
    form.get_by_label("2. Welke maatregelen zijn genomen?").fill("Schriftelijke berisping.")
    form.locator("[name=complainant_consequences][value=none]").check()
    form.locator("[name=accused_consequences][value=disciplinary]").check()
    form.get_by_label("Welke disciplinaire maatregel of toelichting (wie de klacht betreft)").fill(
        "schriftelijke berisping")
    form.locator("[name=outcome_score]").select_option("4")
    form.locator("[name=procedure_score]").select_option("2")
    form.get_by_label("Toelichting van de klager op de procedure").fill("Het duurde te lang.")
    form.get_by_label("8. Er is nadere actie nodig").check()
    form.get_by_label("Formele klacht").check()
    form.locator("[name=filed]").select_option("archived")
    form.locator("[name=colleagues_score]").select_option("3")
    form.get_by_label("De klager heeft het ingevulde formulier gezien en stemt ermee in").check()
    form.get_by_role("button", name="Vastleggen").click()
    # Further action without saying which: refused in Dutch, the typed answers stay.
    expect(member.locator(".errorlist")).to_contain_text("Beschrijf welke actie u voorstelt.")
    form = member.locator("form", has=member.locator("[data-action=evaluation]"))
    expect(form.get_by_label("2. Welke maatregelen zijn genomen?")).to_have_value("Schriftelijke berisping.")
    form.get_by_label("Zo ja: welke actie stelt u voor?").fill("Teamgesprek over omgangsvormen.")
    form.get_by_role("button", name="Vastleggen").click()
    expect_message(member, "Evaluatie vastgelegd.")
    card = member.locator("section", has=member.get_by_role("heading", name="Evaluatieformulier"))
    for shown in ("Twee collega's bevestigden het buitensluiten.", "Disciplinaire maatregel — schriftelijke berisping",
                  "2 van 5 — Het duurde te lang.", "ja — Teamgesprek over omgangsvormen.",
                  "Gearchiveerd bij de vertrouwenspersoon", "35 dagen"):
        expect(card).to_contain_text(shown)

    central = login_as(conf.central)
    central.goto("/vertrouwelijk/coordinatie/")
    figures = central.locator("section", has=central.get_by_role("heading", name="Evaluaties van klachten"))
    expect(figures).to_contain_text("Geëvalueerde klachten: <5.")
    expect(figures).to_contain_text("Niet uitgesplitst")
    expect(figures).not_to_contain_text("Anna Klager")
