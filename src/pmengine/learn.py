"""Learning from the reviewers: verdicts on earlier alerts re-weight the evidence of this force.

The hand weights (:func:`pmengine.scoring.fit`) stay the starting point. The judged lookups are
scored again *without* verdicts (the evidence as the reviewer saw it on the alert), and a logistic
regression (scikit-learn, L2, fixed ``random_state``) is fitted on them with label misuse (1) or
legitimate (0) and as features:

* the hand score of the lookup (``lookup_score``), scaled up by :data:`PRIOR_SCALE` so that its
  coefficient ``a`` is practically unpenalised: it carries the hand weights (the prior, an offset);
* each rule's contribution ``c_<code>`` (hand weight × strength × unexplained part): its
  coefficient ``d`` is the correction of that rule's weight, pulled to 0 by the L2 penalty.

A rule's raw factor is ``(a + d) / a``, clipped to ``[FACTOR_MIN, FACTOR_MAX]``, then blended with
the hand weight (factor 1) as if :data:`PRIOR_LOOKUPS` judged lookups had confirmed it:
``1 + (raw - 1) * n / (n + PRIOR_LOOKUPS)`` with ``n`` the judged lookups the rule fired on.
Evidence that reviewers repeatedly judged legitimate loses weight, evidence on confirmed misuse
gains. A handful of verdicts moves a factor little (the blend) and the clip bounds what many can do,
so verdicts cannot overturn the hand weights. Without verdicts of both kinds, or when they do not rank with the hand
score at all (``a <= 0``), every factor is 1 (the hand weights). The factors go to the next run
(``weight_factors`` of :func:`pmengine.detect`), stored as JSON (``vik monitor learn``) so the SOC
sees them. Memory: one scored window at a time, then only the judged lookups.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from pmengine import pipeline, scoring
from pmengine.contract import Dataset, atomic_path
from pmengine.errors import FeedbackError
from pmengine.feedback import Verdict
from pmengine.params import Params
from pmengine.rules import RULE_BY_CODE, RULES

PRIOR_SCALE = 100.0
PENALTY_C = 0.05  # inverse L2 strength on the corrections (sklearn's C)
FACTOR_MIN = 0.25
FACTOR_MAX = 2.0
RANDOM_STATE = 0
PRIOR_LOOKUPS = 20.0  # pseudo judged lookups at the hand weight, per rule


@dataclass(frozen=True)
class Reweighting:
    """Per rule code the factor on its hand weight, and what it was learned from."""

    factors: dict[str, float]
    lookups: int = 0  # judged lookups with evidence
    misuse: int = 0
    legitimate: int = 0
    fired: dict[str, int] = field(default_factory=dict)  # judged lookups on which each rule contributed

    def to_dict(self) -> dict[str, object]:
        return {
            "model": "pmengine.learn/logistic-offset-v1",
            "lookups": self.lookups,
            "misuse": self.misuse,
            "legitimate": self.legitimate,
            "factors": {r.code: round(self.factors.get(r.code, 1.0), 6) for r in RULES},
            "fired": {r.code: self.fired.get(r.code, 0) for r in RULES},
        }

    @classmethod
    def from_dict(cls, obj: Mapping[str, object], *, file: str = "<model>") -> Reweighting:
        raw = obj.get("factors")
        if not isinstance(raw, dict):
            raise FeedbackError("'factors' ontbreekt of is geen object", file=file)
        factors: dict[str, float] = {}
        for code, value in raw.items():
            if code not in RULE_BY_CODE:
                raise FeedbackError(f"onbekende regelcode {code!r} in 'factors'", file=file)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise FeedbackError(f"factor van {code} is geen getal", file=file)
            if not FACTOR_MIN <= value <= FACTOR_MAX:
                raise FeedbackError(f"factor van {code} ligt niet tussen {FACTOR_MIN} en {FACTOR_MAX}", file=file)
            factors[str(code)] = float(value)
        return cls(factors)

    def lines(self) -> list[str]:
        """A table for the SOC: rule, factor on the hand weight, judged lookups it fired on."""
        out = [
            f"geleerd uit {self.lookups} beoordeelde opvragingen ({self.misuse} misbruik, {self.legitimate} legitiem)",
            f"{'regel':<20} {'factor':>7} {'beoordeeld':>10}",
        ]
        for r in RULES:
            out.append(f"{r.code:<20} {self.factors.get(r.code, 1.0):>7.3f} {self.fired.get(r.code, 0):>10}")
        return out


HAND_WEIGHTS = Reweighting({r.code: 1.0 for r in RULES})


def judged_labels(verdicts: Sequence[Verdict]) -> dict[str, int]:
    """Event id -> 1 (misuse) or 0 (legitimate); misuse wins, as in :mod:`pmengine.feedback`."""
    labels: dict[str, int] = {}
    for v in verdicts:
        for event in v.event_ids:
            if v.verdict == "misuse":
                labels[event] = 1
            elif v.scope in ("events", "subjects"):
                labels.setdefault(event, 0)
    return labels


def scored_lookups(ds: Dataset, params: Params, events: frozenset[str]) -> pl.DataFrame:
    """The lookups ``events`` of ``ds`` scored by the hand weights without verdicts (``event_id``,
    ``lookup_score``, ``c_<code>``)."""
    frame, effect = pipeline.chunk_evidence(pipeline.Chunk(0, ds), params)
    state = pipeline.WindowState()
    state.add(frame, effect, params)
    full = pipeline.window_evidence(
        frame, params, state.fixation_days(params), effect, state.team_records(), state.street_records(),
        state.revisits(),
    )
    del frame
    hours = state.hours()
    model = scoring.fit(full, params, hours=hours, users=hours.select("user_id", "peer").unique())
    scored = pipeline.score(full, model, params, effect)
    return scored.filter(pl.col("event_id").is_in(list(events))).select(
        "event_id", "lookup_score", *[f"c_{r.code}" for r in RULES]
    )


def fit_factors(rows: pl.DataFrame) -> Reweighting:
    """Fit the factors on judged lookups (``label``, ``lookup_score``, ``c_<code>``), see the module docstring."""
    rows = rows.filter(pl.col("lookup_score") > 0).sort("event_id")
    n_mis = int(rows["label"].sum()) if rows.height else 0
    n_leg = rows.height - n_mis
    fired = {r.code: int((rows[f"c_{r.code}"] > 0).sum()) for r in RULES} if rows.height else {}
    if n_mis == 0 or n_leg == 0:
        return Reweighting(dict(HAND_WEIGHTS.factors), rows.height, n_mis, n_leg, fired)
    codes = [r.code for r in RULES if fired.get(r.code, 0) > 0]
    x = rows.select(
        (pl.col("lookup_score") * PRIOR_SCALE).alias("prior"), *[pl.col(f"c_{c}") for c in codes]
    ).to_numpy()
    y = rows["label"].to_numpy()
    lr = LogisticRegression(C=PENALTY_C, random_state=RANDOM_STATE, max_iter=1000)
    lr.fit(x, y)
    coef = [float(v) for v in lr.coef_[0]]
    a = coef[0] * PRIOR_SCALE
    factors = dict(HAND_WEIGHTS.factors)
    if a > 0:
        for code, d in zip(codes, coef[1:], strict=True):
            raw = min(FACTOR_MAX, max(FACTOR_MIN, (a + d) / a))
            n = fired[code]
            factors[code] = 1.0 + (raw - 1.0) * n / (n + PRIOR_LOOKUPS)
    return Reweighting(factors, rows.height, n_mis, n_leg, fired)


def learn(ds: Dataset, verdicts: Sequence[Verdict], params: Params | None = None) -> Reweighting:
    """Learn factors on the hand weights from verdicts about lookups of ``ds``; no verdicts: the hand weights."""
    params = params or Params()
    labels = judged_labels(verdicts)
    if not labels:
        return HAND_WEIGHTS
    rows = scored_lookups(ds, params, frozenset(labels))
    rows = rows.with_columns(pl.col("event_id").replace_strict(labels, return_dtype=pl.Int8).alias("label"))
    return fit_factors(rows)


def save(model: Reweighting, path: str | os.PathLike[str]) -> None:
    with atomic_path(Path(path)) as tmp:
        tmp.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")


def load(path: str | os.PathLike[str]) -> Reweighting:
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FeedbackError(f"bestand niet leesbaar ({exc.strerror})", file=file) from exc
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedbackError(f"geen geldige JSON ({exc.msg})", file=file, line=exc.lineno) from exc
    if not isinstance(obj, dict):
        raise FeedbackError("geen JSON-object", file=file)
    return Reweighting.from_dict(obj, file=file)
