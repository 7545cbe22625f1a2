"""Open improvements agreed in a learning circle, as tasks of their owner (registered in
`vik.core.tasks`) until they are marked done."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from vik.core.tasks import Task, register

from .selectors import open_improvements_of


@register
def improvement_tasks(user, today: date) -> list[Task]:
    return [Task(key=f"improvement:{item.pk}", kind="learning",
                 title=_("Verbeterpunt uit de lerende cirkel uitvoeren"),
                 reference=f"LC-{item.circle_id}", due=item.due_on,
                 url=reverse("learning:circle", args=[item.circle_id]))
            for item in open_improvements_of(user)[:200]]
