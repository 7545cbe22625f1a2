"""Shared browser fixtures for the knowledge and prevention browser tests: Debian's Chromium driven
by Playwright against pytest-django's live server.

The live server shares the test database, so these tests run with `transactional_db`; the
project's e2e fixtures (`tests/e2e/conftest.py`) restore the migrated reference data around each
flush, and are reused here. Users are logged in by handing the browser a session cookie made
with the test client, which is quicker than the login form (that one is tested in tests/e2e).
"""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext

TIMEOUT_MS = 10_000
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def new_context(browser, live_server) -> Iterator[Callable[..., BrowserContext]]:
    """Open a browser context, optionally logged in as `user`, optionally phone-sized."""
    contexts: list[BrowserContext] = []

    def _open(user=None, phone: bool = False) -> BrowserContext:
        options = {"base_url": live_server.url, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}
        if phone:
            options.update(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                  "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                  "url": live_server.url}])
        contexts.append(context)
        return context

    yield _open
    for context in contexts:
        context.close()


def assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"horizontal overflow on {page.url}: {width}px"
