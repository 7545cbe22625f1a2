"""Open work of investigations for "my tasks" (registered in `vik.core.tasks`), and who receives
the escalation of an overdue case task (the case's competent authority)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import Role
from vik.core.tasks import Task, register, register_escalation
from vik.core.workdays import add_working_days, working_day_on_or_after

from . import selectors, services
from .models import AccessRequest, Case, Document, Hearing, Member, RightsRequest, StatusType, Step, Voornemen
from .selectors import own_cases

CASE_TASK_KINDS = ("step", "plan", "hearing", "update", "review", "care", "access", "rights", "folder")


@register
def case_tasks(user, today: date) -> list[Task]:
    """The steps, status updates, reviews, care contact and access requests of the user's open
    cases, each for whoever the process template makes responsible: one owner per task, the lead
    investigator for the investigators' work (every investigator of a case without a lead), the
    competent authority for his steps; the review moment is a meeting of both, and the status
    update is shared with the care contact."""
    memberships: dict[int, set[str]] = {}
    for case_id, kind in Member.objects.filter(
        user=user, case__closed_on__isnull=True
    ).values_list("case_id", "kind"):
        memberships.setdefault(case_id, set()).add(kind)
    if not memberships:
        return []
    cases = policy.visible_cases(user, Case.objects.filter(pk__in=memberships)).select_related(
        "status", "case_type", "aanzegging"
    ).prefetch_related("pauses")
    # The oldest open access request per case: its term runs from the day it came in (it had
    # none, so it was never overdue; tester t41).
    pending_access: dict[int, date] = {}
    for case_id, requested_on in AccessRequest.objects.filter(
            case_id__in=memberships, decision=AccessRequest.Decision.PENDING
    ).order_by("requested_on").values_list("case_id", "requested_on"):
        pending_access.setdefault(case_id, requested_on)
    pending_rights: dict[int, date] = {}
    for case_id, requested_on in RightsRequest.objects.filter(
            case_id__in=memberships, decision=RightsRequest.Decision.PENDING
    ).order_by("requested_on").values_list("case_id", "requested_on"):
        pending_rights.setdefault(case_id, requested_on)
    with_plan = set(Document.objects.filter(case_id__in=memberships, kind=Document.Kind.PLAN)
                    .values_list("case_id", flat=True))
    led = set(Member.objects.filter(case_id__in=memberships, kind=Member.Kind.LEAD_INVESTIGATOR)
              .values_list("case_id", flat=True))
    disputed = {h.case_id: h for h in Hearing.objects.filter(
        case_id__in=memberships, waiver_disputed_on__isnull=False, held=False, waived_on__isnull=True)
        .select_related("case__case_type") if h.needs_moving}
    # The betrokkene's next hearing still to come: the voornemen and the decision wait for it
    # (`services.hearing_ahead`), so their task says so (the demo tour found "Stap ‘Besluit’" on a
    # case whose page offered no decision).
    hearing_ahead = services.hearings_ahead(memberships)
    terms_running = services.zienswijze_terms_running(memberships)
    investigating = set(Member.INVESTIGATING)
    next_steps = _next_steps()
    tasks: list[Task] = []
    for case in cases:
        kinds = memberships[case.pk]
        url = reverse("investigations:detail", args=[case.pk])
        # One owner per task among the investigators (tester t41: a second investigator had every
        # task of the lead, and the authority the lead's "decide on a request"): the lead
        # investigator, or every investigator of a case without a lead. Others may still act.
        is_investigator = Member.Kind.LEAD_INVESTIGATOR in kinds or (
            bool(kinds & investigating) and case.pk not in led)
        is_authority = Member.Kind.COMPETENT_AUTHORITY in kinds
        step_due = selectors.step_due(case, today)
        # The process template names who is responsible for each step: the task to move the case
        # on goes to whoever owns the next step (the commission itself is the authority's).
        if case.status.step == Step.COMMISSIONED and case.commissioned_on is None:
            upcoming = case.status
        else:
            upcoming = next_steps.get(case.status_id)
        if upcoming is not None and upcoming.step == Step.PLAN_APPROVED and case.pk not in with_plan:
            # Nothing to approve yet: the plan is the investigators' to write (tester t41: the
            # authority had "approve the plan" and nobody a task to write it).
            if is_investigator:
                tasks.append(Task(
                    key=f"plan:{case.pk}", kind="plan",
                    title=_("Onderzoeksplan opstellen en toevoegen (soort ‘Onderzoeksplan’)"),
                    reference=case.reference, due=step_due, url=url))
            upcoming = None
        if upcoming is not None:
            authority_step = upcoming.responsible_role == Role.COMPETENT_AUTHORITY
            if (is_authority and authority_step) or (is_investigator and not authority_step):
                title = _("Stap ‘%(step)s’") % {"step": upcoming.get_step_display()}
                if upcoming.step == Step.ZIENSWIJZE:
                    title = _("Voornemen tot straf sturen, of besluiten zonder straf")
                due = step_due
                ahead = hearing_ahead.get(case.pk)
                if ahead is not None and upcoming.step in (Step.ZIENSWIJZE, Step.DECISION):
                    when = timezone.localtime(ahead.scheduled_at)
                    title = _("%(task)s, na het hoorgesprek van %(when)s") % {
                        "task": title, "when": when.strftime("%d-%m-%Y %H:%M")}
                    due = max(step_due, when.date())
                elif upcoming.step == Step.DECISION and case.pk in terms_running:
                    # A punishment waits for the zienswijze or the end of its term: the task
                    # falls due the day after (tester t55: due on the term's last day).
                    term_end = terms_running[case.pk]
                    title = _("%(task)s: zonder straf kan nu, met straf na de zienswijze of na %(date)s") % {
                        "task": title, "date": term_end.strftime("%d-%m-%Y")}
                    due = max(step_due, working_day_on_or_after(term_end + timedelta(days=1)))
                tasks.append(Task(
                    key=f"step:{case.pk}:{case.status_id}", kind="step", title=title,
                    reference=case.reference, due=due, url=url,
                ))
        # The status update is shared by the lead and the care contact (the betrokkene's contact in
        # the care view, often his manager): either may give it, and one record clears it for both.
        if is_investigator or Member.Kind.CARE_CONTACT in kinds:
            aanzegging = getattr(case, "aanzegging", None)
            base = case.last_update_on or (
                timezone.localtime(aanzegging.held_at).date() if aanzegging else None
            )
            if base is not None:
                # Shared, and said so (tester t62: the same task for the investigator and the care
                # contact read as a mistake about who is meant).
                title = (_("Statusupdate aan betrokkene (ook zonder nieuws); de zorgcontactpersoon mag haar ook geven")
                         if is_investigator else
                         _("Statusupdate aan betrokkene (ook zonder nieuws); het onderzoeksteam mag haar ook geven"))
                tasks.append(Task(
                    key=f"update:{case.pk}:{base.isoformat()}", kind="update", title=title,
                    reference=case.reference, due=services.next_update_due(case), url=url,
                ))
        if is_investigator or is_authority:
            base = case.last_review_on or case.opened_on
            tasks.append(Task(
                key=f"review:{case.pk}:{base.isoformat()}", kind="review",
                title=_("Vast evaluatiemoment met de opdrachtgever"), reference=case.reference,
                due=add_working_days(base, case.case_type.review_interval_days), url=url,
            ))
        if is_investigator:
            aanzegging = getattr(case, "aanzegging", None)
            if aanzegging is not None and aanzegging.info_folder_on is None:
                # The folder on his rights and duties belongs with the aanzegging; without a task
                # nobody came back to it (tester t41: "nog niet overhandigd" in red, and no one's).
                tasks.append(Task(
                    key=f"folder:{case.pk}", kind="folder",
                    title=_("Informatiemap over rechten en plichten aan de betrokkene overhandigen"),
                    reference=case.reference, due=timezone.localtime(aanzegging.held_at).date(), url=url,
                ))
        if is_investigator and case.pk in disputed:
            tasks.append(Task(
                key=f"hearing:{disputed[case.pk].pk}", kind="hearing",
                title=_("Hoorgesprek verplaatsen: de betrokkene wil de voorbereidingstijd"),
                reference=case.reference, due=disputed[case.pk].waiver_disputed_on, url=url))
        if is_investigator and case.care_contact_id is None:
            tasks.append(Task(
                key=f"care:{case.pk}", kind="care", title=_("Wijs een zorgcontactpersoon aan"),
                reference=case.reference, due=case.opened_on, url=url,
            ))
        if is_investigator and case.pk in pending_access:
            tasks.append(Task(
                key=f"access:{case.pk}", kind="access", title=_("Beslis op inzageverzoek"),
                reference=case.reference, due=add_working_days(pending_access[case.pk], ACCESS_TERM_WORKING_DAYS),
                url=url,
            ))
        # A request of the betrokkene: the lead investigator or the authority may decide; the task
        # is the lead's (the authority's in a case without one).
        deciding = Member.Kind.LEAD_INVESTIGATOR in kinds or (is_authority and case.pk not in led)
        if deciding and case.pk in pending_rights:
            tasks.append(Task(
                key=f"rights:{case.pk}", kind="rights",
                title=_("Beslis op verzoek van de betrokkene (onderzoek, getuigen, stukken)"),
                reference=case.reference, due=add_working_days(pending_rights[case.pk], 10),
                url=url,
            ))
    return tasks


# House term for deciding on the betrokkene's request to see his file: four weeks, in line with
# the month the AVG (art. 12(3)) gives for a data subject's access request.
ACCESS_TERM_WORKING_DAYS = 20


@register
def own_case_tasks(user, today: date) -> list[Task]:
    """The betrokkene's own task: his zienswijze on the current voornemen in his case, while its
    term runs and nothing is decided (he may respond; he need not)."""
    if not getattr(user, "employee_id", None):
        return []
    newest: dict[int, Voornemen] = {}
    for voornemen in Voornemen.objects.filter(
            case__in=own_cases(user), case__closed_on__isnull=True, case__decision__isnull=True
    ).select_related("case").order_by("id"):
        newest[voornemen.case_id] = voornemen
    return [
        Task(key=f"zienswijze:{v.pk}", kind="zienswijze",
             title=_("Uw zienswijze op het voornemen tot straf (mag, hoeft niet)"),
             reference=v.case.reference, due=v.term_ends_on,
             url=reverse("investigations:own", args=[v.case_id]))
        for v in newest.values() if not v.answered and v.term_ends_on >= today
    ]


# The process templates change by an administrator's hand, rarely; every "my tasks" of a case member
# asked for all of them (4 ms of CPU through the ORM, issue 14). Kept per process for a short time
# and forgotten at once when a status type is saved or deleted in this process (another process
# sees the change within NEXT_STEPS_SECONDS).
NEXT_STEPS_SECONDS = 30
_next_steps_cache: dict = {}


def forget_next_steps(**_kwargs) -> None:
    _next_steps_cache.clear()


def _next_steps() -> dict[int, StatusType]:
    """For every status type, the one that follows it in its process template."""
    import time

    cached = _next_steps_cache.get("steps")
    if cached is not None and time.monotonic() - cached[0] < NEXT_STEPS_SECONDS:
        return cached[1]
    following = _read_next_steps()
    _next_steps_cache["steps"] = (time.monotonic(), following)
    return following


def _read_next_steps() -> dict[int, StatusType]:
    following: dict[int, StatusType] = {}
    previous: StatusType | None = None
    for status in StatusType.objects.order_by("case_type_id", "order"):
        if previous is not None and previous.case_type_id == status.case_type_id:
            following[previous.pk] = status
        previous = status
    return following


def competent_authorities(task: Task) -> list:
    """An overdue case task escalates to the case's competent authority."""
    case = Case.objects.filter(reference=task.reference).first()
    if case is None:
        return []
    return [m.user for m in case.members.filter(kind=Member.Kind.COMPETENT_AUTHORITY).select_related("user")]


register_escalation(CASE_TASK_KINDS, competent_authorities)
