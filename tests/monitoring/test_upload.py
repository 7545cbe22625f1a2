"""Issue 12: the import takes uploaded files (separate tables and/or a zip) instead of a server
path; names, sizes and formats are checked, contract errors name file, line and column."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmengine.generate import generate
from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.monitoring import services
from vik.monitoring.models import ImportRun


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate(out, 60, 1, 3, "csv")
    return out


@pytest.fixture
def soc(db):
    return UserFactory(username="soc1", roles=[Role.SOC_ANALYST])


def _files(world: Path, names=None) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(world.glob("*.csv"))
            if names is None or p.stem in names]


def _zip(world: Path, folder: str = "") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(world.glob("*.csv")):
            archive.write(path, f"{folder}{path.name}")
    return SimpleUploadedFile("wereld.zip", buffer.getvalue(), content_type="application/zip")


def test_upload_of_separate_tables_imports_with_progress(client, soc, world, settings):
    client.force_login(soc)
    assert 'type="file"' in client.get("/monitoring/import/").content.decode()
    response = client.post("/monitoring/import/", {"files": _files(world)})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert response["Location"] == f"/monitoring/import/{run.pk}/"
    stored = Path(run.data_dir)
    root = Path(settings.VIK_MONITOR_DATA_ROOT).resolve()
    assert stored.resolve().parent == root and stored.name.startswith("upload-")
    assert {p.name for p in stored.iterdir()} == {p.name for p in world.glob("*.csv")}
    services.run_import(run.pk)  # the background thread's work (no thread inside a test)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.alert_count > 0
    page = client.get(f"/monitoring/import/{run.pk}/").content.decode()
    assert "<progress" in page and str(root) not in page


def test_upload_of_a_zip_with_a_folder(client, soc, world):
    client.force_login(soc)
    response = client.post("/monitoring/import/", {"files": [_zip(world, "wereld/")]})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    services.run_import(run.pk)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE, run.message


def test_each_upload_goes_to_a_fresh_directory(client, soc, world):
    client.force_login(soc)
    client.post("/monitoring/import/", {"files": _files(world)})
    ImportRun.objects.update(state=ImportRun.State.DONE)
    lines = (world / "query_log.csv").read_text().splitlines()
    shorter = SimpleUploadedFile("query_log.csv", "\n".join(lines[:-1]).encode())
    client.post("/monitoring/import/", {"files": [shorter, *_files(world, ["employees"])]})
    first, second = ImportRun.objects.order_by("pk")
    assert first.data_dir != second.data_dir


def test_the_same_files_uploaded_again_are_refused_and_leave_nothing(client, soc, world, settings):
    """Tester t40: the same week uploaded four times made four runs of one period."""
    client.force_login(soc)
    client.post("/monitoring/import/", {"files": _files(world)})
    ImportRun.objects.update(state=ImportRun.State.DONE)
    dirs = sorted(p.name for p in Path(settings.VIK_MONITOR_DATA_ROOT).iterdir())
    again = client.post("/monitoring/import/", {"files": [_zip(world)]})
    assert again.status_code == 400 and "al ingelezen" in again.content.decode()
    assert ImportRun.objects.count() == 1
    assert sorted(p.name for p in Path(settings.VIK_MONITOR_DATA_ROOT).iterdir()) == dirs


def test_an_empty_file_is_named(client, soc, world):
    client.force_login(soc)
    response = client.post("/monitoring/import/", {"files": [SimpleUploadedFile("query_log.csv", b""),
                                                             *_files(world, ["employees"])]})
    assert response.status_code == 400 and "Het bestand query_log.csv is leeg." in response.content.decode()


def test_broken_table_fails_naming_file_line_and_column(client, soc, world):
    client.force_login(soc)
    lines = (world / "query_log.csv").read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("ts")] = "gisteren"
    broken = SimpleUploadedFile("query_log.csv", "\n".join([lines[0], ",".join(row)]).encode())
    response = client.post("/monitoring/import/", {"files": [broken, *_files(world, ["employees"])]})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    services.run_import(run.pk)
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert "query_log.csv, regel 2, kolom 'ts'" in run.message
    assert "gisteren" in run.message and run.data_dir not in run.message
    page = client.get(f"/monitoring/import/{run.pk}/").content.decode()
    assert "regel 2" in page and "<progress" in page


@pytest.mark.parametrize(("upload", "expected"), [
    (SimpleUploadedFile("wachtwoorden.txt", b"geheim"), "wachtwoorden.txt: onbekende bestandsnaam"),
    (SimpleUploadedFile("bursts.jsonl", b"{}"), "optioneel: shifts, registrations"),
    (SimpleUploadedFile("query_log.parquet", b"event_id,ts\n"), "geen Parquet-bestand"),
    (SimpleUploadedFile("query_log.csv", b"\x00\x01\x02"), "geen tekstbestand"),
    (SimpleUploadedFile("query_log.csv", b"event_id,ts\nE1,\xff\xfe\xfa"),
     "query_log.csv: regel 2: de tekst is niet in UTF-8"),
    (SimpleUploadedFile("wereld.zip", b"PK nope"), "wereld.zip is geen geldig zip-bestand"),
])
def test_wrong_files_are_refused_with_a_dutch_message(client, soc, upload, expected):
    client.force_login(soc)
    response = client.post("/monitoring/import/", {"files": [upload]})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not ImportRun.objects.exists()


def test_missing_required_table_and_duplicates_are_named(client, soc, world):
    client.force_login(soc)
    response = client.post("/monitoring/import/", {"files": _files(world, ["query_log"])})
    assert response.status_code == 400
    assert "De verplichte tabel employees ontbreekt" in response.content.decode()
    response = client.post("/monitoring/import/", {"files": [*_files(world), _zip(world)]})
    assert "zit er twee keer in" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_zip_with_paths_outside_or_too_large_is_refused(client, soc, world, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/query_log.csv", "x")
    client.force_login(soc)
    response = client.post("/monitoring/import/",
                           {"files": [SimpleUploadedFile("kwaad.zip", buffer.getvalue())]})
    assert response.status_code == 400 and "in één map" in response.content.decode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(101):
            archive.writestr(f"map{i}/query_log.csv", "x")
    response = client.post("/monitoring/import/",
                           {"files": [SimpleUploadedFile("veel.zip", buffer.getvalue())]})
    assert response.status_code == 400 and "bevat 101 bestanden" in response.content.decode()
    settings.VIK_MONITOR_UPLOAD_MAX_BYTES = 100
    response = client.post("/monitoring/import/", {"files": _files(world)})
    assert response.status_code == 400 and "te groot" in response.content.decode()
    response = client.post("/monitoring/import/", {"files": [_zip(world)]})
    assert response.status_code == 400 and "te groot" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_no_files_gives_a_dutch_message(client, soc):
    client.force_login(soc)
    response = client.post("/monitoring/import/", {})
    assert response.status_code == 400
    assert "Kies de bestanden" in response.content.decode()


def test_upload_is_refused_while_an_import_runs(client, soc, world):
    ImportRun.objects.create(data_dir="x", started_by=soc)
    client.force_login(soc)
    response = client.post("/monitoring/import/", {"files": _files(world)})
    assert response.status_code == 400 and "Er loopt al een import" in response.content.decode()
    assert ImportRun.objects.count() == 1


def test_others_cannot_upload(client, org, world):
    client.force_login(org.policy)
    assert client.post("/monitoring/import/", {"files": _files(world)}).status_code == 404
    assert not ImportRun.objects.exists()
