"""Until the second factor is given, a signed-in session reaches only the second-factor pages,
signing out, the language switch and the idle timer: pages redirect to the code page (or to
enrolment), htmx requests are told to go there, and the API answers 403 (session-authenticated
calls; a token is not a session and is not affected)."""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import services

PENDING = "vik_second_factor_pending"


class SecondFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware (which tells whether a device verified the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or services.satisfied(request):
            return self.get_response(request)
        # The page templates show no menu while the second step is pending.
        setattr(request, PENDING, True)
        if self._open(request.path):
            return self.get_response(request)
        return self._refuse(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(reverse("secondfactor:verify")) or path in {
            reverse("logout"), reverse("set_language"), reverse("keep_alive")}

    @staticmethod
    def _refuse(request):
        target = reverse("secondfactor:verify")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Geef eerst de code van uw authenticator-app (tweede stap van "
                                             "het inloggen).")}, status=403)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=401)
            response["HX-Redirect"] = target
            return response
        if request.method != "GET":
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
