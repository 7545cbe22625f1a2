"""Long windows in bounded memory: fit on a sample of days, then score day by day from Parquet.

A 30-day window of a large force does not fit in memory as one wide frame of lookups. This module
processes it in chunks of whole local days:

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
the fit sample, not the window. The result equals :func:`pmengine.detect` up to the sampled base
rates and thresholds. CSV and JSONL query logs are read whole and then processed in the same
chunks (bounded in the working frames, not in the raw table).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from pmengine import baseline as baseline_rules
from pmengine import contract, evidence, explain, feedback, scoring
from pmengine.alerts import Alert, build_alerts
from pmengine.contract import Dataset
from pmengine.errors import ContractError
from pmengine.feedback import Verdict
from pmengine.prepare import Params, prepare

ROW_STRIDE = 1 << 32  # row ids of chunk k start at k * ROW_STRIDE: unique over the window
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
            contract._check_columns(list(schema), "query_log", str(path))
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
        return pl.scan_parquet(self.path).select(wanted).with_row_index(contract._LINE, offset=1)

    def _check_unique(self) -> None:
        dup = (
            self._scan()
            .select(contract._LINE, "event_id")
            .filter(pl.col("event_id").is_duplicated())
            .sort(contract._LINE)
            .head(2)
            .collect()
        )
        if dup.height:
            first = dup.filter(pl.col("event_id") == dup.item(0, "event_id"))
            lines = first[contract._LINE].to_list()
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
        return contract._typed(
            raw.with_columns(pl.col(contract._LINE).cast(pl.Int64)), "query_log", str(self.path), "rij"
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
) -> tuple[list[Alert], int, int, dict[str, float]]:
    """Detect over a long window chunk by chunk; returns alerts, lookups, user-days, explained shares."""
    params = params or Params()
    root = Path(data_dir)
    if not root.is_dir():
        raise ContractError("map met invoergegevens bestaat niet", file=str(root))
    ref = _read_reference(root)
    source = QueryLogSource(root)
    bounds = source.bounds()
    if bounds is None:
        return [], 0, 0, explain.explained_shares(pl.DataFrame(schema={"has_record": pl.Boolean}))
    tz = ZoneInfo(params.time_zone)
    first, last = bounds[0].astimezone(tz).date(), bounds[1].astimezone(tz).date()
    n_days = (last - first).days + 1
    step = max(1, chunk_days)
    starts = [first + timedelta(days=d) for d in range(0, n_days, step)]
    window = (_local_midnight(first, tz), _local_midnight(last + timedelta(days=1), tz))
    context = timedelta(hours=context_hours)

    lookups = 0
    user_days = 0
    shares = {"lookups": 0.0, "explained": 0.0, "partial": 0.0}
    fixation_parts: list[pl.DataFrame] = []
    hour_parts: list[pl.DataFrame] = []
    prior_misuse: set[str] = set()
    baseline_alerts: list[Alert] = []
    with tempfile.TemporaryDirectory(prefix="pmengine-") as tmp:
        files: list[Path] = []
        effects: list[feedback.FeedbackEffect] = []
        # -- pass 1: evidence per chunk --------------------------------------------------------
        for k, day in enumerate(starts):
            lo = _local_midnight(day, tz)
            hi = _local_midnight(min(day + timedelta(days=step), last + timedelta(days=1)), tz)
            chunk = source.between(lo - context, hi + context)
            ds = replace(ref, query_log=chunk)
            frame = prepare(ds, params).with_columns((pl.col("row").cast(pl.Int64) + k * ROW_STRIDE).alias("row"))
            effect = feedback.apply(frame, verdicts)
            frame = explain.explain(frame, ds, params, effect.explained_rows)
            frame = evidence.static_evidence(frame, ds, params, window=window, multi_day=False)
            core = frame.filter((pl.col("ts") >= lo) & (pl.col("ts") < hi))
            core = feedback.suppress(core, effect)
            prior_misuse |= effect.prior_misuse
            lookups += core.height
            user_days += core.select(pl.struct("user_id", "day").n_unique()).item() if core.height else 0
            part = explain.explained_shares(core)
            shares["lookups"] += part["lookups"]
            shares["explained"] += part["explained"] * part["lookups"]
            shares["partial"] += part["partial"] * part["lookups"]
            keys = evidence.fixation_keys(core).drop("row")
            fixation_parts.append(keys.unique())
            hour_parts.append(scoring.hour_counts(core))
            path = Path(tmp) / f"chunk-{k:04d}.parquet"
            core.write_parquet(path)
            files.append(path)
            effects.append(effect)
            del frame, core, chunk, ds
        fix_days = evidence.fixation_day_counts(pl.concat(fixation_parts).unique(), params)
        del fixation_parts
        hours = pl.concat(hour_parts).group_by("user_id", "peer", "hour").agg(pl.col("cu").sum())
        del hour_parts

        if baseline:
            for path in files:
                frame = evidence.multi_day_evidence(pl.read_parquet(path), params, fix_days)
                baseline_alerts += baseline_rules.baseline_alerts(frame, params, baseline_rules.mode_of(baseline))
            baseline_alerts.sort(key=lambda a: (-a.score, a.user_id, a.start))
            return baseline_alerts, lookups, user_days, _shares(shares)

        # -- fit on a sample of days -----------------------------------------------------------
        sample_n = min(len(files), max(1, -(-fit_days // step)))
        picks = sorted({round(i * (len(files) - 1) / max(1, sample_n - 1)) for i in range(sample_n)})
        sample = pl.concat(
            [evidence.multi_day_evidence(pl.read_parquet(files[i]), params, fix_days) for i in picks],
            how="vertical_relaxed",
        )
        users = hours.select("user_id", "peer").unique()
        model = scoring.fit(sample, params, hours=hours, users=users)
        del sample

        # -- pass 2: score per chunk, keep flagged lookups ----------------------------------------
        flagged: list[pl.DataFrame] = []
        for path, effect in zip(files, effects, strict=True):
            frame = evidence.multi_day_evidence(pl.read_parquet(path), params, fix_days)
            frame = feedback.suppress(scoring.behaviour_evidence(frame, model, params), effect)
            scored = scoring.weigh(frame, model, params)
            flagged.append(scored.filter(pl.col("flagged")))
            del frame, scored
    scored_all = pl.concat(flagged, how="vertical_relaxed") if flagged else pl.DataFrame()
    alerts = build_alerts(scored_all, params, frozenset(prior_misuse)) if scored_all.height else []
    return alerts, lookups, user_days, _shares(shares)


def _shares(acc: dict[str, float]) -> dict[str, float]:
    n = acc["lookups"]
    if n == 0:
        return {"lookups": 0.0, "explained": 0.0, "partial": 0.0, "unexplained": 0.0}
    full, part = acc["explained"] / n, acc["partial"] / n
    return {"lookups": n, "explained": full, "partial": part, "unexplained": max(0.0, 1.0 - full - part)}
