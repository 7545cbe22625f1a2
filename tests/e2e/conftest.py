"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of this process and shares the test database, so every test here
uses `transactional_db` (the data the test creates must be committed to be seen by the server).
"""

import sys
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import BrowserContext, Page, expect

from tests.second_factor import sign_in

PASSWORD = "geheim-wachtwoord-123"
# Short enough that a broken page fails the test quickly, long enough for a busy 2-core machine.
TIMEOUT_MS = 10_000
# Chromium opens sockets ahead of need (preconnect) and may leave one idle. A server that answers one
# connection at a time would wait on that socket for the browser's next request while the request
# of another page (another user's login) queues behind it, which ended a CI run with a 10 s
# timeout. A connection that sends nothing for this long is dropped; the browser opens a new one.
IDLE_SOCKET_S = 2


class _OneRequestAtATime(WSGIServer):
    """The live server without a thread per request. On SQLite the test database lives in memory
    and every server thread shares its one connection; two requests at once (a person picker's
    suggestions fetched while the form is submitted) then interleave on it and SQLite answers
    "bad parameter or other API misuse", which ended a CI run. Django's own suite serves such
    tests from one thread for this reason (LiveServerSingleThread). Not threaded, the server
    closes each connection after its answer, so the browser's other requests wait their turn."""

    def __init__(self, address, handler, *args, connections_override=None, **kwargs):
        super().__init__(address, type("_IdleSocketsDropped", (handler,), {"timeout": IDLE_SOCKET_S}),
                         *args, **kwargs)

    def handle_error(self, request, client_address) -> None:
        """A socket the browser opened and left idle (see IDLE_SOCKET_S) is dropped quietly."""
        if isinstance(sys.exc_info()[1], TimeoutError):
            return
        super().handle_error(request, client_address)


if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def login_as(browser, base_url) -> Iterator[Callable[..., Page]]:
    """Log a user in through the real login page, each in his own browser context (own cookies),
    so several users can work side by side within one test."""
    contexts: list[BrowserContext] = []

    def _login(user, password: str = PASSWORD) -> Page:
        context = browser.new_context(base_url=base_url, locale="nl-NL",
                                      timezone_id="Europe/Amsterdam")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, user, password)  # with the code of his authenticator app when he needs one
        expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
        expect(page.locator("header .who")).to_contain_text(user.display_name)
        return page

    yield _login
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT_MS)

