"""Keeps the current request's user and address available to services that write audit rows."""

import contextvars

_request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "vik_request_context", default=None
)


def current_remote_addr() -> str:
    ctx = _request_context.get()
    return (ctx or {}).get("remote_addr", "")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_context.set({"remote_addr": request.META.get("REMOTE_ADDR", "")})
        try:
            return self.get_response(request)
        finally:
            _request_context.reset(token)
