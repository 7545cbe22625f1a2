"""A memo of policy answers for the length of one read-only request.

A signal page asks "may this user see this signal?" several times (the page itself, the reporter's
name, the triage form, the national team's rule), and each answer is a visibility query with the
user's conflicts of interest (three look-ups) behind it: 58 queries for one page, half of them the
same question again (benchmarks/load.py --profile, docs/benchmarks-load.md). Within one GET or
HEAD nothing changes the answers, so the first one is kept until the response is made. A POST, a
job, a command or a test calling the policy directly gets no memo: every check there is computed
afresh, so a change made by a service is seen by the next check.
"""

import contextvars
from collections.abc import Callable
from typing import Any

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("vik_policy_memo", default=None)


def remembered(key: tuple, compute: Callable[[], Any]) -> Any:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class ReadOnlyRequestMemoMiddleware:
    """Gives every GET/HEAD request its own, empty memo (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
