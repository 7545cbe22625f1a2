"""Open work of protective monitoring for "my tasks" (registered in `vik.core.tasks`): the four-eyes
decisions on other analysts' reveal requests and broad "legitimate" verdicts (never about the
analyst himself)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register

from .models import RevealRequest
from .selectors import own_ref, scope_pending


@register
def reveal_tasks(user, today: date) -> list[Task]:
    """Four eyes: reveal requests of other analysts wait for this analyst's decision."""
    if not policy.can(user, "monitoring.review"):
        return []
    from .services import detection_enabled

    if not detection_enabled():  # prevention mode: no reveal can be decided
        return []
    pending = RevealRequest.objects.filter(state=RevealRequest.State.PENDING).exclude(
        requested_by=user).exclude(alert__user_ref=own_ref(user) or "").select_related("alert")
    return [
        Task(key=f"reveal:{req.pk}", kind="reveal", title=_("Beoordeel verzoek tot onthulling"),
             reference=req.alert.pseudonym, due=_next_working_day(req.requested_at),
             url=reverse("monitoring:alert", args=[req.alert_id]))
        for req in pending[:100]
    ]


def _next_working_day(moment) -> date:
    """A second analyst's word is due the working day after the request (tester t61: due the same
    day, a request made late in the evening was overdue minutes later)."""
    from vik.core.workdays import next_working_day

    return next_working_day(timezone.localtime(moment).date())


@register
def scope_tasks(user, today: date) -> list[Task]:
    """Four eyes: broad "legitimate" verdicts of other analysts wait for this analyst's word
    (tester t43: they were only a banner in the queue)."""
    if not policy.can(user, "monitoring.review"):
        return []
    from .services import detection_enabled

    if not detection_enabled():
        return []
    pending = scope_pending().exclude(reviewed_by=user).exclude(user_ref=own_ref(user) or "")
    return [
        Task(key=f"scope:{alert.pk}", kind="scope", title=_("Bevestig het bereik van een oordeel ‘legitiem’"),
             reference=alert.pseudonym,
             due=_next_working_day(alert.reviewed_at) if alert.reviewed_at else today,
             url=reverse("monitoring:alert", args=[alert.pk]))
        for alert in pending[:100]
    ]
