"""Issue 13, part 5: the prevention view's trend per unit across runs (alerts and unexplained
lookups per 1,000 user-days) and the effect measure before/after a prevention activity of that
unit. Aggregates only, small counts hidden like every other aggregate of the product."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from tests.prevention.conftest import dilemma_set, editor  # noqa: F401  (fixtures)
from vik.accounts.models import Role
from vik.monitoring import selectors
from vik.monitoring.models import ImportRun, UnitFigures
from vik.prevention import services as prevention
from vik.prevention.models import Session

UTC = dt.UTC
TEAM = "Basisteam A"  # the name of `org.patrol`


def make_run(start: dt.date, figures: dict[str, tuple[int, int, int]], days: int = 7) -> ImportRun:
    """A finished run whose window starts on `start`; figures: unit -> (user_days, alerts, unexplained)."""
    lo = dt.datetime.combine(start, dt.time(8), tzinfo=UTC)
    run = ImportRun.objects.create(data_dir="x", state=ImportRun.State.DONE, progress=100,
                                   finished_at=lo + dt.timedelta(days=days), period_start=lo,
                                   period_end=lo + dt.timedelta(days=days - 1, hours=8),
                                   user_days=sum(f[0] for f in figures.values()),
                                   mode=ImportRun.Mode.PREVENTION)
    for unit, (user_days, alerts, unexplained) in figures.items():
        UnitFigures.objects.create(run=run, unit=unit, user_days=user_days, lookups=user_days * 20,
                                   alerts=alerts, people=alerts, unexplained=unexplained,
                                   rules={"NEIGHBOUR": alerts})
    return run


@pytest.fixture
def soc(db):
    return UserFactory(username="soc-trend", roles=[Role.SOC_ANALYST])


@pytest.fixture
def runs(org):
    return [make_run(dt.date(2026, 3, 2), {TEAM: (2000, 12, 400), "Basisteam B": (1500, 7, 300)}),
            make_run(dt.date(2026, 3, 16), {TEAM: (2100, 3, 380), "Basisteam B": (1600, 9, 280)}),
            make_run(dt.date(2026, 3, 30), {TEAM: (1900, 6, 200), "Basisteam B": (1400, 8, 250)})]


def test_the_trend_gives_rates_per_1000_user_days_and_hides_small_counts(runs):
    data = selectors.unit_trend(TEAM)
    rows = [line["cells"] for line in data["lines"]]
    assert [r["alerts"].text for r in rows] == ["12", "<5", "6"]
    assert rows[0]["alert_rate"].text == "6,0"  # 12 per 2,000 user-days
    assert rows[0]["unexplained_rate"].text == "200,0"
    assert rows[1]["alert_rate"].hidden and rows[1]["alert_rate"].text == "–"  # from a hidden count
    assert not rows[1]["unexplained_rate"].hidden


def test_a_count_hidden_in_the_runs_team_table_is_hidden_in_the_trend(org):
    # Two teams: the other team's 3 is hidden, so the per-rule total would give it away unless
    # one more count of that rule is hidden ("×"): the trend must not show that one either.
    run = make_run(dt.date(2026, 3, 2), {TEAM: (2000, 8, 400), "Basisteam B": (1500, 3, 300)})
    from vik.core.disclosure import cell_rows, protect

    table = selectors.prevention_table(run)
    cells = cell_rows(table, protect([table])[table.key])
    ours = next(r for r in cells if r["label"].value == TEAM)
    trend = selectors.unit_trend(TEAM)["lines"][0]["cells"]
    assert ours["NEIGHBOUR" if "NEIGHBOUR" in ours else "rule:NEIGHBOUR"].hidden
    assert trend["alerts"].hidden == ours["alerts"].hidden


def test_the_page_has_a_titled_chart_and_a_table_without_names(client, runs, soc):
    client.force_login(soc)
    page = client.get("/monitoring/trend/", {"team": TEAM})
    assert page.status_code == 200
    html = page.text
    assert "Meldingen per 1.000 gebruikersdagen — Basisteam A" in html
    assert 'role="img"' in html and "axis-title" in html and "Analyse (begin)" in html
    assert "Onverklaarde opvragingen per 1.000 gebruikersdagen" in html
    assert "&lt;5" in html and "M-" not in html
    assert "02-03-2026" in html


@pytest.mark.parametrize("who,status", [("soc", 200), ("org.policy", 200), ("org.triage", 404),
                                        ("org.admin", 404), ("org.nobody", 404)])
def test_the_trend_per_role(client, org, soc, runs, who, status):
    user = soc if who == "soc" else getattr(org, who.split(".")[1])
    client.force_login(user)
    assert client.get("/monitoring/trend/", {"team": TEAM}).status_code == status


def _session_on(org, dilemma_set, day: dt.date):  # noqa: F811
    session = prevention.start_session(org.manager, dilemma_set, "Teamdag informatie", org.patrol)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Session.objects.filter(pk=session.pk).update(created_at=moment)
    return session


def test_the_effect_compares_the_runs_before_and_after_an_activity(client, org, soc, runs,
                                                                   dilemma_set):  # noqa: F811
    session = _session_on(org, dilemma_set, dt.date(2026, 3, 12))
    data = selectors.unit_trend(TEAM, f"sessie-{session.pk}")
    before, after = data["effect"]["rows"]
    assert before["runs"].text == "1" and after["runs"].text == "2"
    assert before["user_days"].text == "2.000" and after["user_days"].text == "4.000"
    assert before["alert_rate"].text == "6,0"
    assert after["alerts"].text == "9" and after["alert_rate"].text == "2,2"  # 9 per 4,000
    notes = " ".join(data["effect"]["notes"])
    assert "geen bewijs van effect" in notes
    client.force_login(soc)
    html = client.get("/monitoring/trend/", {"team": TEAM, "activiteit": f"sessie-{session.pk}"}).text
    assert "Voor de activiteit" in html and "Na de activiteit" in html and "Teamdag informatie" in html


def test_too_little_data_is_said_honestly(org, runs, dilemma_set):  # noqa: F811
    late = _session_on(org, dilemma_set, dt.date(2026, 4, 20))
    data = selectors.unit_trend(TEAM, f"sessie-{late.pk}")
    assert data["effect"]["rows"][1]["runs"].text == "0"
    assert "Te weinig gegevens" in data["effect"]["notes"][0]
    during = _session_on(org, dilemma_set, dt.date(2026, 3, 18))
    data = selectors.unit_trend(TEAM, f"sessie-{during.pk}")
    assert any("tellen niet mee (1)" in n for n in data["effect"]["notes"])


def test_a_hidden_run_count_is_not_given_away_by_the_before_sum(org, dilemma_set):  # noqa: F811
    make_run(dt.date(2026, 3, 2), {TEAM: (2000, 3, 400)})
    session = _session_on(org, dilemma_set, dt.date(2026, 3, 12))
    make_run(dt.date(2026, 3, 16), {TEAM: (2000, 20, 400)})
    data = selectors.unit_trend(TEAM, f"sessie-{session.pk}")
    before = data["effect"]["rows"][0]
    assert before["alerts"].hidden and before["alert_rate"].hidden


def test_no_activity_for_the_unit_says_so(client, soc, runs):
    client.force_login(soc)
    html = client.get("/monitoring/trend/", {"team": "Basisteam B"}).text
    assert "geen preventieactiviteit" in html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(team=st.one_of(st.text(max_size=40), st.sampled_from([TEAM, "—", ""])),
       activity=st.one_of(st.text(max_size=20), st.sampled_from(["sessie-1", "klimaat-x", "sessie-"])))
def test_any_parameter_gives_a_page_not_an_error(client, soc, runs, team, activity):
    client.force_login(soc)
    response = client.get("/monitoring/trend/", {"team": team, "activiteit": activity})
    # A team that is not offered is said (400, tester t37), as a NUL character is refused.
    offered = team in {TEAM, "—", ""} or team in selectors.trend_units()
    assert response.status_code == (400 if "\x00" in team + activity or not offered else 200)
    if response.status_code == 400 and "\x00" not in team + activity:
        assert "Kies een van de aangeboden teams." in response.text
