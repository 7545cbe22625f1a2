"""Explanation first: which lookups have a job-related reason in the registrations.

A lookup is *explained* when the record belongs to a registration the employee works on at that
moment (with margins: officers look a person up just before they are formally added, and keep
finishing reports after a case closes), or when the purpose he typed names a registration that
really involves the record. It is *partially explained* by a registration of his own unit or
district (colleagues' cases, a major incident) and by the normal work of roles with a broad
mandate (meldkamer, analysts). Restricted registrations (need-to-know) never explain a lookup for
someone who is not on them. A purpose that names a real registration which does not involve the
record is the classic fig leaf and is reported as evidence, not as an explanation.

Each function adds one column and returns the frame; :func:`explain` runs them all and computes
``explained`` (0..1) and ``explained_by``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from pmengine.contract import Dataset
from pmengine.params import Params

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
RECORD_TYPES = ("person", "vehicle", "address", "registration")


def registration_windows(ds: Dataset, params: Params, after_days: float | None = None) -> pl.LazyFrame:
    """Registrations with the period in which they give a lookup a purpose.

    One row per registration: ``registration_id``, ``unit``, ``restricted`` and the period
    ``reg_lo``..``reg_hi`` (UTC datetimes, both inclusive): from ``registration_before_hours``
    before it was opened (the first checks come before the registration is made) until
    ``registration_after_days`` after it was closed (reports are finished afterwards); an open
    registration runs until :data:`FAR_FUTURE`. ``after_days`` replaces ``registration_after_days``
    (`pmengine.evidence.closed_return` cuts the window shorter). Lazy: nothing is read until it is
    collected. Raises nothing; a dataset without ``registrations`` gives no rows.
    """
    after = params.registration_after_days if after_days is None else after_days
    return ds.registrations.lazy().select(
        "registration_id",
        "unit",
        "restricted",
        (pl.col("opened") - timedelta(hours=params.registration_before_hours)).alias("reg_lo"),
        (pl.col("closed").fill_null(FAR_FUTURE) + timedelta(days=after)).alias("reg_hi"),
    )


def registration_records(ds: Dataset) -> pl.LazyFrame:
    """What each registration is about, including the registration itself as a record.

    Distinct rows ``registration_id``, ``subject_type``, ``subject_id``: the persons, vehicles and
    addresses of ``registration_subjects``, plus one row ``("registration", <its own id>)`` per
    registration (opening the registration itself is a lookup too). Lazy; raises nothing.
    """
    return pl.concat(
        [
            ds.registration_subjects.lazy().select("registration_id", "subject_type", "subject_id"),
            ds.registrations.lazy().select(
                "registration_id",
                pl.lit("registration").alias("subject_type"),
                pl.col("registration_id").alias("subject_id"),
            ),
        ]
    ).unique()


def _lookups(frame: pl.DataFrame) -> pl.LazyFrame:
    return (
        frame.lazy()
        .filter(pl.col("subject_id").is_not_null() & pl.col("subject_type").is_in(RECORD_TYPES))
        .select("row", "ts", "user_id", "unit", "district", "region", "subject_type", "subject_id", "purpose")
    )


def _rows(matches: pl.LazyFrame) -> pl.Series:
    return matches.select("row").unique().collect()["row"]


def merge_windows(windows: pl.LazyFrame, keys: list[str]) -> pl.DataFrame:
    """Collect ``windows`` (``keys`` + ``lo``/``hi`` datetimes) with the overlapping or touching
    windows of each key merged into one, so each key's windows are disjoint and sorted.

    Materialised on purpose: it is reference data (registrations × their records), bounded by the
    size of the input, and a collected frame cannot be reordered by the optimiser into a join of
    the lookups with every registration of a unit (issue 13: 23 GB on a unit with a few hundred
    open registrations).
    """
    ordered = windows.select(*keys, "lo", "hi").drop_nulls().collect().sort([*keys, "lo"])
    # Sorted by key, so a key is one run of rows (`_key`); within it a window starts where its
    # start lies beyond every end before it. Window ids are global (one cumulative sum), and the
    # only per-key expression is a plain running maximum: a window expression nested in another
    # one took 14 s for 300,000 keys of one row each (session 19), this takes a fraction of one.
    key = pl.col("_key")
    reach = pl.col("_reach").shift(1)
    starts = (key != key.shift(1)).fill_null(True) | (pl.col("lo").cast(pl.Int64) > reach)
    return (
        ordered.with_columns(pl.struct(keys).rle_id().alias("_key"))
        .with_columns(pl.col("hi").cast(pl.Int64).cum_max().over("_key").alias("_reach"))
        .with_columns(starts.fill_null(True).cast(pl.Int64).cum_sum().alias("_window"))
        .group_by("_window")
        .agg(*(pl.col(k).first() for k in keys), pl.col("lo").min(), pl.col("hi").max())
        .drop("_window")
        .sort("lo")
    )


def within(lookups: pl.LazyFrame, windows: pl.LazyFrame, keys: list[str]) -> pl.Series:
    """The ``row`` of every lookup whose ``ts`` lies in a window of the same ``keys``.

    Memory: each lookup meets at most one merged window (an as-of join on the window's start), so
    the work is bounded by lookups + windows whatever their skew: a record in 50 registrations or a
    unit with thousands of them costs no more than a plain one.
    """
    merged = merge_windows(windows, keys)
    if merged.height == 0:
        return pl.Series("row", [], dtype=lookups.collect_schema()["row"])
    schema = lookups.collect_schema()
    matched = (
        lookups.select("row", "ts", *keys)
        .sort("ts")
        .join_asof(merged.lazy().cast({k: schema[k] for k in keys}), left_on="ts", right_on="lo", by=keys,
                   strategy="backward", check_sortedness=False)
        .filter(pl.col("hi").is_not_null() & (pl.col("ts") <= pl.col("hi")))
    )
    return _rows(matched)


def assignments(ds: Dataset, params: Params, lo: str, hi: str) -> pl.LazyFrame:
    """Per registration and officer the window in which his assignment explains a lookup: from
    ``officer_before_days`` before it until ``officer_after_days`` after it ends (open: far future)."""
    return ds.registration_officers.lazy().select(
        "registration_id",
        "user_id",
        (pl.col("from") - timedelta(days=params.officer_before_days)).alias(lo),
        (pl.col("to").fill_null(FAR_FUTURE) + timedelta(days=params.officer_after_days)).alias(hi),
    )


def own_record_windows(ds: Dataset, params: Params, after_days: float | None = None) -> pl.LazyFrame:
    """Per employee and record of a registration he is assigned to: the period ``lo``..``hi`` (UTC,
    inclusive) in which both his assignment and the registration's window run (see
    :func:`assignments` and :func:`registration_windows`; ``after_days`` as there). Columns
    ``user_id``, ``subject_type``, ``subject_id``, ``lo``, ``hi``; empty periods are dropped. Joined
    on the registration's exact id only, so bounded by assignments × records per registration."""
    return (
        assignments(ds, params, "off_lo", "off_hi")
        .join(registration_windows(ds, params, after_days), on="registration_id")
        .join(registration_records(ds), on="registration_id")
        .select(
            "user_id",
            "subject_type",
            "subject_id",
            pl.max_horizontal("off_lo", "reg_lo").alias("lo"),
            pl.min_horizontal("off_hi", "reg_hi").alias("hi"),
        )
        .filter(pl.col("lo") <= pl.col("hi"))
    )


def own_registration(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """``expl_own``: the record is part of a registration the employee is assigned to, at that time.

    Police meaning: the officer works this incident or case (registration_officers), so looking up
    its persons, vehicles and addresses is his job. The window runs from a day before his
    assignment (people are added to a case after the first checks) until two weeks after it ends.
    """
    rows = within(_lookups(frame), own_record_windows(ds, params), ["user_id", "subject_type", "subject_id"])
    return frame.with_columns(pl.col("row").is_in(rows.implode()).alias("expl_own"))


def assigned_purpose(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """``purpose_assigned``: the typed purpose is a registration the employee is assigned to, at that time.

    Police meaning: a search run under the number of the employee's own case is work on that case,
    whatever it opens or fails to open: a detective trying spellings of a suspect's name in the
    search box, with his case number as the reason, is doing his job. Free-text searches leave no
    record to check against the registration, so this is what tells them from browsing (see
    :func:`pmengine.evidence.free_text_counts`). Same assignment window as :func:`own_registration`.
    """
    officers = assignments(ds, params, "lo", "hi")
    typed = (
        frame.lazy()
        .filter(pl.col("purpose").is_not_null())
        .select("row", "ts", "user_id", pl.col("purpose").str.strip_chars().alias("registration_id"))
    )
    schema = typed.collect_schema()
    windows = officers.cast({"registration_id": schema["registration_id"], "user_id": schema["user_id"]})
    rows = within(typed, windows, ["user_id", "registration_id"])
    return frame.with_columns(pl.col("row").is_in(rows.implode()).alias("purpose_assigned"))


def purpose_check(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """``expl_purpose`` and ``purpose_mismatch`` from the typed purpose.

    Police meaning: many systems ask for a reason; a registration number there is an explanation
    only if that registration really involves the record looked up (and, when restricted, the
    employee is on it). A real registration number that has nothing to do with the record is
    suspicious: it is how a lookup out of private curiosity is made to look like case work.
    A free-text purpose ("controle") that names no registration neither explains nor accuses.
    ``purpose_briefed``: the purpose is the number of a restricted registration that involves the
    record, typed by someone not on its list (see :func:`pmengine.evidence.restricted`).
    """
    regs = registration_windows(ds, params)
    officers = ds.registration_officers.lazy().select("registration_id", "user_id").unique()
    with_purpose = (
        _lookups(frame)
        .filter(pl.col("purpose").is_not_null())
        .with_columns(pl.col("purpose").str.strip_chars().alias("registration_id"))
    )
    known = with_purpose.join(regs, on="registration_id", how="inner")
    involves = known.join(registration_records(ds), on=["registration_id", "subject_type", "subject_id"], how="semi")
    allowed = pl.concat(
        [
            involves.filter(~pl.col("restricted")),
            involves.filter(pl.col("restricted")).join(officers, on=["registration_id", "user_id"], how="semi"),
        ]
    ).filter(pl.col("ts").is_between(pl.col("reg_lo"), pl.col("reg_hi")))
    mismatch = known.join(registration_records(ds), on=["registration_id", "subject_type", "subject_id"], how="anti")
    # the restricted operation's own number, typed by someone not on its list: he was briefed
    briefed = (
        involves.filter(pl.col("restricted"))
        .join(officers, on=["registration_id", "user_id"], how="anti")
        .filter(pl.col("ts").is_between(pl.col("reg_lo"), pl.col("reg_hi")))
    )
    allowed_rows = _rows(allowed)
    in_case = _case_work(mismatch, allowed, params)
    return frame.with_columns(
        pl.col("row").is_in(allowed_rows.implode()).alias("expl_purpose"),
        (pl.col("row").is_in(_rows(mismatch).implode()) & ~pl.col("row").is_in(in_case.implode())).alias(
            "purpose_mismatch"
        ),
        pl.col("row").is_in(in_case.implode()).alias("expl_case_work"),
        pl.col("row").is_in(_rows(briefed).implode()).alias("purpose_briefed"),
    )


def _case_work(mismatch: pl.LazyFrame, allowed: pl.LazyFrame, params: Params) -> pl.Series:
    """Rows of ``mismatch`` typed with a registration that the employee was working on at the time:
    within ``case_work_minutes`` (the same sitting) the same purpose explained another of his lookups.

    Police meaning: a case involves more people than its registration lists (witnesses, callers,
    bystanders, the family of a victim, the new partner of a suspect). An officer who opens the
    case's subjects and in between a person who is not (yet) on it, with the same case number,
    is working the case; a fig leaf is a case number typed for one unrelated lookup on its own, or
    reused hours after the work on the case for someone else.
    Memory: one as-of join per employee and purpose (each lookup meets only the nearest
    explained lookup), never the lookups of a busy case times each other.
    """
    schema = mismatch.collect_schema()
    worked = (
        allowed.select("user_id", pl.col("purpose").cast(schema["purpose"]), pl.col("ts").alias("_worked"))
        .unique()
        .sort("_worked")
        .with_columns(pl.col("_worked").alias("ts"))
    )
    matched = (
        mismatch.select("row", "ts", "user_id", "purpose")
        .sort("ts")
        .join_asof(worked, on="ts", by=["user_id", "purpose"], strategy="nearest", check_sortedness=False)
        .filter(
            pl.col("_worked").is_not_null()
            & ((pl.col("_worked") - pl.col("ts")).abs() <= timedelta(minutes=params.case_work_minutes))
        )
    )
    return _rows(matched)


def unit_registration(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """``expl_unit``: the record is in an open, non-restricted registration of the employee's unit.

    Police meaning: colleagues' cases of the own team; officers help each other, take over shifts
    and read up on incidents in their area without being formally assigned. Only a partial
    explanation: the team's case is a plausible reason, not proof.
    """
    windows = (
        registration_windows(ds, params)
        .filter(~pl.col("restricted"))
        .join(registration_records(ds), on="registration_id")
        .select("unit", "subject_type", "subject_id", pl.col("reg_lo").alias("lo"), pl.col("reg_hi").alias("hi"))
    )
    rows = within(_lookups(frame), windows, ["unit", "subject_type", "subject_id"])
    return frame.with_columns(pl.col("row").is_in(rows.implode()).alias("expl_unit"))


def _area_registration(frame: pl.DataFrame, ds: Dataset, params: Params, area: str) -> pl.Series:
    """Rows whose record is in an open, non-restricted registration of a unit in the employee's ``area``
    (the employees' ``district`` or ``region`` column)."""
    unit_area = ds.employees.lazy().select("unit", area).unique(subset="unit", keep="first")
    windows = (
        registration_windows(ds, params)
        .filter(~pl.col("restricted"))
        .join(unit_area, on="unit")
        .join(registration_records(ds), on="registration_id")
        .select(area, "subject_type", "subject_id", pl.col("reg_lo").alias("lo"), pl.col("reg_hi").alias("hi"))
    )
    return within(_lookups(frame), windows, [area, "subject_type", "subject_id"])


def district_registration(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """``expl_district``: the record is in an open, non-restricted registration of the own district.

    Police meaning: a major incident (shooting, riot, missing child) is worked by many units of a
    district at once, most of them never registered as officers on it. A weak partial explanation.
    """
    rows = _area_registration(frame, ds, params, "district")
    return frame.with_columns(pl.col("row").is_in(rows.implode()).alias("expl_district"))


def region_registration(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """``expl_region``: the record is in an open, non-restricted registration of another unit of the region.

    Police meaning: colleagues' cases across the region: a wanted person, a request for help from
    the next district, a suspect who lives here and is investigated there. The weakest partial
    explanation: plausible work, but nobody asked this employee.
    """
    rows = _area_registration(frame, ds, params, "region")
    return frame.with_columns(pl.col("row").is_in(rows.implode()).alias("expl_region"))


def role_mandate(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """``expl_role``: the employee's role has a broad mandate (meldkamer, analyst).

    Police meaning: the control room looks up callers and addresses before a case exists; analysts
    query many records for a crime picture. Partial: they too may not look up their neighbours.
    """
    return frame.with_columns(pl.col("role").is_in(list(params.broad_mandate_roles)).alias("expl_role"))


def combine(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """``explained`` in 0..1 and ``explained_by`` (the strongest reason) from the columns above.

    Partial explanations combine like independent chances: 1 - (1 - a)(1 - b). A lookup without a
    record (a search that opened nothing) gets a null explanation: there is nothing to explain.
    """
    full = pl.col("expl_own") | pl.col("expl_purpose") | pl.col("expl_feedback")
    unit = (
        pl.when(pl.col("expl_unit") | pl.col("expl_case_work")).then(params.unit_registration_level).otherwise(0.0)
    )
    district = pl.when(pl.col("expl_district")).then(params.district_registration_level).otherwise(0.0)
    role = pl.when(pl.col("expl_role")).then(params.role_level).otherwise(0.0)
    region = pl.when(pl.col("expl_region")).then(params.region_registration_level).otherwise(0.0)
    partial = 1.0 - (1.0 - pl.max_horizontal(unit, district, region)) * (1.0 - role)
    has_record = pl.col("subject_id").is_not_null() & pl.col("subject_type").is_in(RECORD_TYPES)
    return frame.with_columns(
        pl.when(full).then(1.0).otherwise(partial).alias("explained"),
        pl.when(pl.col("expl_feedback"))
        .then(pl.lit("feedback"))
        .when(pl.col("expl_own"))
        .then(pl.lit("eigen registratie"))
        .when(pl.col("expl_purpose"))
        .then(pl.lit("doel"))
        .when(pl.col("expl_case_work"))
        .then(pl.lit("doel: zaak waaraan gewerkt wordt"))
        .when(pl.col("expl_unit"))
        .then(pl.lit("registratie eigen eenheid"))
        .when(pl.col("expl_district"))
        .then(pl.lit("registratie eigen district"))
        .when(pl.col("expl_region"))
        .then(pl.lit("registratie eigen regio"))
        .when(pl.col("expl_role"))
        .then(pl.lit("taak van de functie"))
        .otherwise(None)
        .alias("explained_by"),
        has_record.alias("has_record"),
    )


def explain(frame: pl.DataFrame, ds: Dataset, params: Params, feedback_rows: pl.Series | None = None) -> pl.DataFrame:
    """Run every explanation step; ``feedback_rows`` are rows that reviewers' rules explain."""
    frame = own_registration(frame, ds, params)
    frame = purpose_check(frame, ds, params)
    frame = assigned_purpose(frame, ds, params)
    frame = unit_registration(frame, ds, params)
    frame = district_registration(frame, ds, params)
    frame = region_registration(frame, ds, params)
    frame = role_mandate(frame, params)
    rows = feedback_rows if feedback_rows is not None else pl.Series("row", [], dtype=frame.schema["row"])
    frame = frame.with_columns(pl.col("row").is_in(rows.implode()).alias("expl_feedback"))
    return combine(frame, params)


def explained_counts(frame: pl.DataFrame) -> dict[str, int]:
    """Lookups that opened a record (``lookups``), and how many of them are fully ``explained`` and ``unexplained``.

    Counts, so that they add up over the chunks of a long window; see :func:`explained_shares`.
    """
    rec = frame.select(pl.col("explained").filter(pl.col("has_record")))["explained"]
    return {"lookups": rec.len(), "explained": int((rec >= 1.0).sum()), "unexplained": int((rec <= 0.0).sum())}


def shares_from_counts(lookups: int, explained: int, unexplained: int) -> dict[str, float]:
    """The shares of :func:`explained_shares` from the counts of :func:`explained_counts`."""
    n = lookups
    if n == 0:
        return {"lookups": 0.0, "explained": 0.0, "partial": 0.0, "unexplained": 0.0}
    full, none = explained, unexplained
    return {"lookups": float(n), "explained": full / n, "partial": (n - full - none) / n, "unexplained": none / n}


def explained_shares(frame: pl.DataFrame) -> dict[str, float]:
    """Share of lookups (with a record) that are explained, partially explained, unexplained."""
    return shares_from_counts(**explained_counts(frame))
