""""My tasks": everything a user has to do next, computed from the records themselves so a task
can never be forgotten or go stale. The same list drives the e-mail reminders. Each app contributes
its own tasks to the registry in `vik.core.tasks` (triage, investigations, monitoring, confidential
work); this app imports none of them."""

from datetime import date

from django.utils import timezone

from vik.core.tasks import Task, collect


def my_tasks(user, today: date | None = None) -> list[Task]:
    """The user's open tasks from every app, the earliest due first."""
    return collect(user, today or timezone.localdate())
