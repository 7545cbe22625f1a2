"""Care's panels on the case page (see `vik.investigations.case_panels`): the care section of the
case file, and the care part of the page a care contact sees instead of it. Their forms post to
`care.views.case_action`; an invalid form comes back here with the typed input and its errors."""

from vik.investigations import actions
from vik.investigations.case_panels import register
from vik.investigations.models import Step
from vik.knowledge import selectors as knowledge

from . import services
from .views import ACTIONS, AFTERCARE_ACTIONS


def _context(request, case) -> dict:
    from vik.investigations.services import needs_aanzegging

    aftercare = services.aftercare_running(case)
    # after closure only the care contact records care (`services._require_open_or_aftercare`)
    mine = aftercare and request.user.pk == case.care_contact_id
    return {"case": case, "aftercare": aftercare,
            "forms": actions.forms_for(request, case, ACTIONS, when_closed=AFTERCARE_ACTIONS if mine else ()),
            "referrals": case.referrals.all(), "team_care": case.team_care.all(),
            "family_care": case.family_care.all(),
            # Tester t48: care for the team was recorded as "team informed about the
            # investigation" before the betrokkene himself was told.
            "before_aanzegging": needs_aanzegging(case)}


@register("care.case", slot="care", template="care/_case_care.html")
def case_care(request, case) -> dict:
    return {**_context(request, case),
            "care_changes": case.care_contact_changes.select_related("new", "previous")}


@register("care.care_view", slot="care_view", template="care/_care_view.html")
def care_view(request, case) -> dict:
    return _context(request, case)


# The stage of the managers' guide (`knowledge.ManagerGuideStage.Stage`) for each step of a case.
GUIDE_STAGE = {
    Step.COMMISSIONED: "signal", Step.PLAN_APPROVED: "signal",
    Step.AANZEGGING: "aanzegging",
    Step.INTAKE: "during", Step.HEARINGS: "during", Step.WITNESSES: "during",
    Step.REPORT: "during", Step.ZIENSWIJZE: "during",
    Step.DECISION: "closure", Step.CLOSED: "closure",
}


def guide_stage(case) -> str:
    """The stage of the managers' guide a case is in."""
    if case.is_closed:
        return "closure"
    return GUIDE_STAGE.get(case.status.step, "during")


@register("care.manager_guide", slot="care_view", order=60, template="knowledge/_manager_guide.html")
def manager_guide(request, case) -> dict | None:
    """The guide for line managers, at the case's stage, when the care contact looking at the
    case is the betrokkene's own line manager (care is the manager's duty)."""
    employee_id = getattr(request.user, "employee_id", None)
    if not employee_id or case.subject.manager_id != employee_id:
        return None
    guide = knowledge.manager_guide_stage(guide_stage(case))
    return {"guide": guide} if guide is not None else None
