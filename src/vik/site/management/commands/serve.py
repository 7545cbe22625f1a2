"""Serve VIK as production does: gunicorn (a production WSGI server) with the application serving
its own static files (WhiteNoise), plus the background scheduler (reminders, escalations, report
mailing) beside it, so nobody has to start a job by hand.

`vik serve --dev` starts Django's development server instead (auto-reload off, debug pages only
when VIK_DEBUG is on): a developer's choice, never what `make run` serves.
"""

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger("vik.scheduler")


def _scheduler(stop: threading.Event, interval: int) -> None:
    """The background process: every `interval` seconds a scheduler round (crashed jobs recovered,
    periodic jobs queued once per period, old ones pruned; `vik.jobs.services.scheduler_round`)
    and then every queued job that is due, through the job runner (django-tasks-db's worker)."""
    from vik.jobs import services as jobs

    while not stop.is_set():
        jobs.scheduler_round()
        try:
            close_old_connections()
            jobs.run_ready()
        except Exception:  # keep the background process alive; the error is in the log
            logger.exception("Running background jobs failed")
        finally:
            close_old_connections()
        stop.wait(interval)


def _scheduler_process(interval: int) -> None:
    """The scheduler in a process of its own (`vik serve --scheduler-only`, started by `vik serve`),
    never a thread of the gunicorn arbiter: the arbiter forks every worker, and a fork copies the
    locks a running thread holds at that moment (the holidays loader's IMPORT_LOCK while it imports
    the Dutch calendar, a module's import lock, ...) into the worker, held forever by a thread
    that does not exist there: every request of that worker that needs the lock hangs."""
    from vik.core.priority import lower_priority

    lower_priority()  # background work yields the cores to the web workers
    stop = threading.Event()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops us
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    _scheduler(stop, interval)


# The anonymous reporting channel (and what its pages load) is logged without the client's address,
# browser or referrer: an access-log line would otherwise tie an address to the moment of an
# anonymous report (issue 14, finding 7; docs/confidential.md).
ANONYMOUS_PATHS = ("/vertrouwelijk/anoniem/", "/vertrouwelijk/melden/personen/", "/static/confidential/pow")


def _access_logger():
    from gunicorn.glogging import Logger

    class AccessLogger(Logger):
        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            if (environ.get("PATH_INFO") or "").startswith(ANONYMOUS_PATHS):
                atoms.update({"h": "-", "a": "-", "f": "-"})
                # Request headers ({x-forwarded-for}i) and the environment ({remote_addr}e) too.
                atoms = {key: ("-" if key.startswith("{") and key[-2:] in ("}i", "}e") else value)
                         for key, value in atoms.items()}
            return atoms

    return AccessLogger


def _freeze_loaded_objects(_worker) -> None:
    """In each worker, once the application and its views are loaded: move every object there is
    now (modules, classes, templates' code, ~250,000 objects) out of the garbage collector's reach.
    They live as long as the worker; without this, each full collection walks all of them again,
    about 1.5 ms of CPU per request on average (docs/benchmarks-load.md)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    gc.collect()
    gc.freeze()


def pool_connections(threads: int) -> bool:
    """On PostgreSQL: let every worker process take its connections from a bounded pool
    (psycopg_pool, Django's "pool" option) of at most `threads` connections, so the server never
    holds more than workers x threads connections however many clients come (issue 14: 110 users on
    one connection per client thread ran PostgreSQL out of connections). Configured here, in the
    arbiter before the fork and before any connection is made, so that each worker opens a pool
    of its own (a pool has threads of its own, which a fork does not copy). True when configured."""
    from django.db import connections

    if "postgresql" not in connections.settings["default"]["ENGINE"]:
        return False
    connections["default"].close()
    return pooled(connections.settings["default"], threads)


def pooled(db: dict, threads: int) -> bool:
    """Give the database settings `db` (one entry of DATABASES) a pool of at most `threads`
    connections, when it is PostgreSQL; its persistent connections are given up for the pool."""
    if "postgresql" not in db["ENGINE"]:
        return False
    db["CONN_MAX_AGE"] = 0  # (the pool keeps the connections; Django refuses both at once)
    db.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": threads,
                                            "timeout": settings.DB_POOL_TIMEOUT_SECONDS, "max_idle": 300}
    return True


# What gunicorn says itself, before the application sees a request it refuses (an address longer
# than its request line allows, a malformed header): in Dutch, with the way back, instead of its
# English "URI Too Long – Request Line is too large (5030 > 4094)" (tester t35, t37). The status
# line keeps HTTP's own words; the page is ASCII with entities, as gunicorn writes it in Latin-1.
_SERVER_REFUSALS = {
    414: "Het webadres is te lang. Ga terug en maak de zoekopdracht of het filter korter.",
    431: "Het verzoek heeft te grote kopregels. Sluit de browser en probeer het opnieuw.",
    403: "Dit verzoek wordt niet toegelaten.",
    500: "Er ging iets mis bij het verwerken van dit verzoek. Probeer het later opnieuw.",
}


def _dutch_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error` with a Dutch page (what gunicorn put in `mesg` is logged by
    it, and not shown: it can echo the request)."""
    from gunicorn import util

    text = _SERVER_REFUSALS.get(status_int, "Dit verzoek kan niet worden verwerkt. Ga terug en probeer het opnieuw.")
    page = ('<!doctype html><html lang="nl"><head><meta charset="iso-8859-1"><title>VIK: verzoek niet verwerkt'
            '</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto">'
            '<p><strong>VIK</strong> &middot; Veiligheid, Integriteit en Klachten</p>'
            '<h1>Verzoek niet verwerkt</h1><p>' + text + '</p><p><a href="/">Naar de '
            'startpagina</a></p></body></html>')
    http = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: text/html; charset=iso-8859-1\r\n"
            f"Content-Language: nl\r\nContent-Length: {len(page)}\r\n\r\n{page}")
    util.write_nonblock(sock, http.encode("latin1"))


def _gunicorn(bind: str, workers: int, threads: int) -> None:
    """Run gunicorn in this process (the arbiter); the workers load the WSGI application after
    the fork, so no database connection is shared between processes."""
    from gunicorn import util
    from gunicorn.app.base import BaseApplication

    pool_connections(threads)
    util.write_error = _dutch_error  # the workers are forks of this process: theirs too

    class _Application(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": bind, "workers": workers, "threads": threads,
                "worker_class": "gthread", "timeout": 60, "graceful_timeout": 10,
                "accesslog": "-", "errorlog": "-", "proc_name": "vik", "logger_class": _access_logger(),
                "post_worker_init": _freeze_loaded_objects,
                # The longest request line gunicorn allows (8 KB, its default 4 KB): a long search
                # reaches the form, which says in Dutch what is too long.
                "limit_request_line": 8190,
            }.items():
                self.cfg.set(key, value)

        def load(self):
            from vik.wsgi import application

            return application

    _Application().run()


class Command(BaseCommand):
    help = "Start de VIK-webserver (gunicorn) met de achtergrondplanner voor herinneringen."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (gunicorn)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")
        parser.add_argument("--no-scheduler", action="store_true")
        parser.add_argument("--scheduler-only", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--dev", action="store_true",
                            help="Django's development server instead of gunicorn (developers only)")

    def handle(self, *args, **options):
        if options["scheduler_only"]:
            _scheduler_process(settings.VIK_JOBS_POLL_SECONDS)
            return
        scheduler = None
        if not options["no_scheduler"]:
            scheduler = subprocess.Popen([sys.executable, "-m", "vik.cli", "serve", "--scheduler-only"])
        arbiter = os.getpid()
        try:
            if options["dev"]:
                call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
            else:
                self.stdout.write(f"VIK draait op http://{options['host']}:{options['port']}/ "
                                  "(stoppen met Ctrl+C)")
                _gunicorn(f"{options['host']}:{options['port']}", options["workers"], options["threads"])
        finally:
            # gunicorn's workers are forks of this process and leave through here too.
            if scheduler is not None and os.getpid() == arbiter:
                scheduler.terminate()
                scheduler.wait(10)
