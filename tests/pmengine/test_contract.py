"""The data contract: every malformed-input case stops with file, row and column named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from pmengine.contract import load_dataset, write_dataset
from pmengine.errors import ContractError
from pmengine.generate import generate_world

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def world_tables() -> dict[str, pl.DataFrame]:
    return generate_world(40, 1, seed=3).tables


def write(tmp: Path, tables: dict[str, pl.DataFrame], fmt: str) -> Path:
    write_dataset(tables, tmp, fmt)  # type: ignore[arg-type]
    return tmp


def test_three_formats_load_identically(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    loaded = {fmt: load_dataset(write(tmp_path / fmt, world_tables, fmt)) for fmt in ("parquet", "csv", "jsonl")}
    for name in world_tables:
        ref = loaded["parquet"].table(name)
        for fmt in ("csv", "jsonl"):
            assert loaded[fmt].table(name).equals(ref), (name, fmt)


def test_missing_required_table(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    write(tmp_path, {k: v for k, v in world_tables.items() if k != "employees"}, "csv")
    with pytest.raises(ContractError) as err:
        load_dataset(tmp_path)
    assert "employees" in str(err.value)


def test_optional_tables_may_be_absent(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    write(tmp_path, {k: world_tables[k] for k in ("query_log", "employees")}, "parquet")
    ds = load_dataset(tmp_path)
    assert ds.shifts.height == 0 and ds.present == {"query_log", "employees"}


def _csv(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> Path:
    return write(tmp_path, world_tables, "csv")


def _replace_line(path: Path, line_no: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_missing_column(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    write(tmp_path, {**world_tables, "query_log": world_tables["query_log"].drop("action")}, "csv")
    with pytest.raises(ContractError) as err:
        load_dataset(tmp_path)
    assert err.value.column == "action" and err.value.file.endswith("query_log.csv")


def test_bad_timestamp_names_file_line_column(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    root = _csv(tmp_path, world_tables)
    path = root / "query_log.csv"
    first_ts = path.read_text().splitlines()[3].split(",")[1]
    _replace_line(path, 4, first_ts, "2026-13-45 nope")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 4, "ts")
    assert "regel 4" in str(err.value) and "tijdstempel" in str(err.value)


@pytest.mark.parametrize("sentinel", ["9999-12-31 23:59:59Z", "0001-01-01 00:00:00Z"])
def test_a_sentinel_timestamp_is_named_not_an_overflow(
    tmp_path: Path, world_tables: dict[str, pl.DataFrame], sentinel: str
) -> None:
    """A newcomer's upload with 9999-12-31 ended in "Onverwachte fout: OverflowError"."""
    root = _csv(tmp_path, world_tables)
    path = root / "query_log.csv"
    first_ts = path.read_text().splitlines()[3].split(",")[1]
    _replace_line(path, 4, first_ts, sentinel)
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (4, "ts")
    assert "buiten het bereik 1970 tot en met 2099" in str(err.value)


def test_timestamp_without_offset_is_rejected(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    root = _csv(tmp_path, world_tables)
    path = root / "query_log.csv"
    first_ts = path.read_text().splitlines()[1].split(",")[1]
    _replace_line(path, 2, first_ts, first_ts[:19])
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert err.value.row == 2 and err.value.column == "ts"


def test_duplicate_event_id(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    q = world_tables["query_log"]
    dup = q.with_columns(
        pl.when(pl.int_range(pl.len()) == 5)
        .then(pl.lit(q["event_id"][2]))
        .otherwise(pl.col("event_id"))
        .alias("event_id")
    )
    root = write(tmp_path, {**world_tables, "query_log": dup}, "jsonl")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert err.value.column == "event_id" and err.value.row == 6
    assert "regel 3" in str(err.value)


def test_bad_boolean(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    root = _csv(tmp_path, world_tables)
    path = root / "subjects.csv"
    _replace_line(path, 3, "false", "misschien")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (3, "high_profile")


def test_bad_integer_and_enum(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    root = write(tmp_path, world_tables, "jsonl")
    path = root / "query_log.jsonl"
    lines = path.read_text().splitlines()
    obj = json.loads(lines[1])
    obj["result_count"] = "veel"
    lines[1] = json.dumps(obj)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (2, "result_count")
    obj["result_count"] = 3
    obj["action"] = "delete"
    lines[1] = json.dumps(obj)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (2, "action")


def test_missing_required_value_and_bad_json(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    root = write(tmp_path, world_tables, "jsonl")
    path = root / "employees.jsonl"
    lines = path.read_text().splitlines()
    obj = json.loads(lines[2])
    obj["role"] = None
    lines[2] = json.dumps(obj)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (3, "role")
    lines[2] = "{niet json"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert err.value.row == 3


def test_parquet_naive_timestamp_and_row_label(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    naive = world_tables["shifts"].with_columns(pl.col("start").dt.replace_time_zone(None))
    root = write(tmp_path, {**world_tables, "shifts": naive}, "parquet")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert err.value.column == "start" and "tijdzone" in str(err.value)


def test_two_formats_of_one_table(tmp_path: Path, world_tables: dict[str, pl.DataFrame]) -> None:
    root = write(tmp_path, world_tables, "parquet")
    shutil.copy(root / "employees.parquet", root / "employees.csv")
    with pytest.raises(ContractError):
        load_dataset(root)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_text_of_megabytes_is_refused_with_file_line_and_column(
    tmp_path: Path, world_tables: dict[str, pl.DataFrame], fmt: str
) -> None:
    """Tester t40 imported a query_text of 20 MB without a word; it went into the review's
    timeline. The message names the length, not the text."""
    from pmengine.contract import MAX_TEXT_CHARS

    log = world_tables["query_log"]
    long = "x" * (MAX_TEXT_CHARS + 1)
    tables = {**world_tables, "query_log": log.with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(pl.lit(long)).otherwise(pl.col("query_text")).alias("query_text"))}
    root = write(tmp_path, tables, fmt)
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert err.value.column == "query_text" and err.value.row == (4 if fmt == "csv" else 3)  # CSV: header is line 1
    assert "te lang (10.001 tekens; maximaal 10.000)" in str(err.value) and long not in str(err.value)
