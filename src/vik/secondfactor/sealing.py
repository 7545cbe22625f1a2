"""The authenticator keys at rest: sealed with AES-GCM under `VIK_OTP_KEY`, a secret outside the
database (ASVS 4 V2.9.1: keys used in verification are stored securely).

django-otp keeps a TOTP key as 40 hex characters in `TOTPDevice.key`; whoever read a copy of the
database (a backup, a stolen SQLite file) could compute every user's codes. Sealed, the column holds
`s1:` and the base64url of a 12-byte nonce, the ciphertext and the 16-byte tag (67 characters, within
the column's 80). The user's id is the associated data, so a sealed key copied into another user's
row does not open. A key that is not sealed is refused, not used: writing a known plaintext key
into the database must not bypass the second factor either."""

import base64
import os
from binascii import unhexlify

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "s1:"


class UnsealedKey(ValueError):
    """A stored key that is not sealed, or does not open with this deployment's key and user."""


def _aead() -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"vik second factor keys").derive(settings.VIK_OTP_KEY.encode())
    return AESGCM(key)


def _associated(user_id: int) -> bytes:
    return f"vik-otp-user:{user_id}".encode()


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(hex_key: str, user_id: int) -> str:
    """Seal django-otp's hex key (`TOTPDevice.key`) for `user_id`; returns the text to store."""
    nonce = os.urandom(12)
    sealed = _aead().encrypt(nonce, unhexlify(hex_key.encode()), _associated(user_id))
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def unseal(stored: str, user_id: int) -> bytes:
    """The binary key of a sealed `stored` text. Raises UnsealedKey for a plaintext key, another
    user's key, another deployment's key or a damaged one."""
    if not is_sealed(stored):
        raise UnsealedKey("the authenticator key is not sealed")
    body = stored[len(PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return _aead().decrypt(raw[:12], raw[12:], _associated(user_id))
    except (InvalidTag, ValueError) as error:
        raise UnsealedKey("the authenticator key does not open") from error
