"""Open work of protective monitoring for "my tasks" (registered in `vik.core.tasks`): the four-eyes
decisions on other analysts' reveal requests (never about the analyst himself)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register

from .models import RevealRequest
from .selectors import own_ref


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
             reference=req.alert.pseudonym, due=timezone.localtime(req.requested_at).date(),
             url=reverse("monitoring:alert", args=[req.alert_id]))
        for req in pending[:100]
    ]
