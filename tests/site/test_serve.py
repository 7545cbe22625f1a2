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
