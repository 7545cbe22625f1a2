"""Serve VIK and run the background scheduler (reminders and escalations) beside it, so nobody
has to start a job by hand. Production runs a WSGI server plus `vik send_reminders` from cron."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger("vik.scheduler")


def _scheduler(stop: threading.Event, interval: int) -> None:
    from vik.dashboard.services import run_scheduled_reports
    from vik.tasks.services import run_reminders

    jobs = [("reminders", run_reminders), ("reports", run_scheduled_reports)]
    while not stop.is_set():
        for name, job in jobs:
            # Each job on its own: a failing report must not stop the reminders.
            try:
                close_old_connections()
                job()
            except Exception:  # keep the scheduler alive; the error is in the log
                logger.exception("Scheduled job %s failed", name)
            finally:
                close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Start de VIK-webserver met de achtergrondplanner voor herinneringen."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, **options):
        stop = threading.Event()
        if not options["no_scheduler"]:
            thread = threading.Thread(
                target=_scheduler, args=(stop, settings.VIK_SCHEDULER_INTERVAL_SECONDS),
                daemon=True, name="vik-scheduler",
            )
            thread.start()
        try:
            call_command("runserver", f"{options['host']}:{options['port']}",
                         use_reloader=False)
        finally:
            stop.set()
