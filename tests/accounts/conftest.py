"""Fixtures of the single sign-on tests: a real OpenID Connect provider for the whole run, and VIK
configured as its client."""

import pytest

from tests.accounts.oidc_provider.server import Provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    provider = Provider(tmp_path_factory.mktemp("oidc-provider")).start()
    yield provider
    provider.stop()


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """VIK configured for the provider as operations would through VIK_OIDC_* (docs/operations.md)."""
    settings.VIK_OIDC_ISSUER = oidc_provider.issuer
    settings.VIK_OIDC_CLIENT_ID = oidc_provider.client_id
    settings.VIK_OIDC_CLIENT_SECRET = oidc_provider.client_secret
    settings.VIK_OIDC_SCOPES = "openid profile email vik"
    settings.SECURE_CSP = {**settings.SECURE_CSP,
                           "form-action": [*settings.SECURE_CSP["form-action"], oidc_provider.origin]}
    return settings
