"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of this process and shares the test database, so every test here
uses `transactional_db` (the data the test creates must be committed to be seen by the server).
"""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.second_factor import sign_in

PASSWORD = "geheim-wachtwoord-123"
# Short enough that a broken page fails the test quickly, long enough for a busy 2-core machine.
TIMEOUT_MS = 10_000


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

