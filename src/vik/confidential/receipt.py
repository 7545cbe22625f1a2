"""Receipt codes of anonymous reports.

A code is 28 characters from a 32-letter alphabet without look-alikes (I, O, 0, 1), shown in groups
of four. The first 8 characters are a random public key that finds the report; the other 20 (100
bits from `secrets`) are the secret, stored only as a slow password hash. Failed attempts are
rate-limited per key and overall, without recording anything about the client.
"""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone
from django.utils.translation import gettext as _

from vik.core.errors import DomainError

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
KEY_LENGTH = 8
SECRET_LENGTH = 20
MAX_FAILURES_PER_KEY = 5
KEY_WINDOW = timedelta(minutes=15)
MAX_FAILURES_OVERALL = 30
OVERALL_WINDOW = timedelta(minutes=1)
# Hashed once so that an unknown key costs as much time as a wrong secret.
_DUMMY = {}


class ReceiptError(DomainError):
    pass


def new_code() -> tuple[str, str, str]:
    """Return (code as shown, public key, secret hash)."""
    key = "".join(secrets.choice(ALPHABET) for _ in range(KEY_LENGTH))
    secret = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    raw = key + secret
    shown = "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))
    return shown, key, make_password(secret)


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _dummy_hash() -> str:
    if "hash" not in _DUMMY:
        _DUMMY["hash"] = make_password("x" * SECRET_LENGTH)
    return _DUMMY["hash"]


def find_report(code: str):
    """The report belonging to `code`, or ReceiptError (wrong code or too many attempts)."""
    from .models import ReceiptFailure, Report

    now = timezone.now()
    raw = normalise(code)
    key, secret = raw[:KEY_LENGTH], raw[KEY_LENGTH:]
    ReceiptFailure.objects.filter(at__lt=now - KEY_WINDOW).delete()
    if (ReceiptFailure.objects.filter(at__gte=now - OVERALL_WINDOW).count() >= MAX_FAILURES_OVERALL
            or ReceiptFailure.objects.filter(key=key, at__gte=now - KEY_WINDOW).count() >= MAX_FAILURES_PER_KEY):
        raise ReceiptError(_("Te veel mislukte pogingen. Probeer het over een kwartier opnieuw."))
    report = None
    if len(raw) == KEY_LENGTH + SECRET_LENGTH:
        report = Report.objects.filter(receipt_key=key, mode=Report.Mode.ANONYMOUS).first()
    if report is None:
        check_password(secret, _dummy_hash())
    elif check_password(secret, report.receipt_hash):
        return report
    ReceiptFailure.objects.create(key=key[:KEY_LENGTH], at=now)
    raise ReceiptError(_("Deze ontvangstcode is niet bekend. Controleer de code en probeer het opnieuw."))
