"""A crashed import does not block the next one (issue 14, finding 8: after kill -9 during an
import the run stayed "Bezig 70 %" for good, and new imports were refused for two hours)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pmengine.generate import generate
from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.monitoring import services
from vik.monitoring.models import ImportRun


@pytest.fixture
def soc(db):
    return UserFactory(username="soc1", roles=[Role.SOC_ANALYST])


def _killed_run(soc, silent_for: timedelta) -> ImportRun:
    """What kill -9 leaves: a running import at 70 % whose heartbeat stopped."""
    run = ImportRun.objects.create(data_dir="week1", started_by=soc, progress=70,
                                   phase="Meldingen opslaan")
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - silent_for,
                                               started_at=timezone.now() - silent_for)
    return run


def test_a_run_whose_process_died_is_marked_failed_and_the_next_import_starts(client, soc, settings, tmp_path):
    settings.VIK_MONITOR_DATA_ROOT = tmp_path
    generate(tmp_path / "week1", 40, 1, 3, "csv")
    dead = _killed_run(soc, services.STALE_AFTER + timedelta(seconds=5))
    client.force_login(soc)
    page = client.get("/monitoring/import/").content.decode()
    dead.refresh_from_db()
    assert dead.state == ImportRun.State.FAILED and dead.finished_at is not None
    assert "afgebroken" in dead.message and "start de import opnieuw" in dead.message
    assert "Mislukt" in page
    run = services.start_import(soc, services.resolve_data_dir("week1"), background=False)
    assert run.state == ImportRun.State.DONE, run.message


def test_a_run_with_a_recent_heartbeat_still_blocks_a_second_import(soc, tmp_path):
    alive = _killed_run(soc, services.STALE_AFTER - timedelta(seconds=30))
    with pytest.raises(services.DomainError, match="Er loopt al een import"):
        services.start_import(soc, tmp_path, background=False)
    alive.refresh_from_db()
    assert alive.state == ImportRun.State.RUNNING


def test_the_progress_page_shows_a_dead_run_as_failed(client, soc):
    dead = _killed_run(soc, timedelta(hours=1))
    client.force_login(soc)
    response = client.get(f"/monitoring/import/{dead.pk}/")
    assert response.status_code == 200
    assert "Afgebroken" in response.content.decode()


def test_a_running_import_writes_its_heartbeat(transactional_db, soc, settings, tmp_path, monkeypatch):
    settings.VIK_MONITOR_DATA_ROOT = tmp_path
    generate(tmp_path / "week1", 40, 1, 3, "csv")
    seen = []
    original = services._run_import

    def spy(run_id):
        seen.append(ImportRun.objects.get(pk=run_id).heartbeat_at)
        original(run_id)

    monkeypatch.setattr(services, "_run_import", spy)
    run = services.start_import(soc, services.resolve_data_dir("week1"), background=False)
    assert run.state == ImportRun.State.DONE
    assert seen and seen[0] is not None
    assert timezone.now() - seen[0] < timedelta(minutes=1)
