"""Issue 12: a hand-over to the national triage is not counted as an investigation, and the route
chart draws the legend of both its lines."""

import datetime as dt

import pytest

from vik.core import charts
from vik.dashboard import selectors
from vik.dashboard.disclosure import protect
from vik.dashboard.forms import Filters
from vik.triage.models import Route

pytestmark = pytest.mark.django_db


def test_a_hand_over_to_the_national_triage_is_no_investigation(org, make_signal, triage_to, today):
    signals = [make_signal(received_ago=10) for _ in range(4)]
    triage_to(signals[0], Route.NATIONAL)
    triage_to(signals[1], Route.NATIONAL)
    triage_to(signals[2], Route.DISCIPLINARY)
    triage_to(signals[3], Route.NO_ACTION)
    result = selectors.inflow(Filters(today - dt.timedelta(days=60), today))
    key = result.table("key").rows[0]
    assert key["decided"] == 4
    assert key["investigation"] == 1
    assert result.extra["share_investigation"] == pytest.approx(0.25)
    month = result.table("routes_per_month").rows[-1]
    assert month["share_investigation"] == pytest.approx(0.25)


def test_the_route_chart_names_both_lines(org, make_signal, triage_to, today):
    for route in (Route.LINE, Route.DISCIPLINARY) * 12:  # at least ten of each route: broken down by month
        signal = make_signal(received_ago=10)
        triage_to(signal, route, **({"line_manager": org.manager.employee,
                                     "follow_up_due": today + dt.timedelta(days=20)}
                                    if route == Route.LINE else {}))
    result = selectors.inflow(Filters(today - dt.timedelta(days=60), today))
    shown = protect(result.tables)
    spec = next(s for s in result.charts if s.table == "routes_per_month")
    svg = str(charts.render(spec, result.table("routes_per_month"), shown["routes_per_month"]))
    assert "Aandeel lijn</text>" in svg
    assert "Aandeel onderzoek</text>" in svg
