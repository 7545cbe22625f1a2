"""A line manager's reminder in "my tasks" (registered in `vik.core.tasks`): his team has held no
integrity activity this calendar year. Shown in the last quarter only, so the list is not filled
with a task a whole year long; due on 31 December, so it never becomes overdue (the next day a new
year starts) and sends no reminders."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register

from . import selectors

# The month from which a team without an activity this year shows up in its manager's tasks.
REMIND_FROM_MONTH = 10


@register
def activity_tasks(user, today: date) -> list[Task]:
    # Editors, the prevention coordinators, may register for every team and follow the coverage
    # instead; the reminder is for the team's own manager.
    if today.month < REMIND_FROM_MONTH or policy.can(user, "prevention.edit"):
        return []
    team = selectors.own_team_to_register(user)
    if team is None or not selectors.teams_without_activity(today.year).filter(pk=team.pk).exists():
        return []
    return [Task(key=f"activity:{team.pk}:{today.year}", kind="prevention",
                 title=_("Integriteitsactiviteit houden: uw team had er dit jaar nog geen"),
                 reference=team.name, due=date(today.year, 12, 31), url=reverse("prevention:activity_new"))]
