"""Reads on signals, always through the permission policy."""

from django.db.models import Q, QuerySet

from vik import policy

from .models import Signal


def signals_for(user) -> QuerySet[Signal]:
    return policy.visible_signals(user, Signal.objects.all()).select_related("theme", "region")


def triage_queue(user) -> QuerySet[Signal]:
    """The signals waiting for this triage member: new signals of his own unit and, for the
    national triage team, the signals a region routed to the national triage."""
    visible = signals_for(user)
    region_id = policy._region_id(user)
    # A signal the national triage sent back waits for its unit's triage again.
    waiting = Q(status__in=[Signal.Status.NEW, Signal.Status.RETURNED])
    if policy._is_national(user):
        # The national team sees every signal, but its queue holds its own work only.
        waiting = (waiting & Q(region_id=region_id)) | Q(status=Signal.Status.NATIONAL_TRIAGE)
    if not policy.can(user, "triage.queue"):
        return visible.none()
    return visible.filter(waiting).order_by("received_on", "id")


def registered_by(user) -> QuerySet[Signal]:
    """What this user registered ("Mijn meldingen"): the reference and status are his to follow,
    whatever he may see of the signal itself."""
    if not user.is_authenticated:
        return Signal.objects.none()
    return Signal.objects.filter(registered_by=user).only(
        "id", "reference", "received_on", "status", "registered_at").order_by("-registered_at",
                                                                               "-id")


def awaiting_case(user) -> QuerySet[Signal]:
    """Signals of this triage member's unit routed to an investigation whose case is not opened
    yet: opening it is the triage team's task, so the signal never waits unowned. For the national
    triage team also the signals it took on for the national team (LTIO), from every unit."""
    if not policy.can(user, "triage.queue"):
        return Signal.objects.none()
    waiting = Q(status=Signal.Status.TRIAGED, region_id=policy._region_id(user))
    if policy.can(user, "triage.national"):
        waiting |= Q(status=Signal.Status.NATIONAL_TEAM)
    qs = signals_for(user).filter(waiting)
    return qs.order_by("received_on", "id")
