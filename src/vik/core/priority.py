"""The CPU priority of background work."""

import os

from django.conf import settings


def lower_priority() -> int:
    """Give this process (the background process, a rebuild command) the CPU priority of background
    work, `settings.VIK_BACKGROUND_NICE` (0: unchanged): the kernel then serves the web workers
    first when both want a core (issue 14: "my tasks" slowed down while a rebuild ran). Returns the
    niceness reached; a system that refuses keeps the priority it had."""
    step = max(0, settings.VIK_BACKGROUND_NICE - os.nice(0))
    try:
        return os.nice(step) if step else os.nice(0)
    except OSError:
        return os.nice(0)
