"""Open work of triage for "my tasks" (registered in `vik.core.tasks`): signals to triage (or
to pick up at the national triage, or to triage again after the national triage sent them back),
triage decisions waiting for their case (for the national team: the signals it took on), and the
line manager's follow-up of a signal sent back to the line."""

from datetime import date

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register
from vik.core.workdays import add_working_days
from vik.signals.models import Signal
from vik.signals.selectors import awaiting_case, triage_queue

from .models import NationalDecision
from .selectors import line_follow_ups


@register
def triage_tasks(user, today: date) -> list[Task]:
    tasks: list[Task] = []
    if policy.can(user, "triage.queue"):
        returned_at = NationalDecision.objects.filter(
            signal=OuterRef("pk"), outcome=NationalDecision.Outcome.RETURN).order_by("-decided_at").values(
            "decided_at")[:1]
        for signal in triage_queue(user).select_related(None).only(
            "id", "reference", "received_on", "status"
        ).annotate(returned_at=Subquery(returned_at))[:200]:
            title = {
                Signal.Status.NATIONAL_TRIAGE: _("Landelijke triage: melding oppakken"),
                Signal.Status.RETURNED: _("Terug van de landelijke triage: opnieuw trieren"),
            }.get(signal.status, _("Melding trieren"))
            # A signal sent back gets its own term from the day it came back, not from its receipt
            # (it arrived two months overdue; tester t7).
            start = (timezone.localtime(signal.returned_at).date()
                     if signal.status == Signal.Status.RETURNED and signal.returned_at else signal.received_on)
            tasks.append(Task(
                key=f"triage:{signal.pk}", kind="triage", title=title, reference=signal.reference,
                due=add_working_days(start, 10),
                url=reverse("signals:detail", args=[signal.pk]),
            ))
        for signal in awaiting_case(user).select_related(None).only(
            "id", "reference", "received_on", "status"
        )[:200]:
            national = signal.status == Signal.Status.NATIONAL_TEAM
            tasks.append(Task(
                key=f"open_case:{signal.pk}", kind="triage",
                title=_("Landelijk team (LTIO): onderzoek starten") if national
                else _("Onderzoek starten na triagebesluit"), reference=signal.reference,
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
    return tasks
