"""The "responsibility" checks: Django system checks, registered by each domain app with the tag
"responsibility", that list dead ends (a report, complaint, signal or task that reaches nobody).

They read the database, so they must not run during `migrate`, `runserver` or a plain `check`
(a dead end would then block those commands, or a table might not exist yet). They run only
inside `run_responsibility_checks()`, used by `vik check_responsibility` and the Beheer page.
Register a check with `@responsibility_check` (which is `@register("responsibility")` plus that
guard), or call `requested()` at the top of a check registered with `@register("responsibility")`.
"""

from contextvars import ContextVar
from functools import wraps

from django.core.checks import register, run_checks

TAG = "responsibility"
_requested: ContextVar[bool] = ContextVar("vik_responsibility_requested", default=False)


def requested() -> bool:
    """True while `run_responsibility_checks` runs."""
    return _requested.get()


def responsibility_check(check):
    """Register `check` with the tag "responsibility"; it runs only when explicitly requested."""

    @wraps(check)
    def guarded(app_configs=None, databases=None, **kwargs):
        if not requested():
            return []
        return check(app_configs=app_configs, databases=databases, **kwargs)

    return register(TAG)(guarded)


def run_responsibility_checks():
    """Every responsibility message, most serious first."""
    token = _requested.set(True)
    try:
        messages = run_checks(tags=[TAG], include_deployment_checks=False, databases=["default"])
    finally:
        _requested.reset(token)
    return sorted(messages, key=lambda m: -m.level)
