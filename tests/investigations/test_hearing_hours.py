"""A hearing of the betrokkene is planned on a working day, in office hours (tester t41: a hearing at
03:00 on a Sunday was accepted without a word). He has the right to bring a representative; a
lawyer, a union's counsel or a confidential advisor cannot come at night. Witnesses, colleagues
on shifts, may be heard when their roster allows; a hearing recorded afterwards is kept as it was."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.case_steps import approve_plan
from tests.conftest import a_tuesday_morning
from vik.core.workdays import add_working_days, is_working_day
from vik.investigations import services as inv
from vik.investigations.models import Hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    return case


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _ahead(weekday: int) -> dt.date:
    """A day of the given weekday (0 = Monday) at least two weeks ahead that is no public holiday
    unless it is a weekend day."""
    day = timezone.localdate() + dt.timedelta(days=14)
    while day.weekday() != weekday or (weekday < 5 and not is_working_day(day)):
        day += dt.timedelta(days=1)
    return day


def _plan(org, case, moment, kind=Hearing.Kind.HEARING, **extra):
    return inv.plan_hearing(org.investigator, case, kind=kind, invited_on=timezone.localdate(),
                            scheduled_at=moment, preparation_waived=True, **extra)


@pytest.mark.parametrize(("weekday", "hour", "minute"), [(6, 10, 0), (5, 11, 0), (1, 3, 0), (1, 18, 30), (3, 7, 45)])
def test_a_hearing_at_night_or_in_the_weekend_is_refused_with_the_moment(org, told, weekday, hour, minute):
    moment = _at(_ahead(weekday), hour, minute)
    with pytest.raises(ValidationError) as refused:
        _plan(org, told, moment)
    message = refused.value.message_dict["scheduled_at"][0]
    assert "op een werkdag, te beginnen tussen 08:00 en 18:00" in message
    assert timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") in message
    assert not told.hearings.exists()


def test_a_public_holiday_is_no_working_day_for_a_hearing(org, told):
    year = timezone.localdate().year + 1
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:  # moved to the Saturday before
        kings_day -= dt.timedelta(days=1)
    christmas = dt.date(year, 12, 25)
    for day in (kings_day, christmas):
        with pytest.raises(ValidationError) as refused:
            _plan(org, told, _at(day, 10))
        # The holiday is named (session-18 note: a weekday did not look like one), on a weekend too,
        # and a weekend is called one (tester t47: Saturday 26-12 was refused without a reason).
        said = refused.value.message_dict["scheduled_at"]
        assert any(f"{day:%d-%m-%Y} is een feestdag: " in m for m in said)
        if day.weekday() >= 5:
            assert f"{day:%d-%m-%Y} valt in het weekend ({'zaterdag' if day.weekday() == 5 else 'zondag'})." in said
    saturday = _ahead(5)
    with pytest.raises(ValidationError) as refused:
        _plan(org, told, _at(saturday, 10))
    assert f"{saturday:%d-%m-%Y} valt in het weekend (zaterdag)." in refused.value.message_dict["scheduled_at"]
    easter_monday = next(d for d, name in __import__("holidays").country_holidays("NL", years=year).items()
                         if name == "Tweede paasdag")
    with pytest.raises(ValidationError) as refused:
        _plan(org, told, _at(easter_monday, 10))
    assert f"{easter_monday:%d-%m-%Y} is een feestdag: Tweede paasdag." in refused.value.message_dict["scheduled_at"]


def test_office_hours_on_a_working_day_are_accepted_and_witnesses_keep_their_roster(org, told):
    assert _plan(org, told, _at(_ahead(1), 8, 0)).pk
    assert _plan(org, told, _at(_ahead(2), 18, 0)).pk
    night = _plan(org, told, _at(_ahead(6), 3), kind=Hearing.Kind.WITNESS, person="Collega van de nachtdienst")
    assert night.pk


def test_a_hearing_recorded_afterwards_keeps_its_moment(org, told):
    day = timezone.localdate() - dt.timedelta(days=1)
    while day.weekday() != 5:
        day -= dt.timedelta(days=1)
    told_day = timezone.localtime(told.aanzegging.held_at).date()
    if day < told_day:
        pytest.skip("no Saturday between the aanzegging and today")
    hearing = inv.plan_hearing(org.investigator, told, kind=Hearing.Kind.HEARING, invited_on=told_day,
                               scheduled_at=_at(day, 11), preparation_waived=True)
    assert hearing.pk


def test_the_form_says_why_and_keeps_what_was_typed(client, org, told):
    client.force_login(org.investigator)
    sunday = _ahead(6)
    response = client.post(f"/onderzoeken/{told.pk}/actie/hearing/", {
        "kind": "hearing", "invited_on": timezone.localdate().strftime("%d-%m-%Y"),
        "scheduled_at": f"{sunday.isoformat()}T03:00", "representative": "mr. Jansen",
        "preparation_waived": "on"}, follow=True)
    page = response.content.decode()
    assert not told.hearings.exists()
    assert "te beginnen tussen 08:00 en 18:00" in page and "mr. Jansen" in page


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.integers(min_value=1, max_value=400), minutes=st.integers(min_value=0, max_value=24 * 60 - 1))
def test_planned_ahead_it_is_accepted_exactly_on_working_days_in_office_hours(org, told, days, minutes):
    day = timezone.localdate() + dt.timedelta(days=days)
    moment = _at(day, minutes // 60, minutes % 60)
    fits = is_working_day(day) and dt.time(8) <= dt.time(minutes // 60, minutes % 60) <= dt.time(18)
    try:
        hearing = _plan(org, told, moment)
    except ValidationError as error:
        assert not fits, error.message_dict
        assert "08:00 en 18:00" in error.message_dict["scheduled_at"][0]
    else:
        assert fits
        hearing.delete()  # one hearing a day: the next example may pick the same day
    assert add_working_days(day, 0) >= day
