"""Reads on triage."""

from .models import Criterion, TriageDecision


def active_criteria():
    return Criterion.objects.filter(active=True)


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
