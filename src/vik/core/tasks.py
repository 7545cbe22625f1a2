""""My tasks": the shape of one entry, and the registry every app contributes its tasks to.

An app registers a provider in its `AppConfig.ready` (`register(provider)`); `collect(user, today)`
asks every provider and sorts the result. The tasks app shows the list and sends the reminders, and
imports no app that contributes: a new capability adds its tasks without touching it. Escalations
(a task overdue for long) go to whoever the contributing app names (`register_escalation`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class Task:
    key: str
    kind: str
    title: str
    reference: str
    due: date | None
    url: str

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


Provider = Callable[[object, date], Iterable[Task]]
_providers: list[Provider] = []
_escalations: dict[str, Callable[[Task], list]] = {}


def register(provider: Provider) -> Provider:
    """Add `provider(user, today) -> tasks` to "my tasks" (idempotent; usable as a decorator)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_escalation(kinds: Iterable[str], resolver: Callable[[Task], list]) -> None:
    """Who else receives the escalation of an overdue task of one of `kinds`: `resolver(task)`
    returns users (e.g. the competent authority of a case)."""
    for kind in kinds:
        _escalations[kind] = resolver


def collect(user, today: date) -> list[Task]:
    """Every registered provider's tasks for `user`, the earliest due first (no date last)."""
    tasks = [task for provider in _providers for task in provider(user, today)]
    tasks.sort(key=lambda t: (t.due or date.max, t.reference))
    return tasks


def escalation_recipients(task: Task) -> list:
    resolver = _escalations.get(task.kind)
    return list(resolver(task)) if resolver else []
