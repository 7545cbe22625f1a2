"""The kinds of background work. A kind is registered once (by the site, which may import every
app) with a Dutch label, the function that does the work and how many attempts it gets.

The function receives the job's parameters as keyword arguments and, when it accepts it, a
`progress(percent, phase)` callable whose values the status page shows."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    run: Callable[..., object]
    attempts: int = 1
    period: int | None = None  # seconds between runs for periodic kinds (queued by the scheduler)
    # For work that keeps its progress on a record of its own (a monitoring import's run): called
    # with the job's parameters, returns (percent, phase) or None, shown while the job runs.
    progress_of: Callable[..., tuple[int, str] | None] | None = None

    @property
    def reports_progress(self) -> bool:
        return "progress" in inspect.signature(self.run).parameters


KINDS: dict[str, Kind] = {}


def register(name: str, label, run: Callable[..., object], *, attempts: int = 1, period: int | None = None,
             progress_of: Callable[..., tuple[int, str] | None] | None = None) -> None:
    KINDS[name] = Kind(name, label, run, attempts, period, progress_of)


def get(name: str) -> Kind | None:
    return KINDS.get(name)
