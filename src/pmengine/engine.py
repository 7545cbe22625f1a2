"""The detection pipeline: contract tables in, ranked alerts out.

``detect`` is the one entry point the CLI and the web application call. It is deterministic: the
same tables and verdicts give the same alerts in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from pmengine import baseline as baseline_rules
from pmengine import evidence, explain, feedback, scoring, stream
from pmengine.alerts import Alert, build_alerts
from pmengine.contract import Dataset, load_dataset
from pmengine.feedback import Verdict
from pmengine.prepare import Params, prepare


@dataclass(frozen=True)
class DetectionResult:
    """Alerts (best first) plus figures about the run."""

    alerts: list[Alert]
    lookups: int
    user_days: int
    explained_share: dict[str, float] = field(default_factory=dict)


def user_days(query_log: pl.DataFrame, time_zone: str = "Europe/Amsterdam") -> int:
    """Employees with at least one event per calendar day (the review budget's unit)."""
    return (
        query_log.select(pl.struct("user_id", pl.col("ts").dt.convert_time_zone(time_zone).dt.date()).n_unique()).item()
        if query_log.height
        else 0
    )


def evidence_frame(
    ds: Dataset, params: Params, verdicts: Sequence[Verdict] = ()
) -> tuple[pl.DataFrame, feedback.FeedbackEffect]:
    """Prepared, explained lookups with all static evidence, verdicts applied."""
    frame = prepare(ds, params)
    effect = feedback.apply(frame, verdicts)
    frame = explain.explain(frame, ds, params, effect.explained_rows)
    frame = evidence.static_evidence(frame, ds, params)
    return feedback.suppress(frame, effect), effect


def detect(
    ds: Dataset, *, verdicts: Sequence[Verdict] = (), params: Params | None = None, baseline: bool | str = False
) -> DetectionResult:
    """Score a dataset and return its alerts, highest score first.

    ``verdicts`` are reviewers' earlier decisions (see :mod:`pmengine.feedback`); ``baseline``
    selects the plain comparison rule set instead of the calibrated engine (``True`` or
    ``"lookups"``: flagged lookups per user-day; ``"flags"``: flags summed per user-day).
    """
    params = params or Params()
    frame, effect = evidence_frame(ds, params, verdicts)
    if baseline:
        alerts = baseline_rules.baseline_alerts(frame, params, baseline_rules.mode_of(baseline))
    else:
        model = scoring.fit(frame, params)
        scored = scoring.weigh(
            feedback.suppress(scoring.behaviour_evidence(frame, model, params), effect), model, params
        )
        alerts = build_alerts(scored, params, effect.prior_misuse)
    return DetectionResult(
        alerts=alerts,
        lookups=frame.height,
        user_days=user_days(ds.query_log, params.time_zone),
        explained_share=explain.explained_shares(frame),
    )


def detect_dir(
    data_dir: str | os.PathLike[str],
    *,
    verdicts: Sequence[Verdict] = (),
    params: Params | None = None,
    baseline: bool | str = False,
    chunk_days: int | None = None,
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
        alerts, lookups, n_user_days, shares = stream.detect_chunked(
            data_dir, verdicts=verdicts, params=params, baseline=baseline, chunk_days=chunk_days
        )
        return DetectionResult(alerts=alerts, lookups=lookups, user_days=n_user_days, explained_share=shares)
    return detect(load_dataset(data_dir), verdicts=verdicts, params=params, baseline=baseline)
