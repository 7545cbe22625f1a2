"""`vik serve` (what `make run` starts): the reminder scheduler runs in a process of its own, never
as a thread of the gunicorn arbiter. A fork copies the locks a running thread holds at that moment
into the worker (the holidays loader's import lock while it imports the Dutch calendar), so a
worker forked at the wrong moment failed or hung on every page that counts working days: the
testers' intermittent 500s on "Mijn taken" and case pages."""

import threading

import pytest

from vik.site.management.commands import serve


def test_the_scheduler_is_a_process_of_its_own_and_is_stopped_with_the_server(monkeypatch):
    started, stopped = [], []

    class FakeProcess:
        def __init__(self, args):
            started.append(args)

        def terminate(self):
            stopped.append("terminate")

        def wait(self, timeout=None):
            stopped.append("wait")

    threads_before = {t.name for t in threading.enumerate()}
    seen_during = {}

    def fake_gunicorn(bind, workers, threads):
        seen_during["threads"] = {t.name for t in threading.enumerate()}

    monkeypatch.setattr(serve.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(serve, "_gunicorn", fake_gunicorn)
    serve.Command().handle(host="127.0.0.1", port="8999", workers=2, threads=4, no_scheduler=False,
                           scheduler_only=False, dev=False)
    assert started and started[0][-2:] == ["serve", "--scheduler-only"]
    assert seen_during["threads"] == threads_before  # no thread of ours while gunicorn forks
    assert stopped == ["terminate", "wait"]


def test_no_scheduler_starts_nothing(monkeypatch):
    monkeypatch.setattr(serve.subprocess, "Popen", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    monkeypatch.setattr(serve, "_gunicorn", lambda *a: None)
    serve.Command().handle(host="127.0.0.1", port="8999", workers=1, threads=1, no_scheduler=True,
                           scheduler_only=False, dev=False)


@pytest.mark.django_db
def test_a_scheduler_round_removes_expired_sessions_and_anchors_the_audit_chain(monkeypatch, org, settings):
    import threading
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from vik.audit import services as audit
    from vik.dashboard import services as dashboard
    from vik.tasks import services as tasks

    monkeypatch.setattr(tasks, "run_reminders", lambda: None)
    monkeypatch.setattr(dashboard, "run_scheduled_reports", lambda: None)
    # In its own process the scheduler drops stale connections between jobs; inside this test's
    # transaction that would close the test's own connection (PostgreSQL).
    monkeypatch.setattr(serve, "close_old_connections", lambda: None)
    Session.objects.create(session_key="verlopen", session_data="", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="geldig", session_data="", expire_date=timezone.now() + timedelta(hours=1))
    event = audit.record(org.triage, "view", object_type="x", object_id="1")

    class OneRound(threading.Event):
        def wait(self, timeout=None):
            self.set()
            return True

    serve._scheduler(OneRound(), 1)
    assert set(Session.objects.values_list("session_key", flat=True)) == {"geldig"}
    assert audit.read_anchors() == [(event.id, event.hash)]


def test_the_access_log_holds_no_address_for_the_anonymous_channel():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    logger = serve._access_logger()(Config())
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "203.0.113.7")])

    def atoms(path):
        environ = {"REMOTE_ADDR": "203.0.113.7", "PATH_INFO": path, "REQUEST_METHOD": "POST",
                   "RAW_URI": path, "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_USER_AGENT": "Firefox",
                   "HTTP_REFERER": "http://vik/"}
        return logger.atoms(response, request, environ, timedelta(seconds=1))

    for path in ("/vertrouwelijk/anoniem/", "/vertrouwelijk/anoniem/inzien/", "/static/confidential/pow.1a2b.js"):
        assert "203.0.113.7" not in str(atoms(path).values()) and "Firefox" not in str(atoms(path).values())
    assert atoms("/meldingen/")["h"] == "203.0.113.7"  # everything else as before


def test_a_worker_freezes_what_it_has_loaded_before_serving():
    """Each gunicorn worker, after loading the application and its views, moves those objects out
    of the garbage collector's reach (a full collection no longer walks them on every request)."""
    import gc

    from vik.site.management.commands import serve

    try:
        serve._freeze_loaded_objects(None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_on_postgresql_each_worker_takes_its_connections_from_a_bounded_pool():
    db = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 60, "OPTIONS": {}}
    assert serve.pooled(db, threads=4)
    assert db["OPTIONS"]["pool"]["max_size"] == 4 and db["OPTIONS"]["pool"]["timeout"] > 0
    assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool beside persistent connections


def test_sqlite_has_no_pool():
    db = {"ENGINE": "django.db.backends.sqlite3", "CONN_MAX_AGE": 0, "OPTIONS": {"timeout": 20}}
    assert not serve.pooled(db, threads=4)
    assert db["OPTIONS"] == {"timeout": 20}


@pytest.mark.django_db(transaction=True)
def test_a_pooled_connection_works_and_holds_no_more_than_its_threads():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (psycopg_pool)")
    from django.db.backends.postgresql.base import DatabaseWrapper

    db = {**connection.settings_dict, "OPTIONS": {**connection.settings_dict.get("OPTIONS", {})}}
    assert serve.pooled(db, threads=2)
    wrapper = DatabaseWrapper(db, alias="pool_test")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
        assert wrapper.pool is not None and wrapper.pool.max_size == 2
    finally:
        wrapper.close()
        wrapper.close_pool()


def test_background_work_runs_at_a_lower_cpu_priority_than_the_web_workers():
    """A rebuild or an import in the background process yields the cores to the web workers."""
    import os
    import subprocess
    import sys

    child = ("from django.conf import settings; settings.configure(VIK_BACKGROUND_NICE=10); "
             "from vik.core.priority import lower_priority; print(lower_priority())")
    niceness = int(subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True,
                                  env={**os.environ}).stdout)
    assert niceness >= 10
    assert os.nice(0) < 10 or niceness == os.nice(0)  # this process kept its own priority


def test_the_background_process_lowers_its_priority_before_it_runs_jobs(monkeypatch):
    calls = []
    monkeypatch.setattr("vik.core.priority.lower_priority", lambda: calls.append("nice") or 10)
    monkeypatch.setattr(serve, "_scheduler", lambda stop, interval: calls.append("jobs"))
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)
    serve._scheduler_process(1)
    assert calls == ["nice", "jobs"]


def test_what_the_server_refuses_itself_is_said_in_dutch():
    """Tester t35/t37: a 5,000-character address gave gunicorn's English "URI Too Long" page."""
    import socket

    from vik.site.management.commands.serve import _dutch_error

    ours, theirs = socket.socketpair()
    _dutch_error(ours, 414, "URI Too Long", "Request Line is too large (5030 > 4094)")
    ours.close()
    answer = theirs.recv(65536).decode("latin1")
    assert answer.startswith("HTTP/1.1 414 URI Too Long\r\n")
    head, page = answer.split("\r\n\r\n", 1)
    assert f"Content-Length: {len(page)}" in head
    assert "Het webadres is te lang" in page and 'lang="nl"' in page and "5030" not in page
    # Laid out as the site's own error page (500.html): the product's name, readable width.
    assert "<strong>VIK</strong>" in page and "max-width:40rem" in page
