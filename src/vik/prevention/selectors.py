"""Reads of prevention work, each limited to what the user may see."""

import random
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from vik import policy
from vik.accounts.models import Unit

from . import climate, evaluation
from .models import (
    ROTATING_ROLES,
    Activity,
    ActivityFormat,
    ClimateCheck,
    DilemmaSet,
    Participant,
    Perspective,
    Round,
    Session,
)


def active_dilemma_sets() -> QuerySet:
    return DilemmaSet.objects.filter(active=True, dilemmas__isnull=False).distinct().select_related("theme")


def sessions_run_by(user) -> QuerySet:
    return Session.objects.filter(facilitator=user).select_related("dilemma_set", "team")


# --- dilemma session state ----------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    letter: str
    text: str
    count: int | None  # None: hidden (fewer than MIN_SHOWN choices)
    percent: int | None


# A round's distribution is shown from three choices on: with one or two the bars say who chose
# what, in a room where everybody saw who pressed (tester t38: "1 · 100 %"; the participants are
# told nobody can see their choice). The options are shown, their counts not.
MIN_SHOWN = 3


def distribution(round_: Round) -> list[Bar]:
    total = round_.total
    counts = {"a": round_.count_a, "b": round_.count_b, "c": round_.count_c}
    if total < MIN_SHOWN:
        return [Bar(letter.upper(), text, None, None) for letter, text in round_.dilemma.options()]
    return [Bar(letter.upper(), text, counts[letter], round(100 * counts[letter] / total))
            for letter, text in round_.dilemma.options()]


def phase(session: Session) -> str:
    if session.is_ended:
        return "ended"
    current = session.current_round
    if current is None:
        return "lobby"
    return "revealed" if current.is_revealed else "choosing"


def role_of(participant: Participant, round_: Round) -> str:
    """The role a participant plays in a round ('' when everybody answers as himself)."""
    if round_.perspective == Perspective.ROTATE:
        return ROTATING_ROLES[(participant.number + round_.number) % len(ROTATING_ROLES)].label
    if round_.perspective == Perspective.OWN:
        return ""
    return Perspective(round_.perspective).label


def has_chosen(participant: Participant, round_: Round | None) -> bool:
    return round_ is not None and round_.participations.filter(participant=participant).exists()


def facilitator_state(session: Session) -> str:
    """Changes whenever the facilitator's panel must be redrawn (see the polling views)."""
    current = session.current_round
    return "-".join(str(x) for x in (
        phase(session), current.pk if current else 0, current.total if current else 0,
        session.participants.count()))


def participant_state(session: Session, participant: Participant) -> str:
    current = session.current_round
    return "-".join(str(x) for x in (
        phase(session), current.pk if current else 0, int(has_chosen(participant, current))))


def summary(session: Session) -> list[dict]:
    return [{"round": r, "bars": distribution(r)}
            for r in session.rounds.select_related("dilemma").order_by("number")]


# --- climate checks -----------------------------------------------------------------------------


def climate_checks_for(user) -> QuerySet:
    """Runs of the user's own team and of the teams he manages: never anybody else's."""
    qs = ClimateCheck.objects.select_related("team")
    if policy.can(user, "prevention.edit"):
        return qs
    unit_id = user.employee.unit_id if user.employee_id else None
    mine = Q(created_by=user)
    if unit_id:
        mine |= Q(team_id=unit_id)
    return qs.filter(mine)


def teams_for_new_check(user) -> QuerySet:
    if policy.can(user, "prevention.edit"):
        return Unit.objects.filter(kind=Unit.Kind.TEAM).order_by("name")
    if policy.can(user, "prevention.climate.start") and user.employee_id:
        return Unit.objects.filter(pk=user.employee.unit_id, kind=Unit.Kind.TEAM)
    return Unit.objects.none()


@dataclass
class ClimateView:
    visible: bool
    respondents: int
    results: list[climate.QuestionResult]
    previous: list[climate.QuestionResult] | None  # same team's earlier run, when visible too

    @property
    def previous_keys(self) -> set[str]:
        """The questions the earlier run asked (a run on an older list lacks the newer topics)."""
        return {r.key for r in self.previous or []}


def _tallies(check: ClimateCheck) -> dict[str, tuple[int, int]]:
    return {t.key: (t.yes, t.no) for t in check.tallies.all()}


def _visible(check: ClimateCheck) -> bool:
    return climate.results_visible(check.respondents, check.is_closed(timezone.localdate()))


def climate_view(check: ClimateCheck) -> ClimateView:
    """The results of a run, or nothing but the count while they may not be shown."""
    if not _visible(check):
        return ClimateView(False, check.respondents, [], None)
    previous = None
    if check.previous is not None and _visible(check.previous):
        previous = climate.build_results(check.previous.questions, _tallies(check.previous))
    return ClimateView(True, check.respondents, climate.build_results(check.questions, _tallies(check)), previous)


# --- register of integrity activities -----------------------------------------------------------


def held_sessions(year: int) -> QuerySet:
    """Dilemma sessions run in VIK that count as a team's activity of `year`: ended, for a team, at
    least one dilemma played (the year of their start, Dutch time)."""
    return (Session.objects.filter(ended_at__isnull=False, team__isnull=False, created_at__year=year,
                                   rounds__isnull=False).distinct())


def teams_without_activity(year: int, teams: QuerySet | None = None) -> QuerySet:
    """The teams (of `teams`, default all) that held no integrity activity in calendar year `year`:
    none registered and no dilemma session run in VIK. Every team should hold one at least once a
    year. A plain read without a user: callers decide who may see team names (policy staff see
    only counts, see `coverage`)."""
    teams = Unit.objects.filter(kind=Unit.Kind.TEAM) if teams is None else teams.filter(kind=Unit.Kind.TEAM)
    return (teams.exclude(pk__in=Activity.objects.filter(held_on__year=year).values("team_id"))
            .exclude(pk__in=held_sessions(year).values("team_id")))


def session_teams(user) -> QuerySet:
    """Teams the user may hold a dilemma session for (`prevention.session.team`): his own team for
    a line manager, every team for an editor or a confidential advisor."""
    teams = Unit.objects.filter(kind=Unit.Kind.TEAM).order_by("name")
    return teams.filter(pk__in=[team.pk for team in teams.only("pk")
                                if policy.can(user, "prevention.session.team", team)])


def register_teams(user) -> QuerySet:
    """Teams whose register the user may read: all for an editor, his own team for a line manager."""
    if policy.can(user, "prevention.edit"):
        return Unit.objects.filter(kind=Unit.Kind.TEAM).order_by("name")
    if user.employee_id and policy.can(user, "prevention.activity.register", user.employee.unit):
        return Unit.objects.filter(pk=user.employee.unit_id, kind=Unit.Kind.TEAM)
    return Unit.objects.none()


@dataclass(frozen=True)
class Entry:
    """One line of a team's register: a registered activity or a dilemma session run in VIK."""

    held_on: date
    title: str
    format_label: str
    facilitator: str
    participants: int
    activity: Activity | None = None
    session: Session | None = None


def register(team: Unit, year: int) -> list[Entry]:
    """A team's integrity activities of `year`, newest first (the caller checked who may read it)."""
    entries = [Entry(a.held_on, a.title, a.get_format_display(), a.facilitator, a.participants, activity=a)
               for a in Activity.objects.filter(team=team, held_on__year=year)]
    sessions = (held_sessions(year).filter(team=team).select_related("facilitator", "facilitator__employee")
                .annotate(joined=Count("participants", distinct=True)))
    for session in sessions:
        entries.append(Entry(timezone.localtime(session.created_at).date(), session.title,
                             ActivityFormat.DILEMMA.label, session.facilitator.display_name, session.joined,
                             session=session))
    return sorted(entries, key=lambda e: (e.held_on, e.title), reverse=True)


@dataclass(frozen=True)
class CoverageRow:
    unit: str
    teams: int
    covered: int
    activities: int

    @property
    def uncovered(self) -> int:
        return self.teams - self.covered


def coverage(year: int) -> list[CoverageRow]:
    """Per region (and the national unit): how many teams held an integrity activity in `year`,
    how many did not, and how many activities there were. Counts of teams, never which team.

    Not passed through `vik.core.disclosure.protect`: its small-cell rule protects people, and
    these are counts of teams and of activities (no participants, no answers). A "<5" of teams
    without an activity would hide exactly what the overview is for, while no count here says
    anything about a person."""
    units = {u.pk: u for u in Unit.objects.all()}

    def region_of(unit_id: int) -> Unit:
        unit = units[unit_id]
        while unit.kind not in (Unit.Kind.REGION, Unit.Kind.NATIONAL) and unit.parent_id:
            unit = units[unit.parent_id]
        return unit

    team_ids = [pk for pk, u in units.items() if u.kind == Unit.Kind.TEAM]
    uncovered = set(teams_without_activity(year).values_list("pk", flat=True))
    held = list(Activity.objects.filter(held_on__year=year).values_list("team_id", flat=True))
    held += list(held_sessions(year).values_list("team_id", flat=True))
    rows: dict[int, list[int]] = {}
    for team_id in team_ids:
        row = rows.setdefault(region_of(team_id).pk, [0, 0, 0])
        row[0] += 1
        row[1] += team_id not in uncovered
    for team_id in held:
        rows.setdefault(region_of(team_id).pk, [0, 0, 0])[2] += 1
    return sorted((CoverageRow(units[pk].name, *counts) for pk, counts in rows.items()),
                  key=lambda r: r.unit)


@dataclass
class EvaluationView:
    visible: bool
    responses: int  # all responses received
    published: int  # the responses the results describe: whole batches
    results: list[evaluation.QuestionResult]
    comments: list[str]

    @property
    def pending(self) -> int:
        """Responses waiting for their batch to be complete."""
        return self.responses - self.published


def evaluation_view(activity: Activity) -> EvaluationView:
    """An activity's evaluation as aggregates of its published batches, or only the number of
    responses while they are too few. Comments are shuffled: their order would tell who wrote what
    to whoever saw them arrive."""
    published = activity.published_responses
    if not evaluation.results_visible(published):
        return EvaluationView(False, activity.responses, published, [], [])
    tallies = {(t.key, t.score): t.count for t in activity.tallies.all()}
    comments = list(activity.comments.filter(released=True).values_list("text", flat=True))
    random.shuffle(comments)
    return EvaluationView(True, activity.responses, published, evaluation.build_results(tallies), comments)
