"""The plain baseline rule set, kept for comparison with the calibrated engine.

As the issue states it: "unexplained lookup + any relationship/off-duty flag, summed per
user-day". A lookup counts when it opened a record that no own registration or matching purpose
explains and at least one relationship flag or the off-duty flag is set; the alert score of an
employee-day is the number of such lookups that day (``mode="lookups"``, the default). One alert
per employee-day.

``mode="flags"`` is a stronger variant that sums the flags instead (a lookup of a neighbour, off
duty, counts three): session 1 used it as the baseline, and the benchmark reports both side by side.
"""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import polars as pl

from pmengine.alerts import Alert, explanation_text, lookup_kind
from pmengine.params import Params
from pmengine.rules import RULE_BY_CODE

# The plain rule set, fixed: the original relationship flags and off duty (not the combinations or refinements
# the engine learns). COLLEAGUE_HOME is listed because the original COLLEAGUE flag covered it; the two are
# disjoint, so a lookup counts the same number of flags as before the split.
BASELINE_CODES = (
    "SAME_ADDRESS",
    "SELF",
    "DECLARED_RELATION",
    "SAME_POSTCODE",
    "NEAR_HOME",
    "SAME_SURNAME",
    "COLLEAGUE",
    "COLLEAGUE_HOME",
    "HIGH_PROFILE",
    "RESTRICTED",
    "PURPOSE_MISMATCH",
    "OFF_DUTY",
)
FLAGS = [RULE_BY_CODE[c] for c in BASELINE_CODES]


MODES = ("lookups", "flags")


def mode_of(baseline: bool | str) -> str:
    """The baseline variant a ``baseline`` argument selects (``True`` is the default variant)."""
    return "lookups" if baseline is True else str(baseline)


def baseline_alerts(frame: pl.DataFrame, params: Params, mode: str = "lookups") -> list[Alert]:
    if mode not in MODES:
        raise ValueError(f"onbekende baselinevariant: {mode!r} (kies uit {', '.join(MODES)})")
    hits = [(pl.col(r.column) > 0).cast(pl.Int64).alias(r.code) for r in FLAGS]
    counted = (
        frame.filter(pl.col("has_record") & ~(pl.col("expl_own") | pl.col("expl_purpose") | pl.col("expl_feedback")))
        .with_columns(hits)
        .with_columns(pl.sum_horizontal([r.code for r in FLAGS]).alias("flags"))
        .filter(pl.col("flags") > 0)
    )
    if counted.height == 0:
        return []
    days = (
        counted.sort("user_id", "ts", "row")
        .group_by("user_id", "day", maintain_order=True)
        .agg(
            (pl.col("flags").sum() if mode == "flags" else pl.len()).alias("flags"),
            pl.col("ts").min().alias("start"),
            pl.col("ts").max().alias("end"),
            pl.col("event_id"),
            lookup_kind().alias("_kind"),
            pl.concat_str(pl.col("subject_type"), pl.lit("\x1f"), pl.col("subject_id").cast(pl.String))
            .drop_nulls().unique().alias("_records"),
            *[pl.col(r.code).sum() for r in FLAGS],
        )
    )
    tz = ZoneInfo(params.time_zone)
    alerts = []
    for row in days.iter_rows(named=True):
        counts = {r.code: int(row[r.code]) for r in FLAGS}
        rules = [c for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0]
        events = tuple(row["event_id"])
        alerts.append(
            Alert(
                alert_id=f"BL-{row['user_id']}-{row['day']:%Y%m%d}",
                user_id=row["user_id"],
                start=row["start"],
                end=row["end"],
                score=float(row["flags"]),
                rules=tuple(rules),
                event_ids=events,
                explanation=explanation_text(
                    len(events), counts, rules, Counter(row["_kind"]), True, row["start"], row["end"], tz,
                    records=Counter(r.split("\x1f", 1)[0] for r in row["_records"]),
                ),
            )
        )
    alerts.sort(key=lambda a: (-a.score, a.user_id, a.start))
    return alerts
