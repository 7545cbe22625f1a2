"""Every spelling of the contract's types that a common writer produces is read the same way, and
what is refused names the file, the physical line an editor shows, and the column.

The three examples of issue 13 (PostgreSQL's hour-only offset, a JSONL file with a byte-order
mark, a CSV record with a line break in a quoted field) failed on the previous reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmengine.contract import load_dataset, load_table
from pmengine.errors import ContractError

pytestmark = pytest.mark.engine

UTC = dt.UTC
HEADER = "event_id,ts,user_id,system,action,subject_type,subject_id,query_text,result_count,purpose"
EMPLOYEES = (
    "user_id,unit,district,region,role,home_postcode,home_address_id,surname_key,active_from,active_to\n"
    "u1,T1,D1,R1,agent,1234AB,a1,jansen,2020-01-01T00:00:00+01:00,\n"
)


def _world(tmp_path: Path, query_log: str, *, fmt: str = "csv", encoding_bom: bool = False) -> Path:
    (tmp_path / "employees.csv").write_text(EMPLOYEES, encoding="utf-8")
    data = query_log.encode("utf-8")
    if encoding_bom:
        data = b"\xef\xbb\xbf" + data
    (tmp_path / f"query_log.{fmt}").write_bytes(data)
    return tmp_path


def _row(event: str, ts: str, action: str = "search", text: str = "jansen") -> str:
    return f"{event},{ts},u1,BVH,{action},person,p1,{text},1,\n"


@pytest.mark.parametrize(("spelling", "expected"), [
    ("2026-03-02 14:05:11+01", dt.datetime(2026, 3, 2, 13, 5, 11, tzinfo=UTC)),  # PostgreSQL
    ("2026-03-02T14:05:11+01:00", dt.datetime(2026, 3, 2, 13, 5, 11, tzinfo=UTC)),  # the contract's own
    ("2026-03-02T14:05:11+0100", dt.datetime(2026, 3, 2, 13, 5, 11, tzinfo=UTC)),  # strftime %z
    ("2026-03-02 14:05:11.250+01", dt.datetime(2026, 3, 2, 13, 5, 11, 250000, tzinfo=UTC)),
    ('"2026-03-02T14:05:11,5+01:00"', dt.datetime(2026, 3, 2, 13, 5, 11, 500000, tzinfo=UTC)),
    ("2026-03-02T13:05:11Z", dt.datetime(2026, 3, 2, 13, 5, 11, tzinfo=UTC)),  # Java, JavaScript
    ("2026-03-02t13:05:11z", dt.datetime(2026, 3, 2, 13, 5, 11, tzinfo=UTC)),
    ("2026-03-02T14:05+01:00", dt.datetime(2026, 3, 2, 13, 5, tzinfo=UTC)),  # minutes only
    ("2026-07-02 14:05:11+02", dt.datetime(2026, 7, 2, 12, 5, 11, tzinfo=UTC)),  # summer time
    ("2026-03-02T09:35:11-03:30", dt.datetime(2026, 3, 2, 13, 5, 11, tzinfo=UTC)),
])
def test_timestamp_spellings_of_common_writers(tmp_path: Path, spelling: str, expected: dt.datetime) -> None:
    root = _world(tmp_path, HEADER + "\n" + _row("e1", spelling))
    ts = load_dataset(root).query_log["ts"].to_list()
    assert ts == [expected]


@pytest.mark.parametrize("spelling", ["2026-03-02 14:05:11", "02-03-2026 14:05:11+01:00", "2026-03-02+01"])
def test_timestamps_without_offset_or_out_of_order_are_refused(tmp_path: Path, spelling: str) -> None:
    root = _world(tmp_path, HEADER + "\n" + _row("e1", "2026-03-02T14:05:11+01:00") + _row("e2", spelling))
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (3, "ts")
    assert "query_log.csv" in str(err.value)


@settings(deadline=None, max_examples=60)  # file writing and a Polars read per example
@given(moment=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1),
                           timezones=st.sampled_from([dt.timezone(dt.timedelta(hours=h)) for h in range(-12, 15)])),
       style=st.sampled_from(["iso", "postgres", "compact", "zulu"]))
def test_any_offset_spelling_means_the_same_instant(moment: dt.datetime, style: str) -> None:
    moment = moment.replace(microsecond=0)
    offset = moment.utcoffset()
    assert offset is not None
    hours = int(offset.total_seconds() // 3600)
    if style == "iso":
        text = moment.isoformat()
    elif style == "postgres":
        text = moment.strftime("%Y-%m-%d %H:%M:%S") + f"{hours:+03d}"
    elif style == "compact":
        text = moment.strftime("%Y-%m-%dT%H:%M:%S%z")
    else:
        text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = _world(Path(tmp), HEADER + "\n" + _row("e1", text))
        assert load_dataset(root).query_log["ts"].to_list() == [moment.astimezone(UTC)]


def test_jsonl_with_a_byte_order_mark(tmp_path: Path) -> None:
    line = ('{"event_id": "e1", "ts": "2026-03-02T14:05:11+01:00", "user_id": "u1", "system": "BVH", '
            '"action": "search", "subject_type": "person", "subject_id": "p1", "query_text": null, '
            '"result_count": 1, "purpose": null}\n')
    root = _world(tmp_path, line, fmt="jsonl", encoding_bom=True)
    assert load_dataset(root).query_log["event_id"].to_list() == ["e1"]


def test_csv_with_a_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    body = (HEADER + "\n" + _row("e1", "2026-03-02T14:05:11+01:00")).replace("\n", "\r\n")
    root = _world(tmp_path, body, encoding_bom=True)
    assert load_dataset(root).query_log["event_id"].to_list() == ["e1"]


def test_an_error_after_a_quoted_line_break_names_the_physical_line(tmp_path: Path) -> None:
    # The example: the second record (physical lines 3-4) has a line break inside its
    # quoted query_text, so the third record starts on physical line 5 (the old reader said 4).
    body = (HEADER + "\n"
            + _row("e1", "2026-03-02T14:05:11+01:00")
            + _row("e2", "2026-03-02T14:06:11+01:00", text='"jansen\nde vries"')
            + _row("e3", "2026-03-02T14:08:11+01:00", action="zoeken"))
    root = _world(tmp_path, body)
    assert body.splitlines()[4].startswith("e3")  # physical line 5
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (5, "action")
    assert "regel 5" in str(err.value)


def test_the_quoted_line_break_is_kept_in_the_value(tmp_path: Path) -> None:
    body = HEADER + "\n" + _row("e1", "2026-03-02T14:06:11+01:00", text='"jansen\r\nde vries"')
    root = _world(tmp_path, body)
    assert load_dataset(root).query_log["query_text"].to_list() == ["jansen\r\nde vries"]


def test_semicolon_separated_csv_from_a_dutch_excel(tmp_path: Path) -> None:
    body = HEADER.replace(",", ";") + "\n" + _row("e1", "2026-03-02T14:05:11+01:00").replace(",", ";")
    root = _world(tmp_path, body)
    assert load_dataset(root).query_log["user_id"].to_list() == ["u1"]


@pytest.mark.parametrize(("true", "false"), [("true", "false"), ("TRUE", "False"), ("t", "f"), ("1", "0")])
def test_boolean_spellings(tmp_path: Path, true: str, false: str) -> None:
    path = tmp_path / "registrations.csv"
    path.write_text("registration_id,kind,unit,opened,closed,restricted\n"
                    f"r1,incident,T1,2026-03-01T10:00:00+01:00,,{true}\n"
                    f"r2,incident,T1,2026-03-01T10:00:00+01:00,,{false}\n", encoding="utf-8")
    assert load_table(path, "registrations")["restricted"].to_list() == [True, False]


def test_pandas_float_integers_and_refused_fractions(tmp_path: Path) -> None:
    body = HEADER + "\n" + _row("e1", "2026-03-02T14:05:11+01:00").replace(",1,", ",3.0,")
    root = _world(tmp_path, body)
    assert load_dataset(root).query_log["result_count"].to_list() == [3]
    (root / "query_log.csv").write_text(body.replace(",3.0,", ",3.5,"), encoding="utf-8")
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert (err.value.row, err.value.column) == (2, "result_count")


def test_parquet_booleans_as_integers(tmp_path: Path) -> None:
    frame = pl.DataFrame({
        "registration_id": ["r1", "r2"], "kind": ["incident"] * 2, "unit": ["T1"] * 2,
        "opened": pl.Series([dt.datetime(2026, 3, 1, 9, tzinfo=UTC)] * 2).dt.convert_time_zone("UTC"),
        "closed": pl.Series([None, None], dtype=pl.Datetime("us", "UTC")),
        "restricted": pl.Series([1, 0], dtype=pl.Int8),
    })
    frame.write_parquet(tmp_path / "registrations.parquet")
    assert load_table(tmp_path / "registrations.parquet", "registrations")["restricted"].to_list() == [True, False]
    frame.with_columns(pl.Series("restricted", [1, 2], dtype=pl.Int8)).write_parquet(tmp_path / "registrations.parquet")
    with pytest.raises(ContractError) as err:
        load_table(tmp_path / "registrations.parquet", "registrations")
    assert (err.value.row, err.value.column) == (2, "restricted")


def test_a_record_with_too_many_fields_names_its_physical_line(tmp_path: Path) -> None:
    body = (HEADER + "\n" + _row("e1", "2026-03-02T14:05:11+01:00", text='"a\nb"')
            + _row("e2", "2026-03-02T14:05:11,5+01:00"))
    root = _world(tmp_path, body)
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert err.value.row == 4 and "velden" in str(err.value)


def test_invalid_utf8_names_its_line(tmp_path: Path) -> None:
    good = ('{"event_id": "e1", "ts": "2026-03-02T14:05:11+01:00", "user_id": "u1", "system": "BVH", '
            '"action": "search", "subject_type": "person", "subject_id": "p1", "query_text": null, '
            '"result_count": 1, "purpose": null}\n')
    (tmp_path / "employees.csv").write_text(EMPLOYEES, encoding="utf-8")
    (tmp_path / "query_log.jsonl").write_bytes(good.encode() + good.replace("e1", "e2").encode()
                                               .replace(b"BVH", b"B\xffH"))
    with pytest.raises(ContractError) as err:
        load_dataset(tmp_path)
    assert err.value.row == 2 and "UTF-8" in str(err.value)


def test_an_unclosed_quote_is_named_in_dutch_on_its_line(tmp_path: Path) -> None:
    body = HEADER + "\n" + _row("e1", "2026-03-02T14:05:11+01:00") + _row("e2", "2026-03-02T14:06:11+01:00",
                                                                            text='"jansen')
    root = _world(tmp_path, body)
    with pytest.raises(ContractError) as err:
        load_dataset(root)
    assert err.value.row == 3
    assert "aanhalingstekens wordt niet afgesloten" in str(err.value) and "unexpected" not in str(err.value)
