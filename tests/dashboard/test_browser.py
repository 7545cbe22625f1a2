"""Every dashboard view in headless Chromium: the page loads for policy staff and its SVG charts
are drawn (visible, with bars or lines)."""

import importlib
import os
from collections.abc import Iterator

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in this thread; the test never queries concurrently.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PASSWORD = "geheim-wachtwoord-123"
VIEWS = ["instroom", "doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg", "effect"]
_audit_migration = importlib.import_module("vik.audit.migrations.0002_append_only_trigger")


def _restore_migrated_state() -> None:
    """What a flush removed: the reference data and the append-only trigger of the audit trail."""
    from django.apps import apps

    from vik.core.reference_data import load

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _audit_migration.SQLITE_BACKWARD + _audit_migration.SQLITE_FORWARD:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER vik_audit_append_only")
    load(apps.get_model)


@pytest.fixture
def _restore_after_flush(django_db_blocker) -> Iterator[None]:
    yield  # torn down after pytest-django's flush
    with django_db_blocker.unblock():
        _restore_migrated_state()


@pytest.fixture
def transactional_db(_restore_after_flush, transactional_db, django_db_blocker) -> Iterator[None]:
    """The live server only sees committed data. Afterwards pytest-django empties the database;
    on SQLite the audit trail's trigger refuses that DELETE, so it is lifted for the flush and put
    back (with the reference data) by `_restore_after_flush`."""
    with django_db_blocker.unblock():
        _restore_migrated_state()
    yield
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS vik_audit_no_delete")


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def test_every_view_draws_its_charts(transactional_db, org, make_signal, triage_to, disciplinary_case, page):
    from django.utils import timezone
    from playwright.sync_api import expect

    from vik.investigations.models import Decision, Outcome

    for _ in range(6):
        triage_to(make_signal(received_ago=12))
    Decision.objects.create(case=disciplinary_case, outcome=Outcome.NO_BREACH, reasoning="Geen plichtsverzuim.",
                            decided_on=timezone.localdate(), decided_by=org.authority)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(org.policy.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", name="Dashboard Integriteit", level=1)).to_be_visible()
    for view in VIEWS:
        page.goto(f"/dashboard/{view}/")
        charts = page.locator("svg.chart")
        expect(charts.first).to_be_visible()
        assert charts.count() >= 2, view
        box = charts.first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 20, view
        drawn = page.locator("svg.chart rect.bar, svg.chart polyline.line, svg.chart circle, svg.chart rect.hidden")
        assert drawn.count() > 0, view
        assert page.locator("table").count() >= 1
    # Six signals in region A this period: the bar of the unit is drawn, not hidden.
    page.goto("/dashboard/instroom/")
    expect(page.locator("svg.chart title", has_text="Meldingen per eenheid")).to_have_count(1)
    assert page.locator("svg.chart rect.bar").count() > 0
