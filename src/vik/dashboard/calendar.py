"""The working-day calendar behind every duration on the dashboard.

Durations are Dutch working days, as in `vik.core.workdays`: `working_days(a, b)` counts the working
days after `a` up to and including `b`. Looping day by day is fine for one case page but not for
300,000 cases, so the dashboard numbers every day since `EPOCH` with the count of working days up
to and including it (`wd`). Then `working_days(a, b) = wd(b) - wd(a)` is one subtraction: done on
NumPy arrays here, and in the database by joining the same numbers stored in `CalendarDay`.
"""

from datetime import date, timedelta
from functools import lru_cache

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from vik.core.workdays import is_working_day

EPOCH = date(2000, 1, 1)
YEARS_AHEAD = 3


def last_day(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return date(today.year + YEARS_AHEAD, 12, 31)


@lru_cache(maxsize=4)
def _arrays(until: date) -> tuple[np.ndarray, np.ndarray]:
    days = (until - EPOCH).days + 1
    working = np.fromiter(
        (is_working_day(EPOCH + timedelta(days=i)) for i in range(days)), dtype=bool, count=days
    )
    return np.cumsum(working, dtype=np.int32), working


def arrays() -> tuple[np.ndarray, np.ndarray]:
    """(wd, working) indexed by days since EPOCH."""
    return _arrays(last_day())


def offsets(days) -> np.ndarray:
    """Days since EPOCH for an array of numpy datetime64[D] (or date objects), clipped to the
    calendar (dates before 2000 count from 1 January 2000)."""
    wd, _ = arrays()
    values = np.asarray(days, dtype="datetime64[D]")
    off = (values - np.datetime64(EPOCH, "D")).astype(np.int64)
    return np.clip(off, 0, len(wd) - 1)


def working_days(starts, ends) -> np.ndarray:
    """Vectorised `vik.core.workdays.working_days_between`."""
    wd, _ = arrays()
    diff = wd[offsets(ends)].astype(np.int64) - wd[offsets(starts)]
    return np.maximum(diff, 0)


def add_working_days(starts, counts) -> np.ndarray:
    """Vectorised `vik.core.workdays.add_working_days` for counts >= 0 (datetime64[D])."""
    wd, working = arrays()
    start_off = offsets(starts)
    counts = np.asarray(counts, dtype=np.int64)
    target = wd[start_off].astype(np.int64) + counts
    # The first working day whose running count reaches the target.
    positions = np.searchsorted(wd, target, side="left")
    result = np.where(counts == 0, start_off, positions)
    return np.datetime64(EPOCH, "D") + result.astype("timedelta64[D]")


def ensure_table() -> None:
    """Fill `CalendarDay` up to `last_day()` (cheap when already there). The table is derived data:
    it is rebuilt whenever missing, so a flush of the database costs nothing but a refill."""
    from .models import CalendarDay

    until = last_day()
    if CalendarDay.objects.filter(day=until).exists():
        return
    wd, working = _arrays(until)
    have = set(CalendarDay.objects.values_list("day", flat=True))
    rows = [
        CalendarDay(day=EPOCH + timedelta(days=i), wd=int(wd[i]), working=bool(working[i]))
        for i in range(len(wd)) if EPOCH + timedelta(days=i) not in have
    ]
    with transaction.atomic():
        CalendarDay.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    if connection.vendor == "postgresql":
        # Statistics right away: without them the planner may join the calendar badly.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {CalendarDay._meta.db_table}")
