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
