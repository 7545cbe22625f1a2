"""Reachable and usable: the menu leads recipients and advisors to their work, the route chart
leads to a way to file a complaint, and name suggestions work on the anonymous form without
revealing more than the form needs."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EmployeeFactory
from vik.confidential import forms
from vik.confidential.models import Complaint, Report

pytestmark = pytest.mark.django_db


def _menu(client) -> str:
    body = client.get("/").content.decode()
    return body[body.index("<nav"):body.index("</nav>")]


def test_menu_shows_the_inbox_and_the_register_to_whom_they_belong(conf):
    client = Client()
    client.force_login(conf.office)
    assert reverse("confidential:inbox") in _menu(client)
    assert reverse("confidential:register") not in _menu(client)
    client.force_login(conf.advisor)
    assert reverse("confidential:register") in _menu(client) and reverse("confidential:inbox") in _menu(client)
    client.force_login(conf.reporter)
    assert reverse("confidential:inbox") not in _menu(client)
    assert reverse("confidential:register") not in _menu(client)


def test_menu_leads_the_committee_and_the_chief_to_the_complaints(conf):
    client = Client()
    for user in (conf.member, conf.chief):
        client.force_login(user)
        assert reverse("confidential:complaints") in _menu(client)
        assert client.get(reverse("confidential:complaints")).status_code == 200
    client.force_login(conf.reporter)
    assert reverse("confidential:complaints") not in _menu(client)
    assert client.get(reverse("confidential:complaints")).status_code == 404


def test_route_chart_links_to_filing_a_complaint(conf):
    anonymous = Client().get(reverse("confidential:routes")).content.decode()
    assert reverse("confidential:complaint_file") in anonymous  # via the login page
    client = Client()
    client.force_login(conf.reporter)
    page = client.get(reverse("confidential:routes")).content.decode()
    assert f'href="{reverse("confidential:complaint_file")}"' in page


def test_employee_files_a_complaint_with_the_committee_of_his_unit(conf):
    client = Client()
    client.force_login(conf.reporter)
    assert client.get(reverse("confidential:complaint_file")).status_code == 200
    response = client.post(reverse("confidential:complaint_file"), {
        "region": conf.org.region_a.pk, "category": "intimidation", "accused": "Bob Beklaagd",
        "summary": "Al maanden buitengesloten bij de dienstindeling."})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.committee == conf.committee and complaint.complainant == conf.reporter.employee.full_name
    assert complaint.chair == conf.chair  # from another unit than the complaint's
    # The committee finds it in its list.
    member = Client()
    member.force_login(conf.member)
    assert complaint.reference in member.get(reverse("confidential:complaints")).content.decode()
    # The complainant follows its stage under Melden (found by a newcomer: only a one-time message);
    # nobody else sees it there.
    mine = client.get(reverse("confidential:index")).content.decode()
    assert "Mijn klachten" in mine and complaint.reference in mine and complaint.get_stage_display() in mine
    other = Client()
    other.force_login(conf.office)
    assert complaint.reference not in other.get(reverse("confidential:index")).content.decode()


def test_complaint_without_a_committee_is_refused_and_the_text_survives(conf):
    conf.committee.regions.clear()
    client = Client()
    client.force_login(conf.reporter)
    response = client.post(reverse("confidential:complaint_file"), {
        "region": conf.org.region_a.pk, "category": "intimidation", "accused": "Bob Beklaagd",
        "summary": "Mijn unieke klachttekst blijft staan."})
    assert response.status_code == 400
    assert "Mijn unieke klachttekst blijft staan." in response.content.decode()
    assert "geen klachtencommissie" in response.content.decode()
    assert not Complaint.objects.exists()


def test_name_suggestions_only_for_who_is_signed_in_and_without_personnel_numbers(conf):
    """Tester t17 pulled names, teams and ranks of staff from the suggestions without an account."""
    officer = conf.org.officer
    anonymous = Client().get(reverse("confidential:employee_options"), {"persons_named": officer.surname[:4]})
    assert anonymous.status_code == 200 and "<option" not in anonymous.content.decode()
    assert officer.surname not in anonymous.content.decode()
    page = Client().get(reverse("confidential:anonymous_new")).content.decode()
    assert "volledige naam" in page and 'hx-get="/vertrouwelijk/melden/personen/"' not in page
    client = Client()
    client.force_login(conf.reporter)
    response = client.get(reverse("confidential:employee_options"), {"persons_named": officer.surname[:4]})
    body = response.content.decode()
    assert officer.full_name in body and officer.unit.name in body
    assert officer.personnel_number not in body
    assert "no-store" in response["Cache-Control"]


def test_name_suggestions_need_three_letters_and_are_capped(conf):
    for n in range(15):
        EmployeeFactory(unit=conf.org.patrol, surname=f"Veelvoud{n:02d}")
    client = Client()
    client.force_login(conf.reporter)
    assert "<option" not in client.get(reverse("confidential:employee_options"), {"q": "Ve"}).content.decode()
    assert client.get(reverse("confidential:employee_options"), {"q": "Veelvoud"}).content.decode().count(
        "<option") == 10
    # Personnel numbers are not searchable: that would let anyone probe them.
    assert "<option" not in client.get(reverse("confidential:employee_options"),
                                        {"q": conf.org.officer.personnel_number}).content.decode()


def test_a_suggested_name_names_the_person_in_an_anonymous_report(conf):
    officer = conf.org.officer
    label = forms.person_label(officer)
    response = Client().post(reverse("confidential:anonymous_new"), {
        "recipient": "integrity_office", "region": conf.org.region_a.pk, "category": "integrity",
        "description": "Iemand op het bureau neemt geld aan van een sleepbedrijf.", "persons_named": label})
    assert response.status_code == 302
    assert list(Report.objects.get().persons_named.all()) == [officer]


def test_a_typed_full_name_names_the_person_and_an_unknown_one_says_so(conf):
    """Found by a newcomer: typing "Sander van Beek" gave "Onbekend personeelsnummer"."""
    officer = conf.org.officer
    data = {"recipient": "integrity_office", "region": conf.org.region_a.pk, "category": "integrity",
            "description": "Iemand op het bureau neemt geld aan van een sleepbedrijf."}
    response = Client().post(reverse("confidential:anonymous_new"),
                             {**data, "persons_named": f"  {officer.first_name.upper()}  {officer.surname} "})
    assert response.status_code == 302
    assert list(Report.objects.get().persons_named.all()) == [officer]
    refused = Client().post(reverse("confidential:anonymous_new"), {**data, "persons_named": "Niemand Bestaatniet"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "Niemand gevonden met de naam" in body
    assert "personeelsnummer:" not in body and "sleepbedrijf" in body


def test_logged_in_form_accepts_suggestions_and_personnel_numbers(conf):
    client = Client()
    client.force_login(conf.reporter)
    body = client.get(reverse("confidential:employee_options"), {"persons_named": conf.org.colleague.surname})
    label = forms.person_label(conf.org.colleague)
    assert label in body.content.decode()
    response = client.post(reverse("confidential:report_new"), {
        "mode": "confidential", "recipient": "integrity_office", "region": conf.org.region_a.pk,
        "category": "integrity", "description": "Iemand op het bureau neemt geld aan van een sleepbedrijf.",
        "persons_named": f"{label}, {conf.org.officer.personnel_number}"})
    assert response.status_code == 302
    assert set(Report.objects.get().persons_named.all()) == {conf.org.colleague, conf.org.officer}


def test_an_unknown_label_is_refused_and_the_text_survives(conf):
    response = Client().post(reverse("confidential:anonymous_new"), {
        "recipient": "integrity_office", "region": conf.org.region_a.pk, "category": "integrity",
        "description": "Mijn tekst over het sleepbedrijf blijft.", "persons_named": "Niemand Bekend (Nergens / -)"})
    assert response.status_code == 400
    assert "Mijn tekst over het sleepbedrijf blijft." in response.content.decode()


def test_the_central_advisor_reaches_coordination_from_the_menu(client, conf):
    """The annual report and repeat signals were reachable only through Melden and "my tasks"
    (tester t34); other advisors do not get the item."""
    import re

    for user, shown in ((conf.central, True), (conf.advisor, False)):
        client.force_login(user)
        nav = re.findall(r"<nav.*?</nav>", client.get("/").content.decode(), re.S)[0]
        assert ('href="/vertrouwelijk/coordinatie/"' in nav) is shown, user.username
