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
    referral = care.refer(org.manager, disciplinary_case, desk="bmw",
                          referred_on=timezone.localdate(), for_team=True)
    assert referral.get_desk_display().startswith("Bedrijfsmaatschappelijk")
    with pytest.raises(ValidationError):
        care.refer(org.manager, disciplinary_case, desk="astroloog",
                   referred_on=timezone.localdate())
