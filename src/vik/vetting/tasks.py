"""Open work of vetting and the reporting duty for "my tasks" (registered in `vik.core.tasks`):
screenings due and repeat screenings to plan for vetting staff, declarations to decide for their
handler, and declarations to renew for the employee who made them."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register

from . import selectors


@register
def vetting_tasks(user, today: date) -> list[Task]:
    tasks: list[Task] = []
    # Each list only for whoever can have it: building the others' (empty) queries cost every
    # user's "my tasks" several milliseconds (issue 14, load).
    if policy.can(user, "vetting.screenings"):
        tasks += _screening_tasks(user, today)
    if policy.can(user, "vetting.inbox"):
        tasks += _decision_tasks(user)
    if policy.can(user, "vetting.declare"):
        tasks += _renewal_tasks(user, today)
    return tasks


def _screening_tasks(user, today: date) -> list[Task]:
    tasks: list[Task] = []
    for screening in selectors.open_screenings(user)[:200]:
        tasks.append(Task(
            key=f"screening:{screening.pk}", kind="vetting",
            title=_("%(kind)s %(level)s afronden") % {"kind": screening.get_kind_display(),
                                                     "level": screening.get_level_display()},
            reference=screening.employee.full_name, due=screening.due_on,
            url=reverse("vetting:screening", args=[screening.pk])))
    for screening in selectors.repeats_due(user, today)[:200]:
        tasks.append(Task(
            key=f"repeat:{screening.pk}", kind="vetting",
            title=_("Herhaalonderzoek %(level)s plannen") % {"level": screening.get_level_display()},
            reference=screening.employee.full_name, due=screening.valid_until,
            url=f'{reverse("vetting:screenings")}?herhaal={screening.pk}#plannen'))
    return tasks


def _decision_tasks(user) -> list[Task]:
    tasks: list[Task] = []
    for declaration in selectors.to_decide(user)[:200]:
        tasks.append(Task(
            key=f"declaration:{declaration.pk}", kind="vetting",
            title=_("Besluiten over melding: %(kind)s") % {"kind": declaration.get_kind_display()},
            reference=declaration.reference,
            due=declaration.decide_before,
            url=reverse("vetting:declaration", args=[declaration.pk])))
    return tasks


def _renewal_tasks(user, today: date) -> list[Task]:
    tasks: list[Task] = []
    for declaration in selectors.renewals_due(user, today)[:50]:
        tasks.append(Task(
            key=f"renewal:{declaration.pk}", kind="vetting",
            title=_("Melding opnieuw doen: %(kind)s") % {"kind": declaration.get_kind_display()},
            reference=declaration.reference, due=declaration.renewal_on,
            url=reverse("vetting:declaration", args=[declaration.pk])))
    return tasks
