import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from vik.core.workdays import (
    aanzegging_warnings,
    add_working_days,
    is_working_day,
    working_day_on_or_before,
    working_days_between,
)


def test_kings_day_and_weekend_are_not_working_days():
    assert not is_working_day(dt.date(2026, 4, 27))  # Koningsdag, a Monday
    assert not is_working_day(dt.date(2026, 4, 25))  # Saturday
    assert is_working_day(dt.date(2026, 4, 28))


def test_add_working_days_skips_christmas_and_weekend():
    # Wednesday 23 Dec 2026 + 2 working days: 24th (Thu), then 25/26 holidays + weekend → 28th.
    assert add_working_days(dt.date(2026, 12, 23), 2) == dt.date(2026, 12, 28)


def test_working_days_between_is_inverse_of_add():
    start = dt.date(2026, 3, 2)
    for n in (0, 1, 5, 23, 60):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_friday_afternoon_warns_but_friday_morning_does_not():
    friday = dt.date(2026, 3, 6)
    assert "friday_afternoon" in aanzegging_warnings(dt.datetime.combine(friday, dt.time(14)))
    assert aanzegging_warnings(dt.datetime.combine(friday, dt.time(9))) == []


def test_working_day_before_a_public_holiday_warns():
    # Thursday 24 Dec 2026: Christmas follows.
    assert "before_holiday" in aanzegging_warnings(dt.datetime(2026, 12, 24, 10, 0))
    # Friday 24 April 2026 before Koningsdag on Monday 27 April.
    assert "before_holiday" in aanzegging_warnings(dt.datetime(2026, 4, 24, 9, 0))
    assert aanzegging_warnings(dt.datetime(2026, 3, 3, 10, 0)) == []


def test_weekend_moment_warns():
    assert aanzegging_warnings(dt.datetime(2026, 3, 7, 10, 0)) == ["non_working_day"]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_a_deadline_on_a_day_off_moves_to_the_last_working_day_before_it(day):
    due = working_day_on_or_before(day)
    assert is_working_day(due) and due <= day
    assert all(not is_working_day(day - dt.timedelta(days=k)) for k in range((day - due).days))
