"""Uploaded contract tables: check names, sizes and formats, and store them in a fresh directory
under VIK_MONITOR_DATA_ROOT for the import. The tables may come as separate files
(`query_log.csv`, `employees.parquet`, ...) and/or in zip files holding such files (at the top or
in one folder). The contents are validated by the engine's contract loader during the import,
which names file, line and column."""

import codecs
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pmengine.contract import FORMATS, REQUIRED_TABLES, SCHEMAS

CHUNK = 1024 * 1024
SNIFF = 64 * 1024
MAX_ZIP_ENTRIES = 100  # tables, folders and the odd system file


def max_file_bytes() -> int:
    """Largest accepted table (uncompressed); 1 GB unless configured."""
    return int(getattr(settings, "VIK_MONITOR_UPLOAD_MAX_BYTES", 1024 ** 3))


def max_total_bytes() -> int:
    return int(getattr(settings, "VIK_MONITOR_UPLOAD_MAX_TOTAL_BYTES", 4 * 1024 ** 3))


@dataclass(frozen=True)
class Table:
    """One table to store: its contract file name and where its bytes come from."""

    name: str  # e.g. "query_log.csv"
    table: str  # e.g. "query_log"
    origin: str  # what the user uploaded, for messages: "wereld.zip: data/query_log.csv"
    size: int
    upload: object  # the UploadedFile
    member: str | None = None  # the zip member, if from a zip


def _human(size: int) -> str:
    return f"{size / 1024 ** 2:.0f} MB" if size >= 1024 ** 2 else f"{size / 1024:.0f} kB"


def _table_of(filename: str) -> tuple[str, str] | None:
    stem, dot, ext = filename.rpartition(".")
    if dot and stem in SCHEMAS and ext.lower() in FORMATS:
        return stem, ext.lower()
    return None


def _expected() -> str:
    return ", ".join(f"{t}.csv/.parquet/.jsonl" for t in REQUIRED_TABLES)


def optional_tables() -> str:
    """The contract's other tables by name, for messages and the upload form (tester t40: the
    generator's bursts.jsonl was refused and nothing said which names are accepted)."""
    return ", ".join(t for t in SCHEMAS if t not in REQUIRED_TABLES)


def _sniff(head: bytes, ext: str) -> str | None:
    """Why these first bytes cannot be a file of this format, or None."""
    if ext == "parquet":
        return None if head[:4] == b"PAR1" else _("dit is geen Parquet-bestand")
    if b"\x00" in head:
        return _("dit is geen tekstbestand (%(fmt)s verwacht)") % {"fmt": ext.upper()}
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        return _("regel %(line)d: de tekst is niet in UTF-8") % {
            "line": head[:exc.start].count(b"\n") + 1}
    return None


def _plain(upload, name: str) -> list[Table]:
    found = _table_of(name)
    if found is None:
        raise ValidationError(_(
            "%(file)s: onbekende bestandsnaam. Gebruik de tabelnaam uit het contract met .csv, "
            ".parquet of .jsonl (verplicht: %(expected)s; optioneel: %(optional)s) of een zip-bestand "
            "daarmee.") % {"file": name, "expected": _expected(), "optional": optional_tables()})
    table, ext = found
    if upload.size > max_file_bytes():
        raise ValidationError(_("%(file)s is te groot (%(size)s; maximaal %(max)s).") % {
            "file": name, "size": _human(upload.size), "max": _human(max_file_bytes())})
    if upload.size == 0:
        raise ValidationError(_("%(file)s is leeg.") % {"file": name})
    upload.seek(0)
    problem = _sniff(upload.read(SNIFF), ext)
    upload.seek(0)
    if problem:
        raise ValidationError(_("%(file)s: %(problem)s.") % {"file": name, "problem": problem})
    return [Table(f"{table}.{ext}", table, name, upload.size, upload)]


def _zipped(upload, name: str) -> list[Table]:
    try:
        upload.seek(0)
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(_("%(file)s is geen geldig zip-bestand.") % {"file": name}) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(_("%(file)s bevat %(n)d bestanden; het contract kent er %(max)d.")
                              % {"file": name, "n": len(infos), "max": len(SCHEMAS)})
    tables: list[Table] = []
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if info.is_dir() or path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        origin = f"{name}: {info.filename}"
        if path.is_absolute() or ".." in path.parts or len(path.parts) > 2:
            raise ValidationError(_(
                "%(file)s: zet de tabellen bovenaan in het zip-bestand of in één map.")
                % {"file": origin})
        found = _table_of(path.name)
        if found is None:
            raise ValidationError(_(
                "%(file)s: onbekende bestandsnaam. Gebruik de tabelnaam uit het contract met "
                ".csv, .parquet of .jsonl (verplicht: %(expected)s; optioneel: %(optional)s).")
                % {"file": origin, "expected": _expected(), "optional": optional_tables()})
        if info.flag_bits & 0x1:
            raise ValidationError(_("%(file)s is versleuteld; dat kan niet.") % {"file": origin})
        if info.file_size > max_file_bytes():
            raise ValidationError(_("%(file)s is te groot (%(size)s; maximaal %(max)s).") % {
                "file": origin, "size": _human(info.file_size), "max": _human(max_file_bytes())})
        if info.file_size == 0:
            raise ValidationError(_("%(file)s is leeg.") % {"file": origin})
        try:
            with archive.open(info) as member:
                head = member.read(SNIFF)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ValidationError(_("%(file)s is niet te lezen uit het zip-bestand.")
                                  % {"file": origin}) from exc
        problem = _sniff(head, found[1])
        if problem:
            raise ValidationError(_("%(file)s: %(problem)s.") % {"file": origin,
                                                                "problem": problem})
        tables.append(Table(f"{found[0]}.{found[1]}", found[0], origin, info.file_size, upload,
                            info.filename))
    if not tables:
        raise ValidationError(_("%(file)s bevat geen tabellen uit het contract.") % {"file": name})
    return tables


def check(uploads: Iterable) -> list[Table]:
    """Every table in the upload, checked; a ValidationError (Dutch, naming the file) if not."""
    tables: list[Table] = []
    errors: list[str] = []
    for upload in uploads:
        name = PurePosixPath(str(upload.name).replace("\\", "/")).name
        try:
            if name.lower().endswith(".zip"):
                tables.extend(_zipped(upload, name))
            else:
                tables.extend(_plain(upload, name))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    by_table: dict[str, Table] = {}
    for table in tables:
        if table.table in by_table:
            errors.append(_("De tabel %(table)s zit er twee keer in (%(a)s en %(b)s).") % {
                "table": table.table, "a": by_table[table.table].origin, "b": table.origin})
        by_table[table.table] = table
    for required in REQUIRED_TABLES:
        if required not in by_table:
            errors.append(_("De verplichte tabel %(table)s ontbreekt (%(table)s.csv, "
                            "%(table)s.parquet of %(table)s.jsonl).") % {"table": required})
    total = sum(t.size for t in tables)
    if total > max_total_bytes():
        errors.append(_("Samen zijn de bestanden te groot (%(size)s; maximaal %(max)s).") % {
            "size": _human(total), "max": _human(max_total_bytes())})
    if errors:
        raise ValidationError({"files": errors})
    return tables


def _copy(source, target: Path, limit: int, origin: str) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > limit:  # a zip may state a smaller size than it unpacks to
                raise ValidationError({"files": [
                    _("%(file)s is te groot (maximaal %(max)s).") % {
                        "file": origin, "max": _human(max_file_bytes())}]})
            out.write(chunk)


def store(tables: list[Table]) -> Path:
    """Write checked tables to a fresh directory under the monitoring data root."""
    root = Path(settings.VIK_MONITOR_DATA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(
        prefix=f"upload-{timezone.localtime():%Y%m%d-%H%M%S}-", dir=root))
    try:
        for table in tables:
            if table.member is None:
                table.upload.seek(0)
                _copy(table.upload, target / table.name, max_file_bytes(), table.origin)
            else:
                table.upload.seek(0)
                with zipfile.ZipFile(table.upload) as archive, archive.open(table.member) as src:
                    _copy(src, target / table.name, max_file_bytes(), table.origin)
    except ValidationError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise ValidationError({"files": [_("De bestanden konden niet worden opgeslagen; "
                                           "probeer het opnieuw.")]}) from exc
    return target
