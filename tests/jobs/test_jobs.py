"""Issue 14, item 2: long and periodic work runs through a job runner (Django's task framework with
django-tasks-db), with retries, recovery of crashed jobs and a status page for administrators."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pmengine.generate import generate
from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.jobs import registry, services
from vik.jobs.models import Job
from vik.monitoring.models import ImportRun

pytestmark = pytest.mark.django_db

FLAKY = {"fail": True}


def _flaky(progress, label: str) -> None:
    progress(40, "Halverwege")
    if FLAKY["fail"]:
        raise ValueError(f"de bron {label} gaf geen antwoord")
    progress(90, "Bijna klaar")


@pytest.fixture
def flaky_kind():
    FLAKY["fail"] = True
    registry.register("test.flaky", "Proeftaak", _flaky)
    yield "test.flaky"
    registry.KINDS.pop("test.flaky", None)


@pytest.fixture
def admin_client(org):
    user = UserFactory(username="beheer-jobs", roles=[Role.ADMIN])
    client = Client()
    client.force_login(user)
    return client


def test_a_failed_job_shows_its_dutch_error_and_a_retried_one_succeeds(flaky_kind, admin_client):
    job = services.enqueue(flaky_kind, label="X")
    assert DBTaskResult.objects.filter(id=job.task_id).exists()  # queued in the task framework
    page = admin_client.get(reverse("jobs:status")).content.decode()
    assert "In de wachtrij" in page and "Proeftaak" in page
    assert services.run_ready() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.progress == 40 and job.finished_at >= job.started_at
    assert job.message == "Onverwachte fout (ValueError): de bron X gaf geen antwoord"
    page = admin_client.get(reverse("jobs:status")).content.decode()
    assert "Mislukt" in page and "de bron X gaf geen antwoord" in page and "Opnieuw proberen" in page
    FLAKY["fail"] = False
    response = admin_client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    assert services.run_ready() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.progress == 100 and job.attempts == 2 and not job.message
    assert "Klaar" in admin_client.get(reverse("jobs:status")).content.decode()


def test_a_kind_with_attempts_left_is_retried_by_itself(flaky_kind):
    registry.register(flaky_kind, "Proeftaak", _flaky, attempts=2)
    job = services.enqueue(flaky_kind, label="Y")
    services.run_ready()
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and "Poging 1 mislukt" in job.message
    later = DBTaskResult.objects.ready().count()
    assert later == 0  # the retry waits (backoff), it is not due yet
    FLAKY["fail"] = False
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    assert services.run_ready() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2


def test_a_crashed_job_is_marked_failed_from_its_stopped_heartbeat(flaky_kind, admin_client):
    job = services.enqueue(flaky_kind, label="Z")
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=timezone.now() - timedelta(hours=1),
                                         heartbeat_at=timezone.now() - timedelta(minutes=5), progress=70,
                                         attempts=1)
    page = admin_client.get(reverse("jobs:status")).content.decode()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "Afgebroken" in job.message and "Afgebroken" in page


def test_periodic_jobs_are_queued_once_per_period_however_many_schedulers(org):
    now = timezone.now()
    first = services.enqueue_periodic(now)
    assert {job.kind for job in first} >= {"reminders", "reports", "audit.anchor", "sessions"}
    assert services.enqueue_periodic(now) == []  # a second scheduler in the same period
    assert Job.objects.filter(kind="reminders").count() == 1


def test_the_status_page_is_for_administrators_only(org):
    client = Client()
    client.force_login(org.triage)
    assert client.get(reverse("jobs:status")).status_code == 404
    assert client.post(reverse("jobs:rebuild_dashboard")).status_code == 404
    assert not Job.objects.exists()


def test_the_dashboard_rebuild_runs_as_a_job_with_progress(admin_client):
    response = admin_client.post(reverse("jobs:rebuild_dashboard"))
    assert response.status_code == 302
    job = Job.objects.get(kind="dashboard.rebuild")
    assert job.state == Job.State.QUEUED  # nothing was rebuilt inside the request
    services.run_ready()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.progress == 100, job.message
    from vik.dashboard import facts

    assert facts.built()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate(out, 60, 1, 3, "csv")
    return out


def test_a_monitoring_upload_is_imported_by_the_job_runner_not_a_thread(world, org):
    soc = UserFactory(username="soc-jobs", roles=[Role.SOC_ANALYST])
    client = Client()
    client.force_login(soc)
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(world.glob("*.csv"))]
    assert client.post("/monitoring/import/", {"files": files}).status_code == 302
    run = ImportRun.objects.get()
    job = Job.objects.get(kind="monitoring.import")
    assert job.params == {"run_id": run.pk} and job.started_by == soc
    assert run.state == ImportRun.State.RUNNING  # waits for the worker
    # While it runs, the status page shows the import's own progress.
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=timezone.now())
    ImportRun.objects.filter(pk=run.pk).update(progress=30, phase="Opvragingen verklaren en scoren")
    admin = UserFactory(username="beheer-jobs2", roles=[Role.ADMIN])
    client.force_login(admin)
    page = client.get(reverse("jobs:status")).content.decode()
    assert 'value="30"' in page and "Opvragingen verklaren en scoren" in page
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    assert services.run_ready() == 1
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.alert_count > 0
    assert job.state == Job.State.DONE


def test_an_import_waiting_for_a_worker_is_not_reaped_but_one_whose_job_died_is(db):
    """A queued import has no heartbeat until a worker takes it: the reaper must not call it
    crashed (found when a long job ran first); once its job failed, it is reaped."""
    from vik.monitoring.services import STALE_AFTER, reap_stale_runs

    long_ago = timezone.now() - STALE_AFTER - timedelta(minutes=1)
    waiting, dead = (ImportRun.objects.create(data_dir=f"/tmp/{name}", phase="In de wachtrij")
                     for name in ("waiting", "dead"))
    ImportRun.objects.filter(pk__in=[waiting.pk, dead.pk]).update(started_at=long_ago)
    Job.objects.create(kind="monitoring.import", params={"run_id": waiting.pk})
    Job.objects.create(kind="monitoring.import", params={"run_id": dead.pk}, state=Job.State.FAILED)
    assert reap_stale_runs() == 1
    waiting.refresh_from_db()
    dead.refresh_from_db()
    assert waiting.state == ImportRun.State.RUNNING and dead.state == ImportRun.State.FAILED
