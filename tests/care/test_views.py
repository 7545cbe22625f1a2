"""Issue 16: care renders its own part of the case page (panels registered with
`investigations.case_panels`) and handles its own acts (`care.views`), at the case page's
addresses; investigations does not import care (an import-linter contract)."""

from django.urls import resolve
from django.utils import timezone

from vik.care.models import Referral, TeamCare


def test_care_acts_are_served_by_care_at_the_case_pages_address(disciplinary_case):
    case = disciplinary_case
    for act in ("care_contact", "referral", "team_care"):
        match = resolve(f"/onderzoeken/{case.pk}/actie/{act}/")
        assert match.view_name == "care:action" and match.func.__module__ == "vik.care.views"
    assert resolve(f"/onderzoeken/{case.pk}/actie/hearing/").view_name == "investigations:action"


def test_investigator_refers_from_the_care_section_of_the_case_page(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/").text
    assert f'action="/onderzoeken/{case.pk}/actie/referral/"' in page
    assert 'id="action-care_contact"' in page
    response = client.post(f"/onderzoeken/{case.pk}/actie/referral/", {
        "desk": "bmw", "referred_on": timezone.localdate().isoformat(), "note": "Eerste gesprek."})
    assert response.status_code == 302 and response["Location"] == f"/onderzoeken/{case.pk}/"
    assert Referral.objects.get(case=case).note == "Eerste gesprek."
    assert "Verwijzing vastgelegd." in client.get(response["Location"]).text


def test_invalid_care_form_comes_back_on_the_care_view_with_input_and_errors(
        client, org, disciplinary_case):
    from tests.case_steps import told

    case = disciplinary_case
    told(org, case)  # team care comes after the aanzegging
    client.force_login(org.manager)  # the betrokkene's manager: care contact, care view only
    response = client.post(f"/onderzoeken/{case.pk}/actie/team_care/",
                           {"on": "2027-02-30", "description": "Mijn getypte teamzorg"})
    # To the section with the errors (tester t31: without JavaScript the page opened at its top).
    assert response.status_code == 302 and response["Location"] == f"/onderzoeken/{case.pk}/#action-team_care"
    page = client.get(response["Location"]).text
    assert "Zorg bij onderzoek" in page and "Mijn getypte teamzorg" in page
    assert 'id="action-team_care" open' in page
    assert not TeamCare.objects.exists()
    # A reload keeps what was typed (until the form is sent again or half an hour passes).
    assert "Mijn getypte teamzorg" in client.get(f"/onderzoeken/{case.pk}/").text


def test_care_acts_are_refused_without_the_care_permission(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator2)  # no member of the case
    response = client.post(f"/onderzoeken/{case.pk}/actie/referral/",
                           {"desk": "bmw", "referred_on": timezone.localdate().isoformat()})
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_handing_over_care_does_not_end_on_page_not_found(client, org, disciplinary_case):
    """Tester t50: the care contact who handed care over landed on "Pagina niet gevonden" under a
    green success message; now on his own start page, told he no longer has access."""
    from vik.care import services as care

    case = disciplinary_case
    care.change_care_contact(org.investigator, case, org.care, "Verhouding met teamchef verstoord")
    client.force_login(org.care)
    typed = {"new_contact": org.manager.employee.personnel_number, "reason": "Zorg terug naar de teamchef"}
    # First a question on a page of its own: he loses his access by it (tester t53).
    type(case).objects.filter(pk=case.pk).update(care_outside_line=True)  # his wish, now withdrawn
    asked = client.post(f"/onderzoeken/{case.pk}/actie/care_contact/", typed, follow=True).content.decode()
    assert "<h1>Bevestigen</h1>" in asked and "geen toegang meer" in asked
    # The person by name and number, and the wish switched off, said before it happens (tester t54).
    assert f"{org.manager.display_name} ({org.manager.employee.personnel_number})" in asked
    assert "nee (uitgezet)" in asked
    case.refresh_from_db()
    assert case.care_contact == org.care
    response = client.post(f"/onderzoeken/{case.pk}/actie/care_contact/", {**typed, "vik_confirm": "yes"},
                           follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/" and response.status_code == 200
    assert "U hebt geen toegang meer tot dit onderzoek." in page
    # Who gives care now (tester t52).
    assert f"Zorgcontactpersoon gewijzigd: de zorg ligt nu bij {org.manager.display_name}." in page


def test_the_first_care_contact_is_appointed_not_handed_over(client, org, disciplinary_case):
    """Tester t62: appointing the first care contact asked "De zorg overdragen …?" and answered
    "Zorgcontactpersoon gewijzigd", while there was nobody before."""
    case = disciplinary_case
    type(case).objects.filter(pk=case.pk).update(care_contact=None)
    case.members.filter(kind="care").delete()
    client.force_login(org.investigator)
    typed = {"new_contact": org.care.employee.personnel_number, "reason": "Leidinggevende is melder"}
    asked = client.post(f"/onderzoeken/{case.pk}/actie/care_contact/", typed, follow=True).content.decode()
    assert "aanwijzen als zorgcontactpersoon" in asked and "overdragen" not in asked
    page = client.post(f"/onderzoeken/{case.pk}/actie/care_contact/", {**typed, "vik_confirm": "yes"},
                       follow=True).content.decode()
    assert f"Zorgcontactpersoon aangewezen: de zorg ligt bij {org.care.display_name}." in page
