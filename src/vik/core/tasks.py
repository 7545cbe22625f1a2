"""The shape of one entry in "my tasks", shared by every app that contributes tasks."""

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
