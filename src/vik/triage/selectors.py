"""Reads on triage."""

from django.db.models import Prefetch

from vik.signals.models import Signal
from vik.signals.selectors import signals_for

from .models import Criterion, NationalDecision, Route, TriageDecision


def active_criteria():
    return Criterion.objects.filter(active=True)


def current_decision(signal) -> TriageDecision | None:
    """The signal's current triage decision, or None: the one marked current among `decisions`."""
    return next((decision for decision in decisions(signal) if decision.current), None)


def decisions(signal) -> list[TriageDecision]:
    """The signal's triage decisions, newest first (a signal has a few). Read once per page (GET):
    the signal page's panels of triage and investigations each ask (`vik.policy.memo`; a POST
    reads them afresh)."""
    from vik.policy.memo import remembered

    return remembered(("triage.decisions", signal.pk), lambda: list(decision_history(signal)))


def decision_history(signal):
    return TriageDecision.objects.filter(signal=signal).select_related(
        "decided_by", "line_manager", "session"
    ).order_by("-decided_at", "-id")


def line_follow_ups(user):
    """Signals the triage sent back to this user as line manager, still awaiting his report."""
    if not user.employee_id:
        return TriageDecision.objects.none()
    return TriageDecision.objects.filter(
        current=True, line_manager_id=user.employee_id, line_reported_at__isnull=True
    ).select_related("signal").order_by("follow_up_due")


def triage_members_of(region):
    """Active triage members whose own unit lies in this region (or national unit); for the
    national unit only its own staff, not the regions that may hang below it."""
    from vik.accounts.models import Role, User

    users = User.objects.filter(groups__name=Role.TRIAGE, is_active=True,
                                employee__isnull=False).distinct().select_related(
        "employee__unit")
    return [u for u in users if u.employee.unit.region.pk == region.pk]


def national_triage_members():
    from vik.accounts.models import Unit

    members = []
    for unit in Unit.objects.filter(kind=Unit.Kind.NATIONAL):
        members.extend(triage_members_of(unit))
    return members


def _with_referral(qs):
    """Signals with the unit's routing decision to the national triage (`referral`), so the
    queue shows who referred, when and why."""
    return qs.prefetch_related(Prefetch(
        "triage_decisions", to_attr="referrals",
        queryset=TriageDecision.objects.filter(current=True, route=Route.NATIONAL)
        .select_related("decided_by")), "subjects")


def national_queue(user):
    """The national triage's queue: signals units routed to it, waiting for its decision, oldest
    referral first. Empty for anyone outside the national triage team."""
    from vik import policy

    if not policy.can(user, "triage.national"):
        return Signal.objects.none()
    return _with_referral(signals_for(user).filter(status=Signal.Status.NATIONAL_TRIAGE)
                          .order_by("received_on", "id"))


def national_taken_on(user):
    """Signals the national triage took on whose national-team case is not opened yet."""
    from vik import policy

    if not policy.can(user, "triage.national"):
        return Signal.objects.none()
    return _with_referral(signals_for(user).filter(status=Signal.Status.NATIONAL_TEAM)
                          .order_by("received_on", "id"))


def national_decisions(user, limit: int = 100):
    """What the national triage decided, newest first: the queue's own record (on signals the
    user may see)."""
    from vik import policy

    if not policy.can(user, "triage.national"):
        return NationalDecision.objects.none()
    visible = signals_for(user).values("pk")
    return NationalDecision.objects.filter(signal__in=visible).select_related(
        "signal", "signal__region", "decided_by")[:limit]


def national_history(signal):
    """The national triage's decisions on one signal, newest first (shown on the signal page to
    whoever may see the signal, the unit's triage included)."""
    return NationalDecision.objects.filter(signal=signal).select_related("decided_by__employee")
