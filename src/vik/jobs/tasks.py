"""The one task VIK queues in Django's task framework: run a `Job` by its id. Everything else
(what to do, attempts, progress, the Dutch outcome) is on the job row."""

from django.tasks import task


@task()
def run_job(job_id: int) -> None:
    from .services import run

    run(job_id)
