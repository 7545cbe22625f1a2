import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vik.care import services as care
from vik.investigations.models import Member


def test_changing_care_contact_records_reason_and_moves_membership(org, disciplinary_case):
    case = disciplinary_case
    with pytest.raises(ValidationError) as exc:
        care.change_care_contact(org.investigator, case, org.care, "")
    assert "reason" in exc.value.message_dict
    care.change_care_contact(org.investigator, case, org.care, "Verhouding met teamchef verstoord")
    case.refresh_from_db()
    assert case.care_contact == org.care
    assert case.care_contact_reason == "Verhouding met teamchef verstoord"
    care_members = set(case.members.filter(kind=Member.Kind.CARE_CONTACT)
                       .values_list("user__username", flat=True))
    assert care_members == {"zorg"}
    assert case.care_contact_changes.get().previous == org.manager


def test_referral_to_each_desk_and_for_the_team(org, disciplinary_case):
    from tests.case_steps import told

    told(org, disciplinary_case)  # the team is told of nothing before the aanzegging
    referral = care.refer(org.manager, disciplinary_case, desk="bmw",
                          referred_on=timezone.localdate(), for_team=True)
    assert referral.get_desk_display().startswith("Bedrijfsmaatschappelijk")
    with pytest.raises(ValidationError):
        care.refer(org.manager, disciplinary_case, desk="astroloog",
                   referred_on=timezone.localdate())


def test_team_and_family_care_wait_for_the_aanzegging(org, disciplinary_case):
    """Tester t50: before the aanzegging "team informed that he is under investigation", "called
    the partner" and a referral of the team were recorded without a word, under a warning that
    nothing may be shared yet."""
    import datetime as dt

    from tests.case_steps import told
    from vik.care.models import FamilyCare, TeamCare
    from vik.core.errors import DomainError

    case = disciplinary_case
    today = timezone.localdate()
    with pytest.raises(DomainError, match="kent het onderzoek nog niet"):
        care.record_team_care(org.manager, case, on=today, description="Team geïnformeerd over het onderzoek")
    with pytest.raises(DomainError, match="kent het onderzoek nog niet"):
        care.record_family_care(org.manager, case, on=today, description="Partner gebeld over het onderzoek")
    with pytest.raises(DomainError, match="kent het onderzoek nog niet"):
        care.refer(org.manager, case, desk="bmw", referred_on=today, for_team=True)
    assert not TeamCare.objects.exists() and not FamilyCare.objects.exists()
    care.refer(org.manager, case, desk="bmw", referred_on=today)  # his own referral may be prepared
    told(org, case)
    case.refresh_from_db()
    told_on = timezone.localtime(case.aanzegging.held_at).date()
    with pytest.raises(ValidationError) as early:
        care.record_team_care(org.manager, case, on=told_on - dt.timedelta(days=1), description="Teamoverleg gehouden")
    assert "vóór de aanzegging" in early.value.message_dict["on"][0]
    care.record_team_care(org.manager, case, on=told_on, description="Teamoverleg gehouden")
    care.record_family_care(org.manager, case, on=today, description="Partner gebeld")
    care.refer(org.manager, case, desk="bmw", referred_on=today, for_team=True)


def test_the_care_section_names_the_care_contact_and_hides_team_care_before_the_aanzegging(
        client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/").text
    assert 'id="care-contact"' in page and 'id="team-care-later"' in page and 'id="action-team_care"' not in page
    care.change_care_contact(org.investigator, case, org.care, "Verhouding met teamchef verstoord")
    page = client.get(f"/onderzoeken/{case.pk}/").text
    assert f"Zorgcontactpersoon: {org.care.display_name}" in page


def test_someone_who_cannot_be_care_contact_is_told_why_not_that_nobody_exists(org, disciplinary_case):
    """Tester t50: the betrokkene's own personnel number got "Onbekend personeelsnummer", the lead
    investigator "Niemand gevonden met de naam"; both exist, neither may give care here."""
    from vik.care.forms import CareContactForm

    for typed in (org.officer.personnel_number, org.investigator.employee.full_name):
        form = CareContactForm({"new_contact": typed, "reason": "Verhouding verstoord"})
        assert not form.is_valid()
        said = " ".join(form.errors["new_contact"])
        assert "kan hier niet worden gekozen" in said and "leidinggevende of zorgcontactpersoon" in said, said
        assert "Onbekend" not in said and "Niemand gevonden" not in said
    from django.utils import translation
    with translation.override("en"):  # not the Dutch "of" between English roles (tester t52)
        form = CareContactForm({"new_contact": org.officer.personnel_number, "reason": "Verhouding verstoord"})
        assert not form.is_valid()
        said = " ".join(form.errors["new_contact"])
        assert " or " in said and " of " not in said, said
    # With the case known, the betrokkene himself is told as such (tester t53: "the wrong role").
    himself = CareContactForm({"new_contact": org.officer.personnel_number, "reason": "Verhouding verstoord"},
                              case=disciplinary_case)
    assert not himself.is_valid()
    assert "Dit is de betrokkene zelf" in himself.errors["new_contact"][0]
    unknown = CareContactForm({"new_contact": "P999999", "reason": "Verhouding verstoord"})
    assert not unknown.is_valid() and "Onbekend personeelsnummer" in " ".join(unknown.errors["new_contact"])
    chosen = CareContactForm({"new_contact": org.care.employee.personnel_number, "reason": "Verhouding verstoord"})
    assert chosen.is_valid() and chosen.cleaned_data["new_contact"] == org.care


def test_before_the_aanzegging_no_form_offers_what_is_always_refused(org, disciplinary_case):
    """Tester t51: the team referral was offered before the aanzegging, and always refused."""
    from tests.case_steps import told
    from vik.care.forms import ReferralForm

    case = disciplinary_case
    assert "for_team" not in ReferralForm(case=case).fields
    told(org, case)
    case.refresh_from_db()
    assert "for_team" in ReferralForm(case=case).fields


def test_a_wish_for_care_outside_his_own_line_stands_until_withdrawn(client, org, disciplinary_case):
    """Tester t52: the betrokkene asked for care from outside his own line; care could then be
    handed to his own team without a word, and nothing on the care pages showed the wish."""
    from tests.factories import EmployeeFactory, UserFactory
    from vik.accounts.models import Role
    from vik.care.forms import CareContactForm

    case = disciplinary_case
    teammate = UserFactory(username="teamgenoot", roles=[Role.CARE_CONTACT],
                           employee=EmployeeFactory(unit=org.patrol, surname="Teamgenoot"))
    care.change_care_contact(org.investigator, case, org.care, "Betrokkene vraagt zorg buiten de lijn",
                             outside_line=True)
    case.refresh_from_db()
    assert case.care_outside_line and case.care_contact == org.care
    for own_line in (org.manager, teammate):
        with pytest.raises(ValidationError) as refused:
            care.change_care_contact(org.care, case, own_line, "Zorg terug naar het team")
        assert "buiten de eigen lijn" in " ".join(refused.value.message_dict["new_contact"])
    case.refresh_from_db()
    assert case.care_contact == org.care
    # Shown where care is given and decided, and the form starts from it.
    client.force_login(org.care)
    page = client.get(f"/onderzoeken/{case.pk}/").text
    assert 'id="care-outside-line"' in page
    assert CareContactForm(case=case).fields["outside_line"].initial is True
    # Withdrawn (he says so): then his manager may give care again.
    care.change_care_contact(org.care, case, org.manager, "Betrokkene wil weer zorg van de teamchef",
                             outside_line=False)
    case.refresh_from_db()
    assert not case.care_outside_line and case.care_contact == org.manager
