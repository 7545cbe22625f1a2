"""The second factor of a local sign-in: a time-based code (TOTP, RFC 6238) from an authenticator
app, through django-otp's TOTP devices.

Who needs one is the policy's decision (`vik.policy.needs_second_factor`: every role that sees
names); whoever has enrolled a device is asked for it too. A session counts as verified when
django-otp verified a device in it, or when the sign-in came through the force's provider, which
does its own multi-factor authentication (`PROVIDER_VERIFIED`, set at sign-in, see `signals.py`).

Wrong codes count towards django-axes' lock-out of the user name and address, exactly as wrong
passwords do (after `AXES_FAILURE_LIMIT` the session is signed out and the pair refused for
`AXES_COOLOFF_TIME`), and the device itself refuses codes for an exponentially growing delay after
each failure (django-otp's throttle). Every success, failure, enrolment and reset is audited.
"""

import logging
from base64 import b32encode
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import login as otp_login
from django_otp.oath import TOTP, hotp

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction

from . import sealing
from .models import SecondFactorDevice  # django-otp's TOTP device, its key sealed at rest

# Set in the session by a sign-in whose provider did the multi-factor authentication itself (the
# force's single sign-on). Any authentication backend or view may set it after `auth.login`.
PROVIDER_VERIFIED = "vik_second_factor_by_provider"
OBJECT_TYPE = "auth.second_factor"
DEVICE_NAME = "VIK"
logger = logging.getLogger("vik.secondfactor")


class CodeRefused(Exception):
    """A code that was not accepted, with the Dutch message for the user."""

    def __init__(self, message: str, *, locked_out: bool = False):
        super().__init__(message)
        self.message = message
        self.locked_out = locked_out


USED_CODE = gettext_lazy(
    "Deze code is al gebruikt. Wacht tot uw authenticator-app een nieuwe code toont (binnen 30 seconden) "
    "en typ die.")
WRONG_CODE = gettext_lazy(
    "Deze code is onjuist of verlopen. Kijk in uw authenticator-app en typ de code die nu wordt "
    "getoond (zes cijfers; een code is 30 seconden geldig).")


def confirmed_device(user) -> SecondFactorDevice | None:
    return SecondFactorDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def needs_second_factor(user) -> bool:
    """Must this signed-in user give a code? His role sees names (the policy), or he has enrolled
    a device of his own accord."""
    if policy.needs_second_factor(user):
        return True
    has_device = getattr(user, "vik_has_device", None)  # read with the session's user (UserBackend)
    if has_device is None:
        has_device = SecondFactorDevice.objects.filter(user=user, confirmed=True).exists()
    return has_device


def is_verified(request) -> bool:
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(request.session.get(PROVIDER_VERIFIED))


def satisfied(request) -> bool:
    """May this signed-in session see the application's pages (as far as the second factor goes)?"""
    return is_verified(request) or not needs_second_factor(request.user)


def secret_text(device: SecondFactorDevice) -> str:
    """The device's key as an authenticator app takes it when typed: base32, in groups of four."""
    encoded = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(encoded[i:i + 4] for i in range(0, len(encoded), 4))


def next_code(device: SecondFactorDevice) -> str | None:
    """The code the device accepts now. A code is accepted once: after a sign-in within the same
    30 seconds this is the next step's code, which the tolerance of one step allows; None when
    that one is used as well. For the demo's hint and the tests, never a production page."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        return None
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def _normalised(code: str) -> str:
    return "".join(code.split())


def _count_towards_lock_out(request, user) -> bool:
    """The failure counted by django-axes for this user name and address; True when that locks
    the pair out."""
    AxesProxyHandler.user_login_failed(sender=__name__, credentials={"username": user.get_username()},
                                       request=request)
    return bool(getattr(request, "axes_locked_out", False))


def _refuse(request, user, device: SecondFactorDevice, reason: str) -> CodeRefused:
    """Audit a refused code, count it, and sign out when the lock-out is reached. A try refused
    only because of django-otp's wait after a wrong code was never checked: it does not count
    (an impatient second click must not lock the account)."""
    locked = reason != "throttled" and _count_towards_lock_out(request, user)
    audit.record(user, AuditAction.DENIED, object_type=OBJECT_TYPE, object_id=str(user.pk),
                 summary=_("Tweede stap geweigerd (tijdelijk geblokkeerd)") if locked
                 else _("Tweede stap: onjuiste code"),
                 detail={"username": user.get_username(), "reason": reason})
    if locked:
        logout(request)
        return CodeRefused(_("Te veel onjuiste pogingen."), locked_out=True)
    if reason == "throttled":
        allowed, info = device.verify_is_allowed()
        seconds = 1
        if not allowed and info and info.get("locked_until"):
            seconds = max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
        return CodeRefused(ngettext(
            "Na een onjuiste code moet u even wachten. Probeer het over %(s)d seconde opnieuw.",
            "Na een onjuiste code moet u even wachten. Probeer het over %(s)d seconden opnieuw.",
            seconds) % {"s": seconds})
    if reason == "reused":
        return CodeRefused(str(USED_CODE))
    return CodeRefused(str(WRONG_CODE))


def _was_used(device: SecondFactorDevice, code: str) -> bool:
    """Is `code` the one the device last accepted (its app may still show it)?"""
    if device.last_t < 0 or not code.isdigit():
        return False
    return code == f"{hotp(device.bin_key, device.last_t, digits=device.digits):0{device.digits}d}"


def _check(request, user, device: SecondFactorDevice, code: str) -> None:
    """Raise CodeRefused unless `code` is the device's current code (and the pair is not locked)."""
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        raise _refuse(request, user, device, "locked")
    with transaction.atomic():
        device = SecondFactorDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _info = device.verify_is_allowed()
        try:
            if not allowed:
                reason = "throttled"
            elif device.verify_token(_normalised(code)):
                return
            else:
                reason = "reused" if _was_used(device, _normalised(code)) else "wrong"
        except sealing.UnsealedKey:
            reason = "unsealed"
    if reason == "unsealed":
        # A key written into the database in plain form, or copied from another user's row:
        # never used. Audited; the administrator resets the device.
        logger.error("Second-factor device %s of user %s holds a key that does not open", device.pk, user.pk)
        audit.record(user, AuditAction.DENIED, object_type=OBJECT_TYPE, object_id=str(user.pk),
                     summary=_("Tweede stap: sleutel van de authenticator-app ongeldig"),
                     detail={"username": user.get_username(), "reason": "unsealed"})
        raise CodeRefused(_("Uw authenticator-app kan niet worden gecontroleerd. Vraag de beheerder "
                            "uw tweede factor te resetten."))
    raise _refuse(request, user, device, reason)


def _verified(request, device: SecondFactorDevice) -> None:
    """The session verified with `device`, under a new session key: the session's privileges grow,
    so a key anyone saw before the code is of no use after it (ASVS 3.2.1)."""
    request.session.cycle_key()
    otp_login(request, device)


def verify(request, code: str) -> None:
    """The code after the password: on success the session is verified (django-otp) and the
    sign-in audited; raises CodeRefused otherwise."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        raise CodeRefused(_("U heeft nog geen authenticator-app ingesteld."))
    _check(request, user, device, code)
    device.refresh_from_db()
    _verified(request, device)
    audit.record(user, AuditAction.LOGIN, object_type=OBJECT_TYPE, object_id=str(user.pk),
                 summary=_("Tweede stap voltooid"))


def pending_device(user) -> SecondFactorDevice:
    """The unconfirmed device of an enrolment under way (one per user), made on first use."""
    device = SecondFactorDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = SecondFactorDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def may_enrol(request) -> bool:
    """A device is enrolled by someone without one, or (to replace it) by a verified session:
    a password alone must never replace the device of someone who has one."""
    return confirmed_device(request.user) is None or is_verified(request)


def confirm_enrolment(request, code: str) -> SecondFactorDevice:
    """The first code from the newly scanned device confirms it; the session is verified with it
    and any older device of the user is removed. Raises CodeRefused for a wrong code."""
    user = request.user
    if not may_enrol(request):
        raise CodeRefused(_("Er is al een authenticator-app ingesteld; geef de code daarvan."))
    device = pending_device(user)
    _check(request, user, device, code)
    with transaction.atomic():
        SecondFactorDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        SecondFactorDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.refresh_from_db()
        audit.record(user, AuditAction.CREATE, object_type=OBJECT_TYPE, object_id=str(user.pk),
                     summary=_("Tweede factor ingesteld"))
    _verified(request, device)
    return device


@dataclass(frozen=True)
class ResetOutcome:
    devices: int


def reset(actor, user) -> ResetOutcome:
    """An administrator removes a user's devices (a lost or replaced phone): at his next sign-in
    the user enrols a new one. Sessions verified with the old device are no longer verified."""
    policy.require(actor, "account.second_factor.reset", user, object_type=OBJECT_TYPE,
                   object_id=str(user.pk))
    with transaction.atomic():
        count, _by_model = SecondFactorDevice.objects.filter(user=user).delete()
        audit.record(actor, AuditAction.DELETE, object_type=OBJECT_TYPE, object_id=str(user.pk),
                     summary=_("Tweede factor gereset door beheer"),
                     detail={"username": user.get_username(), "devices": count})
    return ResetOutcome(devices=count)


def demo_hint_code(user) -> str | None:
    """The current code for the demo's hint on the code page, only in a demo deployment: "" when
    the codes of this half minute are used (sign in again a little later), None without a hint."""
    if not settings.VIK_DEMO:
        return None
    device = confirmed_device(user)
    if device is None:
        return None
    try:
        return next_code(device) or ""
    except sealing.UnsealedKey:
        return None

