"""Receipt codes of anonymous reports.

A code is 28 characters from a 32-letter alphabet without look-alikes (I, O, 0, 1), shown in groups
of four. The first 8 characters are a random public key that finds the report; the other 20 (100
bits from `secrets`) are the secret, stored only as a slow password hash. Failed attempts are
rate-limited per key and overall, without recording anything about the client.
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.utils.translation import gettext as _

from vik.core.errors import DomainError

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
KEY_LENGTH = 8
SECRET_LENGTH = 20
MAX_FAILURES_PER_KEY = 10  # distinct wrong codes (settings VIK_RECEIPT_FAILURES_PER_KEY)
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


def find_report(code: str, client: str | None = None):
    """The report belonging to `code`, or ReceiptError (wrong code, or too many distinct wrong
    codes for this key, or from this client for keys of no report; the message says how long to
    wait). `client` is the rotating tag of `throttle.client_tag`."""
    from .models import Report
    from .throttle import Throttled, check_code, record_wrong_code

    raw = normalise(code)
    key, secret = raw[:KEY_LENGTH], raw[KEY_LENGTH:]
    report = None
    if len(raw) == KEY_LENGTH + SECRET_LENGTH:
        report = Report.objects.filter(receipt_key=key, mode=Report.Mode.ANONYMOUS).first()
    try:
        check_code(key, client, key_exists=report is not None)
    except Throttled as error:
        raise ReceiptError(error.message) from error
    if report is None:
        check_password(secret, _dummy_hash())
    elif check_password(secret, report.receipt_hash):
        return report
    record_wrong_code(key, raw, client)
    raise ReceiptError(_("Deze ontvangstcode is niet bekend. Controleer de code en probeer het opnieuw."))
