"""Fetching a signal for a request: the one door every app's views use to open a signal."""

from django.http import Http404

from vik import policy

from .models import Signal


def get_visible_signal_or_404(request, pk, why: str = "view") -> Signal:
    """A signal the user may not see answers 404 (its existence is not disclosed); the refusal
    itself is recorded in the audit trail (`why`: the API records "api_view")."""
    if not str(pk).isdigit() or len(str(pk)) > 18:
        raise Http404
    return policy.get_or_404(request.user, "signal.view",
                             Signal.objects.select_related("theme", "region", "reporter"), why=why, pk=pk)
