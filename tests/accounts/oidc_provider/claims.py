"""The claims of the scope `vik`: read per sign-in from the JSON file the test writes
({username: {claim: value}}), so a test can change someone's roles between two sign-ins."""

import json
from pathlib import Path

from django.conf import settings
from oidc_provider.lib.claims import ScopeClaims


class PoliceClaims(ScopeClaims):
    info_vik = ("VIK", "Personnel number, roles and unit.")

    def scope_vik(self):
        claims = json.loads(Path(settings.OIDC_TEST_CLAIMS).read_text() or "{}")
        return claims.get(self.user.username, {})
