"""Shared fixtures: a small organisation with one user per role, and helpers that walk a signal
through the process via the real services."""

import datetime as dt
import importlib
import os
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import EmployeeFactory, UnitFactory, UserFactory
from vik.accounts.models import Role, Unit
from vik.investigations import services as inv
from vik.investigations.models import CaseType
from vik.signals.models import Channel, Theme
from vik.signals.services import SignalInput, register_signal
from vik.triage.models import Criterion, Route
from vik.triage.services import DecisionInput, record_triage_decision

# Playwright's sync API keeps an asyncio loop running in this thread; Django would then refuse
# ORM calls from the test itself (SynchronousOnlyOperation). The test thread never runs
# concurrently with that loop, so the guard can safely be lifted. Must be set before any query.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
_audit_migration = importlib.import_module("vik.audit.migrations.0002_append_only_trigger")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test of the run: Playwright's sync API
    allows only one running instance per thread, and starting Chromium costs about a second."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def analyze_after_seed() -> None:
    """Fresh statistics after a bulk seed inside a test transaction: without them PostgreSQL plans
    every join of the seeded tables as if they were empty (nested loops, seconds per query; the
    fuzz module spent most of the PostgreSQL pass in such plans). ANALYZE sees the rows of its own
    transaction. Nothing to do on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _restore_migrated_state() -> None:
    """Put back what the migrations create: the reference data (roles, criteria, themes, case
    types) and the audit trail's append-only guard. A flush removes the former, and a
    transactional test may have lifted the latter; both steps are idempotent."""
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
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """pytest-django's test database, on PostgreSQL without autovacuum on its tables.

    A test's rows are rolled back, never committed, so autovacuum only ever sees dead rows: it
    records "0 rows in N pages" and the planner then takes every table for empty and nests loops
    over them (a dashboard query of a few hundred hearings ran for minutes in CI). Without
    autovacuum the statistics stay unknown and the planner estimates from the tables' actual size,
    as it does on a fresh database. Production keeps autovacuum: its rows are committed, so it
    analyses what is really there."""
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} SET (autovacuum_enabled = false)")


@pytest.fixture
def _restore_after_flush(django_db_blocker) -> Iterator[None]:
    """Set up before and so torn down after pytest-django's flush (see `transactional_db`): later
    tests in the same run expect the database as the migrations left it."""
    yield
    with django_db_blocker.unblock():
        _restore_migrated_state()


@pytest.fixture
def transactional_db(_restore_after_flush, transactional_db, django_db_blocker) -> Iterator[None]:
    """pytest-django's fixture (used by the live server of the browser tests), wrapped. A
    transactional test that ran before may have emptied the database, so the migrated state is
    restored first. Afterwards the database is emptied with DELETE statements; on SQLite the
    append-only trigger refuses those for the audit trail, so it is lifted just for that flush
    (PostgreSQL truncates, which row triggers do not see)."""
    with django_db_blocker.unblock():
        _restore_migrated_state()
    yield
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS vik_audit_no_delete")


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Every test starts in the site's language: a request in English (the test client runs the
    locale middleware in this thread) must not leave English active for the next test."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Caches kept per process (read data that changes rarely) start empty in every test: a test's
    rolled-back changes must not be seen by the next one."""
    from vik.investigations.tasks import forget_next_steps

    forget_next_steps()
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VIK_MONITOR_DATA_ROOT = tmp_path / "monitoring"
    # Anchors of the audit chain belong to one database: the test database's own, per test.
    settings.VIK_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.log"
    # The demo hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The dashboard's noise depends on a secret: fixed here, so every machine publishes the same.
    settings.VIK_CELL_KEY_SECRET = "tests-cell-key-secret"


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """`client.force_login(user)` and `client.login(...)` sign a user fully in, his second factor
    included (see tests/second_factor.py); tests of the second factor sign in through the login
    page."""
    from django.contrib.auth import SESSION_KEY, get_user_model
    from django.test import Client

    from tests.second_factor import verify_session

    force_login, login = Client.force_login, Client.login

    def full_force_login(self, user, backend=None):
        force_login(self, user, backend)
        verify_session(self, user)

    def full_login(self, **credentials):
        if not login(self, **credentials):
            return False
        verify_session(self, get_user_model().objects.get(pk=self.session[SESSION_KEY]))
        return True

    monkeypatch.setattr(Client, "force_login", full_force_login)
    monkeypatch.setattr(Client, "login", full_login)


@pytest.fixture
def org(db):
    """Two regions; in region A a VIK team, a patrol team with its manager and two officers."""
    national = UnitFactory(code="NL", name="Landelijk", kind=Unit.Kind.NATIONAL)
    region_a = UnitFactory(code="RA", name="Eenheid Noord", kind=Unit.Kind.REGION, parent=national)
    region_b = UnitFactory(code="RB", name="Eenheid Zuid", kind=Unit.Kind.REGION, parent=national)
    district_a = UnitFactory(code="DA", name="District A", kind=Unit.Kind.DISTRICT,
                             parent=region_a)
    district_b = UnitFactory(code="DB", name="District B", kind=Unit.Kind.DISTRICT,
                             parent=region_b)
    vik_a = UnitFactory(code="VA", name="VIK Noord", kind=Unit.Kind.TEAM, parent=district_a)
    vik_b = UnitFactory(code="VB", name="VIK Zuid", kind=Unit.Kind.TEAM, parent=district_b)
    patrol = UnitFactory(code="BA", name="Basisteam A", kind=Unit.Kind.TEAM, parent=district_a)
    national_triage_team = UnitFactory(code="LT", name="Landelijke triage", kind=Unit.Kind.TEAM,
                                       parent=national)

    def user(username, roles, unit=vik_a, **employee):
        return UserFactory(username=username, roles=roles,
                           employee=EmployeeFactory(unit=unit, **employee))

    manager = user("teamchef", [Role.LINE_MANAGER], unit=patrol, is_manager=True)
    officer_emp = EmployeeFactory(unit=patrol, manager=manager.employee, surname="Jansen")
    colleague_emp = EmployeeFactory(unit=patrol, manager=manager.employee, surname="Smit")
    return SimpleNamespace(
        national=national, region_a=region_a, region_b=region_b, vik_a=vik_a, patrol=patrol,
        triage=user("triage", [Role.TRIAGE]),
        triage2=user("triage2", [Role.TRIAGE]),
        triage_b=user("triage_b", [Role.TRIAGE], unit=vik_b),
        triage_national=user("triage_landelijk", [Role.TRIAGE], unit=national_triage_team),
        investigator=user("onderzoeker", [Role.INVESTIGATOR_DISCIPLINARY]),
        investigator2=user("onderzoeker2", [Role.INVESTIGATOR_DISCIPLINARY]),
        criminal=user("rechercheur", [Role.INVESTIGATOR_CRIMINAL]),
        criminal_and_disc=user("allround", [Role.INVESTIGATOR_CRIMINAL,
                                            Role.INVESTIGATOR_DISCIPLINARY]),
        authority=user("bevoegdgezag", [Role.COMPETENT_AUTHORITY]),
        manager=manager,
        care=user("zorg", [Role.CARE_CONTACT]),
        policy=user("beleid", [Role.POLICY]),
        auditor=user("auditor", [Role.AUDITOR]),
        admin=user("beheer", [Role.ADMIN]),
        nobody=user("medewerker", [], unit=patrol),
        officer=officer_emp,
        colleague=colleague_emp,
    )


def all_scores(value: int = 1) -> dict[str, int]:
    return {c.code: value for c in Criterion.objects.filter(active=True)}


@pytest.fixture
def make_signal(org):
    def _make(actor=None, subjects=None, reporter=None, region=None, received_ago=3, **extra):
        data = SignalInput(
            received_on=timezone.localdate() - dt.timedelta(days=received_ago),
            channel=extra.pop("channel", Channel.MANAGER),
            region=region or org.region_a,
            theme=Theme.objects.get(code=extra.pop("theme", "information")),
            description=extra.pop("description", "Collega raadpleegde BVH over een buurman."),
            subjects=subjects or [org.officer],
            reporter=reporter,
            **extra,
        )
        return register_signal(actor or org.triage, data)

    return _make


@pytest.fixture
def triage_to(org):
    def _triage(signal, route=Route.DISCIPLINARY, actor=None, **extra):
        data = DecisionInput(route=route, rationale="Ernstig genoeg voor een onderzoek.",
                             scores=all_scores(), **extra)
        return record_triage_decision(actor or org.triage, signal, data)

    return _triage


@pytest.fixture
def disciplinary_case(org, make_signal, triage_to):
    signal = make_signal(received_ago=30)
    # Decided in the triage meeting 25 days ago, recorded now: the case starts after it.
    triage_to(signal, Route.DISCIPLINARY, decided_on=timezone.localdate() - dt.timedelta(days=25))
    return inv.open_case(org.triage, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer,
        authority=org.authority, lead_investigator=org.investigator,
        opened_on=timezone.localdate() - dt.timedelta(days=20),
        suspected_breach="Op 3 maart heeft betrokkene zonder werkopdracht zijn buurman in BVH "
                         "opgezocht.",
    ))


def a_tuesday_morning(weeks_ago: int = 1) -> dt.datetime:
    """A Tuesday 10:00 local time, in the past, that is not next to a public holiday."""
    from vik.core.workdays import aanzegging_warnings

    day = timezone.localdate() - dt.timedelta(weeks=weeks_ago)
    while True:
        day -= dt.timedelta(days=1)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        if day.weekday() == 1 and not aanzegging_warnings(timezone.localtime(moment)):
            return moment
