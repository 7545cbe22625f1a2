"""The register of integrity activities: who registers and reads it, dilemma sessions counting by
themselves, the teams without an activity this year, and the coverage counts for policy staff."""

import datetime as dt
import re
from contextlib import nullcontext

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import EmployeeFactory, UnitFactory, UserFactory
from vik.accounts.models import Role, Unit
from vik.audit.models import AuditAction, AuditEvent
from vik.core.errors import PermissionDeniedError
from vik.prevention import selectors, services
from vik.prevention.models import Activity, Perspective, Session


def _register(actor, team, held_on=None, **extra):
    data = {"title": "Theater over sociale veiligheid", "format": "theatre", "facilitator": "Theatergroep Spiegel",
            "participants": 24, **extra}
    return services.register_activity(actor, team, held_on=held_on or timezone.localdate(), **data)


def _held_session(org, dilemma_set, team, started=None, by=None):
    by = by or org.manager
    session = services.start_session(by, dilemma_set, "Teamdag", team)
    for _i in range(3):
        services.join_session(session.code)
    services.open_round(by, session, Perspective.OWN)
    services.reveal(by, session)
    services.open_round(by, session, Perspective.OWN)  # two dilemmas: joins must not double
    services.end_session(by, session)
    if started is not None:
        Session.objects.filter(pk=session.pk).update(created_at=started)
    return session


@pytest.fixture
def other_manager(org):
    team = UnitFactory(kind=Unit.Kind.TEAM, parent=org.patrol.parent, name="Basisteam B")
    return UserFactory(username="teamchef_b", roles=[Role.LINE_MANAGER],
                       employee=EmployeeFactory(unit=team, is_manager=True))


# --- registering ----------------------------------------------------------------------------------


def test_the_line_manager_registers_for_his_own_team_and_it_is_audited(org):
    activity = _register(org.manager, org.patrol, theme=None, note="Nagesprek in de koffiekamer.")
    assert activity.team == org.patrol and activity.participants == 24 and len(activity.code) == 6
    assert activity.tallies.count() == 25  # five statements, five scores
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="prevention.activity").get()
    assert event.actor == org.manager


def test_an_editor_registers_for_any_team(org, editor):
    assert _register(editor, org.vik_a).team == org.vik_a


@pytest.mark.parametrize("who", ["other_manager", "member", "policy", "triage"])
def test_others_may_not_register_for_the_team(org, other_manager, team_members, who):
    actor = {"other_manager": other_manager, "member": team_members[0], "policy": org.policy,
             "triage": org.triage}[who]
    with pytest.raises(PermissionDeniedError):
        _register(actor, org.patrol)
    assert not Activity.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=actor).exists()


def test_registration_refuses_a_future_date_a_region_and_odd_numbers(org, editor):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _register(org.manager, org.patrol, held_on=tomorrow, participants=0, format="quiz", title=" ")
    assert set(error.value.message_dict) == {"held_on", "participants", "format", "title"}
    with pytest.raises(ValidationError) as error:
        _register(editor, org.region_a)
    assert "team" in error.value.message_dict


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days_back=st.integers(min_value=-400, max_value=400), participants=st.integers(min_value=-5, max_value=3000))
def test_date_and_participants_rule(org, days_back, participants):
    """Any date up to today and 1..2000 participants are accepted; a later date or another number never."""
    held_on = timezone.localdate() - dt.timedelta(days=days_back)
    ok = days_back >= 0 and 1 <= participants <= services.MAX_PARTICIPANTS
    try:
        with nullcontext() if ok else pytest.raises(ValidationError):
            _register(org.manager, org.patrol, held_on=held_on, participants=participants)
        assert Activity.objects.count() == int(ok)
    finally:
        Activity.objects.all().delete()


# --- the team's register ---------------------------------------------------------------------------


def test_a_dilemma_session_counts_as_an_activity_without_registering_it(org, dilemma_set):
    year = timezone.localdate().year
    assert org.patrol in selectors.teams_without_activity(year)
    session = _held_session(org, dilemma_set, org.patrol)
    assert org.patrol not in selectors.teams_without_activity(year)
    entries = selectors.register(org.patrol, year)
    assert [(e.format_label, e.session, e.participants) for e in entries] == [("Dilemmasessie", session, 3)]
    assert not Activity.objects.exists()  # derived, not copied


def test_sessions_that_do_not_count(org, dilemma_set):
    """A session still running, without a team, or without a single dilemma is no activity."""
    year = timezone.localdate().year
    services.start_session(org.manager, dilemma_set, "Loopt nog", org.patrol)
    empty = services.start_session(org.manager, dilemma_set, "Niets gespeeld", org.patrol)
    services.end_session(org.manager, empty)
    no_team = services.start_session(org.manager, dilemma_set, "Zonder team", None)
    services.open_round(org.manager, no_team)
    services.end_session(org.manager, no_team)
    assert org.patrol in selectors.teams_without_activity(year)
    assert selectors.register(org.patrol, year) == []


def test_teams_without_activity_is_per_calendar_year(org, dilemma_set, editor):
    today = timezone.localdate()
    last_year = dt.date(today.year - 1, 12, 31)
    _register(org.manager, org.patrol, held_on=last_year)
    assert org.patrol in selectors.teams_without_activity(today.year)
    assert org.patrol not in selectors.teams_without_activity(today.year - 1)
    # A session started on New Year's Eve late in the evening (Dutch time) belongs to that year.
    evening = timezone.make_aware(dt.datetime(today.year - 2, 12, 31, 23, 30))
    _held_session(org, dilemma_set, org.vik_a, started=evening, by=editor)
    assert org.vik_a not in selectors.teams_without_activity(today.year - 2)
    assert org.vik_a in selectors.teams_without_activity(today.year - 1)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(held_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date.today() - dt.timedelta(days=1)),
       year=st.integers(min_value=2000, max_value=dt.date.today().year))
def test_an_activity_covers_exactly_its_own_calendar_year(org, held_on, year):
    try:
        _register(org.manager, org.patrol, held_on=held_on)
        assert (org.patrol in selectors.teams_without_activity(year)) is (held_on.year != year)
    finally:
        Activity.objects.all().delete()


def test_teams_without_activity_only_lists_teams_and_can_be_narrowed(org):
    year = timezone.localdate().year
    missing = set(selectors.teams_without_activity(year))
    assert missing == set(Unit.objects.filter(kind=Unit.Kind.TEAM))
    narrowed = selectors.teams_without_activity(year, Unit.objects.filter(pk__in=[org.patrol.pk, org.region_a.pk]))
    assert list(narrowed) == [org.patrol]


def test_the_manager_sees_his_own_teams_register_only(client, org, other_manager, dilemma_set):
    activity = _register(org.manager, org.patrol)
    client.force_login(org.manager)
    page = client.get("/preventie/activiteiten/")
    assert page.status_code == 200 and "Theater over sociale veiligheid" in page.text
    assert 'data-testid="missing"' not in page.text
    # Asking for another team's register shows his own.
    other_team = other_manager.employee.unit
    for odd in (other_team.pk, "²", "٣", "99999999999999999999"):
        assert client.get(f"/preventie/activiteiten/?team={odd}").status_code == 200
    page = client.get(f"/preventie/activiteiten/?team={other_team.pk}")
    assert "Basisteam A" in page.text and "Basisteam B" not in page.text
    assert client.get(f"/preventie/activiteiten/{activity.pk}/").status_code == 200
    client.force_login(other_manager)
    page = client.get("/preventie/activiteiten/")
    assert 'data-testid="missing"' in page.text and "Theater over" not in page.text
    assert client.get(f"/preventie/activiteiten/{activity.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["member", "policy", "triage", "nobody"])
def test_who_has_no_register_gets_404(client, org, team_members, who):
    activity = _register(org.manager, org.patrol)
    user = {"member": team_members[0], "policy": org.policy, "triage": org.triage, "nobody": org.nobody}[who]
    client.force_login(user)
    assert client.get("/preventie/activiteiten/").status_code == 404
    assert client.get("/preventie/activiteiten/nieuw/").status_code == 404
    assert client.get(f"/preventie/activiteiten/{activity.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=user).exists()


def test_register_through_the_form_keeps_input_on_an_error(client, org):
    client.force_login(org.manager)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {"team": org.patrol.pk, "held_on": tomorrow.strftime("%d-%m-%Y"), "title": "Masterclass informatie",
            "format": "masterclass", "facilitator": "VIK preventie", "participants": "18", "note": ""}
    page = client.post("/preventie/activiteiten/nieuw/", data)
    assert page.status_code == 400 and "Kies een datum tussen 01-01-1990 en vandaag" in page.text
    assert "Masterclass informatie" in page.text
    data["held_on"] = timezone.localdate().strftime("%d-%m-%Y")
    response = client.post("/preventie/activiteiten/nieuw/", data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == f"/preventie/activiteiten/{activity.pk}/"
    page = client.get(response.url)
    assert activity.code in page.text and "Te weinig reacties" in page.text


def test_a_manager_cannot_register_for_another_team_through_the_form(client, org, other_manager):
    client.force_login(other_manager)
    data = {"team": org.patrol.pk, "held_on": timezone.localdate().strftime("%d-%m-%Y"), "title": "x",
            "format": "other", "facilitator": "y", "participants": "3"}
    assert client.post("/preventie/activiteiten/nieuw/", data).status_code == 400
    assert not Activity.objects.exists()


# --- coverage for policy staff ---------------------------------------------------------------------


def test_coverage_counts_teams_per_region_without_names(client, org, dilemma_set, editor):
    _register(org.manager, org.patrol)
    _register(org.manager, org.patrol)
    _held_session(org, dilemma_set, org.patrol)
    rows = {r.unit: r for r in selectors.coverage(timezone.localdate().year)}
    north = rows["Eenheid Noord"]
    # Region A has the VIK team and the patrol team; only the patrol team held activities (three).
    assert (north.teams, north.covered, north.uncovered, north.activities) == (2, 1, 1, 3)
    assert rows["Eenheid Zuid"].covered == 0
    client.force_login(org.policy)
    page = client.get("/preventie/dekking/")
    assert page.status_code == 200 and "Eenheid Noord" in page.text
    assert "Basisteam A" not in page.text and "VIK Noord" not in page.text
    client.force_login(editor)
    assert client.get("/preventie/dekking/").status_code == 200


@pytest.mark.parametrize("who", ["manager", "triage", "nobody"])
def test_coverage_is_refused_to_others(client, org, who):
    client.force_login(getattr(org, who))
    assert client.get("/preventie/dekking/").status_code == 404


@pytest.mark.parametrize("year", ["1999", "abc", "99999", "", "2026-01", "²⁰²⁶", "٢٠٢٦"])
def test_odd_years_fall_back_to_this_year(client, org, year):
    client.force_login(org.policy)
    page = client.get(f"/preventie/dekking/?jaar={year}")
    assert page.status_code == 200 and f'<option value="{timezone.localdate().year}" selected>' in page.text


# --- correcting ------------------------------------------------------------------------------------


def test_the_manager_corrects_an_activity_and_it_is_audited(client, org):
    activity = _register(org.manager, org.patrol)
    client.force_login(org.manager)
    form = client.get(f"/preventie/activiteiten/{activity.pk}/wijzigen/")
    assert form.status_code == 200 and "Theatergroep Spiegel" in form.text and 'name="team"' not in form.text
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = {"held_on": yesterday.strftime("%d-%m-%Y"), "title": "Theater ‘Over de grens’", "format": "theatre",
            "facilitator": "Theatergroep Spiegel", "participants": "26", "note": "", "team": org.vik_a.pk,
            "state": re.search(r'name="state" value="([^"]+)"', form.text).group(1)}  # as the browser sends it
    response = client.post(f"/preventie/activiteiten/{activity.pk}/wijzigen/", data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.held_on, activity.participants, activity.team) == (yesterday, 26, org.patrol)
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE, object_type="prevention.activity").get()
    assert event.detail["before"]["participants"] == 24


def test_a_second_tab_does_not_undo_a_correction_silently(client, org):
    """Tester t17: tab 1 corrected the title and the participants, tab 2 (loaded before) changed
    only the note and silently put the old title and number back."""
    import re

    activity = _register(org.manager, org.patrol)
    client.force_login(org.manager)
    page = client.get(f"/preventie/activiteiten/{activity.pk}/wijzigen/").text
    state = re.search(r'name="state" value="([^"]+)"', page).group(1)
    base = {"held_on": activity.held_on.strftime("%d-%m-%Y"), "format": "theatre",
            "facilitator": "Theatergroep Spiegel", "state": state}
    first = client.post(f"/preventie/activiteiten/{activity.pk}/wijzigen/",
                        {**base, "title": "Theater gecorrigeerd", "participants": "20"})
    assert first.status_code == 302
    second = client.post(f"/preventie/activiteiten/{activity.pk}/wijzigen/",
                         {**base, "title": activity.title, "participants": "24", "note": "Alleen de toelichting"})
    assert second.status_code == 400 and "intussen gewijzigd" in second.text
    assert "Alleen de toelichting" in second.text  # the second tab's input stays
    activity.refresh_from_db()
    assert (activity.title, activity.participants, activity.note) == ("Theater gecorrigeerd", 20, "")


def test_a_correction_never_goes_below_the_responses(org):
    activity = _register(org.manager, org.patrol, participants=6)
    for _i in range(4):
        services.submit_evaluation(activity, {key: 3 for key in ("useful", "insight", "safe", "apply", "recommend")})
    with pytest.raises(ValidationError) as error:
        services.correct_activity(org.manager, activity, held_on=activity.held_on, title="x", format="theatre",
                                  facilitator="y", participants=3)
    assert "al 4 reacties" in error.value.message_dict["participants"][0]
    services.correct_activity(org.manager, activity, held_on=activity.held_on, title="x", format="theatre",
                              facilitator="y", participants=4)


@pytest.mark.parametrize("who", ["other_manager", "policy", "member"])
def test_others_cannot_correct(client, org, other_manager, team_members, who):
    activity = _register(org.manager, org.patrol)
    user = {"other_manager": other_manager, "policy": org.policy, "member": team_members[0]}[who]
    with pytest.raises(PermissionDeniedError):
        services.correct_activity(user, activity, held_on=activity.held_on, title="x", format="other",
                                  facilitator="y", participants=3)
    client.force_login(user)
    assert client.post(f"/preventie/activiteiten/{activity.pk}/wijzigen/", {"title": "x"}).status_code == 404
    activity.refresh_from_db()
    assert activity.title == "Theater over sociale veiligheid"
