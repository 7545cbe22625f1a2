"""Reads on signals, always through the permission policy."""

from django.db.models import QuerySet

from vik.core import policy

from .models import Signal


def signals_for(user) -> QuerySet[Signal]:
    return policy.visible_signals(user, Signal.objects.all()).select_related("theme", "region")


def triage_queue(user) -> QuerySet[Signal]:
    return signals_for(user).filter(status=Signal.Status.NEW).order_by("received_on", "id")
