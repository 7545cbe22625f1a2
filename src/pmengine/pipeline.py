"""The detection pipeline, defined once: the stages every run goes through.

A run takes the window of audit logs as one or more *chunks* (:class:`Chunk`): whole local days of
lookups, each with the registrations and other reference tables. The whole-window path
(:func:`pmengine.detect`) is one chunk held in memory; the chunked path (:mod:`pmengine.stream`) cuts
a long window into days and spills each chunk's evidence to Parquet. Both run :func:`run`, so the
order of the stages and what each sees are the same; the chunked path only decides how the window
is cut (:class:`Chunk`) and where the evidence waits between the passes (``spill``).

1. :func:`chunk_evidence`, per chunk: prepare the lookups, turn reviewers' verdicts into rows,
   explain, and add the evidence that needs only the chunk and its context hours (relations,
   sessions, plate and keeper, restricted registrations).
2. :class:`WindowState`, carried over the chunks: what spans days (per employee and record the
   days it was looked up mostly unexplained, lookups per employee and hour, per unit and public
   figure the lookups recorded as case work) and the run's figures.
3. :func:`window_evidence`, per chunk: the evidence that needs the whole window (``FIXATION`` and
   ``OFF_DUTY_RELATION``, ``HIGH_PROFILE_CASE`` in the own team's case), then the reviewers'
   ``rules`` verdicts (evidence declared normal is zero from here on, also for the fit).
4. ``fit`` (:func:`pmengine.scoring.fit`) on a sample of chunks: the peer groups' base rates and
   thresholds; hour profiles from every chunk.
5. :func:`score`, per chunk: behaviour evidence, ``rules`` verdicts again (they cover behaviour
   evidence too), weights; only flagged lookups are kept.
6. :func:`pmengine.alerts.build_alerts` once over the flagged lookups of the whole window, so an
   episode over midnight or a fixation over weeks is one alert. The plain baseline
   (``baseline=...``) replaces 4-6 by :func:`pmengine.baseline.baseline_alerts` per chunk (it is
   per employee-day).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import polars as pl

from pmengine import baseline as baseline_rules
from pmengine import evidence, explain, feedback, scoring
from pmengine.alerts import Alert, build_alerts
from pmengine.contract import Dataset
from pmengine.feedback import FeedbackEffect, Verdict
from pmengine.params import Params
from pmengine.prepare import prepare

ROW_STRIDE = 1 << 32  # row ids of chunk k start at k * ROW_STRIDE: unique over the window


@dataclass(frozen=True)
class DetectionResult:
    """Alerts (best first) plus figures about the run."""

    alerts: list[Alert]
    lookups: int
    user_days: int
    explained_share: dict[str, float] = field(default_factory=dict)
    # Per unit of the employees (``employees.unit``; unknown: ``prepare.UNKNOWN``): lookups,
    # user_days and the lookups of a record that nothing explains (``unexplained``). Aggregates
    # only, for the prevention view's rates per 1,000 user-days.
    per_unit: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """One piece of the window: the dataset with its lookups, and the period of lookups it owns.

    ``index`` numbers the chunks from 0 (chunk k's rows are numbered from ``k * ROW_STRIDE``).
    ``own`` is the half-open UTC period ``[lo, hi)`` whose lookups belong to this chunk; the
    dataset's ``query_log`` may hold context before and after it (lookups of the neighbouring
    chunks that sessions and time windows need), which is used for evidence and then dropped.
    ``None``: every lookup of the dataset is the chunk's own (the whole window in one chunk).
    """

    index: int
    dataset: Dataset
    own: tuple[datetime, datetime] | None = None


def chunk_evidence(
    chunk: Chunk,
    params: Params,
    verdicts: Sequence[Verdict] = (),
    *,
    window: tuple[datetime, datetime] | None = None,
) -> tuple[pl.DataFrame, FeedbackEffect]:
    """Stage 1: the chunk's own lookups, prepared and explained, with the evidence that needs only the chunk.

    ``window`` is the data window in UTC (default: the chunk's whole local days). Returns the
    frame (one row per own lookup; ``row`` an Int64 unique over the window) and what the
    verdicts do to its rows. Reviewers' ``rules`` verdicts are *not* applied yet (see
    :func:`window_evidence`): evidence that combines others must see them as they were found.
    """
    ds = chunk.dataset
    frame = prepare(ds, params).with_columns((pl.col("row").cast(pl.Int64) + chunk.index * ROW_STRIDE).alias("row"))
    effect = feedback.apply(frame, verdicts)
    frame = explain.explain(frame, ds, params, effect.explained_rows)
    frame = evidence.static_evidence(frame, ds, params, window=window, multi_day=False)
    if chunk.own is not None:
        lo, hi = chunk.own
        frame = frame.filter((pl.col("ts") >= lo) & (pl.col("ts") < hi))
    return frame, effect


@dataclass
class WindowState:
    """What the pipeline carries from chunk to chunk: the multi-day state and the run's figures.

    ``add`` takes each chunk's frame from :func:`chunk_evidence` once, in any order. Counts are
    integers, so the figures of a window cut in chunks are exactly those of the whole window.
    """

    lookups: int = 0
    user_days: int = 0
    with_record: int = 0  # lookups that opened a record
    explained: int = 0  # ... of them fully explained
    unexplained: int = 0  # ... of them not explained at all
    prior_misuse: set[str] = field(default_factory=set)
    per_unit: dict[str, dict[str, int]] = field(default_factory=dict)
    _fixation_keys: list[pl.DataFrame] = field(default_factory=list)
    _hour_counts: list[pl.DataFrame] = field(default_factory=list)
    _team_records: list[pl.DataFrame] = field(default_factory=list)
    _street_records: list[pl.DataFrame] = field(default_factory=list)
    _person_days: list[pl.DataFrame] = field(default_factory=list)

    def add(self, frame: pl.DataFrame, effect: FeedbackEffect, params: Params | None = None) -> None:
        self.lookups += frame.height
        self.user_days += frame.select(pl.struct("user_id", "day").n_unique()).item() if frame.height else 0
        counts = explain.explained_counts(frame)
        self.with_record += counts["lookups"]
        self.explained += counts["explained"]
        self.unexplained += counts["unexplained"]
        self.prior_misuse |= effect.prior_misuse
        self._add_per_unit(frame)
        self._fixation_keys.append(evidence.fixation_keys(frame, params).drop("row").unique())
        self._hour_counts.append(scoring.hour_counts(frame))
        self._team_records.append(evidence.team_record_counts(frame))
        self._street_records.append(evidence.street_record_counts(frame))
        self._person_days.append(evidence.person_day_keys(frame))

    def _add_per_unit(self, frame: pl.DataFrame) -> None:
        """Lookups, user-days and unexplained lookups of a record per unit (chunks own whole days,
        so the user-days of the chunks add up)."""
        if not frame.height:
            return
        counts = frame.group_by("unit").agg(
            pl.len().alias("lookups"),
            pl.struct("user_id", "day").n_unique().alias("user_days"),
            (pl.col("has_record") & (pl.col("explained") <= 0.0)).sum().alias("unexplained"),
        )
        for row in counts.iter_rows(named=True):
            into = self.per_unit.setdefault(str(row["unit"]), {"lookups": 0, "user_days": 0, "unexplained": 0})
            for key in ("lookups", "user_days", "unexplained"):
                into[key] += int(row[key])

    def fixation_days(self, params: Params) -> pl.DataFrame:
        """Per (employee, record): the days looked up mostly unexplained over the window (FIXATION)."""
        return evidence.fixation_day_counts(pl.concat(self._fixation_keys).unique(), params)

    def team_records(self) -> pl.DataFrame:
        """Per (unit, public figure): the unit's lookups of him and how many were recorded as case work."""
        return pl.concat(self._team_records).group_by("unit", "subject_id").agg(
            pl.col("n_team").sum(), pl.col("n_recorded").sum()
        )

    def revisits(self) -> pl.DataFrame:
        """(employee, person) opened mostly unexplained, or at all, on two days or more (``household_revisit``)."""
        return evidence.household_revisits(pl.concat(self._fixation_keys), pl.concat(self._person_days).unique())

    def street_records(self) -> pl.DataFrame:
        """Per (unit, employee, record in the unit's own streets): recorded and unrecorded lookups."""
        return pl.concat(self._street_records).group_by("unit", "user_id", "subject_type", "subject_id").agg(
            pl.col("n_recorded").sum(), pl.col("n_unrecorded").sum()
        )

    def hours(self) -> pl.DataFrame:
        """Lookups per (employee, peer group, hour of day) over the window (RARE_HOUR)."""
        return pl.concat(self._hour_counts).group_by("user_id", "peer", "hour").agg(pl.col("cu").sum())

    def explained_share(self) -> dict[str, float]:
        """See :func:`pmengine.explain.explained_shares`."""
        return explain.shares_from_counts(self.with_record, self.explained, self.unexplained)


def window_evidence(
    frame: pl.DataFrame,
    params: Params,
    fixation_days: pl.DataFrame,
    effect: FeedbackEffect,
    team_records: pl.DataFrame | None = None,
    street_records: pl.DataFrame | None = None,
    revisits: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Stage 3: evidence over the whole window (``fixation_days``: :meth:`WindowState.fixation_days`;
    ``team_records``: :meth:`WindowState.team_records`; ``street_records``:
    :meth:`WindowState.street_records`; ``revisits``: :meth:`WindowState.revisits`), then the
    reviewers' ``rules`` verdicts."""
    return feedback.suppress(
        evidence.multi_day_evidence(frame, params, fixation_days, team_records, street_records, revisits), effect
    )


def score(frame: pl.DataFrame, model: scoring.Model, params: Params, effect: FeedbackEffect) -> pl.DataFrame:
    """Stage 5: behaviour evidence from the fitted model, ``rules`` verdicts, then weights (``flagged``)."""
    return scoring.weigh(feedback.suppress(scoring.behaviour_evidence(frame, model, params), effect), model, params)


def weigh(with_behaviour: pl.DataFrame, model: scoring.Model, params: Params, effect: FeedbackEffect) -> pl.DataFrame:
    """Stage 5 for a frame that already has its behaviour evidence (:func:`scoring.fit_with_evidence`)."""
    return scoring.weigh(feedback.suppress(with_behaviour, effect), model, params)


def sample_indices(n_chunks: int, n_sample: int) -> list[int]:
    """``n_sample`` chunk indices spread evenly over ``n_chunks`` (first and last included)."""
    n = min(n_chunks, max(1, n_sample))
    return sorted({round(i * (n_chunks - 1) / max(1, n - 1)) for i in range(n)})


class _Shelf:
    """Where each chunk's evidence waits between the passes: in memory, or in Parquet files under ``spill``."""

    def __init__(self, spill: Path | None) -> None:
        self.spill = spill
        self.frames: list[pl.DataFrame] = []
        self.paths: list[Path] = []

    def put(self, frame: pl.DataFrame) -> None:
        if self.spill is None:
            self.frames.append(frame)
            return
        path = self.spill / f"chunk-{len(self.paths):04d}.parquet"
        frame.write_parquet(path)
        self.paths.append(path)

    def __len__(self) -> int:
        return len(self.paths) if self.spill is not None else len(self.frames)

    def get(self, i: int) -> pl.DataFrame:
        return pl.read_parquet(self.paths[i]) if self.spill is not None else self.frames[i]


@contextmanager
def _shelf(spill: bool) -> Iterator[_Shelf]:
    if not spill:
        yield _Shelf(None)
        return
    with tempfile.TemporaryDirectory(prefix="pmengine-") as tmp:
        yield _Shelf(Path(tmp))


def run(
    chunks: Iterable[Chunk],
    params: Params,
    *,
    verdicts: Sequence[Verdict] = (),
    baseline: bool | str = False,
    window: tuple[datetime, datetime] | None = None,
    fit_chunks: int = 1,
    spill: bool = False,
    weight_factors: Mapping[str, float] | None = None,
) -> DetectionResult:
    """Run every stage over ``chunks`` (see the module docstring) and return the alerts, best first.

    ``window``: the data window in UTC (default: each chunk's whole local days); ``fit_chunks``: how
    many chunks, spread over the window, the fit learns from; ``spill``: keep each chunk's evidence
    in a temporary Parquet file between the passes instead of in memory (peak memory about one
    chunk plus the fit sample). ``baseline``: the plain comparison rule set (see
    :func:`pmengine.detect`). ``weight_factors``: per rule code a multiplier on the fitted weights,
    learned from reviewers' verdicts (:mod:`pmengine.learn`); ``None``: the hand weights.
    """
    state = WindowState()
    effects: list[FeedbackEffect] = []
    with _shelf(spill) as shelf:
        # -- pass 1: evidence per chunk, carried state ----------------------------------------
        for chunk in chunks:
            frame, effect = chunk_evidence(chunk, params, verdicts, window=window)
            state.add(frame, effect, params)
            shelf.put(frame)
            effects.append(effect)
            del frame, chunk
        if not effects:
            return DetectionResult([], 0, 0, state.explained_share(), state.per_unit)
        fix_days = state.fixation_days(params)
        team_records = state.team_records()
        street_records = state.street_records()
        revisits = state.revisits()

        def completed(i: int) -> pl.DataFrame:
            return window_evidence(
                shelf.get(i), params, fix_days, effects[i], team_records, street_records, revisits
            )

        if baseline:
            mode = baseline_rules.mode_of(baseline)
            found = [a for i in range(len(shelf)) for a in baseline_rules.baseline_alerts(completed(i), params, mode)]
            found.sort(key=lambda a: (-a.score, a.user_id, a.start))
            return _result(found, state)

        # -- fit on a sample of chunks ------------------------------------------------------------
        picks = sample_indices(len(shelf), fit_chunks)
        sample = {i: completed(i) for i in picks}
        hours = state.hours()
        model, fitted = scoring.fit_with_evidence(
            pl.concat(list(sample.values()), how="vertical_relaxed"),
            params,
            hours=hours,
            users=hours.select("user_id", "peer").unique(),
        )
        if weight_factors:
            model = scoring.scale_weights(model, weight_factors)  # weights only: `fitted` stays valid
        # One chunk fitted on (the whole window in memory): its behaviour evidence is already there.
        reuse = {picks[0]: fitted} if len(picks) == 1 and not spill else {}
        del fitted
        if spill:
            sample.clear()  # bounded memory: read each chunk again rather than keep the sample

        # -- pass 2: score per chunk, keep flagged lookups ----------------------------------------
        flagged: list[pl.DataFrame] = []
        for i in range(len(shelf)):
            if i in reuse:
                sample.pop(i, None)
                scored = weigh(reuse.pop(i), model, params, effects[i])
            else:
                frame = sample.pop(i) if i in sample else completed(i)
                scored = score(frame, model, params, effects[i])
                del frame
            flagged.append(scored.filter(pl.col("flagged")))
            del scored
    alerts = build_alerts(pl.concat(flagged, how="vertical_relaxed"), params, frozenset(state.prior_misuse))
    return _result(alerts, state)


def _result(alerts: list[Alert], state: WindowState) -> DetectionResult:
    return DetectionResult(
        alerts=alerts,
        lookups=state.lookups,
        user_days=state.user_days,
        explained_share=state.explained_share(),
        per_unit=state.per_unit,
    )


def whole(ds: Dataset) -> list[Chunk]:
    """The whole window as one chunk (the in-memory path)."""
    return [Chunk(0, ds)]


def with_query_log(ref: Dataset, index: int, query_log: pl.DataFrame, own: tuple[datetime, datetime]) -> Chunk:
    """Chunk ``index`` of a cut window: the reference tables of ``ref`` with these lookups."""
    return Chunk(index, replace(ref, query_log=query_log), own)
