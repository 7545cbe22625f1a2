"""Fetching a case for a request: the one door every app's views use to open a case."""

from django.http import Http404

from vik.audit import services as audit
from vik.core import policy

from .models import Case


def get_visible_case_or_404(request, pk: int) -> Case:
    """A case the user may not see answers 404 (its existence is not disclosed); the refusal
    itself is recorded in the audit trail."""
    case = Case.objects.filter(pk=pk).select_related(
        "status", "case_type", "subject", "subject__unit", "signal", "care_contact"
    ).first()
    if case is None:
        raise Http404
    if not policy.can(request.user, "case.view", case):
        audit.record_denied(request.user, case, why="view")
        raise Http404
    return case
