"""The waiver of preparation time is the betrokkene's, not the investigator's (tester t41: it was
recorded by the investigator and never confirmed by him). In "Mijn zaak" he sees it and may say he
did not waive it; the hearing then has to move to a day that gives him the time, a task of the
lead investigator; a hearing can be moved ("Gesprek verplaatsen") for any reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.case_steps import approve_plan
from tests.conftest import a_tuesday_morning
from tests.factories import UserFactory
from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError, DomainError, PermissionDeniedError
from vik.core.workdays import add_working_days
from vik.investigations import services as inv
from vik.investigations.models import Hearing
from vik.tasks.selectors import my_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def betrokkene(org):
    return UserFactory(username="betrokkene", employee=org.officer, roles=[])


@pytest.fixture
def waived(org, disciplinary_case):
    """A hearing the day after tomorrow (a working day), "waived" by the investigator."""
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    day = add_working_days(timezone.localdate(), 2)
    return inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=timezone.localdate(),
                            scheduled_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
                            preparation_waived=True)


def _at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_he_sees_the_waiver_and_says_it_is_not_his(client, org, waived, betrokkene, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    case = waived.case
    client.force_login(betrokkene)
    page = client.get(reverse("investigations:own", args=[case.pk])).content.decode()
    assert "legde vast dat u afziet van de voorbereidingstijd" in page
    url = reverse("investigations:own_dispute", args=[case.pk, waived.pk])
    assert url in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "het onderzoeksteam verplaatst het gesprek" in response.content.decode()
    waived.refresh_from_db()
    assert waived.waiver_disputed_on == timezone.localdate() and waived.needs_moving
    assert any(case.reference in m.subject for m in mailoutbox)
    # Twice is refused with the day he said it.
    with pytest.raises(DomainError, match="al laten weten"):
        inv.dispute_preparation_waiver(betrokkene, waived)


def test_only_the_betrokkene_can_say_so(client, org, waived):
    with pytest.raises(PermissionDeniedError):
        inv.dispute_preparation_waiver(org.investigator, waived)
    client.force_login(org.investigator)
    assert client.post(reverse("investigations:own_dispute", args=[waived.case.pk, waived.pk])).status_code == 404
    waived.refresh_from_db()
    assert waived.waiver_disputed_on is None


def test_disputed_it_must_move_before_it_can_be_held_and_the_lead_has_the_task(org, waived, betrokkene):
    inv.dispute_preparation_waiver(betrokkene, waived)
    assert [t.title for t in my_tasks(org.investigator) if t.kind == "hearing"] == [
        "Hoorgesprek verplaatsen: de betrokkene wil de voorbereidingstijd"]
    Hearing.objects.filter(pk=waived.pk).update(scheduled_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(DomainError, match="verplaats het gesprek eerst"):
        inv.record_hearing_held(org.investigator, Hearing.objects.get(pk=waived.pk), "Gehoord.")
    hearing = Hearing.objects.get(pk=waived.pk)
    # The investigator cannot waive it for him again.
    with pytest.raises(ValidationError) as refused:
        inv.reschedule_hearing(org.investigator, hearing, scheduled_at=_at(add_working_days(timezone.localdate(), 2)),
                               preparation_waived=True)
    assert "niet af te zien van de voorbereidingstijd" in refused.value.message_dict["preparation_waived"][0]
    needed = hearing.case.case_type.hearing_preparation_days
    later = add_working_days(hearing.invited_on, needed)
    inv.reschedule_hearing(org.investigator, hearing, scheduled_at=_at(later), state=state_token(hearing))
    hearing.refresh_from_db()
    assert not hearing.needs_moving and not hearing.preparation_waived
    assert not [t for t in my_tasks(org.investigator) if t.kind == "hearing"]
    # Nor can a new hearing carry a waiver for him again (tester t44).
    with pytest.raises(ValidationError) as again:
        inv.plan_hearing(org.investigator, hearing.case, kind=Hearing.Kind.HEARING, invited_on=timezone.localdate(),
                         scheduled_at=_at(add_working_days(timezone.localdate(), 2), 14), preparation_waived=True)
    assert "die afstand niet meer vastleggen" in again.value.message_dict["preparation_waived"][0]


def test_moving_a_hearing_checks_the_new_moment_as_a_planned_one(org, waived):
    ahead = add_working_days(timezone.localdate(), 12)
    sunday = ahead + dt.timedelta(days=(6 - ahead.weekday()) % 7)
    with pytest.raises(ValidationError) as refused:
        inv.reschedule_hearing(org.investigator, waived, scheduled_at=_at(sunday), preparation_waived=True)
    assert "werkdag" in refused.value.message_dict["scheduled_at"][0]
    with pytest.raises(ValidationError) as past:
        inv.reschedule_hearing(org.investigator, waived, scheduled_at=timezone.now() - dt.timedelta(days=1),
                               preparation_waived=True)
    assert "toekomst" in past.value.message_dict["scheduled_at"][0]
    stale = state_token(waived)
    inv.reschedule_hearing(org.investigator, waived, scheduled_at=_at(ahead, 14), preparation_waived=True)
    with pytest.raises(ConcurrentEditError):
        inv.reschedule_hearing(org.investigator, Hearing.objects.get(pk=waived.pk), scheduled_at=_at(ahead, 15),
                               preparation_waived=True, state=stale)
    with pytest.raises(PermissionDeniedError):
        inv.reschedule_hearing(org.authority, waived, scheduled_at=_at(ahead, 11))


def test_the_case_page_offers_the_move_with_the_hearings_token(client, org, waived):
    client.force_login(org.investigator)
    url = reverse("investigations:detail", args=[waived.case.pk])
    page = client.get(url).content.decode()
    assert 'id="action-hearing_move"' in page and state_token(waived) in page
    day = add_working_days(timezone.localdate(), 12)
    response = client.post(url + "actie/hearing_move/", {
        "hearing_id": waived.pk, "scheduled_at": f"{day.isoformat()}T03:00", "state": state_token(waived)},
        follow=True)
    assert "te beginnen tussen 08:00 en 18:00" in response.content.decode()
    response = client.post(url + "actie/hearing_move/", {
        "hearing_id": waived.pk, "scheduled_at": f"{day.isoformat()}T10:00", "state": state_token(waived)},
        follow=True)
    assert "Gesprek verplaatst." in response.content.decode()
    waived.refresh_from_db()
    assert timezone.localtime(waived.scheduled_at).date() == day


def test_one_dispute_covers_every_open_waived_hearing_of_the_case(org, waived, betrokkene):
    """Session-18 note: a second hearing recorded as waived before he disputed the first stayed
    valid and could be held without his preparation time."""
    second = inv.plan_hearing(org.investigator, waived.case, kind=Hearing.Kind.HEARING, invited_on=timezone.localdate(),
                              scheduled_at=_at(add_working_days(timezone.localdate(), 3), 14),
                              preparation_waived=True)
    inv.dispute_preparation_waiver(betrokkene, waived)
    second.refresh_from_db()
    assert second.waiver_disputed_on == timezone.localdate() and second.needs_moving
    with pytest.raises(DomainError, match="al laten weten"):
        inv.dispute_preparation_waiver(betrokkene, second)
    Hearing.objects.filter(pk=second.pk).update(scheduled_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(DomainError, match="verplaats het gesprek eerst"):
        inv.record_hearing_held(org.investigator, Hearing.objects.get(pk=second.pk), "Gehoord.")
