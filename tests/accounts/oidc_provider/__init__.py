"""A real OpenID Connect provider for the single sign-on tests: a small Django project with
django-oidc-provider, served in a subprocess on a free loopback port (`server.py`). It stands in for
the force's identity provider: users sign in on its own page, and the claims it vouches for (the
personnel number, roles and unit) come from a JSON file the test writes, as a provider would read
them from the personnel system."""
