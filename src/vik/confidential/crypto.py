"""Encryption at rest for the confidential compartment.

Names and free text of confidential records are encrypted with Fernet (AES-128-CBC with an
HMAC-SHA256 tag) before they reach the database, so a dump or backup of the database reveals
nothing without the key. The key never lives in the database:

* production sets ``VIK_CONFIDENTIAL_KEY`` (one Fernet key, or several separated by commas for
  rotation: the first encrypts, all decrypt);
* a demo deployment (``VIK_DEMO``: ``make run`` and the tests) generates a key file under ``var/`` on
  first use (``var/`` is git-ignored). In production (``VIK_DEMO=0``) without a key, VIK refuses.
"""

import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts with this (version byte and timestamp)


def _key_file():
    return getattr(settings, "VIK_CONFIDENTIAL_KEY_FILE", None) or settings.VAR_DIR / "confidential.key"


def _demo_deployment() -> bool:
    # The deployment flag, not settings.DEBUG: the test runner switches DEBUG off, and `make run`
    # serves with debug off, while both are demo deployments that may use the generated key file.
    return bool(getattr(settings, "VIK_DEMO", False))


def _load_keys() -> list[str]:
    configured = getattr(settings, "VIK_CONFIDENTIAL_KEY", "") or os.environ.get("VIK_CONFIDENTIAL_KEY", "")
    if configured:
        return [k.strip() for k in configured.split(",") if k.strip()]
    if not _demo_deployment():
        raise ImproperlyConfigured("VIK_CONFIDENTIAL_KEY must be set (VIK_DEMO is off)")
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created with mode 0600 atomically; a concurrent first use simply reads the winner's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(Fernet.generate_key().decode())
    return [path.read_text().strip()]


@lru_cache(maxsize=1)
def fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _load_keys()])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured("VIK_CONFIDENTIAL_KEY is not a valid Fernet key") from error


def pseudonym(employee_id: int) -> str:
    """A keyed, one-way pseudonym of an employee for the repeat-concern check of the advisors'
    register: equal for the same person, unreadable without the key (an HMAC-SHA256 under a key
    derived from the confidential key). The last (oldest) key of the list is used, so putting a new
    key in front for rotation keeps the pseudonyms; retiring the oldest key starts them afresh
    (earlier contacts then no longer add up with new ones)."""
    import hashlib
    import hmac

    secret = hmac.new(_load_keys()[-1].encode(), b"vik-contact-pseudonym-v1", hashlib.sha256).digest()
    return hmac.new(secret, str(int(employee_id)).encode(), hashlib.sha256).hexdigest()


def encrypt_text(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("Confidential data cannot be decrypted with the configured key") from error


def encrypt_bytes(value: bytes) -> bytes:
    return fernet().encrypt(value)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(bytes(token))


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python code sees the plaintext.

    Serialisation (``dumpdata``) writes the token, not the plaintext, and loading a dump takes the
    token back as is. Lookups on the plaintext are impossible by design: every encryption of the
    same text differs."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt_text(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return decrypt_text(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt_text(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return encrypt_text(value) if value else value
