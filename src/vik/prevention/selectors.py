"""Reads of prevention work, each limited to what the user may see."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from vik import policy
from vik.accounts.models import Unit

from . import climate
from .models import ROTATING_ROLES, ClimateCheck, DilemmaSet, Participant, Perspective, Round, Session


def active_dilemma_sets() -> QuerySet:
    return DilemmaSet.objects.filter(active=True, dilemmas__isnull=False).distinct().select_related("theme")


def sessions_run_by(user) -> QuerySet:
    return Session.objects.filter(facilitator=user).select_related("dilemma_set", "team")


# --- dilemma session state ----------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    letter: str
    text: str
    count: int
    percent: int


def distribution(round_: Round) -> list[Bar]:
    total = round_.total
    counts = {"a": round_.count_a, "b": round_.count_b, "c": round_.count_c}
    return [Bar(letter.upper(), text, counts[letter], round(100 * counts[letter] / total) if total else 0)
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
