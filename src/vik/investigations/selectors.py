"""Reads on cases, always filtered by the permission policy."""

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from vik import policy
from vik.core.workdays import add_working_days, is_working_day, working_days_between

from .models import Case, Outcome, StatusType, Step, Track


def cases_for(user) -> QuerySet[Case]:
    return policy.visible_cases(user, Case.objects.all()).select_related(
        "status", "case_type", "subject"
    )


def cases_of_signal_summary(user, signal) -> list[dict]:
    """The cases of a signal as the signal page lists them: references for everyone who may see
    the signal, a link only for the case's own members."""
    visible = set(cases_for(user).filter(signal=signal).values_list("pk", flat=True))
    return [
        {"pk": c.pk, "reference": c.reference, "track_label": c.get_track_display(),
         "status_label": c.status.get_step_display(), "open": c.pk in visible}
        for c in Case.objects.filter(signal=signal).select_related("status")
    ]


def timeline(case: Case) -> list[dict]:
    """The process steps of the case's template with their state: done (recorded), skipped (the
    case went past it without recording it: never shown as done), not_applicable (the zienswijze
    of a case decided without a voornemen: there was nothing to give a view on; tester t51 read
    "Zienswijze (niet vastgelegd)" on such a case as a step forgotten), current, or todo."""
    from .services import _status_types

    steps = _status_types(case)
    recorded = {change.status_id for change in case.status_changes.all()}
    decision = getattr(case, "decision", None)
    no_view_needed = (decision is not None and decision.outcome != Outcome.BREACH_MEASURE
                      and not case.voornemens.exists())

    def state(s: StatusType) -> str:
        if s.pk == case.status_id:
            return "current"
        if s.order < case.status.order:
            if s.pk in recorded:
                return "done"
            return "not_applicable" if s.step == Step.ZIENSWIJZE and no_view_needed else "skipped"
        return "todo"

    return [{"label": s.get_step_display(), "state": state(s)} for s in steps]


def paused_working_days(case: Case, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return sum(working_days_between(p.started_on, p.ended_on or today) for p in case.pauses.all())


def step_due(case: Case, today: date | None = None) -> date:
    """The day the current step is due: its norm in working days from the day the case reached
    it, moved by the working days the clock stood still since then (a running pause up to today).
    A case paused for illness showed its step overdue in "my tasks" (tester t41)."""
    today = today or timezone.localdate()
    since = case.status_since
    periods = [(max(p.started_on, since), p.ended_on or max(today, p.started_on)) for p in case.pauses.all()
               if (p.ended_on or today) > since]
    paused = len({day for start, end in periods for day in _working_days_after(start, end)})
    return add_working_days(since, case.status.norm_days + paused)


def _working_days_after(start: date, end: date) -> list[date]:
    days, day = [], start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return days


def clock(case: Case, today: date | None = None) -> dict:
    """Net throughput time in working days (pauses excluded) against the norm."""
    today = today or timezone.localdate()
    end = case.closed_on or today
    gross = working_days_between(case.opened_on, end)
    paused = paused_working_days(case, end)
    net = gross - paused
    return {
        "gross": gross, "paused": paused, "net": net, "norm": case.case_type.throughput_norm_days,
        "deadline": case.deadline, "over_norm": net > case.case_type.throughput_norm_days,
        "step_due": step_due(case, today),
        "running": not any(pause.ended_on is None for pause in case.pauses.all()),
    }


def own_cases(user) -> QuerySet:
    """The cases the user is the betrokkene of and may follow himself (`case.own`: told of it by
    the aanzegging, not in the criminal track), newest first."""
    employee_id = getattr(user, "employee_id", None)
    if not employee_id or not user.is_active:
        return Case.objects.none()
    return (Case.objects.filter(subject_id=employee_id, aanzegging__isnull=False)
            .exclude(track=Track.CRIMINAL).select_related("case_type", "status")
            .order_by("-opened_on", "-id"))


def _first_per_step(case: Case) -> list:
    """The day each step was reached (a step recorded twice, e.g. the opening and the commission
    both in "Opdracht bevoegd gezag", counts once), in order."""
    seen: set[int] = set()
    steps = []
    for change in case.status_changes.select_related("status").order_by("on", "id"):
        if change.status_id not in seen:
            seen.add(change.status_id)
            steps.append(change)
    return steps


def own_case_view(case: Case) -> dict:
    """What the betrokkene sees of his own case: the steps reached, his hearings (not the
    witnesses), the status updates given to him, the expected end date told to him, the
    voornemen and his zienswijze, the decision and the closure, his requests, and who to turn to.
    Never the signal, the reporter, documents, pauses and their reasons, or the team's notes."""
    lead = case.members.filter(kind="lead").select_related("user", "user__employee").first()
    return {
        "case": case,
        "steps": _first_per_step(case),
        "aanzegging": case.aanzegging,
        "hearings": list(case.hearings.filter(kind="hearing").order_by("scheduled_at")),
        "updates": list(case.status_updates.order_by("-given_on", "-id")),
        "voornemens": list(case.voornemens.all()),
        "decision": getattr(case, "decision", None),
        "closure": getattr(case, "closure", None),
        "access_requests": list(case.access_requests.all()),
        "rights_requests": list(case.rights_requests.all()),
        "lead": lead.user if lead else None,
        "care_contact": case.care_contact,
    }
