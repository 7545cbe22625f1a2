""""My tasks": everything a user has to do next, computed from the records themselves so a task
can never be forgotten or go stale. The same list drives the e-mail reminders."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import Role
from vik.confidential.tasks import confidential_tasks
from vik.core.tasks import Task
from vik.core.workdays import add_working_days
from vik.investigations.models import AccessRequest, Case, Member, StatusType, Step
from vik.signals.models import Signal
from vik.signals.selectors import awaiting_case, triage_queue
from vik.triage.selectors import line_follow_ups


def my_tasks(user, today: date | None = None) -> list[Task]:
    today = today or timezone.localdate()
    tasks: list[Task] = []
    if policy.can(user, "triage.queue"):
        for signal in triage_queue(user).select_related(None).only(
            "id", "reference", "received_on", "status"
        )[:200]:
            national = signal.status == Signal.Status.NATIONAL_TRIAGE
            tasks.append(Task(
                key=f"triage:{signal.pk}", kind="triage",
                title=_("Landelijke triage: melding oppakken") if national
                else _("Melding trieren"), reference=signal.reference,
                due=add_working_days(signal.received_on, 10),
                url=reverse("signals:detail", args=[signal.pk]),
            ))
        for signal in awaiting_case(user).select_related(None).only(
            "id", "reference", "received_on"
        )[:200]:
            tasks.append(Task(
                key=f"open_case:{signal.pk}", kind="triage",
                title=_("Onderzoek starten na triagebesluit"), reference=signal.reference,
                due=add_working_days(signal.received_on, 15),
                url=reverse("signals:detail", args=[signal.pk]),
            ))
    for decision in line_follow_ups(user):
        tasks.append(Task(
            key=f"line:{decision.pk}", kind="line",
            title=_("Terugkoppelen over afhandeling in de lijn"),
            reference=decision.signal.reference, due=decision.follow_up_due,
            url=reverse("signals:detail", args=[decision.signal_id]),
        ))
    tasks.extend(_case_tasks(user, today))
    if policy.can(user, "monitoring.review"):
        tasks.extend(_reveal_tasks(user))
    tasks.extend(confidential_tasks(user, today))
    tasks.sort(key=lambda t: (t.due or date.max, t.reference))
    return tasks


def _case_tasks(user, today: date) -> list[Task]:
    memberships: dict[int, set[str]] = {}
    for case_id, kind in Member.objects.filter(
        user=user, case__closed_on__isnull=True
    ).values_list("case_id", "kind"):
        memberships.setdefault(case_id, set()).add(kind)
    if not memberships:
        return []
    from vik import policy

    cases = policy.visible_cases(user, Case.objects.filter(pk__in=memberships)).select_related(
        "status", "case_type", "aanzegging"
    )
    pending_access = set(
        AccessRequest.objects.filter(case_id__in=memberships,
                                     decision=AccessRequest.Decision.PENDING)
        .values_list("case_id", flat=True)
    )
    investigating = set(Member.INVESTIGATING)
    next_steps = _next_steps()
    tasks: list[Task] = []
    for case in cases:
        kinds = memberships[case.pk]
        url = reverse("investigations:detail", args=[case.pk])
        is_investigator = bool(kinds & investigating)
        is_authority = Member.Kind.COMPETENT_AUTHORITY in kinds
        step_due = add_working_days(case.status_since, case.status.norm_days)
        # The process template names who is responsible for each step: the task to move the case
        # on goes to whoever owns the next step (the commission itself is the authority's).
        if case.status.step == Step.COMMISSIONED and case.commissioned_on is None:
            upcoming = case.status
        else:
            upcoming = next_steps.get(case.status_id)
        if upcoming is not None:
            authority_step = upcoming.responsible_role == Role.COMPETENT_AUTHORITY
            if (is_authority and authority_step) or (is_investigator and not authority_step):
                tasks.append(Task(
                    key=f"step:{case.pk}:{case.status_id}", kind="step",
                    title=_("Stap ‘%(step)s’") % {"step": upcoming.get_step_display()},
                    reference=case.reference, due=step_due, url=url,
                ))
        if is_investigator or Member.Kind.CARE_CONTACT in kinds:
            aanzegging = getattr(case, "aanzegging", None)
            base = case.last_update_on or (
                timezone.localtime(aanzegging.held_at).date() if aanzegging else None
            )
            if base is not None:
                tasks.append(Task(
                    key=f"update:{case.pk}:{base.isoformat()}", kind="update",
                    title=_("Statusupdate aan betrokkene (ook zonder nieuws)"),
                    reference=case.reference,
                    due=base + timedelta(weeks=case.case_type.update_interval_weeks), url=url,
                ))
        if is_investigator or is_authority:
            base = case.last_review_on or case.opened_on
            tasks.append(Task(
                key=f"review:{case.pk}:{base.isoformat()}", kind="review",
                title=_("Vast evaluatiemoment met de opdrachtgever"), reference=case.reference,
                due=add_working_days(base, case.case_type.review_interval_days), url=url,
            ))
        if is_investigator and case.care_contact_id is None:
            tasks.append(Task(
                key=f"care:{case.pk}", kind="care", title=_("Wijs een zorgcontactpersoon aan"),
                reference=case.reference, due=case.opened_on, url=url,
            ))
        if is_investigator and case.pk in pending_access:
            tasks.append(Task(
                key=f"access:{case.pk}", kind="access", title=_("Beslis op inzageverzoek"),
                reference=case.reference, due=None, url=url,
            ))
    return tasks


def _next_steps() -> dict[int, StatusType]:
    """For every status type, the one that follows it in its process template."""
    following: dict[int, StatusType] = {}
    previous: StatusType | None = None
    for status in StatusType.objects.order_by("case_type_id", "order"):
        if previous is not None and previous.case_type_id == status.case_type_id:
            following[previous.pk] = status
        previous = status
    return following


def _reveal_tasks(user) -> list[Task]:
    """Four eyes: reveal requests of other analysts wait for this analyst's decision."""
    from vik.monitoring.models import RevealRequest

    pending = RevealRequest.objects.filter(state=RevealRequest.State.PENDING).exclude(
        requested_by=user).select_related("alert")
    return [
        Task(key=f"reveal:{req.pk}", kind="reveal", title=_("Beoordeel verzoek tot onthulling"),
             reference=req.alert.pseudonym, due=timezone.localtime(req.requested_at).date(),
             url=reverse("monitoring:alert", args=[req.alert_id]))
        for req in pending[:100]
    ]
