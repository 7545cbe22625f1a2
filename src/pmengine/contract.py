"""The data contract at the edge: load, validate and write the input tables.

This module owns the mapping between the files in a data directory (``<table>.parquet``,
``<table>.csv`` or ``<table>.jsonl``) and typed Polars frames. Everything past this module works on
frames with these guarantees: ids are strings, timestamps are ``Datetime("us", "UTC")``, booleans
are booleans, required values are present and ``query_log.event_id`` is unique. Malformed input
raises :class:`~pmengine.errors.ContractError` naming file, row/line and column.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import polars as pl

from pmengine.errors import ContractError

Kind = Literal["str", "ts", "bool", "int"]
Format = Literal["parquet", "csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("parquet", "csv", "jsonl")
TS = pl.Datetime("us", "UTC")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    nullable: bool = False


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "query_log": (
        Column("event_id", "str"),
        Column("ts", "ts"),
        Column("user_id", "str"),
        Column("system", "str"),
        Column("action", "str"),
        Column("subject_type", "str"),
        Column("subject_id", "str", True),
        Column("query_text", "str", True),
        Column("result_count", "int", True),
        Column("purpose", "str", True),
    ),
    "employees": (
        Column("user_id", "str"),
        Column("unit", "str"),
        Column("district", "str"),
        Column("region", "str"),
        Column("role", "str"),
        Column("home_postcode", "str", True),
        Column("home_address_id", "str", True),
        Column("surname_key", "str", True),
        Column("active_from", "ts"),
        Column("active_to", "ts", True),
    ),
    "shifts": (Column("user_id", "str"), Column("start", "ts"), Column("end", "ts")),
    "registrations": (
        Column("registration_id", "str"),
        Column("kind", "str"),
        Column("unit", "str"),
        Column("opened", "ts"),
        Column("closed", "ts", True),
        Column("restricted", "bool"),
    ),
    "registration_subjects": (
        Column("registration_id", "str"),
        Column("subject_type", "str"),
        Column("subject_id", "str"),
    ),
    "registration_officers": (
        Column("registration_id", "str"),
        Column("user_id", "str"),
        Column("from", "ts"),
        Column("to", "ts", True),
    ),
    "subjects": (
        Column("subject_type", "str"),
        Column("subject_id", "str"),
        Column("surname_key", "str", True),
        Column("address_id", "str", True),
        Column("postcode", "str", True),
        Column("high_profile", "bool"),
        Column("employee_user_id", "str", True),
    ),
    "declared_relations": (
        Column("user_id", "str"),
        Column("subject_type", "str"),
        Column("subject_id", "str"),
        Column("relation", "str"),
    ),
}
REQUIRED_TABLES = ("query_log", "employees")
OPTIONAL_TABLES = tuple(t for t in SCHEMAS if t not in REQUIRED_TABLES)
ACTIONS = ("search", "view", "print", "export")
SUBJECT_TYPES = ("person", "vehicle", "address", "registration", "free_text")
_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("query_log", "action"): ACTIONS,
    ("query_log", "subject_type"): SUBJECT_TYPES,
}
_UNIQUE: dict[str, tuple[str, ...]] = {
    "query_log": ("event_id",),
    "employees": ("user_id",),
    "registrations": ("registration_id",),
    "subjects": ("subject_type", "subject_id"),
}
# The column every reader adds (and :func:`typed` drops): the 1-based physical line of a record
# in a CSV/JSONL file (header = line 1) or its 1-based row in Parquet, Int64, for error messages.
LINE = "__line__"
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%z"
_TRUE = ["true", "t", "1"]
_FALSE = ["false", "f", "0"]


@dataclass(frozen=True)
class Dataset:
    """All contract tables as typed frames; absent optional tables are empty frames."""

    query_log: pl.DataFrame
    employees: pl.DataFrame
    shifts: pl.DataFrame
    registrations: pl.DataFrame
    registration_subjects: pl.DataFrame
    registration_officers: pl.DataFrame
    subjects: pl.DataFrame
    declared_relations: pl.DataFrame
    present: frozenset[str]

    def table(self, name: str) -> pl.DataFrame:
        frame: pl.DataFrame = getattr(self, name)
        return frame


def polars_dtype(kind: Kind) -> pl.DataType:
    if kind == "ts":
        return TS
    if kind == "bool":
        return pl.Boolean()
    if kind == "int":
        return pl.Int64()
    return pl.String()


def empty_table(name: str) -> pl.DataFrame:
    return pl.DataFrame(schema={c.name: polars_dtype(c.kind) for c in SCHEMAS[name]})


def from_frames(tables: Mapping[str, pl.DataFrame]) -> Dataset:
    """Build a :class:`Dataset` from frames that already have contract types (tests, web app).

    Missing optional tables become empty; the frames are validated like files are, so the web app
    gets the same Dutch error messages.
    """
    frames: dict[str, pl.DataFrame] = {}
    for name in SCHEMAS:
        if name in tables:
            raw = tables[name].with_row_index(LINE, offset=1).with_columns(pl.col(LINE).cast(pl.Int64))
            frames[name] = typed(raw, name, f"<{name}>", "rij")
        elif name in REQUIRED_TABLES:
            raise ContractError("verplichte tabel ontbreekt", file=f"<{name}>")
        else:
            frames[name] = empty_table(name)
    return Dataset(**frames, present=frozenset(n for n in SCHEMAS if n in tables))


def find_table_file(data_dir: Path, name: str) -> Path | None:
    found = [data_dir / f"{name}.{fmt}" for fmt in FORMATS if (data_dir / f"{name}.{fmt}").exists()]
    if len(found) > 1:
        raw = ", ".join(p.name for p in found)
        raise ContractError(
            f"tabel '{name}' staat in meer dan één formaat ({raw}); laat er één staan", file=str(data_dir)
        )
    return found[0] if found else None


def load_dataset(data_dir: str | os.PathLike[str]) -> Dataset:
    """Load and validate every contract table in ``data_dir``."""
    root = Path(data_dir)
    if not root.is_dir():
        raise ContractError("map met invoergegevens bestaat niet", file=str(root))
    frames: dict[str, pl.DataFrame] = {}
    present: set[str] = set()
    for name in SCHEMAS:
        path = find_table_file(root, name)
        if path is None:
            if name in REQUIRED_TABLES:
                raise ContractError(
                    f"verplichte tabel '{name}' ontbreekt (verwacht {name}.parquet, {name}.csv of {name}.jsonl)",
                    file=str(root / name),
                )
            frames[name] = empty_table(name)
            continue
        frames[name] = load_table(path, name)
        present.add(name)
    return Dataset(**frames, present=frozenset(present))


def load_table(path: Path, name: str) -> pl.DataFrame:
    """Read one table file of any contract format and return it typed and validated."""
    suffix = path.suffix.lstrip(".")
    if suffix == "parquet":
        raw, label = _read_parquet(path, name), "rij"
    elif suffix == "csv":
        raw, label = _read_csv(path, name), "regel"
    elif suffix == "jsonl":
        raw, label = _read_jsonl(path, name), "regel"
    else:
        raise ContractError(f"onbekend bestandsformaat '.{suffix}'", file=str(path))
    return typed(raw, name, str(path), label)


# -- readers: each returns the contract columns plus a line/row number column -----------------


def check_columns(present: list[str], name: str, file: str) -> None:
    """Raise :class:`ContractError` (naming ``file`` and the first missing column) unless every column
    of table ``name`` is in ``present``; extra columns are allowed."""
    missing = [c.name for c in SCHEMAS[name] if c.name not in present]
    if missing:
        raise ContractError(
            f"verplichte kolom ontbreekt (ontbrekend: {', '.join(missing)})", file=file, column=missing[0], row=None
        )


_SEPARATORS = (",", ";", "\t")


def _separator(path: Path, name: str, file: str) -> str:
    """The contract's ``,``; a ``;`` (Excel with a Dutch locale) or tab is accepted when the header
    splits into the contract's columns with it and not with a comma."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError(f"CSV-bestand is niet leesbaar ({exc})", file=file, row=1, row_label="regel") from exc
    wanted = {c.name for c in SCHEMAS[name]}
    for sep in _SEPARATORS:
        if wanted <= {field.strip().strip('"') for field in first.rstrip("\r\n").split(sep)}:
            return sep
    return ","


_CSV_MESSAGES = {
    "unexpected end of data": "een veld tussen aanhalingstekens wordt niet afgesloten (ontbrekend \")",
    "expected after": "na een afsluitend aanhalingsteken hoort een scheidingsteken of het einde van de regel",
    "field larger than field limit": "een veld is groter dan 128 kB",
    "new-line character seen in unquoted field": "een regeleinde midden in een veld zonder aanhalingstekens",
    "line contains nul": "de regel bevat een NUL-teken (geen tekstbestand?)",
}


def _csv_message(error: str) -> str:
    """Python's CSV reader speaks English; say what is wrong in Dutch (the original stays in the log)."""
    for key, dutch in _CSV_MESSAGES.items():
        if key in error.lower():
            return f"ongeldige CSV: {dutch}"
    return "ongeldige CSV: het bestand volgt de CSV-opmaak niet"


def _csv_structure_error(path: Path, sep: str, width: int) -> ContractError | None:
    """Find, with Python's own CSV reader, the physical line where a file stops being CSV of
    ``width`` fields (Polars does not say where); None when it finds nothing wrong."""
    file = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=sep, strict=True)
            start = 1
            for record in reader:
                if record and len(record) != width:
                    return ContractError(f"regel heeft {len(record)} velden, de kop {width}", file=file,
                                         row=start, row_label="regel")
                start = reader.line_num + 1
    except csv.Error as exc:
        return ContractError(_csv_message(str(exc)), file=file, row=start, row_label="regel")
    except UnicodeDecodeError:
        return ContractError("bestand is geen geldige UTF-8-tekst", file=file)
    return None


def _read_csv(path: Path, name: str) -> pl.DataFrame:
    """Read a CSV table with every column as text, plus the *physical* line each record starts on.

    Writers differ: Excel adds a byte-order mark and may use ``;``; PostgreSQL's COPY and most
    libraries quote fields with line breaks (a ``query_text`` typed over two lines), so a record
    may span several physical lines. An error must name the line an editor shows, so the line of
    each record is the header's line plus the physical lines of the records before it.
    """
    file = str(path)
    sep = _separator(path, name, file)
    try:
        header = pl.read_csv(path, n_rows=0, infer_schema=False, separator=sep).columns
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise ContractError(f"CSV-bestand is niet leesbaar ({exc})", file=file) from exc
    header = [h.strip() for h in header]
    check_columns(header, name, file)
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8", separator=sep, new_columns=header)
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise _csv_structure_error(path, sep, len(header)) or ContractError(
            f"CSV-bestand is niet leesbaar ({exc})", file=file
        ) from exc
    wanted = [c.name for c in SCHEMAS[name]]
    header_lines = 1 + sum(h.count("\n") for h in header)
    if frame.height == 0:
        return frame.select(wanted).with_columns(pl.lit(0, pl.Int64).alias(LINE)).clear()
    # Physical lines of each record: one, plus the line breaks inside its quoted fields.
    spans = pl.sum_horizontal(
        [pl.col(c).str.count_matches("\n").fill_null(0) for c in frame.columns]
    ).cast(pl.Int64) + 1
    line = (pl.lit(header_lines + 1, pl.Int64) + spans.cum_sum() - spans).alias(LINE)
    return frame.select(*wanted, line)


def _json_scalar(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise TypeError(type(value).__name__)


def _lines(handle: Iterator[bytes], file: str) -> Iterator[str]:
    """The physical lines of a UTF-8 file, decoded one by one so that a byte that is not UTF-8 is
    reported on its own line; a byte-order mark (Windows editors, PowerShell) is dropped."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ContractError("bestand is geen geldige UTF-8-tekst", file=file, row=number,
                                row_label="regel") from exc


def _read_jsonl(path: Path, name: str) -> pl.DataFrame:
    file = str(path)
    wanted = [c.name for c in SCHEMAS[name]]
    columns: dict[str, list[str | None]] = {c: [] for c in wanted}
    lines: list[int] = []
    seen_keys: set[str] = set()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ContractError(f"JSONL-bestand is niet leesbaar ({exc})", file=file) from exc
    with handle:
        for number, text in enumerate(_lines(handle, file), start=1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ContractError(f"geen geldige JSON ({exc.msg})", file=file, row=number) from exc
            if not isinstance(obj, dict):
                raise ContractError("regel is geen JSON-object", file=file, row=number)
            for col in wanted:
                if col not in obj:
                    raise ContractError("verplichte kolom ontbreekt in dit object", file=file, row=number, column=col)
                try:
                    columns[col].append(_json_scalar(obj[col]))
                except TypeError as exc:
                    raise ContractError(
                        "waarde moet een tekst, getal, boolean of null zijn", file=file, row=number, column=col
                    ) from exc
            seen_keys.update(obj)
            lines.append(number)
    if not lines:
        # An empty file has no objects to name missing columns in; it is a valid empty table.
        return (
            empty_table(name)
            .cast({c: pl.String for c in wanted})
            .with_columns(pl.lit(0, pl.Int64).alias(LINE))
            .clear()
        )
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in columns.items()})
    return frame.with_columns(pl.Series(LINE, lines, dtype=pl.Int64))


def _read_parquet(path: Path, name: str) -> pl.DataFrame:
    file = str(path)
    try:
        schema = pl.read_parquet_schema(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ContractError(f"Parquet-bestand is niet leesbaar ({exc})", file=file) from exc
    check_columns(list(schema), name, file)
    wanted = [c.name for c in SCHEMAS[name]]
    try:
        frame = pl.read_parquet(path, columns=wanted)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ContractError(f"Parquet-bestand is niet leesbaar ({exc})", file=file) from exc
    return frame.with_row_index(LINE, offset=1).with_columns(pl.col(LINE).cast(pl.Int64))


# -- typing and validation ------------------------------------------------------------------


def _first_bad(frame: pl.DataFrame, bad: pl.Expr, column: str) -> tuple[int, str | None] | None:
    hit = frame.lazy().filter(bad).select(LINE, pl.col(column).cast(pl.String)).head(1).collect()
    if hit.height == 0:
        return None
    line = hit.item(0, 0)
    value = hit.item(0, 1)
    return int(line), None if value is None else str(value)


def _iso_timestamp(src: pl.Expr) -> pl.Expr:
    """Every ISO-8601 spelling with an offset that common writers produce, in one canonical form
    (``YYYY-MM-DDTHH:MM:SS[.f]+HH:MM``): a space or ``t`` between date and time (PostgreSQL,
    pandas), ``Z``/``z`` for UTC, an hour-only offset ``+01`` (PostgreSQL) or ``+0100`` (strftime
    ``%z``), a decimal comma (ISO allows it) and minutes without seconds. A value without an offset
    stays invalid: the contract asks for one, and guessing the zone would shift lookups by hours."""
    return (
        src.str.strip_chars()
        .str.replace(r"^(\d{4}-\d{2}-\d{2})[ tT]", "${1}T")
        .str.replace(r"[zZ]$", "+00:00")
        .str.replace(r"(T\d{2}:\d{2}:\d{2}),(\d+)", "${1}.${2}")
        .str.replace(r"(T\d{2}:\d{2})([+-])", "${1}:00${2}")
        .str.replace(r"([+-]\d{2})(\d{2})$", "${1}:${2}")
        .str.replace(r"(T[\d:.]+[+-]\d{2})$", "${1}:00")
    )


def _parse_string_column(frame: pl.DataFrame, col: Column, name: str, file: str, label: str) -> pl.Expr:
    src = pl.col(col.name)
    if col.kind == "str":
        return src
    if col.kind == "ts":
        cleaned = _iso_timestamp(src)
        parsed = cleaned.str.to_datetime(format=_TS_FORMAT, strict=False, time_zone="UTC", time_unit="us")
        bad = _first_bad(frame, src.is_not_null() & parsed.is_null(), col.name)
        if bad is not None:
            raise ContractError(
                f"ongeldige tijdstempel '{bad[1]}' (verwacht ISO-8601 met tijdzone, bijv. 2026-03-02T14:05:11+01:00)",
                file=file,
                row=bad[0],
                column=col.name,
                row_label=label,
            )
        return parsed
    if col.kind == "bool":
        # true/false; PostgreSQL's COPY writes t/f, many databases 1/0.
        lowered = src.str.strip_chars().str.to_lowercase()
        bad = _first_bad(frame, src.is_not_null() & ~lowered.is_in(_TRUE + _FALSE), col.name)
        if bad is not None:
            raise ContractError(
                f"ongeldige booleaanse waarde '{bad[1]}' (verwacht true of false)",
                file=file,
                row=bad[0],
                column=col.name,
                row_label=label,
            )
        return lowered.is_in(_TRUE)
    # pandas writes an integer column with gaps as floats ("3.0"): integral values are integers.
    parsed_int = src.str.strip_chars().str.replace(r"^([+-]?\d+)\.0*$", "${1}").cast(pl.Int64, strict=False)
    bad = _first_bad(frame, src.is_not_null() & parsed_int.is_null(), col.name)
    if bad is not None:
        raise ContractError(
            f"ongeldig geheel getal '{bad[1]}'", file=file, row=bad[0], column=col.name, row_label=label
        )
    return parsed_int


def _column_expr(frame: pl.DataFrame, col: Column, name: str, file: str, label: str) -> pl.Expr:
    dtype = frame.schema[col.name]
    if dtype == pl.String or dtype == pl.Null:
        return _parse_string_column(frame.with_columns(pl.col(col.name).cast(pl.String)), col, name, file, label).cast(
            polars_dtype(col.kind)
        )
    if col.kind == "str":
        if dtype.is_integer() or dtype == pl.Categorical or dtype == pl.Enum:
            return pl.col(col.name).cast(pl.String)
    elif col.kind == "ts":
        if isinstance(dtype, pl.Datetime):
            if dtype.time_zone is None:
                raise ContractError(
                    "tijdstempelkolom heeft geen tijdzone (het contract vraagt tijdstempels met tijdzone)",
                    file=file,
                    column=col.name,
                )
            return pl.col(col.name).dt.convert_time_zone("UTC").dt.cast_time_unit("us")
    elif col.kind == "bool":
        if dtype == pl.Boolean:
            return pl.col(col.name)
        if dtype.is_integer():
            bad = _first_bad(frame, ~pl.col(col.name).is_in([0, 1]), col.name)
            if bad is not None:
                raise ContractError(f"ongeldige booleaanse waarde '{bad[1]}' (verwacht true of false)",
                                    file=file, row=bad[0], column=col.name, row_label=label)
            return pl.col(col.name) == 1
    elif dtype.is_integer():
        return pl.col(col.name).cast(pl.Int64)
    raise ContractError(f"kolom heeft type {dtype}, verwacht {col.kind}", file=file, column=col.name)


TS_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
TS_LATEST = datetime(2100, 1, 1, tzinfo=UTC)


# The longest text one field of the contract may hold (a query text, an id, a unit's name).
MAX_TEXT_CHARS = 10_000


def typed(raw: pl.DataFrame, name: str, file: str, label: str) -> pl.DataFrame:
    """Table ``name`` with the contract's types from ``raw`` as a reader produced it, validated.

    ``raw`` holds at least the contract's columns (any spelling the readers accept: strings or
    native types) and :data:`LINE`; the result holds exactly the contract's columns, typed
    (timestamps UTC), in contract order, without :data:`LINE`. Raises :class:`ContractError` naming
    ``file``, the line or row (``label``: ``"regel"`` or ``"rij"``, with the number from
    :data:`LINE`) and the column for the first missing column, unreadable or missing required value,
    value outside the allowed set, timestamp outside 1970-2099, text longer than
    :data:`MAX_TEXT_CHARS`, shift ending before it starts, or duplicate key.
    """
    schema = SCHEMAS[name]
    check_columns(raw.columns, name, file)
    exprs = [_column_expr(raw, col, name, file, label).alias(col.name) for col in schema]
    frame = raw.select(*exprs, pl.col(LINE))
    for col in schema:
        if not col.nullable:
            bad = _first_bad(frame, pl.col(col.name).is_null(), col.name)
            if bad is not None:
                raise ContractError(
                    "verplichte waarde ontbreekt (leeg)", file=file, row=bad[0], column=col.name, row_label=label
                )
    for (table, column), allowed in _ENUMS.items():
        if table == name:
            bad = _first_bad(frame, ~pl.col(column).is_in(list(allowed)), column)
            if bad is not None:
                raise ContractError(
                    f"onbekende waarde '{bad[1]}' (toegestaan: {', '.join(allowed)})",
                    file=file,
                    row=bad[0],
                    column=column,
                    row_label=label,
                )
    for col in schema:
        if col.kind == "ts":
            # A police audit log holds no lookups before 1970 or after 2099: such a value is a
            # writer's sentinel (9999-12-31, 0001-01-01) and would overflow the engine's date sums.
            outside = (pl.col(col.name) < TS_EARLIEST) | (pl.col(col.name) >= TS_LATEST)
            bad = _first_bad(frame, outside, col.name)
            if bad is not None:
                raise ContractError(
                    f"tijdstempel '{bad[1]}' valt buiten het bereik 1970 tot en met 2099",
                    file=file,
                    row=bad[0],
                    column=col.name,
                    row_label=label,
                )
    for col in schema:
        if col.kind == "str":
            # A text of megabytes in one field (a query text or an id) is no audit record but a
            # writer's fault; it would be carried through every stage and stored in the review's
            # timeline (tester t40 imported a 20 MB query_text without a word).
            too_long = pl.col(col.name).str.len_chars() > MAX_TEXT_CHARS
            hit = frame.lazy().filter(too_long).select(LINE, pl.col(col.name).str.len_chars()).head(1).collect()
            if hit.height:
                raise ContractError(
                    f"tekst is te lang ({hit.item(0, 1):,} tekens; maximaal {MAX_TEXT_CHARS:,})".replace(",", "."),
                    file=file,
                    row=int(hit.item(0, 0)),
                    column=col.name,
                    row_label=label,
                )
    if name == "shifts":
        bad = _first_bad(frame, pl.col("end") < pl.col("start"), "end")
        if bad is not None:
            raise ContractError(
                "einde van de dienst ligt voor het begin", file=file, row=bad[0], column="end", row_label=label
            )
    if name in _UNIQUE:
        keys = list(_UNIQUE[name])
        dup = (
            frame.lazy()
            .filter(pl.struct(keys).is_duplicated())
            .group_by(keys)
            .agg(pl.col(LINE).sort().head(2))
            .sort(pl.col(LINE).list.get(1))
            .head(1)
            .collect()
        )
        if dup.height:
            lines = dup.item(0, LINE).to_list()
            value = "/".join(str(dup.item(0, k)) for k in keys)
            raise ContractError(
                f"waarde '{value}' komt meer dan eens voor (ook op {label} {lines[0]}); deze moet uniek zijn",
                file=file,
                row=int(lines[1]),
                column=keys[-1],
                row_label=label,
            )
    return frame.drop(LINE)


# -- writing ----------------------------------------------------------------------------------


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _for_text(frame: pl.DataFrame, tz: str) -> pl.DataFrame:
    ts_cols = [n for n, d in frame.schema.items() if isinstance(d, pl.Datetime)]
    return frame.with_columns(pl.col(c).dt.convert_time_zone(tz).dt.strftime("%Y-%m-%dT%H:%M:%S%:z") for c in ts_cols)


def write_table(frame: pl.DataFrame, path: Path, fmt: Format, tz: str = "Europe/Amsterdam") -> None:
    """Write one table atomically in a contract format (timestamps with a local offset in text)."""
    with atomic_path(path) as tmp:
        if fmt == "parquet":
            frame.write_parquet(tmp)
        elif fmt == "csv":
            _for_text(frame, tz).write_csv(tmp)
        else:
            _for_text(frame, tz).write_ndjson(tmp)


def write_dataset(tables: Mapping[str, pl.DataFrame], out_dir: str | os.PathLike[str], fmt: Format) -> None:
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        for other in FORMATS:
            stale = root / f"{name}.{other}"
            if other != fmt and stale.exists():
                stale.unlink()
        write_table(frame, root / f"{name}.{fmt}", fmt)
