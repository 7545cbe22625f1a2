"""Idle timeout: a signed-in session ends after `VIK_IDLE_SECONDS` without activity (ASVS V3.3),
on a shared workstation in a police station the next person must not find the previous user's
cases open. Two minutes before, the page warns and offers "Blijf ingelogd"; typing or clicking in
the page counts as activity too (vik.js tells the server at most once a minute), so nobody loses a
long form to the timeout. The session's absolute lifetime stays `SESSION_COOKIE_AGE` (one shift).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

SEEN = "vik_seen"
# The session is written at most this often for activity alone (not on every request).
WRITE_EVERY = 30


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            seen = request.session.get(SEEN)
            if seen is not None and now - seen > settings.VIK_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("U bent automatisch uitgelogd na %(m)d minuten zonder activiteit. "
                                         "Log opnieuw in.") % {"m": settings.VIK_IDLE_SECONDS // 60})
                if request.headers.get("HX-Request") or request.method != "GET":
                    response = HttpResponse(status=401)
                    response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                    return response
                return redirect_to_login(request.get_full_path())
            untracked = any(request.path.startswith(p) for p in settings.VIK_IDLE_UNTRACKED_PATHS)
            if not untracked and (seen is None or now - seen >= WRITE_EVERY):
                request.session[SEEN] = now
        return self.get_response(request)


def idle_settings(request):
    """Template context: the idle timeout and its warning, for the page's timer."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"idle_seconds": settings.VIK_IDLE_SECONDS, "idle_warning_seconds": settings.VIK_IDLE_WARNING_SECONDS}


@require_POST
def keep_alive(request):
    """The page's "Blijf ingelogd" (or activity in the page): the middleware has already noted it."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session[SEEN] = time.time()
    return HttpResponse(status=204)
