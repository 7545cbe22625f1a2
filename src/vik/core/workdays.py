"""Dutch working days: Monday to Friday except Dutch public holidays (from `holidays`)."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_holiday(day: date) -> bool:
    return day in _holidays_for(day.year)


@lru_cache(maxsize=64)
def _named_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year, language=language)


def holiday_name(day: date) -> str | None:
    """The Dutch public holiday on `day` by its name in the active language (Dutch, or English
    when the interface is English), e.g. "Tweede kerstdag"; None on other days."""
    from django.utils.translation import get_language

    language = "en_US" if (get_language() or "nl").startswith("en") else "nl"
    return _named_holidays(day.year, language).get(day)


@lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


# Pure functions of their dates (the calendar is fixed): cached, since every task list and case
# page asks the same due dates again (about 1,700 calendar days walked per "Mijn taken" request).
@lru_cache(maxsize=8192)
def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    day = start
    remaining = days
    step = 1 if days >= 0 else -1
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= step
    return day


@lru_cache(maxsize=8192)
def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def next_working_day(day: date) -> date:
    return add_working_days(day, 1)


def working_day_on_or_after(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it: the earliest a
    step can happen when it may happen from `day` on."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_on_or_before(day: date) -> date:
    """`day` itself when it is a working day, else the last working day before it: a deadline that
    falls on a weekend or public holiday is due before it, never after (so that meeting it also
    meets the calendar norm it comes from)."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def aanzegging_warnings(moment: datetime) -> list[str]:
    """Codes for a badly timed aanzegging: a Friday afternoon, a weekend or holiday, the working
    day before a public holiday (no care desks reachable in the days after), or a moment outside
    office hours (before 08:00 or from 18:00: nobody to turn to that evening or night; tester t56
    was told 02:00 "gives no warning")."""
    codes: list[str] = []
    day = moment.date()
    if not is_working_day(day):
        codes.append("non_working_day")
    elif day.weekday() == 4 and moment.time() >= time(12, 0):
        codes.append("friday_afternoon")
    if is_working_day(day) and not time(8, 0) <= moment.time() < time(18, 0):
        codes.append("outside_office_hours")
    if is_working_day(day):
        following = day + timedelta(days=1)
        while following.weekday() >= 5:
            following += timedelta(days=1)
        if is_holiday(following):
            codes.append("before_holiday")
    return codes
