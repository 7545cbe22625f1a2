"""Reads on cases, always filtered by the permission policy."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from vik import policy
from vik.core.workdays import add_working_days, working_days_between

from .models import Case, StatusType


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
    case went past it without recording it: never shown as done), current, or todo."""
    steps = StatusType.objects.filter(case_type_id=case.case_type_id).order_by("order")
    recorded = set(case.status_changes.values_list("status_id", flat=True))

    def state(s: StatusType) -> str:
        if s.pk == case.status_id:
            return "current"
        if s.order < case.status.order:
            return "done" if s.pk in recorded else "skipped"
        return "todo"

    return [{"label": s.get_step_display(), "state": state(s)} for s in steps]


def paused_working_days(case: Case, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return sum(working_days_between(p.started_on, p.ended_on or today) for p in case.pauses.all())


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
        "step_due": add_working_days(case.status_since, case.status.norm_days),
        "running": not case.pauses.filter(ended_on__isnull=True).exists(),
    }
