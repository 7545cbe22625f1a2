"""Sign-ins in the audit trail: each successful sign-in and each refused attempt (wrong password,
unknown user name, or refused while locked out) is one append-only audit event."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from vik.audit import services as audit
from vik.audit.models import AuditAction


@receiver(user_logged_in, dispatch_uid="vik-audit-login")
def record_sign_in(sender, request, user, **kwargs):
    if getattr(user, "vik_sign_in_method", "") == "sso":  # set by the single sign-on's return
        audit.record(user, AuditAction.LOGIN, object_type="auth.login", object_id=str(user.pk),
                     summary="Ingelogd met politie-account",
                     detail={"method": "sso", "roles": getattr(user, "vik_sso_roles", [])})
        return
    audit.record(user, AuditAction.LOGIN, object_type="auth.login", object_id=str(user.pk),
                 summary="Ingelogd")


@receiver(user_login_failed, dispatch_uid="vik-audit-login-failed")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is None:
        return  # in-process calls (tests, commands): nobody signed in from outside
    username = str(credentials.get("username", ""))[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(None, AuditAction.DENIED, object_type="auth.login", object_id="",
                 summary="Inloggen geweigerd (tijdelijk geblokkeerd)" if locked else "Inloggen mislukt",
                 detail={"username": username})
