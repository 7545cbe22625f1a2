"""Issue 15, item 5: rights of the betrokkene that could not be recorded. His requests for
additional investigation, witnesses or documents, each decided (granted/refused) with a reason by
the case's lead or authority; the information folder handed over at the aanzegging; being
informed before the hearing (always before its day); care for the home front beside the team.
Dates fit the case's other steps. Each act is tested allowed and refused per role."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.case_steps import approve_plan
from tests.conftest import a_tuesday_morning
from vik import policy
from vik.care import services as care
from vik.care.models import FamilyCare
from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError, DomainError, PermissionDeniedError
from vik.core.workdays import add_working_days
from vik.investigations import services as inv
from vik.investigations.models import Hearing, RightsRequest
from vik.tasks.selectors import my_tasks

pytestmark = pytest.mark.django_db
REQUEST = "Betrokkene vraagt collega De Vries als getuige te horen over de dienst van 3 maart."
REASON = "De collega was die dag aanwezig; zijn verklaring kan de lezing van betrokkene staven."


@pytest.fixture
def told(org, disciplinary_case):
    """A case whose betrokkene has been told (aanzegging), with the folder handed over."""
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    case.refresh_from_db()
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True,
                          info_folder=True)
    case.refresh_from_db()
    return case


def _day(case):
    return timezone.localtime(case.aanzegging.held_at).date()


# --- requests of the betrokkene -------------------------------------------------------------


def test_a_request_is_recorded_and_decided_with_a_reason(org, told):
    """The failing example: a request for a witness had nowhere to go but a free-text update."""
    req = inv.record_rights_request(org.investigator, told, kind=RightsRequest.Kind.WITNESS,
                                    requested_on=_day(told), request=REQUEST)
    assert req.decision == RightsRequest.Decision.PENDING
    # The lead investigator's task (one owner); the authority may decide it too.
    assert any(t.kind == "rights" for t in my_tasks(org.investigator) if t.reference == told.reference)
    assert not any(t.kind == "rights" for t in my_tasks(org.authority))
    decided = inv.decide_rights_request(org.authority, req, decision="granted", reason=REASON,
                                        decided_on=timezone.localdate())
    assert decided.decision == "granted" and decided.decided_by == org.authority
    assert decided.reason == REASON
    assert not any(t.kind == "rights" for t in my_tasks(org.investigator))


def test_only_lead_or_authority_decides(org, told):
    inv.add_member(org.investigator, told, org.investigator2, "investigator")
    req = inv.record_rights_request(org.investigator2, told, kind="documents",
                                    requested_on=_day(told), request="Het dienstrooster van maart.")
    for user in (org.investigator2, org.manager, org.triage, org.criminal):
        assert not policy.can(user, "case.rights.decide", told)
        with pytest.raises(PermissionDeniedError):
            inv.decide_rights_request(user, req, decision="refused", reason=REASON,
                                      decided_on=timezone.localdate())
    assert policy.can(org.investigator, "case.rights.decide", told)
    inv.decide_rights_request(org.investigator, req, decision="refused", reason=REASON,
                              decided_on=timezone.localdate())
    with pytest.raises(DomainError):
        inv.decide_rights_request(org.authority, req, decision="granted", reason=REASON,
                                  decided_on=timezone.localdate())


def test_a_request_needs_the_aanzegging_and_consistent_dates(org, disciplinary_case, told):
    with pytest.raises(ValidationError) as exc:
        inv.record_rights_request(org.investigator, told, kind="investigation",
                                  requested_on=_day(told) - dt.timedelta(days=1), request=REQUEST)
    assert "vóór de aanzegging" in exc.value.message_dict["requested_on"][0]
    req = inv.record_rights_request(org.investigator, told, kind="investigation",
                                    requested_on=_day(told), request=REQUEST)
    with pytest.raises(ValidationError) as exc:
        inv.decide_rights_request(org.authority, req, decision="refused", reason="Nee.",
                                  decided_on=_day(told) - dt.timedelta(days=1))
    assert set(exc.value.message_dict) == {"reason", "decided_on"}
    with pytest.raises(ValidationError) as exc:
        inv.decide_rights_request(org.authority, req, decision="pending", reason=REASON,
                                  decided_on=timezone.localdate())
    assert "decision" in exc.value.message_dict
    with pytest.raises(PermissionDeniedError):
        inv.record_rights_request(org.manager, told, kind="investigation",
                                  requested_on=_day(told), request=REQUEST)


def test_no_request_before_the_betrokkene_was_told(org, disciplinary_case):
    with pytest.raises(DomainError) as exc:
        inv.record_rights_request(org.investigator, disciplinary_case, kind="witness",
                                  requested_on=timezone.localdate(), request=REQUEST)
    assert "aanzegging" in exc.value.message


# --- the information folder -------------------------------------------------------------------


def test_the_folder_is_dated_on_the_aanzegging(told):
    assert told.aanzegging.info_folder_on == _day(told)


def test_the_folder_recorded_later_never_before_the_aanzegging(org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    case.refresh_from_db()
    with pytest.raises(DomainError):
        inv.record_info_folder(org.investigator, case, timezone.localdate())
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    case.refresh_from_db()
    assert case.aanzegging.info_folder_on is None
    with pytest.raises(ValidationError) as exc:
        inv.record_info_folder(org.investigator, case, _day(case) - dt.timedelta(days=1))
    assert "vóór de aanzegging" in exc.value.message_dict["on"][0]
    with pytest.raises(PermissionDeniedError):
        inv.record_info_folder(org.manager, case, _day(case))
    token = state_token(case.aanzegging)
    inv.record_info_folder(org.investigator, case, _day(case) + dt.timedelta(days=1), token)
    # A second tab, loaded before that save, is refused.
    with pytest.raises(ConcurrentEditError):
        inv.record_info_folder(org.investigator, case, _day(case), token)
    case.aanzegging.refresh_from_db()
    assert case.aanzegging.info_folder_on == _day(case) + dt.timedelta(days=1)


# --- informed before the hearing --------------------------------------------------------------


def _hearing_in(days: int, case, org, **extra) -> Hearing:
    # Ahead: a working day (a hearing of the betrokkene is planned on one); behind: any day.
    day = add_working_days(timezone.localdate(), days) if days > 0 else timezone.localdate() + dt.timedelta(days=days)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                            invited_on=_day(case), scheduled_at=moment, preparation_waived=True,
                            **extra)


def test_informed_on_or_after_the_hearing_day_is_a_clear_dutch_error(org, told):
    hearing_day = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _hearing_in(-1, told, org, informed_on=hearing_day)
    message = exc.value.message_dict["informed_on"][0]
    assert "vóór het hoorgesprek" in message and hearing_day.strftime("%d-%m-%Y") in message
    hearing = _hearing_in(-1, told, org, informed_on=hearing_day - dt.timedelta(days=1))
    assert hearing.informed_on == hearing_day - dt.timedelta(days=1)


def test_informed_is_recorded_afterwards_with_a_state_token(org, told):
    hearing = _hearing_in(5, told, org)
    token = state_token(hearing)
    with pytest.raises(ValidationError) as exc:
        inv.record_hearing_informed(org.investigator, hearing, _day(told) - dt.timedelta(days=1))
    assert "vóór de aanzegging" in exc.value.message_dict["on"][0]
    with pytest.raises(PermissionDeniedError):
        inv.record_hearing_informed(org.authority, hearing, timezone.localdate())
    inv.record_hearing_informed(org.investigator, hearing, timezone.localdate(), token)
    with pytest.raises(ConcurrentEditError):
        inv.record_hearing_informed(org.investigator, hearing, _day(told), token)
    hearing.refresh_from_db()
    assert hearing.informed_on == timezone.localdate()


def test_after_a_held_hearing_informing_is_recorded_late_but_never_rewritten(client, org, told):
    """Tester t51: a held hearing still offered "Vooraf informeren vastleggen" as if it were ahead."""
    hearing = _hearing_in(-1, told, org)
    inv.record_hearing_held(org.investigator, hearing, "Verklaring afgelegd over de bevragingen.")
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{told.pk}/").content.decode()
    assert "niet vastgelegd dat de betrokkene vooraf over proces en bevindingen is geïnformeerd" in page
    assert "Alsnog vastleggen dat de betrokkene vooraf is geïnformeerd" in page
    hearing.refresh_from_db()
    inv.record_hearing_informed(org.investigator, hearing, _day(told))  # late, but before the day
    page = client.get(f"/onderzoeken/{told.pk}/").content.decode()
    assert "Vooraf informeren vastleggen" not in page and "Alsnog vastleggen" not in page
    hearing.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        inv.record_hearing_informed(org.investigator, hearing, _day(told))
    assert "niet meer gewijzigd" in refused.value.message


def test_a_witness_hearing_has_no_informing(org, told):
    moment = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        inv.plan_hearing(org.investigator, told, kind=Hearing.Kind.WITNESS, invited_on=_day(told),
                         scheduled_at=moment, person="Getuige G.", informed_on=_day(told))
    assert "informed_on" in exc.value.message_dict


# --- care for the home front ------------------------------------------------------------------


def test_family_care_beside_the_team(org, told):
    care_item = care.record_family_care(org.manager, told, on=timezone.localdate(),
                                        description="Gesprek met de partner over de zorgloketten.")
    assert care_item in FamilyCare.objects.filter(case=told)
    with pytest.raises(ValidationError) as exc:
        care.record_family_care(org.investigator, told, on=told.opened_on - dt.timedelta(days=1),
                                description="Gesprek met de partner.")
    assert "vóór de start" in exc.value.message_dict["on"][0]
    for user in (org.triage, org.investigator2, org.criminal):
        with pytest.raises(PermissionDeniedError):
            care.record_family_care(user, told, on=timezone.localdate(),
                                    description="Gesprek met de partner.")


# --- the case page ----------------------------------------------------------------------------


def test_the_case_page_records_a_request_and_its_decision(client, org, told):
    client.force_login(org.investigator)
    url = f"/onderzoeken/{told.pk}/"
    bad = client.post(url + "actie/rights/", {"kind": "witness", "request": "Kort",
                                               "requested_on": _day(told).strftime("%d-%m-%Y")})
    assert bad.status_code == 302 and bad.url == url + "#action-rights"
    assert "Beschrijf wat de betrokkene vraagt" in client.get(url).content.decode()
    good = client.post(url + "actie/rights/", {
        "kind": "witness", "request": REQUEST, "requested_on": _day(told).strftime("%d-%m-%Y")})
    assert good.status_code == 302
    req = RightsRequest.objects.get(case=told)
    client.force_login(org.authority)
    decided = client.post(url + "actie/rights_decide/", {
        "request_id": req.pk, "decision": "refused", "reason": REASON,
        "decided_on": timezone.localdate().strftime("%d-%m-%Y")})
    assert decided.status_code == 302
    page = client.get(url).content.decode()
    assert "Afgewezen" in page and REASON in page
    assert "Informatiemap" in page and _day(told).strftime("%d-%m-%Y") in page


def test_the_care_contact_records_family_care_on_his_view(client, org, told):
    client.force_login(org.manager)
    url = f"/onderzoeken/{told.pk}/"
    assert "Zorg voor het thuisfront" in client.get(url).content.decode()
    response = client.post(f"/onderzoeken/{told.pk}/actie/family_care/", {
        "on": timezone.localdate().strftime("%d-%m-%Y"),
        "description": "Partner gewezen op het bedrijfsmaatschappelijk werk."})
    assert response.status_code == 302
    assert "Partner gewezen" in client.get(url).content.decode()


def test_the_informed_form_carries_the_hearings_token(client, org, told):
    hearing = _hearing_in(5, told, org)
    client.force_login(org.investigator)
    url = f"/onderzoeken/{told.pk}/"
    assert state_token(hearing) in client.get(url).content.decode()
    stale = state_token(hearing)
    inv.record_hearing_informed(org.investigator, hearing, timezone.localdate())
    response = client.post(url + "actie/hearing_informed/", {
        "hearing_id": hearing.pk, "on": _day(told).strftime("%d-%m-%Y"), "state": stale},
        follow=True)
    assert "intussen gewijzigd" in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.informed_on == timezone.localdate()
