"""Calibrated scoring: learn baselines and base rates (fit), then weigh each lookup (score).

``fit`` learns from the data itself, per peer group (role × unit): each employee's hours, the size
of his usual bursts, and how often each kind of evidence fires. Evidence that is common in a peer
group weighs little there (a community officer who lives in his district often looks up people in
his own postcode area), rare evidence weighs a lot: the weight of a rule is its surprisal,
``-ln p``, with ``p`` the smoothed share of the peer group's lookups on which it fires, times the
rule's severity. The surprisal is taken relative to ``misuse_rate``, the rate at which evidence is
assumed to fire in misuse: ``w = max(0, ln(misuse_rate / p))``, the log likelihood ratio of
misuse against normal work, so evidence that fires on a large share of ordinary lookups weighs
nothing however many such lookups pile up. Base rates are learned per context as well: a record
reached through a licence plate (a traffic stop) meets relatives, colleagues and neighbours by
chance far more often than a name searched directly (:func:`_context`). ``score`` applies a fitted
:class:`Model` to any lookups frame: the lookup score is the weighted evidence times the
unexplained part of the lookup (1 - explained).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import reduce

import polars as pl

from pmengine import evidence
from pmengine.params import Params
from pmengine.rules import COMBINATIONS, RULES

GLOBAL_PEER = "*"


@dataclass(frozen=True)
class Model:
    """What ``fit`` learned; apply it with :func:`score`."""

    hour_share: pl.DataFrame  # user_id, hour, hour_share
    bulk_thresholds: pl.DataFrame  # user_id, bulk_threshold, bulk_bare_threshold
    free_text_thresholds: pl.DataFrame  # user_id, ft_threshold
    weights: pl.DataFrame  # peer (``role|unit|context``), w_<code> per rule; ``*|context`` rows for unseen groups


def hour_counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Lookups per (user, peer group, hour of day): additive over chunks of a long window."""
    return frame.group_by("user_id", "peer", "hour").agg(pl.len().alias("cu"))


def _hour_share(frame: pl.DataFrame, params: Params, counts: pl.DataFrame | None = None) -> pl.DataFrame:
    own_prior, peer_prior = 30.0, 200.0
    counts = hour_counts(frame) if counts is None else counts
    glob = (
        counts.group_by("hour")
        .agg(pl.col("cu").sum().alias("c"))
        .with_columns((pl.col("c") / pl.col("c").sum()).alias("g_share"))
    )
    peer = (
        counts.group_by("peer", "hour")
        .agg(pl.col("cu").sum().alias("c"))
        .with_columns(pl.col("c").sum().over("peer").alias("n"))
    )
    users = counts.select("user_id", "peer").unique()
    hours = pl.DataFrame({"hour": pl.Series(range(24), dtype=pl.Int8)})
    grid = users.join(hours, how="cross")
    own = counts.group_by("user_id", "hour").agg(pl.col("cu").sum())
    peer_share = (
        grid.select("peer", "hour")
        .unique()
        .join(glob.select("hour", "g_share"), on="hour", how="left")
        .join(peer, on=["peer", "hour"], how="left")
        .with_columns(
            pl.col("n").fill_null(strategy="max").over("peer"),
        )
        .with_columns(
            (
                (pl.col("c").fill_null(0) + peer_prior * pl.col("g_share").fill_null(0.0))
                / (pl.col("n").fill_null(0) + peer_prior)
            ).alias("p_share")
        )
        .select("peer", "hour", "p_share")
    )
    return (
        grid.join(own, on=["user_id", "hour"], how="left")
        .join(peer_share, on=["peer", "hour"], how="left")
        .with_columns(pl.col("cu").fill_null(0))
        .with_columns(pl.col("cu").sum().over("user_id").alias("nu"))
        .select(
            "user_id",
            "hour",
            ((pl.col("cu") + own_prior * pl.col("p_share")) / (pl.col("nu") + own_prior)).alias("hour_share"),
        )
    )


def _bucket_counts(per_row: pl.DataFrame, frame: pl.DataFrame, count: str, params: Params) -> pl.DataFrame:
    """Per (user, time bucket): the count, so that one long burst is one observation, not many."""
    bucket = pl.col("ts").dt.truncate(f"{params.bulk_window_minutes}m")
    return (
        per_row.join(frame.select("row", "peer", "ts"), on="row")
        .group_by("user_id", "peer", bucket.alias("bucket"))
        .agg(pl.col(count).max())
    )


def _bulk_thresholds(frame: pl.DataFrame, params: Params, users: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per user the BULK bars: ``bulk_threshold`` (records explained less than ``bulk_explained_below``)
    and ``bulk_bare_threshold`` (records nothing explains; see :func:`pmengine.evidence.bulk`)."""
    wide = _bulk_bar(frame, params, users, bare=False)
    bare = _bulk_bar(frame, params, users, bare=True).rename({"bulk_threshold": "bulk_bare_threshold"})
    return wide.join(bare, on="user_id", how="left")


def _bulk_bar(frame: pl.DataFrame, params: Params, users: pl.DataFrame | None, *, bare: bool) -> pl.DataFrame:
    counts = evidence.bulk_counts(frame, params, bare=bare)
    buckets = _bucket_counts(counts, frame, "bulk_count", params)
    # the employee's typical busy hour is learned from his other days: a burst is never its own
    # yardstick (with twenty hours of data, the two or three hours of one enumeration are his 90th
    # percentile and would raise the bar above themselves); his busiest day is left out
    buckets = buckets.with_columns(pl.col("bucket").dt.date().alias("day"))
    busiest = (
        buckets.group_by("user_id", "day")
        .agg(pl.col("bulk_count").max().alias("day_max"))
        .sort(["user_id", "day_max", "day"], descending=[False, True, False])
        .group_by("user_id", maintain_order=True)
        .head(1)
    )
    per_user = (
        buckets.join(busiest.select("user_id", "day"), on=["user_id", "day"], how="anti")
        .group_by("user_id")
        .agg(pl.col("bulk_count").quantile(0.9).alias("own"))
    )
    # Bare records are rare in ordinary work: a peer group has few hours with any, and one
    # enumeration would be its own peers' 99.5th percentile; the busiest day of each peer is left
    # out of the peer bar too.
    peer_buckets = buckets
    if bare:
        peer_buckets = buckets.join(busiest.select("user_id", "day"), on=["user_id", "day"], how="anti")
    per_peer = peer_buckets.group_by("peer").agg(pl.col("bulk_count").quantile(0.995).alias("peer_q"))
    users = frame.select("user_id", "peer").unique() if users is None else users
    floor = params.bulk_bare_min_subjects if bare else params.bulk_min_subjects
    return (
        users.join(per_user, on="user_id", how="left")
        .join(per_peer, on="peer", how="left")
        .select(
            "user_id",
            pl.max_horizontal(
                pl.lit(float(floor)),
                pl.col("peer_q").fill_null(0.0),
                3.0 * pl.col("own").fill_null(0.0),
            ).alias("bulk_threshold"),
        )
    )


def _free_text_thresholds(frame: pl.DataFrame, params: Params, users: pl.DataFrame | None = None) -> pl.DataFrame:
    buckets = _bucket_counts(evidence.free_text_counts(frame, params), frame, "ft_count", params)
    per_peer = buckets.group_by("peer").agg(pl.col("ft_count").quantile(0.995).alias("peer_q"))
    users = frame.select("user_id", "peer").unique() if users is None else users
    return users.join(per_peer, on="peer", how="left").select(
        "user_id",
        pl.max_horizontal(pl.lit(float(params.free_text_min_per_hour)), pl.col("peer_q").fill_null(0.0)).alias(
            "ft_threshold"
        ),
    )


def behaviour_evidence(frame: pl.DataFrame, model: Model, params: Params) -> pl.DataFrame:
    frame = evidence.rare_hour(frame, model.hour_share, params)
    frame = evidence.bulk(frame, model.bulk_thresholds, params)
    return evidence.free_text(frame, model.free_text_thresholds, params)


CONTEXTS = ("kenteken", "direct")


def _context() -> pl.Expr:
    """How the record was reached: through a licence plate (the car or, just after it, its keeper) or directly.

    Relationship evidence is met by chance at very different rates in the two: a car of a
    colleague's household or from the own street turns up in traffic stops, while the police
    households hardly ever come up in a name search of ordinary work. Each rule's base rate is
    therefore learned per context, so a colleague reached by name weighs more than one reached as
    the keeper of a stopped car.
    """
    via_plate = (pl.col("subject_type") == "vehicle") | (pl.col("ev_plate_owner") > 0)
    return pl.when(via_plate).then(pl.lit(CONTEXTS[0])).otherwise(pl.lit(CONTEXTS[1]))


def _key(group: str) -> pl.Expr:
    """The weights table's key: the peer column (or ``*``) and the context, e.g. ``agent|E01-D01-BT1|direct``."""
    part = pl.lit(GLOBAL_PEER) if group == GLOBAL_PEER else pl.col(group)
    return pl.concat_str(part, pl.lit("|"), _context())


def _smoothed(fired: pl.Expr, seen: pl.Expr, centre: pl.Expr, params: Params) -> pl.Expr:
    """A group's rate of a rule, smoothed towards ``centre`` (the rate of the level above it).

    Prior strength in lookups: at least ``prior_strength``, and enough that the prior holds
    ``prior_events`` expected firings, so that a group that merely never saw a rare rule is not
    judged to be far below the level above (with a pure lookup-count prior, a large group with
    zero firings would give the rule an arbitrarily large weight there).
    """
    prior = pl.max_horizontal(pl.lit(params.prior_strength), params.prior_events / centre)
    return (fired + prior * centre) / (seen + prior)


_SUM_DECIMALS = 9


def _rounded() -> list[pl.Expr]:
    """The rule sums (``<code>``, ``n_<code>``) rounded to ``_SUM_DECIMALS`` (see :func:`_weights`)."""
    return [pl.col(c).round(_SUM_DECIMALS) for r in RULES for c in (r.code, f"n_{r.code}")]


def _weights(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """Rule weights per peer group and context, smoothed towards the same role's force-wide rate.

    The rate of a rule is its share of the lookups it could fire on: all lookups, or for a
    combination rule (:data:`COMBINATIONS`) the lookups on which one of its partners fired. The
    rates form a hierarchy: force (per context), role (the same job anywhere in the force, smoothed
    towards the force) and peer group (role × unit, smoothed towards its role). The comparison for
    an officer of a basic team is other such officers, not the control room: an operator opens the
    callers, addresses and police households of a whole region as his daily work, and with a
    force-wide centre his rates would leak into every small team's weights (a colleague looked up
    by name is everyday work in the control room and rare on the street). Rows are keyed
    ``<role>|<unit>|<context>``; the force-wide rows are ``*|<context>``.
    """
    every_lookup = pl.col("row").is_not_null()  # a per-row True that sums to the group's size in agg
    base = {r.code: every_lookup for r in RULES}
    for code, partners in COMBINATIONS.items():
        base[code] = pl.max_horizontal([pl.col(c) for c in partners]) > 0
    # Each lookup counts with its unexplained part: the score weighs only that part, so the rate
    # that matters is how often the evidence fires in the work that no registration explains (a
    # colleague or a target met as a victim in the own team's incident is no chance meeting).
    unexplained = (
        (1.0 - pl.col("explained").fill_null(0.0)).clip(0.0, 1.0) if "explained" in frame.columns else pl.lit(1.0)
    )
    mass = pl.col("_unexplained")
    fired = [(((pl.col(r.column) > 0) & base[r.code]).cast(pl.Float64) * mass).sum().alias(r.code) for r in RULES]
    seen = [(base[r.code].cast(pl.Float64) * mass).sum().alias(f"n_{r.code}") for r in RULES]
    needed = sorted({r.column for r in RULES} | {c for ps in COMBINATIONS.values() for c in ps})
    keyed = frame.select(
        "row",
        *needed,
        unexplained.alias("_unexplained"),
        _key("peer").alias("key"),
        pl.col("peer").str.split("|").list.first().fill_null("").alias("_role"),
        _context().alias("context"),
    )
    # A parallel group-by adds a group's floats in an order that varies from run to run, so sums
    # may differ in their last bit (session 21: one alert score in two runs of the same data).
    # Each level's sums are rounded to ``_SUM_DECIMALS`` (far below any difference that matters),
    # so the same data gives the same weights and alerts.
    per_peer = (
        keyed.group_by("key", "_role", "context").agg(*fired, *seen).sort("key", "context").with_columns(_rounded())
    )
    # Sums add up: the role and force levels are sums of the peer rows (a few hundred), not two
    # more passes over every lookup.
    sums = [pl.col(r.code).sum() for r in RULES] + [pl.col(f"n_{r.code}").sum() for r in RULES]
    per_role = per_peer.group_by("_role", "context").agg(sums).with_columns(_rounded())
    force = per_peer.group_by("context").agg(sums).with_columns(_rounded())
    glob = force.select(
        "context",
        *[((pl.col(r.code) + 1.0) / (pl.col(f"n_{r.code}") + 2.0)).alias(f"g_{r.code}") for r in RULES],
    )
    roles = per_role.join(glob, on="context").select(
        "_role",
        "context",
        *[
            _smoothed(pl.col(r.code), pl.col(f"n_{r.code}"), pl.col(f"g_{r.code}"), params).alias(f"r_{r.code}")
            for r in RULES
        ],
    )

    def weight(rate: pl.Expr, rule_severity: float) -> pl.Expr:
        return (params.misuse_rate / rate).log().clip(lower_bound=0.0) * rule_severity

    peers = per_peer.join(roles, on=["_role", "context"]).select(
        pl.col("key").alias("peer"),
        *[
            weight(_smoothed(pl.col(r.code), pl.col(f"n_{r.code}"), pl.col(f"r_{r.code}"), params), r.severity).alias(
                f"w_{r.code}"
            )
            for r in RULES
        ],
    )
    forces = glob.select(
        pl.concat_str(pl.lit(GLOBAL_PEER), pl.lit("|"), "context").alias("peer"),
        *[weight(pl.col(f"g_{r.code}"), r.severity).alias(f"w_{r.code}") for r in RULES],
    )
    return pl.concat([peers, forces], how="vertical_relaxed").sort("peer")


def fit(
    frame: pl.DataFrame,
    params: Params,
    *,
    hours: pl.DataFrame | None = None,
    users: pl.DataFrame | None = None,
) -> Model:
    """Learn baselines and rule weights from an explained frame with static evidence.

    For a long window ``frame`` is a sample of days; ``hours`` (:func:`hour_counts` summed over
    every day) and ``users`` (``user_id``, ``peer`` of everyone in the window) then make the hour
    profiles exact and give employees absent from the sample their peer group's thresholds.
    """
    return fit_with_evidence(frame, params, hours=hours, users=users)[0]


def fit_with_evidence(
    frame: pl.DataFrame,
    params: Params,
    *,
    hours: pl.DataFrame | None = None,
    users: pl.DataFrame | None = None,
) -> tuple[Model, pl.DataFrame]:
    """:func:`fit`, and ``frame`` with the behaviour evidence the fitted model gives it (the same
    frame :func:`behaviour_evidence` would return for it), so a caller that scores the frame it fitted
    on need not compute that evidence twice."""
    partial = Model(
        hour_share=_hour_share(frame, params, hours),
        bulk_thresholds=_bulk_thresholds(frame, params, users),
        free_text_thresholds=_free_text_thresholds(frame, params, users),
        weights=pl.DataFrame(),
    )
    with_behaviour = behaviour_evidence(frame, partial, params)
    model = Model(
        partial.hour_share, partial.bulk_thresholds, partial.free_text_thresholds, _weights(with_behaviour, params)
    )
    return model, with_behaviour


def scale_weights(model: Model, factors: Mapping[str, float]) -> Model:
    """The model with each rule's weight (every peer group and context) times its factor.

    ``factors`` maps rule codes to a multiplier (missing codes: 1.0); the reviewers' verdicts learn
    them (:mod:`pmengine.learn`). The hand-derived weights stay the starting point.
    """
    scaled = [
        (pl.col(f"w_{r.code}") * float(factors[r.code])).alias(f"w_{r.code}")
        for r in RULES
        if r.code in factors and f"w_{r.code}" in model.weights.columns
    ]
    if not scaled:
        return model
    return replace(model, weights=model.weights.with_columns(scaled))


def score(frame: pl.DataFrame, model: Model, params: Params) -> pl.DataFrame:
    """Add behaviour evidence, then weigh (see :func:`weigh`)."""
    return weigh(behaviour_evidence(frame, model, params), model, params)


def weigh(frame: pl.DataFrame, model: Model, params: Params) -> pl.DataFrame:
    """Add per-rule contributions ``c_<code>``, ``lookup_score`` and ``flagged`` to a frame with all evidence."""
    weights = model.weights
    glob = weights.filter(pl.col("peer").str.starts_with(f"{GLOBAL_PEER}|")).rename(
        {"peer": "_force", **{f"w_{r.code}": f"gw_{r.code}" for r in RULES}}
    )
    frame = (
        frame.with_columns(_key("peer").alias("_key"), _key(GLOBAL_PEER).alias("_force"))
        .join(weights.rename({"peer": "_key"}), on="_key", how="left")
        .join(glob, on="_force", how="left")
        .drop("_key", "_force")
    )
    unexplained = 1.0 - pl.col("explained").fill_null(0.0)
    contributions = [
        (unexplained * pl.col(r.column) * pl.coalesce(f"w_{r.code}", f"gw_{r.code}", pl.lit(0.0))).alias(f"c_{r.code}")
        for r in RULES
    ]
    frame = frame.with_columns(contributions).drop([f"w_{r.code}" for r in RULES] + [f"gw_{r.code}" for r in RULES])
    # Added in the catalogue's order, one column after the other: ``sum_horizontal`` may add the
    # columns in an order that varies from run to run, and the same lookup then scored differently
    # in its last bit (session 22: one alert score in two runs of the same data).
    total = reduce(operator.add, [pl.col(f"c_{r.code}") for r in RULES])
    specific = reduce(operator.add, [pl.col(f"c_{r.code}") for r in RULES if r.code != "NO_PURPOSE"])
    return frame.with_columns(total.alias("lookup_score")).with_columns(
        ((pl.col("lookup_score") >= params.flag_min_score) & (specific > 0)).alias("flagged")
    )
