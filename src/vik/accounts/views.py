"""Signing in and out: the login page (local accounts, and the force's single sign-on when it is
configured), the single sign-on's start and return, and signing out (also at the provider)."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import sso
from .backends import SESSION_BACKEND
from .services import REFUSALS, SignInRefused, record_refusal

logger = logging.getLogger(__name__)

# A session signed in through the provider keeps its ID token here, for the sign-out there.
SSO_ID_TOKEN = "vik_sso_id_token"


class SignInView(auth_views.LoginView):
    """Django's login page, with "Inloggen met politie-account" above the local accounts when single
    sign-on is configured."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": sso.enabled()}


def _refused(request, reason: str, status: int):
    return render(request, "registration/sso_refused.html", {"message": REFUSALS[reason]}, status=status)


class SingleSignOnStartView(View):
    http_method_names = ["get"]

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            return sso.StartView.as_view()(request)
        except sso.ProviderUnavailable as exc:
            logger.warning("single sign-on: provider unavailable: %s", exc)
            record_refusal("unavailable", {"error": str(exc)[:200]})
            return _refused(request, "unavailable", 503)


class SingleSignOnCallbackView(View):
    """The provider sends the browser back here with a code (or an error). The code is exchanged
    for tokens, the claims become the VIK user (`sign_in_with_claims`), and he is signed in. Every
    way this can fail ends in a Dutch page and an audit event, never in an error page."""

    http_method_names = ["get"]

    def get(self, request):
        if not sso.enabled():
            raise Http404
        states = request.session.get("oidc_states") or {}
        state = request.GET.get("state", "")
        attempt = states.pop(state, None) if isinstance(states, dict) else None
        if attempt is not None:
            request.session["oidc_states"] = states  # used once: a replayed answer finds nothing
        if request.GET.get("error"):
            record_refusal("failed", {"error": request.GET["error"][:100]})
            return _refused(request, "failed", 403)
        if attempt is None or not request.GET.get("code"):
            record_refusal("failed", {"error": "unknown or missing state"})
            return _refused(request, "failed", 400)

        backend = None
        try:
            backend = sso.Backend()
            user = backend.authenticate(request, nonce=attempt.get("nonce"),
                                        code_verifier=attempt.get("code_verifier"))
        except SignInRefused as refused:
            return render(request, "registration/sso_refused.html", {"message": refused.message}, status=403)
        except sso.ProviderUnavailable as exc:
            logger.warning("single sign-on: provider unavailable: %s", exc)
            record_refusal("unavailable", {"error": str(exc)[:200]})
            return _refused(request, "unavailable", 503)
        except (requests.RequestException, SuspiciousOperation, ImproperlyConfigured, jwt.PyJWTError,
                ValueError, KeyError, TypeError) as exc:
            logger.warning("single sign-on failed: %s", exc)
            record_refusal("failed", {"error": f"{type(exc).__name__}: {exc}"[:200]})
            return _refused(request, "failed", 400)
        if user is None:  # the ID token did not check out (mozilla-django-oidc logged why)
            record_refusal("failed", {"error": "token refused"})
            return _refused(request, "failed", 400)

        next_url = request.session.pop("oidc_login_next", None)  # checked for this host at the start
        user.vik_sign_in_method = "sso"  # read by the sign-in's audit event (vik.accounts.signals)
        # The model backend restores the user from the session on later requests; the provider is
        # asked only here.
        auth.login(request, user, backend=SESSION_BACKEND)
        request.session[SSO_ID_TOKEN] = backend.id_token
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class SignOutView(auth_views.LogoutView):
    """Django's sign-out; a session that came from the provider is then ended there too, when the
    provider publishes an end_session_endpoint, which sends the browser back to the login page."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(SSO_ID_TOKEN, "")
        signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if signed_in:  # said on the login page it lands on (the message travels in a cookie)
            messages.info(request, _("U bent uitgelogd."))
        if id_token and sso.enabled():
            target = sso.end_session_url(id_token, request.build_absolute_uri(reverse("login")))
            if target:
                return HttpResponseRedirect(target)
        return response
