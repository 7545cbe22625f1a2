"""Fetching a case for a request: the one door every app's views use to open a case."""

from vik import policy

from .models import Case


def get_visible_case_or_404(request, pk: int) -> Case:
    """A case the user may not see answers 404 (its existence is not disclosed); the refusal
    itself is recorded in the audit trail."""
    return policy.get_or_404(request.user, "case.view", Case.objects.select_related(
        "status", "case_type", "subject", "subject__unit", "signal__theme", "care_contact__employee"), why="view",
        pk=pk)
