"""Long windows in bounded memory: the window cut into chunks of days, read lazily from Parquet.

A 30-day window of a large force does not fit in memory as one wide frame of lookups. This module
decides how such a window is cut; the stages themselves are those of every run
(:func:`pmengine.pipeline.run`):

1. **Pass 1, per chunk** (``chunk_days`` days plus ``context_hours`` of lookups on either side, read
   lazily from ``query_log.parquet`` with a filter on ``ts``): validate, prepare, explain and add the
   evidence of one chunk (sessions, plate and owner, restricted registrations; the context makes
   the session and time-window evidence right at midnight). Only the chunk's own days are kept and
   written to a temporary Parquet file, together with the small state that spans days: per
   (employee, record) the days it was looked up unexplained (for ``FIXATION``), lookups per
   employee and hour (for ``RARE_HOUR``), user-days and the explained shares.
2. **Fit** on a sample of ``fit_days`` days spread over the window (rule base rates, burst
   thresholds); hour profiles use all days; employees missing from the sample get their peer
   group's thresholds.
3. **Pass 2, per chunk**: multi-day evidence from the carried state, behaviour evidence, weights;
   only flagged lookups are kept, and alerts are built once over all of them, so an episode that
   crosses midnight or a fixation over weeks is still one alert.

Peak memory is the reference tables (employees, registrations, subjects) plus about one chunk and
the fit sample, not the window. The result equals :func:`pmengine.detect` up to what the cut
changes: the sampled base rates and thresholds, and bursts across a chunk's edge; with the whole
window in one chunk it is the same (a test holds both paths to that). CSV and JSONL query logs are
read whole and then processed in the same chunks (bounded in the working frames, not in the raw
table).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from pmengine import contract, pipeline
from pmengine.contract import Dataset
from pmengine.errors import ContractError
from pmengine.feedback import Verdict
from pmengine.params import Params
from pmengine.pipeline import DetectionResult

AUTO_CHUNK_MIN_DAYS = 8  # detect_dir streams Parquet windows longer than this ...
AUTO_CHUNK_MIN_LOOKUPS = 3_000_000  # ... with more lookups than this


def _read_reference(root: Path) -> Dataset:
    """All tables except ``query_log`` (which is read per chunk), validated as usual."""
    frames: dict[str, pl.DataFrame] = {}
    present: set[str] = set()
    for name in contract.SCHEMAS:
        if name == "query_log":
            frames[name] = contract.empty_table(name)
            continue
        path = contract.find_table_file(root, name)
        if path is None:
            if name in contract.REQUIRED_TABLES:
                raise ContractError(f"verplichte tabel '{name}' ontbreekt", file=str(root / name))
            frames[name] = contract.empty_table(name)
            continue
        frames[name] = contract.load_table(path, name)
        present.add(name)
    present.add("query_log")
    return Dataset(**frames, present=frozenset(present))


class QueryLogSource:
    """``query_log`` read per time range: lazily from Parquet, otherwise loaded once."""

    def __init__(self, root: Path) -> None:
        path = contract.find_table_file(root, "query_log")
        if path is None:
            raise ContractError(
                "verplichte tabel 'query_log' ontbreekt (verwacht query_log.parquet, query_log.csv of query_log.jsonl)",
                file=str(root / "query_log"),
            )
        self.path = path
        self.lazy = path.suffix == ".parquet"
        self._loaded: pl.DataFrame | None = None
        if self.lazy:
            schema = pl.read_parquet_schema(path)
            contract.check_columns(list(schema), "query_log", str(path))
            dtype = schema["ts"]
            if not isinstance(dtype, pl.Datetime) or dtype.time_zone is None:
                # a column the lazy filter cannot use: load and validate it the ordinary way
                self.lazy = False
        if self.lazy:
            self._check_unique()
        else:
            self._loaded = contract.load_table(path, "query_log")

    def _scan(self) -> pl.LazyFrame:
        wanted = [c.name for c in contract.SCHEMAS["query_log"]]
        return pl.scan_parquet(self.path).select(wanted).with_row_index(contract.LINE, offset=1)

    def _check_unique(self) -> None:
        dup = (
            self._scan()
            .select(contract.LINE, "event_id")
            .filter(pl.col("event_id").is_duplicated())
            .sort(contract.LINE)
            .head(2)
            .collect()
        )
        if dup.height:
            first = dup.filter(pl.col("event_id") == dup.item(0, "event_id"))
            lines = first[contract.LINE].to_list()
            raise ContractError(
                f"waarde '{dup.item(0, 'event_id')}' komt meer dan eens voor (ook op rij {lines[0]}); "
                "deze moet uniek zijn",
                file=str(self.path),
                row=int(lines[-1]),
                column="event_id",
                row_label="rij",
            )

    def bounds(self) -> tuple[datetime, datetime] | None:
        if self._loaded is not None:
            frame = self._loaded.select(pl.col("ts").min().alias("lo"), pl.col("ts").max().alias("hi"))
        else:
            frame = (
                self._scan()
                .select(
                    pl.col("ts").dt.convert_time_zone("UTC").min().alias("lo"),
                    pl.col("ts").dt.convert_time_zone("UTC").max().alias("hi"),
                )
                .collect()
            )
        lo, hi = frame.item(0, "lo"), frame.item(0, "hi")
        if lo is None or hi is None:
            return None
        return lo, hi

    def between(self, lo: datetime, hi: datetime) -> pl.DataFrame:
        """Validated lookups with ``lo <= ts < hi``."""
        if self._loaded is not None:
            return self._loaded.filter((pl.col("ts") >= lo) & (pl.col("ts") < hi))
        raw = (
            self._scan()
            .filter((pl.col("ts").dt.convert_time_zone("UTC") >= lo) & (pl.col("ts").dt.convert_time_zone("UTC") < hi))
            .collect()
        )
        return contract.typed(
            raw.with_columns(pl.col(contract.LINE).cast(pl.Int64)), "query_log", str(self.path), "rij"
        )


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


def window_days(root: str | os.PathLike[str], params: Params | None = None) -> int:
    """Number of local calendar days the query log spans (0 when empty)."""
    params = params or Params()
    bounds = QueryLogSource(Path(root)).bounds()
    if bounds is None:
        return 0
    tz = ZoneInfo(params.time_zone)
    return (bounds[1].astimezone(tz).date() - bounds[0].astimezone(tz).date()).days + 1


def should_stream(root: str | os.PathLike[str], params: Params | None = None) -> bool:
    """Whether :func:`pmengine.detect_dir` should chunk this directory automatically."""
    path = contract.find_table_file(Path(root), "query_log") if Path(root).is_dir() else None
    if path is None or path.suffix != ".parquet":
        return False
    try:
        rows = pl.scan_parquet(path).select(pl.len()).collect().item()
    except (pl.exceptions.PolarsError, OSError):
        return False  # the ordinary loader reports the problem with file and row
    return bool(rows > AUTO_CHUNK_MIN_LOOKUPS and window_days(root, params) > AUTO_CHUNK_MIN_DAYS)


def detect_chunked(
    data_dir: str | os.PathLike[str],
    *,
    verdicts: Sequence[Verdict] = (),
    params: Params | None = None,
    baseline: bool | str = False,
    chunk_days: int = 1,
    fit_days: int = 7,
    context_hours: float = 6.0,
    weight_factors: Mapping[str, float] | None = None,
) -> DetectionResult:
    """Detect over a long window chunk by chunk: :func:`pmengine.pipeline.run` over :func:`chunks`."""
    params = params or Params()
    root = Path(data_dir)
    if not root.is_dir():
        raise ContractError("map met invoergegevens bestaat niet", file=str(root))
    ref = _read_reference(root)
    source = QueryLogSource(root)
    bounds = source.bounds()
    if bounds is None:
        return pipeline.run([], params)
    tz = ZoneInfo(params.time_zone)
    first, last = bounds[0].astimezone(tz).date(), bounds[1].astimezone(tz).date()
    step = max(1, chunk_days)
    return pipeline.run(
        chunks(ref, source, first, last, tz, step, timedelta(hours=context_hours)),
        params,
        verdicts=verdicts,
        baseline=baseline,
        window=(_local_midnight(first, tz), _local_midnight(last + timedelta(days=1), tz)),
        fit_chunks=-(-fit_days // step),
        spill=True,
        weight_factors=weight_factors,
    )


def chunks(
    ref: Dataset, source: QueryLogSource, first: date, last: date, tz: ZoneInfo, step: int, context: timedelta
) -> Iterator[pipeline.Chunk]:
    """The window ``first``..``last`` (local days) in chunks of ``step`` days, read with ``context`` on either side.

    One chunk's lookups are in memory at a time: the next is read when the pipeline asks for it.
    """
    starts = [first + timedelta(days=d) for d in range(0, (last - first).days + 1, step)]
    for k, day in enumerate(starts):
        lo = _local_midnight(day, tz)
        hi = _local_midnight(min(day + timedelta(days=step), last + timedelta(days=1)), tz)
        yield pipeline.with_query_log(ref, k, source.between(lo - context, hi + context), (lo, hi))
