"""The prevention view of protective monitoring is one release: the alerts and people per team,
the most frequent rules per team and the totals per rule. A hidden count must not be solvable from
any other number on the page, and a hidden count draws no bar."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from vik.accounts.models import Role, User
from vik.monitoring import selectors
from vik.monitoring.models import Alert, ImportRun

pytestmark = pytest.mark.django_db


def _run(alerts: list[tuple[str, str, list[str]]]) -> ImportRun:
    """A finished run with the given (unit, pseudonym, rules) alerts."""
    user = User.objects.filter(username="soc-x").first() or UserFactory(username="soc-x", roles=[Role.SOC_ANALYST])
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


def test_a_rule_count_cannot_exceed_the_teams_alerts(org):
    # Rule R: team A 7 (all its 7 alerts), team B 4. With B's 4 hidden and A's 7 hidden beside it,
    # the rules table still shows "R 11" and team A "7 alerts": A's count is at most 7, so it is 7
    # and B's is 11 - 7 = 4.
    run = _run([("A", f"pa{i}", ["R"]) for i in range(7)] + [("B", f"pb{i}", ["R"]) for i in range(4)])
    view = selectors.prevention_overview(run)
    team_a = next(u for u in view["units"] if u["unit"] == "A")
    assert not (_text(dict(view["rules"])["R"]) == "11" and _text(team_a["alerts"]) == "7")


def _range(text: str, most: int) -> range:
    """What a reader knows of a published count."""
    if text == "<5":
        return range(0, 5)
    if text == "×":
        return range(5, most + 1)
    return range(int(text), int(text) + 1)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sets(st.sampled_from("RS"), min_size=1)),
                min_size=1, max_size=16))
def test_no_published_number_pins_a_small_count_of_a_team_and_rule(org, alerts):
    ImportRun.objects.all().delete()
    run = _run([(unit, f"p{unit}{i}", sorted(rules)) for i, (unit, rules) in enumerate(alerts)])
    view = selectors.prevention_overview(run)
    most = len(alerts)
    totals = dict(view["rules"])
    for rule in "RS":
        truth = {u: sum(1 for unit, rules in alerts if unit == u and rule in rules) for u in "ABC"}
        if not any(truth.values()):
            continue
        options = []  # per team: what the reader can tell of its count of this rule
        for u in "ABC":
            team = next((t for t in view["units"] if t["unit"] == u), None)
            if team is None:
                options.append(range(0, 1))
            elif rule in dict(team["top_rules"]):
                options.append(_range(dict(team["top_rules"])[rule], most))
            else:
                options.append(range(0, max(_range(team["alerts"], most)) + 1))
        import itertools

        total = _range(totals[rule], most)
        possible: list[set[int]] = [set(), set(), set()]
        for combo in itertools.product(*options):
            if sum(combo) in total:
                for i, v in enumerate(combo):
                    possible[i].add(v)
        for i, u in enumerate("ABC"):
            if 0 < truth[u] < 5:
                assert len(possible[i]) > 1, (rule, u, truth, view["units"], totals)
