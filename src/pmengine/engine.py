"""Detection: contract tables in, ranked alerts out.

``detect`` (a dataset in memory) and ``detect_dir`` (a data directory, chunked by day when the
window is long) are the entry points the CLI and the web application call; both run the one
pipeline of :mod:`pmengine.pipeline`. They are deterministic: the same tables and verdicts give
the same alerts in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import polars as pl

from pmengine import pipeline, stream
from pmengine.contract import Dataset, load_dataset
from pmengine.feedback import Verdict
from pmengine.params import Params
from pmengine.pipeline import DetectionResult


def user_days(query_log: pl.DataFrame, time_zone: str = "Europe/Amsterdam") -> int:
    """Employees with at least one event per calendar day (the review budget's unit)."""
    return (
        query_log.select(pl.struct("user_id", pl.col("ts").dt.convert_time_zone(time_zone).dt.date()).n_unique()).item()
        if query_log.height
        else 0
    )


def detect(
    ds: Dataset,
    *,
    verdicts: Sequence[Verdict] = (),
    params: Params | None = None,
    baseline: bool | str = False,
    weight_factors: Mapping[str, float] | None = None,
) -> DetectionResult:
    """Score a dataset and return its alerts, highest score first.

    ``verdicts`` are reviewers' earlier decisions (see :mod:`pmengine.feedback`); ``baseline``
    selects the plain comparison rule set instead of the calibrated engine (``True`` or
    ``"lookups"``: flagged lookups per user-day; ``"flags"``: flags summed per user-day). The
    whole window is one chunk of :func:`pmengine.pipeline.run`, held in memory. ``weight_factors``:
    per rule a multiplier on the fitted weights, learned from verdicts (:func:`pmengine.learn.learn`).
    """
    params = params or Params()
    return pipeline.run(
        pipeline.whole(ds), params, verdicts=verdicts, baseline=baseline, weight_factors=weight_factors
    )


def detect_dir(
    data_dir: str | os.PathLike[str],
    *,
    verdicts: Sequence[Verdict] = (),
    params: Params | None = None,
    baseline: bool | str = False,
    chunk_days: int | None = None,
    weight_factors: Mapping[str, float] | None = None,
) -> DetectionResult:
    """Load a data directory (any contract format) and :func:`detect`.

    ``chunk_days``: process the window in chunks of that many days in bounded memory (see
    :mod:`pmengine.stream`); ``0`` never; ``None`` (default) chunks by day automatically when the
    query log is Parquet, spans more than ``stream.AUTO_CHUNK_MIN_DAYS`` days and holds more than
    ``stream.AUTO_CHUNK_MIN_LOOKUPS`` lookups.
    """
    params = params or Params()
    if chunk_days is None:
        chunk_days = 1 if stream.should_stream(data_dir, params) else 0
    if chunk_days > 0:
        return stream.detect_chunked(
            data_dir,
            verdicts=verdicts,
            params=params,
            baseline=baseline,
            chunk_days=chunk_days,
            weight_factors=weight_factors,
        )
    return detect(
        load_dataset(data_dir), verdicts=verdicts, params=params, baseline=baseline, weight_factors=weight_factors
    )
