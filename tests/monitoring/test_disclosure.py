"""The prevention view of protective monitoring is one release: the alerts and people per team,
the most frequent rules per team and the totals per rule. A hidden count must not be solvable from
any other number on the page, and a hidden count draws no bar."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.monitoring import selectors
from vik.monitoring.models import Alert, ImportRun

pytestmark = pytest.mark.django_db


def _run(alerts: list[tuple[str, str, list[str]]]) -> ImportRun:
    """A finished run with the given (unit, pseudonym, rules) alerts."""
    user = UserFactory(username="soc-x", roles=[Role.SOC_ANALYST])
    now = timezone.now()
    run = ImportRun.objects.create(data_dir="x", started_by=user, state=ImportRun.State.DONE, finished_at=now)
    for i, (unit, pseudonym, rules) in enumerate(alerts):
        Alert.objects.create(run=run, alert_id=f"a{i}", rank=i + 1, user_ref=f"u{i}", pseudonym=pseudonym,
                             unit=unit, start=now - dt.timedelta(hours=1), end=now, score=1.0,
                             rules=rules, explanation="")
    return run


def _text(cell) -> str:
    return str(cell)


def test_a_rule_total_does_not_give_away_a_teams_small_count(org):
    # Rule R: team A 7 alerts, team B 3. Today "R 10" in the rules table and "R 7" among team A's
    # most frequent rules: team B's hidden 3 is 10 - 7.
    run = _run([("A", f"pa{i}", ["R"]) for i in range(7)] + [("B", f"pb{i}", ["R"]) for i in range(3)])
    view = selectors.prevention_overview(run)
    total = dict(view["rules"])["R"]
    team_a = dict(next(u for u in view["units"] if u["unit"] == "A")["top_rules"])
    assert not (_text(total) == "10" and _text(team_a.get("R")) == "7")


def test_a_hidden_count_of_a_team_draws_no_bar(org):
    run = _run([("A", f"pa{i}", ["R"]) for i in range(7)] + [("B", f"pb{i}", ["R"]) for i in range(3)])
    units = {u["unit"]: u for u in selectors.prevention_overview(run)["units"]}
    assert _text(units["B"]["alerts"]) == "<5" and units["B"]["bar_pct"] == 0
    assert _text(units["A"]["alerts"]) == "7" and units["A"]["bar_pct"] == 100


def test_the_page_shows_no_count_that_solves_a_hidden_one(client, org):
    _run([("A", f"pa{i}", ["R"]) for i in range(7)] + [("B", f"pb{i}", ["R"]) for i in range(3)])
    client.force_login(org.policy)
    page = client.get("/monitoring/").content.decode()
    assert not (">10<" in page and "R 7<" in page.replace("\n", ""))
