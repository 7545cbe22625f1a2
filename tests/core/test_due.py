"""A term's date says "verlopen" in words when it passed, not by colour alone (tester t37: an
overdue acknowledgement at the reporting point was only red)."""

from datetime import date, timedelta

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st


def _render(on, done=None) -> str:
    return Template('{% load vik %}{% due on done=done %}').render(Context({"on": on, "done": done}))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.booleans())
def test_overdue_in_words_exactly_when_passed_and_not_done(on, done):
    html = _render(on, done)
    assert on.strftime("%d-%m-%Y") in html
    assert ("verlopen" in html) == (on < timezone.localdate() and not done)
    assert ('class="overdue"' in html) == ("verlopen" in html)


def test_no_date_is_a_dash_and_today_is_not_overdue():
    assert _render(None) == "—"
    assert "verlopen" not in _render(timezone.localdate())
    assert "verlopen" in _render(timezone.localdate() - timedelta(days=1))
