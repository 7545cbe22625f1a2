"""Fetching a signal for a request: the one door every app's views use to open a signal."""

from django.http import Http404

from vik.audit import services as audit
from vik.core import policy

from .models import Signal


def get_visible_signal_or_404(request, pk, why: str = "view") -> Signal:
    """A signal the user may not see answers 404 (its existence is not disclosed); the refusal
    itself is recorded in the audit trail (`why`: the API records "api_view")."""
    if not str(pk).isdigit() or len(str(pk)) > 18:
        raise Http404
    signal = Signal.objects.filter(pk=pk).select_related("theme", "region", "reporter").first()
    if signal is None:
        raise Http404
    if not policy.can(request.user, "signal.view", signal):
        audit.record_denied(request.user, signal, why=why)
        raise Http404
    return signal
