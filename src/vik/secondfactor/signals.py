"""The hook for single sign-on: a sign-in through the force's provider, which did the multi-factor
authentication itself, marks the session verified. The sign-in view says how the user signed in
on the user object (`vik_sign_in_method = "sso"`) before `auth.login`; any other way of signing in
may set `services.PROVIDER_VERIFIED` in the session itself."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import PROVIDER_VERIFIED

PROVIDER_METHODS = frozenset({"sso"})


@receiver(user_logged_in, dispatch_uid="vik-second-factor-by-provider")
def mark_verified_by_provider(sender, request, user, **kwargs):
    if request is not None and getattr(user, "vik_sign_in_method", None) in PROVIDER_METHODS:
        request.session[PROVIDER_VERIFIED] = True
