"""The case page says whose the next step is (tester t49): the closing step named the authority
while the investigator could close without a word why; the lead investigator saw the aanzegging form
without being told the step was his; the investigator saw an empty "Besluit" heading."""

import pytest
from django.utils import timezone

from tests.case_steps import add_plan, told
from vik.accounts.models import Role
from vik.investigations import services as inv
from vik.investigations.models import Case, Decision, Member, Outcome, StatusType, Step

pytestmark = pytest.mark.django_db


def _page(client, user, case) -> str:
    client.force_login(user)
    return client.get(f"/onderzoeken/{case.pk}/").content.decode()


@pytest.fixture
def decided(org, disciplinary_case):
    case = disciplinary_case
    told(org, case)
    Decision.objects.create(case=case, outcome=Outcome.CORRECTIVE, reasoning="Leerzaam voor het team.",
                            decided_on=timezone.localdate(), decided_by=org.authority)
    decision_step = StatusType.objects.get(case_type_id=case.case_type_id, step=Step.DECISION)
    Case.objects.filter(pk=case.pk).update(status=decision_step, status_since=timezone.localdate())
    case.refresh_from_db()
    return case


def test_the_closing_step_is_the_authoritys_and_the_investigator_is_told_he_may_record_it(client, org, decided):
    investigator = _page(client, org.investigator, decided)
    assert "Volgende stap volgens het proces: Afgesloten — verantwoordelijk: Bevoegd gezag." in investigator
    assert "U mag haar ook zelf vastleggen, in overleg met het bevoegd gezag." in investigator
    assert "Deze stap is aan u." not in investigator
    assert "Uitkomst meedelen en onderzoek afsluiten" in investigator
    authority = _page(client, org.authority, decided)
    assert "Deze stap is aan u." in authority and "U mag haar ook zelf vastleggen" not in authority


def test_the_lead_is_told_the_aanzegging_is_his_and_the_authority_who_records_it(client, org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    add_plan(org, case)
    inv.approve_plan(org.authority, case, timezone.localdate())
    lead = _page(client, org.investigator, case)
    assert 'id="aanzegging-next"' in lead and "Deze stap is aan u" in lead and 'id="action-aanzegging"' in lead
    authority = _page(client, org.authority, case)
    assert "Deze stap is aan u" not in authority and "vastgelegd door het onderzoeksteam" in authority


def test_the_investigator_sees_whose_decision_it_is_not_an_empty_heading(client, org, disciplinary_case):
    page = _page(client, org.investigator, disciplinary_case)
    assert 'id="decision-theirs"' in page and "Het besluit neemt het bevoegd gezag" in page
    assert 'id="decision-theirs"' not in _page(client, org.authority, disciplinary_case)


@pytest.mark.parametrize(("role", "kinds", "has_lead", "may_record", "expected"), [
    (Role.COMPETENT_AUTHORITY, {Member.Kind.COMPETENT_AUTHORITY}, True, True, "yours"),
    (Role.COMPETENT_AUTHORITY, {Member.Kind.LEAD_INVESTIGATOR}, True, True, "also"),
    (Role.COMPETENT_AUTHORITY, {Member.Kind.LEAD_INVESTIGATOR}, True, False, ""),
    (Role.COMPETENT_AUTHORITY, {Member.Kind.CARE_CONTACT}, True, False, ""),
    (Role.COMPETENT_AUTHORITY, set(), True, False, ""),
    (Role.INVESTIGATOR_DISCIPLINARY, {Member.Kind.LEAD_INVESTIGATOR}, True, True, "yours"),
    (Role.INVESTIGATOR_DISCIPLINARY, {Member.Kind.INVESTIGATOR}, True, True, "also"),
    (Role.INVESTIGATOR_DISCIPLINARY, {Member.Kind.INVESTIGATOR}, False, True, "yours"),
    # t50: the authority cannot record an investigator's step ("Volgende stap" is theirs)
    (Role.INVESTIGATOR_DISCIPLINARY, {Member.Kind.COMPETENT_AUTHORITY}, True, False, ""),
    (Role.INVESTIGATOR_DISCIPLINARY, {Member.Kind.CARE_CONTACT}, False, False, ""),
])
def test_whose_step_follows_the_owner_of_its_task(role, kinds, has_lead, may_record, expected):
    step = StatusType(step=Step.INTAKE, responsible_role=role, order=3)
    assert inv.step_holder(step, kinds, has_lead, may_record) == expected
    assert inv.step_holder(None, kinds, has_lead, may_record) == ""


def test_the_authority_is_not_told_he_may_record_the_investigators_step(client, org, disciplinary_case):
    """Tester t50: "U mag haar ook zelf vastleggen" on a step only the investigators can record;
    an ordinary investigator is told whose step it is, by name."""
    case = disciplinary_case
    told(org, case)
    authority = _page(client, org.authority, case)
    assert "Volgende stap volgens het proces: Intake" in authority
    assert "zelf vastleggen" not in authority and "Deze stap is aan u." not in authority
    Member.objects.create(case=case, user=org.investigator2, kind=Member.Kind.INVESTIGATOR)
    second = _page(client, org.investigator2, case)
    assert f"Deze stap is aan de hoofdonderzoeker, {org.investigator.display_name}; u mag haar ook zelf" in second


def test_the_care_contacts_intro_does_not_tell_him_to_share_before_the_aanzegging(client, org, disciplinary_case):
    """Tester t49: the care view's intro said "share only what is here" under a warning to share
    nothing before the aanzegging."""
    from vik.care import services as care

    case = disciplinary_case
    care.change_care_contact(org.investigator, case, org.care, "Verhouding met teamchef verstoord")
    before = _page(client, org.care, case)
    assert "daarvóór niets" in before and 'id="care-before-aanzegging"' in before
    assert "Deel met de betrokkene, het team en het thuisfront alleen wat hier staat." not in before
    told(org, case)
    after = _page(client, org.care, case)
    assert "Deel met de betrokkene, het team en het thuisfront alleen wat hier staat." in after
    assert "daarvóór niets" not in after
