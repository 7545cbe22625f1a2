"""Terms of the complaints procedure and the reporting channel, computed one way.

A term of N days runs from the day after its start. In working days (the unit's regulation says
so) only Dutch working days count (`vik.core.workdays`), so the deadline is always a working day;
in calendar days every day counts, but a term that would end on a Saturday, Sunday or public
holiday ends on the next working day (Algemene termijnenwet, art. 1: nobody is expected to act on a
day the office is closed). A pause (mediation) stops the clock: the days after its start
up to and including its end do not count. Pauses are merged first, so overlapping pauses count
once and their order does not matter. A pause that ends before it starts is refused.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vik.core.workdays import is_working_day

Pause = tuple[date, date]


def merge_pauses(pauses: Iterable[Pause]) -> list[Pause]:
    """The pauses sorted and merged where they overlap or touch; refuses one that ends before it
    starts."""
    ordered = []
    for start, end in pauses:
        if end < start:
            raise ValidationError(_("Een pauze (bemiddeling) kan niet eindigen op %(end)s, vóór het begin op "
                                    "%(start)s.") % {"end": end.strftime("%d-%m-%Y"),
                                                     "start": start.strftime("%d-%m-%Y")})
        ordered.append((start, end))
    ordered.sort()
    merged: list[Pause] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def term_end(start: date, days: int, *, working: bool, pauses: Iterable[Pause] = ()) -> date:
    """The last day of a term of `days` (working or calendar) days after `start`, the clock
    stopped during `pauses`."""
    if days < 0:
        raise ValueError(days)
    merged = merge_pauses(pauses)
    day, remaining = start, days
    while remaining:
        day += timedelta(days=1)
        if working and not is_working_day(day):
            continue
        if any(p_start < day <= p_end for p_start, p_end in merged):
            continue
        remaining -= 1
    return next_working_day(day)


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it (Algemene
    termijnenwet, art. 1)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
