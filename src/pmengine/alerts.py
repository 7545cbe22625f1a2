"""Alerts: group flagged lookups into one alert per user episode and explain it in Dutch.

An episode is a run of flagged lookups of one employee with no gap longer than
``episode_gap_hours``; episodes of the same employee that share a looked-up record (fixation over
several days) are merged. The alert score is a sum with diminishing returns over its lookups, in
descending order: ``s1 + (s2 - f)/2 + (s3 - f)/3 + ...`` (each further term at least 0), so that
volume counts but cannot drown a single serious lookup. ``f`` is ``alert_term_floor`` (1.5, half
the bar at which a lookup is flagged at all): a further lookup adds only what it has above the
evidence that ordinary work shows in volume. Until session 17 ``f`` was 0, and a control-room
operator's dozen lookups that each just cleared the bar (callers in his own street over three
weeks, 3.3 each: 10.5) outranked a single lookup of a colleague by name (8).

A licence plate and its keeper looked up just after it (``PLATE_OWNER``) are one encounter and
count once, with the higher of their two scores: the car in the own street and its
keeper who lives there are the same chance meeting, not two. Alerts are sorted by score, highest
first, ties broken by user and start time.

A record opened again within ``same_look_minutes`` of its previous opening is the same look and
counts once too: the list and then the detail view, a second tab, a screen refreshed while the caller
is on the line. A record returned to after a pause is looked at again and counts again.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl

from pmengine.params import Params
from pmengine.rules import RULES

RULE_MIN_SHARE = 0.05
RULE_MIN_POINTS = 0.5

NOUNS = {
    "person": ("persoon", "personen"),
    "vehicle": ("voertuig", "voertuigen"),
    "address": ("adres", "adressen"),
    "registration": ("registratie", "registraties"),
    "free_text": ("vrije zoekvraag", "vrije zoekvragen"),
}
RELATION_PHRASES = {
    "SAME_ADDRESS": "op het eigen woonadres",
    "SELF": "van de medewerker zelf",
    "DECLARED_RELATION": "van een gemelde relatie (meldplicht)",
    "SAME_POSTCODE": "in de eigen straat (zelfde postcode)",
    "NEAR_HOME": "in de eigen woonwijk (zelfde postcodegebied)",
    "SAME_SURNAME": "met de eigen, weinig voorkomende achternaam",
    "COLLEAGUE": "van collega's",
    "COLLEAGUE_HOME": "van het woonadres of een voertuig van een collega",
    "HIGH_PROFILE": "van een publiek bekend persoon",
    "HIGH_PROFILE_CASE": "van een publiek bekend persoon in een lopende zaak van een andere eenheid",
    "RESTRICTED": "uit een afgeschermd onderzoek waar de medewerker niet op staat",
    "PURPOSE_MISMATCH": "met als doel een registratienummer dat niet over het opgevraagde gaat",
    "PLATE_OWNER": "van een kenteken en direct daarna de eigenaar",
    "PLATE_AT_HOME": "van een kenteken in of bij de eigen straat en direct daarna de eigenaar, zonder verklaring",
    "PERSON_VEHICLE": "van een voertuig op het adres van een persoon die net daarvoor is opgevraagd",
    "PERSON_ADDRESS": "van het woonadres van een persoon die net daarvoor is opgevraagd",
    "PERSON_HOUSEMATE": "van een huisgenoot van een persoon die de medewerker op meerdere dagen en net "
    "daarvoor opvroeg",
    "UNKNOWN_PERSON": "van een persoon die in geen enkele registratie voorkomt",
    "NAME_SEARCH": "van een persoon die de medewerker zelf op naam zocht, zonder verklaring",
    "CLOSED_RETURN": "zonder opgegeven doel van een persoon of adres uit een eigen registratie die al dagen is "
    "afgesloten",
    "BULK": "in een reeks van veel verschillende opvragingen binnen een uur",
    "FIXATION": "van dezelfde persoon of hetzelfde voertuig op meerdere dagen",
    "FREE_TEXT": "via een reeks vrije zoekvragen binnen een uur",
}
BEHAVIOUR_PHRASES = {
    "OFF_DUTY": "buiten dienst",
    "OFF_DUTY_RELATION": "buiten dienst met een persoonlijke band",
    "OUT_OF_AREA": "buiten het werkgebied van de eenheid",
    "AREA_RELATION": "buiten het werkgebied met een persoonlijke band",
    "RARE_HOUR": "op een voor deze medewerker ongebruikelijk uur",
}
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


@dataclass(frozen=True)
class Alert:
    """One alert in the contract's output format."""

    alert_id: str
    user_id: str
    start: datetime
    end: datetime
    score: float
    rules: tuple[str, ...]
    event_ids: tuple[str, ...]
    explanation: str

    def to_dict(self, time_zone: str = "Europe/Amsterdam") -> dict[str, object]:
        tz = ZoneInfo(time_zone)
        return {
            "alert_id": self.alert_id,
            "user_id": self.user_id,
            "start": self.start.astimezone(tz).isoformat(),
            "end": self.end.astimezone(tz).isoformat(),
            "score": round(self.score, 4),
            "rules": list(self.rules),
            "event_ids": list(self.event_ids),
            "explanation": self.explanation,
        }


def assign_episodes(flagged: pl.DataFrame, params: Params) -> pl.DataFrame:
    """Add ``episode`` (an int, unique over the frame) to flagged lookups."""
    gap = pl.duration(seconds=int(params.episode_gap_hours * 3600))
    ordered = flagged.sort("user_id", "ts", "row").with_columns(
        (
            (pl.col("ts").diff().over("user_id") > gap).fill_null(True)
            | (pl.col("user_id") != pl.col("user_id").shift(1)).fill_null(True)
        )
        .cast(pl.Int64)
        .cum_sum()
        .alias("episode")
    )
    # Merge episodes of one employee that share a record (the same person on several days).
    keyed = (
        ordered.filter(pl.col("subject_id").is_not_null())
        .select(
            "episode", pl.concat_str("user_id", pl.lit("\x1f"), "subject_type", pl.lit("\x1f"), "subject_id").alias("k")
        )
        .unique()
    )
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    first: dict[str, int] = {}
    for ep, key in keyed.sort("episode", "k").iter_rows():
        if key in first:
            a, b = find(first[key]), find(ep)
            if a != b:
                parent[max(a, b)] = min(a, b)
        else:
            first[key] = ep
    if not parent:
        return ordered
    mapping = pl.DataFrame(
        {"episode": list(parent), "merged": [find(e) for e in parent]}, schema={"episode": pl.Int64, "merged": pl.Int64}
    )
    return (
        ordered.join(mapping, on="episode", how="left")
        .with_columns(pl.coalesce("merged", "episode").alias("episode"))
        .drop("merged")
    )


def _format_period(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    s, e = start.astimezone(tz), end.astimezone(tz)
    head = f"{WEEKDAYS[s.weekday()]} {s:%d-%m-%Y %H:%M}"
    if s.date() == e.date():
        return f"{head}–{e:%H:%M}"
    return f"{head} tot {WEEKDAYS[e.weekday()]} {e:%d-%m-%Y %H:%M}"


def explanation_text(
    n: int,
    rule_counts: dict[str, int],
    rules: list[str],
    types: Counter[str],
    fully_unexplained: bool,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    extra: str = "",
) -> str:
    """A one or two sentence Dutch explanation naming the evidence, e.g.
    "3 opvragingen van personen in de eigen straat (zelfde postcode), buiten dienst, zonder registratie";
    lookups of several kinds are each counted: "6 opvragingen (3 personen, 2 adressen, 1 voertuig) ...".
    """
    main_type = types.most_common(1)[0][0] if types else "person"
    singular, plural = NOUNS.get(main_type, ("record", "records"))
    head = f"{n} opvraging{'en' if n != 1 else ''} van {plural if n != 1 else singular}"
    if len(types) > 1:
        # Of several kinds: each named with its count (tester t58: "6 opvragingen van personen"
        # where 3 of the 6 were an address and a car).
        kinds = [f"{count} {NOUNS.get(kind, ('record', 'records'))[0 if count == 1 else 1]}"
                 for kind, count in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))]
        head = f"{n} opvragingen ({', '.join(kinds)})"
    relation = []
    for code in rules:
        if code in RELATION_PHRASES:
            phrase = RELATION_PHRASES[code]
            count = rule_counts.get(code, 0)
            relation.append(phrase if count >= n else f"{count}× {phrase}")
    behaviour = []
    for code in rules:
        if code in BEHAVIOUR_PHRASES:
            count = rule_counts.get(code, 0)
            behaviour.append(BEHAVIOUR_PHRASES[code] if count >= n else f"{count}× {BEHAVIOUR_PHRASES[code]}")
    behaviour.append("zonder registratie" if fully_unexplained else "grotendeels zonder passende registratie")
    text = head
    if relation:
        text += " " + ", ".join(relation[:1]) + ("" if len(relation) == 1 else "; ook " + ", ".join(relation[1:]))
    text += ", " + ", ".join(behaviour) + f" ({_format_period(start, end, tz)})."
    return text + (f" {extra}" if extra else "")


def _terms(ordered: pl.Expr, params: Params) -> pl.Expr:
    """The alert score from its encounters' scores, highest first: ``s1 + Σ_k≥2 (s_k - floor)⁺ / k``.

    The strongest look counts in full; each further one adds what it has above
    ``alert_term_floor``, with diminishing returns (session 17; until then ``s1 + s2/2 + s3/3 …``).
    """
    rank = pl.int_range(1, pl.len() + 1)
    floor = params.alert_term_floor
    above = (ordered - floor).clip(lower_bound=0.0)
    return ordered.first() + (above / rank).sum() - above.first()


def build_alerts(scored: pl.DataFrame, params: Params, prior_misuse: frozenset[str] = frozenset()) -> list[Alert]:
    """Group the flagged lookups of a scored frame into alerts, best first."""
    codes = [r.code for r in RULES]
    flagged = scored.filter(pl.col("flagged")).select(
        "row",
        "event_id",
        "ts",
        "user_id",
        "subject_type",
        "subject_id",
        "lookup_score",
        "explained",
        "s_address_id",
        "ev_plate_owner",
        *[f"c_{c}" for c in codes],
    )
    if flagged.height == 0:
        return []
    flagged = assign_episodes(flagged, params)
    # one term per encounter: a plate-and-keeper pair (same address) is one; a record opened again
    # within ``same_look_minutes`` of its previous opening is the same look; every other lookup its own
    record = pl.concat_str(pl.col("subject_type"), pl.lit(":"), pl.col("subject_id"))
    # Looks are global run ids over the frame sorted by episode, record and time (no window nested
    # in another: see `evidence._runs`).
    same_look = pl.duration(seconds=int(params.same_look_minutes * 60))
    new_look = (
        (pl.col("episode") != pl.col("episode").shift(1)).fill_null(True)
        | (pl.col("_record") != pl.col("_record").shift(1)).fill_null(True)
        | ~(pl.col("ts").diff() <= same_look).fill_null(False)
    )
    flagged = (
        flagged.with_columns(record.alias("_record"))
        .sort("episode", "_record", "ts", "row", nulls_last=True)
        .with_columns(new_look.cast(pl.Int64).cum_sum().alias("_look"))
        .drop("_record")
        .sort("ts", "row")
    )
    encounter = (
        pl.when(pl.col("ev_plate_owner") > 0)
        .then(pl.concat_str(pl.lit("adres:"), pl.col("s_address_id")))
        .otherwise(pl.concat_str(pl.lit("blik:"), record, pl.lit(":"), pl.col("_look").cast(pl.String)))
    )
    terms = (
        flagged.group_by("episode", encounter.fill_null(pl.col("row").cast(pl.String)).alias("_encounter"))
        .agg(pl.col("lookup_score").max())
        .group_by("episode")
        .agg(_terms(pl.col("lookup_score").sort(descending=True), params).alias("_score"))
    )
    flagged = flagged.join(terms, on="episode", how="left")
    grouped = (
        flagged.sort("episode", "ts", "row")
        .group_by("episode", maintain_order=True)
        .agg(
            pl.col("user_id").first(),
            pl.col("ts").min().alias("start"),
            pl.col("ts").max().alias("end"),
            pl.col("_score").first().alias("score"),
            pl.col("event_id"),
            pl.col("subject_type"),
            (pl.col("explained").fill_null(0.0) <= 0.0).all().alias("fully_unexplained"),
            # rounded: a parallel group-by adds floats in varying order (see `scoring._weights`)
            *[pl.col(f"c_{c}").sum().round(9).alias(f"sum_{c}") for c in codes],
            *[(pl.col(f"c_{c}") > 0).sum().alias(f"n_{c}") for c in codes],
        )
    )
    tz = ZoneInfo(params.time_zone)
    alerts: list[Alert] = []
    for row in grouped.iter_rows(named=True):
        total = sum(row[f"sum_{c}"] for c in codes) or 1.0
        ranked = sorted(codes, key=lambda c: (-row[f"sum_{c}"], c))
        rules = [c for c in ranked if row[f"sum_{c}"] >= max(RULE_MIN_POINTS, RULE_MIN_SHARE * total)]
        counts = {c: int(row[f"n_{c}"]) for c in codes}
        score = float(row["score"])
        extra = ""
        if row["user_id"] in prior_misuse:
            rules.append("PRIOR_MISUSE")
            score *= 1.5
            extra = "Eerder is bij deze medewerker misbruik vastgesteld."
        events = tuple(row["event_id"])
        digest = hashlib.sha1(f"{row['user_id']}|{events[0]}|{events[-1]}".encode()).hexdigest()[:12]
        alerts.append(
            Alert(
                alert_id=f"PM-{digest}",
                user_id=row["user_id"],
                start=row["start"],
                end=row["end"],
                score=score,
                rules=tuple(rules),
                event_ids=events,
                explanation=explanation_text(
                    len(events),
                    counts,
                    rules,
                    Counter(row["subject_type"]),
                    bool(row["fully_unexplained"]),
                    row["start"],
                    row["end"],
                    tz,
                    extra,
                ),
            )
        )
    alerts.sort(key=lambda a: (-a.score, a.user_id, a.start, a.alert_id))
    return alerts
