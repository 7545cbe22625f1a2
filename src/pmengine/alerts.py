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
from dataclasses import dataclass, field
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
    # a search that opened no record (``subject_id`` null): not a record of its kind (tester t60)
    "search": ("zoekvraag", "zoekvragen"),
}
# The order in which the kinds are named, the same in every explanation (tester t60).
KIND_ORDER = ("person", "address", "vehicle", "registration", "search", "free_text")
ARTICLE = {"person": "een persoon", "address": "een adres", "vehicle": "een voertuig",
           "registration": "een registratie"}
RELATION_PHRASES = {
    "SAME_ADDRESS": "op het eigen woonadres",
    "SELF": "van de medewerker zelf",
    "DECLARED_RELATION": "van een gemelde relatie (meldplicht)",
    "SAME_POSTCODE": "in de eigen straat (zelfde postcode)",
    "NEAR_HOME": "in de eigen woonwijk (zelfde postcodegebied)",
    "SAME_SURNAME": "met de eigen, weinig voorkomende achternaam",
    "COLLEAGUE": "die collega's zijn",
    "COLLEAGUE_HOME": "van een collega (diens woonadres of voertuig)",
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
    "CLOSED_RETURN": "uit een eigen registratie die al dagen was afgesloten, zonder opgegeven doel",
    "BULK": "in een reeks van veel verschillende opvragingen binnen een uur",
    "FIXATION": "op meerdere dagen (steeds hetzelfde record)",
    "FREE_TEXT": "via een reeks vrije zoekvragen binnen een uur",
}
BEHAVIOUR_PHRASES = {
    "OFF_DUTY": "buiten dienst",
    "OFF_DUTY_RELATION": "buiten dienst met een persoonlijke band",
    "OUT_OF_AREA": "buiten het werkgebied van de eenheid",
    "AREA_RELATION": "buiten het werkgebied met een persoonlijke band",
    "RARE_HOUR": "op een voor deze medewerker ongebruikelijk uur",
}
# A relation phrase said of one record, and after "waarvan N" (when it holds for only some lookups).
RELATION_ONE = {"COLLEAGUE": "die een collega is"}
RELATION_SOME = {"COLLEAGUE": ("van een collega", "van collega's")}
# Behaviour rules that narrow another: said together as "buiten dienst (waarvan 3 met een persoonlijke band)".
NARROWS = {"OFF_DUTY_RELATION": ("OFF_DUTY", "met een persoonlijke band"),
           "AREA_RELATION": ("OUT_OF_AREA", "met een persoonlijke band")}
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
    # Per lookup (event id): the rules that scored it, in the order of `RULES`; for the reviewer's timeline
    # (tester t60 could not check "3x buiten dienst" against the rows). Not part of the contract's output.
    event_rules: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

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
        return head if f"{s:%H:%M}" == f"{e:%H:%M}" else f"{head}–{e:%H:%M}"
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
    records: Counter[str] | None = None,
    unexplained: int | None = None,
    partly_explained: int = 0,
) -> str:
    """A one or two sentence Dutch explanation naming the evidence, e.g.
    "3 opvragingen van personen in de eigen straat (zelfde postcode), buiten dienst, zonder registratie
    waaraan de medewerker werkt (di 03-03-2026 21:10–21:40)."

    ``types`` counts the lookups per kind (``person``, ``address``, ``vehicle``, ``registration``;
    ``search`` for a search that opened no record, ``free_text``); ``records`` (optional) the distinct
    records per kind. The text names the records, not the lookups: "4 opvragingen van 1 persoon",
    "6 opvragingen: 3 personen, 1 adres (2×), 1 voertuig", "4 opvragingen: 1 persoon (2×), 2 zoekvragen"
    (testers t58-t60). A rule that holds for only some lookups says for how many: "…, waarvan 3 in de
    eigen straat". ``unexplained`` (lookups no registration of the employee explains) and
    ``partly_explained`` count the rest; without them ``fully_unexplained`` decides the wording.
    """
    records = records if records is not None else Counter(
        {k: v for k, v in types.items() if k not in ("search", "free_text")})

    def noun(kind: str, count: int) -> str:
        return NOUNS.get(kind, ("record", "records"))[0 if count == 1 else 1]

    kinds = sorted(types, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k))
    lookups = f"{n} opvraging{'en' if n != 1 else ''}"
    listed = len(kinds) > 1
    if not kinds:
        head = lookups
    elif listed:
        parts = []
        for kind in kinds:
            if kind in ("search", "free_text"):
                parts.append(f"{types[kind]} {noun(kind, types[kind])}")
            else:
                distinct = records.get(kind, types[kind])
                again = f" ({types[kind]}×)" if types[kind] > distinct else ""
                parts.append(f"{distinct} {noun(kind, distinct)}{again}")
        head = f"{lookups}: {', '.join(parts)}"
    elif kinds[0] in ("search", "free_text"):
        head = f"{n} {noun(kinds[0], n)}"
    else:
        distinct = records.get(kinds[0], n)
        if distinct < n:
            head = f"{lookups} van {distinct} {noun(kinds[0], distinct)}"
        elif n == 1:
            head = f"{lookups} van {ARTICLE.get(kinds[0], noun(kinds[0], 1))}"
        else:
            head = f"{lookups} van {noun(kinds[0], n)}"
    whole: list[str] = []
    some: list[str] = []
    for code in rules:
        if code in RELATION_PHRASES:
            count = rule_counts.get(code, 0)
            # after "waarvan N" or "ook", the short form ("van collega's", not "die collega's zijn")
            short = RELATION_SOME.get(code)
            later = RELATION_PHRASES[code] if short is None else short[0 if count == 1 else 1]
            if count >= n:
                first = RELATION_ONE.get(code, RELATION_PHRASES[code]) if n == 1 else RELATION_PHRASES[code]
                whole.append(first if not whole else later)
            else:
                some.append(f"{count} {later}")
    behaviour = []
    said = set(rules)
    for code in rules:
        if code not in BEHAVIOUR_PHRASES:
            continue
        count = rule_counts.get(code, 0)
        narrowed = NARROWS.get(code)
        if narrowed and narrowed[0] in said:
            continue  # said with the broader rule below
        text = BEHAVIOUR_PHRASES[code] if count >= n else f"{count}× {BEHAVIOUR_PHRASES[code]}"
        for narrow, (broader, phrase) in NARROWS.items():
            if broader == code and narrow in said:
                text += f" (waarvan {rule_counts.get(narrow, 0)} {phrase})"
        behaviour.append(text)
    reason = "zonder lopende registratie waaraan de medewerker werkt"
    if unexplained is None:
        behaviour.append(reason if fully_unexplained else "grotendeels zonder passende registratie")
    elif unexplained >= n:
        behaviour.append(reason)
    else:
        if unexplained:
            behaviour.append(f"{unexplained}× {reason}")
        if partly_explained:
            behaviour.append(f"{partly_explained}× slechts deels verklaard door een registratie")
    if whole and whole[0].startswith("van ") and not listed and kinds and records.get(kinds[0], n) >= n:
        head = lookups  # "1 opvraging van een huisgenoot …", not "van een persoon van een huisgenoot …"
    text = head
    if whole:
        text += ("; " if listed else " ") + whole[0] + "".join(f"; ook {phrase}" for phrase in whole[1:])
    if some:
        text += ("; " if listed and not whole else ", ") + "waarvan " + ", ".join(some)
    text += ("; " if listed or whole or some else ", ") + ", ".join(behaviour)
    text += f" ({_format_period(start, end, tz)})."
    return text + (f" {extra}" if extra else "")


def lookup_kind() -> pl.Expr:
    """The kind of a lookup for the explanation: its ``subject_type``, or ``search`` for a search
    that opened no record (``subject_id`` null; the contract's ``free_text`` stays itself)."""
    return (
        pl.when(pl.col("subject_id").is_null() & (pl.col("subject_type") != "free_text"))
        .then(pl.lit("search"))
        .otherwise(pl.col("subject_type"))
    )


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
    flagged = flagged.join(terms, on="episode", how="left").with_columns(
        pl.concat_list([pl.when(pl.col(f"c_{c}") > 0).then(pl.lit(c)) for c in codes])
        .list.drop_nulls()
        .alias("_event_rules")
    )
    grouped = (
        flagged.sort("episode", "ts", "row")
        .group_by("episode", maintain_order=True)
        .agg(
            pl.col("user_id").first(),
            pl.col("ts").min().alias("start"),
            pl.col("ts").max().alias("end"),
            pl.col("_score").first().alias("score"),
            pl.col("event_id"),
            pl.col("_event_rules"),
            lookup_kind().alias("_kind"),
            pl.concat_str(pl.col("subject_type"), pl.lit("\x1f"), pl.col("subject_id").cast(pl.String))
            .drop_nulls()
            .unique()
            .alias("_records"),
            (pl.col("explained").fill_null(0.0) <= 0.0).all().alias("fully_unexplained"),
            (pl.col("explained").fill_null(0.0) <= 0.0).sum().alias("_unexplained"),
            pl.col("explained").fill_null(0.0).is_between(0.0, 1.0, closed="none").sum().alias("_partly"),
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
                event_rules={e: tuple(r) for e, r in zip(events, row["_event_rules"], strict=True)},
                explanation=explanation_text(
                    len(events),
                    counts,
                    rules,
                    Counter(row["_kind"]),
                    bool(row["fully_unexplained"]),
                    row["start"],
                    row["end"],
                    tz,
                    extra,
                    Counter(r.split("\x1f", 1)[0] for r in row["_records"]),
                    int(row["_unexplained"]),
                    int(row["_partly"]),
                ),
            )
        )
    alerts.sort(key=lambda a: (-a.score, a.user_id, a.start, a.alert_id))
    return alerts
