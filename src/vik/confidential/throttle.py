"""Throttling the anonymous channel without identifying anyone (issue 14, finding 7).

A client is known only by its *tag*: an HMAC of its address (IPv6 cut to its /64, so one machine
cannot rotate through its own block) under a random salt that lives for one window of
`WINDOW` and is then deleted together with every row that carries a tag of it. No address is
stored or logged; after the window nobody, not even with the database and every key, can say
which address a tag belonged to. The address is the one the sign-in throttling (django-axes) sees,
so a proxy is configured once (`AXES_IPWARE_*`).

* **Reports**: a client sends at most `VIK_ANON_REPORTS_PER_WINDOW` anonymous reports per window.
  A report must carry a proof of work (`pow.js` finds a nonce whose SHA-256 with a signed challenge
  starts with `VIK_ANON_POW_BITS` zero bits: a second or two of one browser's time while the
  reporter types, a cost per report for whoever sends thousands) as soon as the client has sent one
  in this window, or the channel as a whole takes more than `VIK_ANON_POW_ABOVE` per window, or
  always with `VIK_ANON_POW_ALWAYS=1`. Each challenge is spent once.
* **Receipt codes**: wrong codes are counted *distinct* (retyping the same typo costs nothing), per
  public key and, for codes whose key belongs to no report, per client, in a sliding window; there
  is no overall limit, and a client's limit never refuses a code of an existing report, so nobody
  (nor a colleague behind the same proxy) can lock the channel for others. The refusal names the
  minutes until the next attempt.
"""

import hashlib
import hmac
import ipaddress
import math
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vik.core.errors import DomainError

WINDOW = timedelta(minutes=15)
POW_SALT = "vik.confidential.pow"
POW_MAX_AGE = timedelta(hours=3)  # a long report may take a while to write


class Throttled(DomainError):
    """Refused for now; `minutes` until it is worth trying again."""

    def __init__(self, message: str, minutes: int):
        super().__init__(message)
        self.minutes = minutes


def _minutes_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))


def wait_message(minutes: int) -> str:
    return ngettext("Probeer het over %(n)d minuut opnieuw.", "Probeer het over %(n)d minuten opnieuw.",
                    minutes) % {"n": minutes}


# ------------------------------------------------------------------------------------ client tag


def _window_start(now: datetime) -> datetime:
    seconds = int(WINDOW.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def _salt(now: datetime) -> bytes:
    """The salt of the current window; the salts (and rows) of earlier windows are deleted."""
    from .models import AnonymousSubmission, ReceiptFailure, ThrottleSalt

    window = _window_start(now)
    salt = ThrottleSalt.objects.filter(window=window).values_list("salt", flat=True).first()
    if salt is None:
        try:
            with transaction.atomic():
                salt = ThrottleSalt.objects.create(window=window, salt=secrets.token_hex(32)).salt
        except IntegrityError:  # another process made it a moment ago
            salt = ThrottleSalt.objects.get(window=window).salt
        ThrottleSalt.objects.filter(window__lt=window).delete()
        AnonymousSubmission.objects.filter(at__lt=now - WINDOW).delete()
        ReceiptFailure.objects.filter(at__lt=now - WINDOW).delete()
    return bytes.fromhex(salt)


def _address(request) -> str:
    from axes.helpers import get_client_ip_address

    raw = get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_tag(request) -> str:
    """The rotating keyed hash that stands for the client during this window."""
    salt = _salt(timezone.now())
    return hmac.new(salt, _address(request).encode(), hashlib.sha256).hexdigest()[:32]


# --------------------------------------------------------------------------------- proof of work


def pow_bits() -> int:
    return int(getattr(settings, "VIK_ANON_POW_BITS", 16))


def new_challenge() -> str:
    """A signed, timestamped challenge for the report form (not stored; spent once)."""
    return signing.TimestampSigner(salt=POW_SALT).sign(secrets.token_hex(16))


def _leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solve(challenge: str, bits: int) -> str:
    """What pow.js does, for tests and scripts: the first nonce that meets the difficulty."""
    nonce = 0
    while _leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) < bits:
        nonce += 1
    return str(nonce)


def _valid_proof(challenge: str, nonce: str) -> bool:
    if not challenge or not nonce or len(nonce) > 20 or not nonce.isdigit():
        return False
    try:
        signing.TimestampSigner(salt=POW_SALT).unsign(challenge, max_age=POW_MAX_AGE)
    except signing.BadSignature:
        return False
    return _leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) >= pow_bits()


def _proof_digest(challenge: str) -> str:
    return hashlib.sha256(challenge.encode()).hexdigest()


def check_report(client: str, challenge: str, nonce: str) -> str:
    """Before an anonymous report is stored: raises Throttled, or a ValidationError-like DomainError
    when a proof of work is needed and missing; returns the proof's digest ("" if none) for
    `record_report`."""
    from .models import AnonymousSubmission

    now = timezone.now()
    mine = AnonymousSubmission.objects.filter(client=client, at__gte=now - WINDOW)
    limit = int(getattr(settings, "VIK_ANON_REPORTS_PER_WINDOW", 3))
    if mine.count() >= limit:
        oldest = mine.order_by("at").values_list("at", flat=True).first()
        minutes = _minutes_until(oldest + WINDOW)
        raise Throttled(_("Vanaf deze verbinding zijn kort na elkaar al meerdere anonieme meldingen verstuurd. "
                          "Uw tekst staat nog in het formulier.") + " " + wait_message(minutes), minutes)
    proven = _valid_proof(challenge, nonce)
    if proven and AnonymousSubmission.objects.filter(proof=_proof_digest(challenge)).exists():
        proven = False  # a spent challenge
    needed = (getattr(settings, "VIK_ANON_POW_ALWAYS", False) or mine.exists()
              or AnonymousSubmission.objects.filter(at__gte=now - WINDOW).count()
              >= int(getattr(settings, "VIK_ANON_POW_ABOVE", 30)))
    if needed and not proven:
        raise DomainError(_("Uw browser moet eerst een korte rekenpuzzel oplossen (bescherming tegen massaal "
                            "verstuurde meldingen). Dat gebeurt vanzelf met JavaScript aan; wacht een paar "
                            "seconden en verstuur opnieuw. Uw tekst staat nog in het formulier."))
    return _proof_digest(challenge) if proven else ""


def record_report(client: str, proof: str) -> None:
    from .models import AnonymousSubmission

    AnonymousSubmission.objects.create(client=client, proof=proof, at=timezone.now())


# --------------------------------------------------------------------------------- receipt codes


def code_digest(raw_code: str, client: str) -> str:
    """A digest of a wrong code, to count distinct ones (keyed with the window's tag)."""
    return hmac.new(client.encode() or b"-", raw_code.encode(), hashlib.sha256).hexdigest()[:32]


def check_code(key: str, client: str | None, *, key_exists: bool = False) -> None:
    """Before a receipt code is checked: refuse when this public key, or this client, has had too
    many *distinct* wrong codes in the last WINDOW; the message says how long.

    The client's limit guards the slow hash against codes made up at random (an unknown key); a
    code whose key belongs to a report is limited by its key alone. A whole police network reaches
    the application through one proxy address, so a client's limit on every code let one person's
    typing errors lock every colleague out of his own anonymous report (tester t34-6)."""
    from django.db.models import Min

    from .models import ReceiptFailure

    since = timezone.now() - WINDOW
    ReceiptFailure.objects.filter(at__lt=since).delete()
    recent = ReceiptFailure.objects.filter(at__gte=since)
    per_key = int(getattr(settings, "VIK_RECEIPT_FAILURES_PER_KEY", 10))
    per_client = int(getattr(settings, "VIK_RECEIPT_FAILURES_PER_CLIENT", 10))
    groups = [(recent.filter(key=key), per_key)]
    if client and not key_exists:
        groups.append((recent.filter(client=client), per_client))
    for rows, limit in groups:
        firsts = rows.values("digest").annotate(first=Min("at")).order_by("first")
        if len(firsts) >= limit:
            # Free again when enough distinct codes have aged out of the window.
            moment = list(firsts)[len(firsts) - limit]["first"] + WINDOW
            minutes = _minutes_until(moment)
            raise Throttled(_("Te veel verschillende onjuiste codes.") + " " + wait_message(minutes)
                            + " " + _("Dezelfde code nog eens proberen telt niet mee."), minutes)


def record_wrong_code(key: str, raw_code: str, client: str | None) -> None:
    from .models import ReceiptFailure

    ReceiptFailure.objects.create(key=key, client=client or "", digest=code_digest(raw_code, client or ""),
                                  at=timezone.now())
