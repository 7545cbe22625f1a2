"""Queue, run, retry and recover background jobs (see the package docstring)."""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vik.core.errors import DomainError

from . import registry
from .models import Job

logger = logging.getLogger("vik.jobs")

HEARTBEAT_SECONDS = 10
STALE_AFTER = timedelta(minutes=2)  # a running job silent this long has no process behind it
RETRY_DELAY = timedelta(minutes=1)  # doubled with every further attempt
KEEP_FINISHED = timedelta(days=14)


def _queue_task(job: Job, delay: timedelta | None = None) -> None:
    """Hand the job to the task framework. Its database backend stores the task in the same
    database, so the task commits (or rolls back) together with the job row."""
    from .tasks import run_job

    task = run_job if delay is None else run_job.using(run_after=timezone.now() + delay)
    result = task.enqueue(job.pk)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def enqueue(kind: str, *, actor=None, period: str | None = None, **params) -> Job | None:
    """Queue a job of `kind` with `params` (JSON values). With `period` it is queued once for
    that period, whoever asks; returns None when it already was."""
    if registry.get(kind) is None:
        raise DomainError(_("Onbekende achtergrondtaak: %(kind)s") % {"kind": kind})
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, params=params, started_by=actor,
                                     period=f"{kind}@{period}" if period else None,
                                     phase=_("In de wachtrij"))
    except IntegrityError:
        return None  # this period's job was queued by another scheduler
    _queue_task(job)
    return job


def enqueue_periodic(now=None) -> list[Job]:
    """Queue every periodic kind whose period has started (called by the scheduler process; as
    many schedulers as there are processes may call it: each period is queued once)."""
    now = now or timezone.now()
    queued = []
    for kind in registry.KINDS.values():
        if kind.period:
            bucket = int(now.timestamp()) // kind.period
            job = enqueue(kind.name, period=str(bucket))
            if job is not None:
                queued.append(job)
    return queued


@contextmanager
def _heartbeat(job_id: int):
    """Write the job's heartbeat every HEARTBEAT_SECONDS from a thread of its own while it runs
    (inside a test transaction there is none: a second connection would wait for its locks; nor on
    an in-memory test database, which a thread cannot open a connection of its own to)."""
    Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
    if connection.in_atomic_block or (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
                except DatabaseError:  # busy database: the next beat will do
                    pass
        finally:
            connection.close()

    thread = threading.Thread(target=beat, daemon=True, name=f"vik-job-heartbeat-{job_id}")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=HEARTBEAT_SECONDS * 2)


def _error_message(error: BaseException) -> str:
    if isinstance(error, DomainError):
        return error.message
    text = str(error).strip()
    return _("Onverwachte fout (%(type)s)%(text)s") % {
        "type": type(error).__name__, "text": f": {text[:300]}" if text else ""}


def run(job_id: int) -> None:
    """Run one queued job (the task framework's worker calls this). Records the outcome; a failure
    is retried while the kind has attempts left, else the job stays failed with a Dutch message."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now(), finished_at=None, heartbeat_at=timezone.now(),
        phase=_("Bezig"), message="")
    if not claimed:
        return  # already run, or running elsewhere
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    job.attempts += 1
    kind = registry.get(job.kind)

    def progress(percent: int, phase: str = "") -> None:
        Job.objects.filter(pk=job_id).update(progress=max(0, min(100, int(percent))), phase=phase[:120],
                                             heartbeat_at=timezone.now())

    try:
        if kind is None:
            raise DomainError(_("Onbekende achtergrondtaak: %(kind)s") % {"kind": job.kind})
        with _heartbeat(job_id):
            if kind.reports_progress:
                kind.run(progress=progress, **job.params)
            else:
                kind.run(**job.params)
    except Exception as error:
        logger.exception("Background job %s (%s) failed", job_id, job.kind)
        _failed(job, _error_message(error), kind.attempts if kind else 1)
        return
    Job.objects.filter(pk=job_id).update(state=Job.State.DONE, progress=100, phase=_("Klaar"),
                                         finished_at=timezone.now())


def _failed(job: Job, message: str, attempts: int) -> None:
    now = timezone.now()
    if job.attempts < attempts:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.QUEUED, finished_at=now, phase=_("Wacht op een nieuwe poging"),
            message=_("Poging %(n)d mislukt: %(e)s") % {"n": job.attempts, "e": message})
        _queue_task(job, RETRY_DELAY * 2 ** (job.attempts - 1))
        return
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, finished_at=now, phase=_("Mislukt"),
                                         message=message)


def retry(actor, job_id: int) -> Job:
    """An administrator runs a failed job again (policy `config.manage`, checked by the view)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.state != Job.State.FAILED:
            raise DomainError(_("Alleen een mislukte taak kan opnieuw worden gestart."))
        job.state, job.phase, job.progress, job.started_by = Job.State.QUEUED, _("In de wachtrij"), None, actor
        job.started_at = job.finished_at = None
        job.save(update_fields=["state", "phase", "progress", "started_at", "finished_at", "started_by"])
    _queue_task(job)
    return job


def waiting(kind: str, param: str) -> set:
    """The values of `param` of the jobs of `kind` still waiting in the queue (not yet started, or
    queued again for a retry): their work has no heartbeat yet and is not dead."""
    return {job.params.get(param) for job in Job.objects.filter(kind=kind, state=Job.State.QUEUED).only("params")}


def reap_stale() -> int:
    """Jobs whose process died (kill -9, a restart): no heartbeat for STALE_AFTER. They fail with a
    Dutch message (or are queued again while attempts are left); returns how many."""
    cutoff = timezone.now() - STALE_AFTER
    stale = Job.objects.filter(state=Job.State.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
    count = 0
    for job in stale:
        kind = registry.get(job.kind)
        with transaction.atomic():
            if not Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(state=Job.State.FAILED):
                continue
            _failed(job, _("Afgebroken: het proces dat de taak uitvoerde is gestopt."), kind.attempts if kind else 1)
        count += 1
    return count


def prune(now=None) -> int:
    """Finished jobs (and their task records) older than KEEP_FINISHED are removed."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - KEEP_FINISHED
    deleted, _counts = Job.objects.filter(state__in=[Job.State.DONE, Job.State.FAILED],
                                          finished_at__lt=cutoff).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


def run_ready(limit: int = 50, worker_id: str = "vik-serve") -> int:
    """Run the tasks that are due, in this process, with django-tasks-db's own worker logic
    (claim under a row lock, run, record). What the background process of `vik serve` does between
    scheduler rounds; more workers are `vik db_worker --queue-name '*'`. Returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    ran = 0
    while ran < limit:
        tasks = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(tasks.db):
            result = tasks.get_locked()
            if result is not None:
                result.claim(worker_id)
        if result is None:
            break
        worker.run_task(result)
        ran += 1
    return ran


def scheduler_round(now=None) -> None:
    """What the scheduler process does every few seconds: recover crashed jobs, queue the periodic
    ones whose period started, forget old ones."""
    for step in (reap_stale, lambda: enqueue_periodic(now), lambda: prune(now)):
        try:
            _connection_hygiene()
            step()
        except Exception:  # keep the scheduler alive; the error is in the log
            logger.exception("Scheduler step failed")
        finally:
            _connection_hygiene()


def _connection_hygiene() -> None:
    """Drop a broken or expired connection between steps, as a request would; never inside a
    transaction (a test's), where it would close the caller's own connection."""
    if not connection.in_atomic_block:
        close_old_connections()
