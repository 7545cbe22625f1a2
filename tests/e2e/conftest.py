"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of this process and shares the test database, so every test here
uses `transactional_db` (the data the test creates must be committed to be seen by the server).
"""

import importlib
import os
from collections.abc import Callable, Iterator

import pytest
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

# Playwright's sync API keeps an asyncio loop running in this thread; Django would then refuse
# ORM calls from the test itself (SynchronousOnlyOperation). The test thread never runs
# concurrently with that loop, so the guard can safely be lifted. Must be set before any query.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "geheim-wachtwoord-123"
# Short enough that a broken page fails the test quickly, long enough for a busy 2-core machine.
TIMEOUT_MS = 10_000

_audit_migration = importlib.import_module("vik.audit.migrations.0002_append_only_trigger")


def _restore_migrated_state() -> None:
    """Put back what the migrations create: the reference data (roles, criteria, themes, case
    types) and the audit trail's append-only guard. A flush removes the former, and another
    transactional test may have dropped the latter; both statements are idempotent."""
    from django.apps import apps

    from vik.core.reference_data import load

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _audit_migration.SQLITE_BACKWARD + _audit_migration.SQLITE_FORWARD:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER vik_audit_append_only")
    load(apps.get_model)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # One browser for the whole run: starting Chromium costs about a second.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def _restore_after_flush(django_db_blocker) -> Iterator[None]:
    """Set up before and so torn down after pytest-django's flush (see `transactional_db`): later
    tests in the same run expect the database as the migrations left it."""
    yield
    with django_db_blocker.unblock():
        _restore_migrated_state()


@pytest.fixture
def transactional_db(_restore_after_flush, transactional_db, django_db_blocker) -> Iterator[None]:
    """pytest-django's fixture, wrapped. A transactional test that ran before may have emptied the
    database, so the migrated state is restored first. Afterwards the database is emptied with
    DELETE statements; on SQLite the append-only trigger refuses those for the audit trail, so it
    is lifted just for that flush (PostgreSQL truncates, which row triggers do not see)."""
    with django_db_blocker.unblock():
        _restore_migrated_state()
    yield
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS vik_audit_no_delete")


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
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
        expect(page.locator("header .who")).to_contain_text(user.display_name)
        return page

    yield _login
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT_MS)

