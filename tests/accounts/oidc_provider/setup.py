"""Prepares the test provider's database: `python -m tests.accounts.oidc_provider.setup init
CLIENT_ID SECRET USER...` (signing key, the VIK client, users with the password PASSWORD), and
`... allow BASE_URL` (VIK's callback and login page at BASE_URL as redirect targets)."""

import os
import sys

PASSWORD = "provider-wachtwoord-1"
CALLBACK = "/inloggen/politie-account/terug/"
AFTER_SIGN_OUT = "/inloggen/"


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.accounts.oidc_provider.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    command, args = argv[0], argv[1:]
    if command == "init":
        client_id, secret, *usernames = args
        call_command("migrate", verbosity=0)
        call_command("creatersakey", verbosity=0)
        client = Client.objects.create(
            name="VIK", client_id=client_id, client_secret=secret, client_type="confidential",
            jwt_alg="RS256", require_consent=False, reuse_consent=True,
        )
        client.response_types.set(ResponseType.objects.filter(value="code"))
        client.redirect_uris = []
        client.post_logout_redirect_uris = []
        client.save()
        for username in usernames:
            User.objects.create_user(username, password=PASSWORD)
    elif command == "allow":
        (base_url,) = args
        client = Client.objects.get()
        client.redirect_uris = [*client.redirect_uris, base_url + CALLBACK]
        client.post_logout_redirect_uris = [*client.post_logout_redirect_uris, base_url + AFTER_SIGN_OUT]
        client.save()


if __name__ == "__main__":
    main(sys.argv[1:])
