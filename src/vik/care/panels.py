"""Care's panels on the case page (see `vik.investigations.case_panels`): the care section of the
case file, and the care part of the page a care contact sees instead of it. Their forms post to
`care.views.case_action`; an invalid form comes back here with the typed input and its errors."""

from vik.investigations import actions
from vik.investigations.case_panels import register

from .views import ACTIONS


def _context(request, case) -> dict:
    return {"forms": actions.forms_for(request, case, ACTIONS),
            "referrals": case.referrals.all(), "team_care": case.team_care.all(),
            "family_care": case.family_care.all()}


@register("care.case", slot="care", template="care/_case_care.html")
def case_care(request, case) -> dict:
    return {**_context(request, case),
            "care_changes": case.care_contact_changes.select_related("new", "previous")}


@register("care.care_view", slot="care_view", template="care/_care_view.html")
def care_view(request, case) -> dict:
    return _context(request, case)
