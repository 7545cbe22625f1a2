"""Single sign-on with the force's identity provider (OpenID Connect).

VIK is a relying party of the provider through mozilla-django-oidc: the authorization code flow
with PKCE (S256), a nonce and a state per attempt, the ID token's signature checked against the
provider's published keys (RS256 by default) and its issuer, audience and expiry checked. It is off
unless `VIK_OIDC_CLIENT_ID` and the issuer (`VIK_OIDC_ISSUER`, whose discovery document names the
endpoints) or the endpoints themselves are set; see docs/operations.md.

What the claims mean for VIK (who the user is, his roles and unit) is decided in
`vik.accounts.services.sign_in_with_claims`; this module only speaks the protocol.
"""

import logging
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

# How long the provider's discovery document is kept before it is fetched again.
_DISCOVERY_SECONDS = 3600
_TIMEOUT_SECONDS = 10
_discovery: dict[str, tuple[float, dict]] = {}


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or gave no usable discovery document."""


def enabled() -> bool:
    """True when single sign-on is configured: a client id and the issuer or its endpoints."""
    endpoints = settings.VIK_OIDC_ENDPOINTS
    return bool(settings.VIK_OIDC_CLIENT_ID and (
        settings.VIK_OIDC_ISSUER
        or (endpoints.get("authorization_endpoint") and endpoints.get("token_endpoint"))
    ))


def _discovered() -> dict:
    issuer = settings.VIK_OIDC_ISSUER
    if not issuer:
        return {}
    cached = _discovery.get(issuer)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_SECONDS:
        return cached[1]
    try:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=_TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(str(exc)) from exc
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer:
        # A document for another issuer would let that issuer's tokens in.
        raise ProviderUnavailable(f"discovery document of {issuer} names another issuer")
    _discovery[issuer] = (time.monotonic(), document)
    return document


def endpoint(name: str) -> str:
    """The provider's endpoint `name` (as named in the discovery document): the explicit setting
    `VIK_OIDC_<NAME>` first, else the issuer's discovery document; "" when the provider has none."""
    explicit = settings.VIK_OIDC_ENDPOINTS.get(name, "")
    if explicit:
        return explicit
    return str(_discovered().get(name, ""))


# mozilla-django-oidc reads its configuration through `get_settings`; VIK's come from the VIK_OIDC_*
# settings (and the discovery document), read when a sign-in happens, not at start-up.
_ENDPOINT_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def oidc_setting(attr: str, *default):
    if attr in _ENDPOINT_SETTINGS:
        return endpoint(_ENDPOINT_SETTINGS[attr]) or None
    fixed = {
        "OIDC_RP_CLIENT_ID": settings.VIK_OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.VIK_OIDC_CLIENT_SECRET,
        "OIDC_RP_SIGN_ALGO": settings.VIK_OIDC_SIGN_ALGO,
        "OIDC_RP_SCOPES": settings.VIK_OIDC_SCOPES,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_USE_NONCE": True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso_callback",
        "OIDC_TIMEOUT": _TIMEOUT_SECONDS,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        # Only VIK's own pages after sign-in, never another host's.
        "OIDC_REDIRECT_ALLOWED_HOSTS": [],
    }
    if attr in fixed:
        return fixed[attr]
    return import_from_settings(attr, *default)


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's sign-in page with a fresh state, nonce and PKCE
    challenge kept in the session."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoint here; VIK reads it in `get`, where an unreachable provider
        # can be answered with a page instead of an error.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        if not self.OIDC_OP_AUTH_ENDPOINT:
            raise ProviderUnavailable("no authorization endpoint")
        return super().get(request)


class Backend(OIDCAuthenticationBackend):
    """Exchanges the code for tokens, checks the ID token and fetches the user info; hands the
    claims to `sign_in_with_claims`. Not one of Django's AUTHENTICATION_BACKENDS: only the callback
    view calls it, so a password sign-in never reaches out to the provider."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.id_token = ""
        self.claims: dict = {}

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc checks signature, expiry and nonce; the issuer and audience are
        # checked here, so a token the provider issued to another client is refused.
        issuer = settings.VIK_OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def store_tokens(self, access_token, id_token):
        # Kept for the sign-out at the provider; stored in the session after the sign-in, whose
        # new session key would otherwise lose it.
        self.id_token = id_token

    def get_or_create_user(self, access_token, id_token, payload):
        from .services import sign_in_with_claims

        userinfo = self.get_userinfo(access_token, id_token, payload) if self.OIDC_OP_USER_ENDPOINT else {}
        if userinfo.get("sub", payload.get("sub")) != payload.get("sub"):
            raise SuspiciousOperation("user info of another subject")
        self.claims = {**payload, **userinfo}
        return sign_in_with_claims(self.claims)


def end_session_url(id_token: str, after: str) -> str:
    """Where to send the browser so that the provider's session ends too ("" when the provider
    publishes no end_session_endpoint or cannot be reached)."""
    try:
        target = endpoint("end_session_endpoint")
    except ProviderUnavailable:
        logger.warning("single sign-on: provider unreachable at sign-out; only VIK's session ended")
        return ""
    if not target:
        return ""
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": after,
                       "client_id": settings.VIK_OIDC_CLIENT_ID})
    return f"{target}{'&' if '?' in target else '?'}{query}"
