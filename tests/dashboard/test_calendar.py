import random
from datetime import date, timedelta

import numpy as np

from vik.core.workdays import add_working_days, working_days_between
from vik.dashboard import calendar


def test_vectorised_working_days_match_core_workdays():
    rng = random.Random(7)
    starts = [date(2019, 1, 1) + timedelta(days=rng.randint(0, 2500)) for _ in range(300)]
    ends = [s + timedelta(days=rng.randint(-5, 400)) for s in starts]
    counts = [rng.randint(0, 60) for _ in starts]
    got = calendar.working_days(np.array(starts, dtype="datetime64[D]"), np.array(ends, dtype="datetime64[D]"))
    assert list(got) == [working_days_between(s, e) for s, e in zip(starts, ends, strict=True)]
    added = calendar.add_working_days(np.array(starts, dtype="datetime64[D]"), counts)
    assert [d.astype(object) for d in added] == [add_working_days(s, n) for s, n in zip(starts, counts, strict=True)]


def test_calendar_table_is_filled_on_demand(db):
    from vik.dashboard.models import CalendarDay

    calendar.ensure_table()
    day = CalendarDay.objects.get(day=date(2025, 12, 29))
    before = CalendarDay.objects.get(day=date(2025, 12, 24))
    # 25 and 26 December are holidays, the 27th and 28th a weekend: only the 29th counts.
    assert day.wd - before.wd == working_days_between(date(2025, 12, 24), date(2025, 12, 29)) == 1
