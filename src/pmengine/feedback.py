"""Reviewers' verdicts as input: legitimate lookups become explanation rules, misuse raises priority.

Verdicts file (JSONL, one verdict per line; see docs/pmengine.md):

``{"verdict": "legitimate", "reason": "...", "user_id": "U1", "event_ids": ["E1"], "scope": "events"}``

* ``verdict``: ``legitimate`` or ``misuse`` (required).
* ``reason``: free text, required for ``legitimate`` (why it was job-related).
* ``event_ids``: the events the verdict is about (usually the alert's events).
* ``scope`` (legitimate only, default ``events``):
  ``events`` explains exactly those events; ``subjects`` explains those events and every lookup by
  the same employee of the records in those events (e.g. he is the family liaison officer of that victim);
  ``rules`` makes the listed ``rules`` codes stop counting for the target (e.g. a community
  officer who polices his own neighbourhood: ``["NEAR_HOME", "SAME_POSTCODE"]``).
* target: ``user_id``, or for ``rules`` instead ``unit`` and/or ``role`` to cover a whole team.
* ``valid_until`` (optional timestamp): the rule no longer applies to later lookups.
* ``alert_id``, ``reviewer``, ``decided_at``: optional, kept for the audit trail only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from pmengine.errors import FeedbackError
from pmengine.rules import RULE_BY_CODE

VERDICTS = ("legitimate", "misuse")
SCOPES = ("events", "subjects", "rules")


@dataclass(frozen=True)
class Verdict:
    """One reviewer's decision about lookups."""

    verdict: str
    reason: str = ""
    user_id: str | None = None
    event_ids: tuple[str, ...] = ()
    scope: str = "events"
    rules: tuple[str, ...] = ()
    unit: str | None = None
    role: str | None = None
    valid_until: datetime | None = None
    alert_id: str | None = None

    @classmethod
    def from_dict(cls, obj: Mapping[str, object], *, file: str = "<verdicts>", line: int | None = None) -> Verdict:
        def fail(message: str) -> FeedbackError:
            return FeedbackError(message, file=file, line=line)

        verdict = obj.get("verdict")
        if verdict not in VERDICTS:
            raise fail(f"'verdict' moet 'legitimate' of 'misuse' zijn, niet {verdict!r}")
        scope = obj.get("scope", "events")
        if scope not in SCOPES:
            raise fail(f"'scope' moet een van {', '.join(SCOPES)} zijn, niet {scope!r}")
        reason = obj.get("reason", "")
        if not isinstance(reason, str) or (verdict == "legitimate" and not reason.strip()):
            raise fail("een oordeel 'legitimate' heeft een reden ('reason') nodig")
        events = obj.get("event_ids", [])
        if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
            raise fail("'event_ids' moet een lijst van teksten zijn")
        rules = obj.get("rules", [])
        if not isinstance(rules, list) or not all(isinstance(r, str) and r in RULE_BY_CODE for r in rules):
            raise fail(f"'rules' moet een lijst van regelcodes zijn ({', '.join(RULE_BY_CODE)})")
        strings: dict[str, str | None] = {}
        for key in ("user_id", "unit", "role", "alert_id"):
            value = obj.get(key)
            if value is not None and not isinstance(value, str):
                raise fail(f"'{key}' moet een tekst zijn")
            strings[key] = value
        if scope == "rules":
            if not rules:
                raise fail("scope 'rules' vraagt om een niet-lege lijst 'rules'")
            if not (strings["user_id"] or strings["unit"] or strings["role"]):
                raise fail("scope 'rules' vraagt om 'user_id', 'unit' of 'role'")
        elif verdict == "legitimate" and not events:
            raise fail("scope 'events' en 'subjects' vragen om 'event_ids'")
        until = obj.get("valid_until")
        valid_until = None
        if until is not None:
            try:
                valid_until = datetime.fromisoformat(str(until).replace("Z", "+00:00"))
            except ValueError as exc:
                raise fail(f"'valid_until' is geen geldige tijdstempel: {until!r}") from exc
            if valid_until.tzinfo is None:
                raise fail("'valid_until' heeft een tijdzone nodig")
        return cls(
            verdict=str(verdict),
            reason=reason,
            user_id=strings["user_id"],
            event_ids=tuple(events),
            scope=str(scope),
            rules=tuple(rules),
            unit=strings["unit"],
            role=strings["role"],
            valid_until=valid_until,
            alert_id=strings["alert_id"],
        )


def load_verdicts(path: str | os.PathLike[str]) -> list[Verdict]:
    """Read a verdicts JSONL file; raises :class:`FeedbackError` naming file and line."""
    file = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FeedbackError(f"bestand niet leesbaar ({exc.strerror})", file=file) from exc
    verdicts = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FeedbackError(f"geen geldige JSON ({exc.msg})", file=file, line=number) from exc
        if not isinstance(obj, dict):
            raise FeedbackError("regel is geen JSON-object", file=file, line=number)
        verdicts.append(Verdict.from_dict(obj, file=file, line=number))
    return verdicts


def parse_verdicts(objects: Iterable[Mapping[str, object]]) -> list[Verdict]:
    """Verdicts from dicts (the web application's stored reviews)."""
    return [Verdict.from_dict(o, line=i) for i, o in enumerate(objects, start=1)]


@dataclass(frozen=True)
class FeedbackEffect:
    """What the verdicts change in a run."""

    explained_rows: pl.Series  # rows explained by a legitimate verdict
    suppressed: dict[str, pl.Series]  # rule code -> rows on which that rule no longer counts
    prior_misuse: frozenset[str]  # employees with confirmed misuse


def _until(v: Verdict) -> pl.Expr:
    return pl.lit(True) if v.valid_until is None else pl.col("ts") <= pl.lit(v.valid_until).dt.convert_time_zone("UTC")


def apply(frame: pl.DataFrame, verdicts: Sequence[Verdict]) -> FeedbackEffect:
    """Translate verdicts into rows of ``frame`` (the prepared lookups) they explain or suppress."""
    empty = frame.select("row").clear()["row"]
    explained: list[pl.Series] = [empty]
    suppressed: dict[str, list[pl.Series]] = {}
    misuse_users = {v.user_id for v in verdicts if v.verdict == "misuse" and v.user_id}
    misuse_events = [e for v in verdicts if v.verdict == "misuse" for e in v.event_ids]
    misuse_users |= set(frame.filter(pl.col("event_id").is_in(misuse_events))["user_id"].unique().to_list())
    for v in verdicts:
        if v.verdict != "legitimate":
            continue
        if v.scope == "events":
            explained.append(frame.filter(pl.col("event_id").is_in(list(v.event_ids)) & _until(v))["row"])
        elif v.scope == "subjects":
            events = frame.filter(pl.col("event_id").is_in(list(v.event_ids)) & pl.col("subject_id").is_not_null())
            users = [v.user_id] if v.user_id else events["user_id"].unique().to_list()
            keys = events.select("subject_type", "subject_id").unique()
            hits = frame.filter(pl.col("user_id").is_in(users) & _until(v)).join(
                keys, on=["subject_type", "subject_id"], how="semi"
            )
            explained.append(hits["row"])
            # the judged events themselves too, including searches that opened no record
            explained.append(frame.filter(pl.col("event_id").is_in(list(v.event_ids)) & _until(v))["row"])
        else:
            target = pl.lit(True)
            if v.user_id:
                target = target & (pl.col("user_id") == v.user_id)
            if v.unit:
                target = target & (pl.col("unit") == v.unit)
            if v.role:
                target = target & (pl.col("role") == v.role)
            rows = frame.filter(target & _until(v))["row"]
            for code in v.rules:
                suppressed.setdefault(code, []).append(rows)
                if code == "COLLEAGUE":  # verdicts written before COLLEAGUE_HOME was split off cover both
                    suppressed.setdefault("COLLEAGUE_HOME", []).append(rows)
    never = frame.filter(pl.col("event_id").is_in(misuse_events))["row"]
    rows = pl.concat(explained).unique()
    rows = rows.filter(~rows.is_in(never.implode()))
    return FeedbackEffect(
        explained_rows=rows,
        suppressed={code: pl.concat(parts).unique() for code, parts in suppressed.items()},
        prior_misuse=frozenset(misuse_users),
    )


def suppress(frame: pl.DataFrame, effect: FeedbackEffect) -> pl.DataFrame:
    """Zero the evidence columns that reviewers' ``rules`` verdicts declared normal."""
    exprs = []
    for code, rows in effect.suppressed.items():
        column = RULE_BY_CODE[code].column
        if column in frame.columns:
            exprs.append(pl.when(pl.col("row").is_in(rows.implode())).then(0.0).otherwise(pl.col(column)).alias(column))
    return frame.with_columns(exprs) if exprs else frame
