"""Evidence: one function per column, each documented in police terms.

Every function takes the lookups frame (after :mod:`pmengine.explain`) and returns it with one
more column ``ev_<name>``: a float strength, 0.0 when the pattern is absent (1.0 is a plain hit;
some patterns grow stronger, e.g. a rarer surname or a bigger burst). Whether a lookup was
explained is *not* applied here; the scoring step weighs evidence by how unexplained a lookup is,
so that the base rates are learned over all lookups.

Relationship evidence compares the record with the employee (home, surname, colleagues, declared
relations, public figures, restricted registrations). Behaviour evidence looks at the employee's
pattern (off duty, rare hour, bulk, fixation, plate plus owner, free-text browsing); some of it
needs baselines learned by :func:`pmengine.scoring.fit`.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import polars as pl

from pmengine.contract import Dataset
from pmengine.explain import (
    own_record_windows,
    registration_records,
    registration_windows,
    within,
)
from pmengine.params import Params
from pmengine.rules import AREA_PARTNERS, OFF_DUTY_PARTNERS

MOSTLY_UNEXPLAINED = 0.5
PERSONAL_RECORDS = ("person", "vehicle", "address")


def _flag(expr: pl.Expr, name: str) -> pl.Expr:
    return pl.when(expr.fill_null(False)).then(1.0).otherwise(0.0).alias(name)


def _unexplained() -> pl.Expr:
    return pl.col("explained").fill_null(0.0) < MOSTLY_UNEXPLAINED


# -- relationship evidence --------------------------------------------------------------------


def same_address(frame: pl.DataFrame) -> pl.DataFrame:
    """SAME_ADDRESS: the record lives at (or is) the employee's own home address.

    Suspicious: a housemate, family member or the house itself; looking them up is private use
    (e.g. a BSN needed for private paperwork). Legitimate only with a registration involving them
    (domestic violence report handled by a colleague is not his to look up).
    """
    hit = pl.col("home_address_id").is_not_null() & (
        (pl.col("s_address_id") == pl.col("home_address_id"))
        | ((pl.col("subject_type") == "address") & (pl.col("subject_id") == pl.col("home_address_id")))
    )
    return frame.with_columns(_flag(hit, "ev_same_address"))


def same_postcode(frame: pl.DataFrame) -> pl.DataFrame:
    """SAME_POSTCODE: the record lives in the employee's own six-character postcode (his street).

    Suspicious: the neighbours, e.g. after a police car stopped at their door. Legitimate for a
    community officer working his own area with a registration.
    """
    hit = (pl.col("s_postcode") == pl.col("home_postcode")) & (pl.col("ev_same_address") == 0.0)
    return frame.with_columns(_flag(hit, "ev_same_postcode"))


def personal_cover(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """Another team's registration is no cover for a look at the own street, house or a colleague.

    The classic neighbour case starts with a police car at the neighbours' door: an incident of
    another team of the district or region, with the neighbour in it. That registration is what
    makes the officer curious, not a reason for him to look his neighbour up, so on a record of
    ``SAME_POSTCODE`` or ``SAME_ADDRESS`` a registration of the district or region explains
    nothing. The same holds for a colleague (``COLLEAGUE``, the person himself, not the keeper of
    a car just checked): a colleague in another team's incident, as victim, suspect or witness, is
    the talk of the station, and cases about police employees are not for their colleagues to work.
    A case of his own team remains a plausible reason (he helps out), and so do the control room's
    mandate (a call is answered by whoever is on duty), his own assignment and a purpose that names
    a registration involving the record. Runs after :func:`colleague_context`.

    His own household (``SAME_ADDRESS``) is the exception to the exception: a case of his own team
    about a housemate is one he must keep out of (a conflict of interest, as for a declared
    relation; the household is the relation the meldplicht covers first), so only his own
    assignment, a purpose naming the registration and the control room's mandate explain a look
    at it. Not the employee himself: an officer is in his team's cases as the one who reported,
    was assaulted or witnessed, and looking at his own entry there is work.
    """
    full = pl.col("expl_own") | pl.col("expl_purpose") | pl.col("expl_feedback")
    household = (pl.col("ev_same_address") > 0) & (pl.col("ev_self") == 0.0)
    helps_team = (pl.col("expl_unit") | pl.col("expl_case_work")) & ~household
    team = pl.when(helps_team).then(params.unit_registration_level).otherwise(0.0)
    broad = pl.when(pl.col("role").is_in(list(params.broad_mandate_roles))).then(params.role_level).otherwise(0.0)
    level = 1.0 - (1.0 - team) * (1.0 - broad)
    personal = (pl.col("ev_same_postcode") > 0) | (pl.col("ev_same_address") > 0) | (pl.col("ev_colleague") > 0)
    return frame.with_columns(
        pl.when(personal & ~full.fill_null(False))
        .then(pl.min_horizontal(pl.col("explained"), level))
        .otherwise(pl.col("explained"))
        .alias("explained")
    )


def near_home(frame: pl.DataFrame) -> pl.DataFrame:
    """NEAR_HOME: the record lives in the same four-digit postcode area as the employee.

    Suspicious: acquaintances, a child's boyfriend, people from the sports club. Common and mostly
    legitimate for officers who live in the area they police, so its base rate keeps it light.
    """
    hit = (
        (pl.col("s_pc4") == pl.col("home_pc4"))
        & (pl.col("ev_same_address") == 0.0)
        & (pl.col("ev_same_postcode") == 0.0)
    )
    return frame.with_columns(_flag(hit, "ev_near_home"))


def same_surname(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """SAME_SURNAME: the record (or a free-text search) carries the employee's own surname.

    Suspicious: family. Strength is the chance that a namesake is a relative: about
    ``surname_relatives`` / (number of people with that surname), capped at 1; a very common
    surname is almost never a relative, a rare one almost always.
    """
    counts = (
        ds.subjects.lazy()
        .filter((pl.col("subject_type") == "person") & pl.col("surname_key").is_not_null())
        .group_by("surname_key")
        .agg(pl.len().alias("namesakes"))
        .rename({"surname_key": "user_surname"})
        .collect()
    )
    rarity = (params.surname_relatives / pl.col("namesakes").fill_null(1).clip(lower_bound=1)).clip(upper_bound=1.0)
    record_hit = (pl.col("subject_type") == "person") & (pl.col("s_surname") == pl.col("user_surname"))
    text_hit = (pl.col("subject_type") == "free_text") & pl.col("query_text").str.to_lowercase().str.contains(
        pl.col("user_surname"), literal=True
    )
    out = frame.join(counts, on="user_surname", how="left").with_columns(
        pl.when((record_hit | text_hit).fill_null(False)).then(rarity).otherwise(0.0).alias("ev_same_surname")
    )
    return out.drop("namesakes")


def colleague(frame: pl.DataFrame, ds: Dataset) -> pl.DataFrame:
    """COLLEAGUE and COLLEAGUE_HOME: the record is another police employee (``ev_colleague``), or his
    home address or a vehicle registered there (``ev_colleague_home``).

    Suspicious: curiosity about colleagues (a new team member, a rival, a partner's ex), including
    where they live and what they drive. Legitimate when the colleague is victim or suspect in a
    registration the employee works on (then it is explained). The two are separate rules because
    their base rates differ by an order of magnitude: a car or address that happens to be registered
    at a colleague's home turns up in ordinary traffic checks now and then, the colleague himself
    as a person almost never, so each gets its own learned weight.
    """
    homes = (
        ds.employees.lazy()
        .filter(pl.col("home_address_id").is_not_null())
        .select(pl.col("home_address_id").alias("_addr"), pl.col("user_id").alias("_resident"))
        .unique(subset="_addr", keep="first")
        .collect()
    )
    record_addr = pl.when(pl.col("subject_type") == "address").then(pl.col("subject_id")).otherwise("s_address_id")
    out = frame.with_columns(record_addr.alias("_addr")).join(homes, on="_addr", how="left")
    person = pl.col("employee_user_id").is_not_null() & (pl.col("employee_user_id") != pl.col("user_id"))
    home = (
        pl.col("_resident").is_not_null()
        & (pl.col("_resident") != pl.col("user_id"))
        & pl.col("subject_type").is_in(("address", "vehicle"))
        & (pl.col("_addr") != pl.col("home_address_id")).fill_null(True)
    )
    return out.with_columns(
        _flag(person, "ev_colleague"), _flag(home & ~person.fill_null(False), "ev_colleague_home")
    ).drop("_addr", "_resident")


def self_lookup(frame: pl.DataFrame) -> pl.DataFrame:
    """SELF: the employee looks himself up.

    Suspicious: checking whether one is known in police systems (own investigation, own fines).
    Practically never part of the job.
    """
    return frame.with_columns(_flag(pl.col("employee_user_id") == pl.col("user_id"), "ev_self"))


def declared_relation(frame: pl.DataFrame, ds: Dataset, params: Params | None = None) -> pl.DataFrame:
    """DECLARED_RELATION: the record is a relation the employee declared (meldplicht).

    Declared family, partners, ex-partners and acquaintances are exactly whom an employee may not
    look up privately, and may not handle professionally either (conflict of interest).

    A colleague's case is no cover for a declared relation: the point of the meldplicht is that the
    employee keeps out of cases about his relatives unless his supervisor, knowing the relation,
    puts him on them. A registration of his unit, district or region that involves the relative
    (his brother's burglary report, handled by the team) therefore does not partially explain the
    lookup; his own assignment, a typed purpose that names a registration involving the relative,
    and the broad mandate of the control room (a call from a relative is answered by whoever is on
    duty) keep their explanation.
    """
    params = params or Params()
    declared = ds.declared_relations.select("user_id", "subject_type", "subject_id").unique()
    hits = (
        frame.lazy()
        .select("row", "user_id", "subject_type", "subject_id")
        .join(declared.lazy(), on=["user_id", "subject_type", "subject_id"], how="semi")
        .select("row")
        .collect()["row"]
    )
    out = frame.with_columns(_flag(pl.col("row").is_in(hits.implode()), "ev_declared_relation"))
    full = pl.col("expl_own") | pl.col("expl_purpose") | pl.col("expl_feedback")
    broad = pl.col("role").is_in(list(params.broad_mandate_roles))
    level = pl.when(broad).then(pl.lit(params.role_level)).otherwise(0.0)
    return out.with_columns(
        pl.when((pl.col("ev_declared_relation") > 0) & ~full.fill_null(False))
        .then(pl.min_horizontal(pl.col("explained"), level))
        .otherwise(pl.col("explained"))
        .alias("explained")
    )


def high_profile(frame: pl.DataFrame, params: Params | None = None) -> pl.DataFrame:
    """HIGH_PROFILE: the record is a public figure (politician, artist, athlete, in the news).

    Suspicious: curiosity after news coverage. Legitimate for the unit that handles the arrest or
    the threat assessment (explained by its registration).

    Not when the public figure is met as the keeper of a car the employee just checked
    (``PLATE_OWNER`` on the person: the plate first, then the person registered at its address):
    that is a traffic stop, which meets public figures like anyone else. He came to the officer;
    curiosity starts from the name. As for a colleague met that way (:func:`colleague_context`),
    the car's context is what the lookup is weighed by (``PLATE_OWNER``, and ``OFF_DUTY`` with its
    combination when the check was made off duty). Runs after :func:`plate_owner`.

    Strength 2 when he *reads up* on the figure: on one day, mostly unexplained, he opens him in
    a second system (the civil register, then the police records: who he is, then what the police
    know about him) or opens him again after more than ``same_look_minutes`` (a list and its
    detail, or a refresh, are one look). A public figure who crosses an officer's work by chance
    (a caller, a name on a call) is checked once, where the work needs him; going back for a
    second look that nothing asks for is following him. Memory: one window over the public-figure
    lookups per (employee, figure, day), a global run id as :func:`_runs`.
    """
    params = params or Params()
    via_car = (pl.col("subject_type") == "person") & (pl.col("ev_plate_owner") > 0)
    hit = (pl.col("high_profile") & ~via_car).fill_null(False)
    key_change = (
        (pl.col("user_id") != pl.col("user_id").shift(1))
        | (pl.col("subject_id") != pl.col("subject_id").shift(1))
        | (pl.col("day") != pl.col("day").shift(1))
    ).fill_null(True)
    new_look = (
        key_change
        | (pl.col("system") != pl.col("system").shift(1)).fill_null(True)
        | (pl.col("ts").diff() > timedelta(minutes=params.same_look_minutes)).fill_null(True)
    )
    read_up = (
        frame.lazy()
        .filter(hit & _unexplained() & pl.col("subject_id").is_not_null())
        .select("row", "user_id", "subject_id", "day", "ts", "system")
        .sort("user_id", "subject_id", "day", "ts", "row")
        .with_columns(key_change.cast(pl.Int64).cum_sum().alias("_key"), new_look.cast(pl.Int64).alias("_new"))
        .filter(pl.col("_new").sum().over("_key") >= 2)
        .select("row")
        .collect()["row"]
    )
    strength = pl.when(pl.col("row").is_in(read_up.implode())).then(2.0).otherwise(1.0)
    return frame.with_columns(pl.when(hit).then(strength).otherwise(0.0).alias("ev_high_profile"))


def in_the_news(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """HIGH_PROFILE_CASE: a public figure in a registration of another unit opened in the last few days.

    When a public figure is arrested or under investigation, the news makes colleagues all over
    the force curious; the unit that handles the case looks the person up legitimately (and is
    explained by its registration, and so are units that share the case or a district's major
    incident), everybody else has no reason to. Chance lookups of a public
    figure in ordinary work are far more often about a figure who is in no new registration; a
    long-running case is no news, so only ``news_days`` after the registration opened count.
    """
    windows = (
        registration_windows(ds, params)
        .join(registration_records(ds), on="registration_id")
        .filter(pl.col("subject_type") == "person")
        .select(
            "registration_id",
            pl.col("unit").alias("reg_unit"),
            "subject_id",
            "reg_lo",
            (pl.col("reg_lo") + timedelta(days=params.news_days)).alias("reg_news"),
        )
    )
    broad = pl.col("role").is_in(list(params.broad_mandate_roles))
    own_record = pl.col("expl_own") | pl.col("expl_feedback") | (pl.col("expl_purpose") & broad)
    registered = own_record | pl.col("expl_unit")
    news = (
        frame.lazy()
        .filter((pl.col("ev_high_profile") > 0) & ~own_record)
        .select(
            "row", "ts", "unit", "subject_id", "expl_purpose", registered.alias("_registered"), broad.alias("_broad")
        )
        .join(windows, on="subject_id")
        .filter(pl.col("ts").is_between(pl.col("reg_lo"), pl.col("reg_news")))
        .group_by("row")
        .agg(
            ((pl.col("reg_unit") != pl.col("unit")) & ~pl.col("_registered")).any().alias("_other"),
            ((pl.col("reg_unit") == pl.col("unit")) & ~pl.col("expl_purpose") & ~pl.col("_broad")).any().alias("_team"),
        )
        .collect()
    )
    hits = news.filter(pl.col("_other"))["row"]
    team = news.filter(pl.col("_team"))["row"]
    out = frame.with_columns(
        _flag(pl.col("row").is_in(hits.implode()), "ev_high_profile_case"),
        pl.col("row").is_in(team.implode()).alias("hp_team_news"),
    )
    # In the news wave another team's case is no cover: its number typed as the purpose, or a case
    # of the own district, does not explain a look at the public figure (as for restricted work).
    level = pl.when(broad).then(pl.lit(params.role_level)).otherwise(0.0)
    return out.with_columns(
        pl.when(pl.col("ev_high_profile_case") > 0)
        .then(pl.min_horizontal(pl.col("explained"), level))
        .otherwise(pl.col("explained"))
        .alias("explained")
    )


def _doubled_on_several_a_day(frame: pl.DataFrame, candidate: pl.Expr, column: str) -> pl.DataFrame:
    """``column`` = 2.0 on the ``candidate`` lookups of an employee who opened two or more
    different records among them on that day (:func:`street_sitting`, :func:`colleague_sitting`).
    Memory: one window per (employee, day) over the candidates, filtered lazily."""
    rows = (
        frame.lazy()
        .filter(candidate)
        .select("row", "user_id", "day", "subject_id")
        .filter(pl.col("subject_id").n_unique().over("user_id", "day") >= 2)
        .select("row")
        .collect()["row"]
    )
    return frame.with_columns(
        pl.when(pl.col("row").is_in(rows.implode())).then(2.0).otherwise(pl.col(column)).alias(column))


def street_sitting(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """``SAME_POSTCODE`` strength 2 when he opens several of his street's records on one day.

    One neighbour met in the work (a call from the street, a name on a report) is opened once.
    Two or more different people, addresses or cars of his own street on one day, mostly
    unexplained and opened directly (not as the keeper of a car just checked), is reading up on
    the street: who lives next door, what happened there. Not for a broad mandate: the control
    room answers the calls from his street as from any other and opens whoever is in them. Runs
    after :func:`personal_cover` (what explains a look at the own street). Memory: one window
    per (employee, day) over his own street's lookups.
    """
    candidate = (
        (pl.col("ev_same_postcode") > 0)
        & (pl.col("ev_plate_owner") == 0.0)
        & pl.col("subject_id").is_not_null()
        & ~pl.col("role").is_in(list(params.broad_mandate_roles))
        & _unexplained()
    ).fill_null(False)
    return _doubled_on_several_a_day(frame, candidate, "ev_same_postcode")


def colleague_sitting(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """``COLLEAGUE`` strength 2 when he opens several different colleagues by name on one day.

    A colleague met in the work (a witness who happens to be police, a name on a report) is opened
    once. Two or more different colleagues on one day, opened directly (not as the keeper of a
    car just checked), each mostly unexplained, is looking colleagues up: who a new team member
    is, where the chief lives, who a colleague's partner is. Not for the control room
    (``colleague_work_roles``), whose work is dispatching colleagues and taking their calls all
    day. An analyst or a staff officer keeps it: their mandate is broad, but it is not a list of
    colleagues. Runs after :func:`colleague_context` and :func:`personal_cover`. Memory: one
    window per (employee, day) over his colleague lookups; chunks own whole days, so the chunked
    run sees the same days.
    """
    candidate = (
        (pl.col("ev_colleague") > 0)
        & pl.col("subject_id").is_not_null()
        & ~pl.col("role").is_in(list(params.colleague_work_roles))
        & _unexplained()
    ).fill_null(False)
    return _doubled_on_several_a_day(frame, candidate, "ev_colleague")


def unit_street(frame: pl.DataFrame, ds: Dataset) -> pl.DataFrame:
    """``unit_street``: the record lives in a street (six-character postcode) where a member of the
    employee's unit lives. Only these records are counted for :func:`team_street`. One left join
    on the exact pair (unit, postcode)."""
    streets = (
        ds.employees.lazy()
        .filter(pl.col("home_postcode").is_not_null())
        .select("unit", pl.col("home_postcode").str.replace_all(" ", "").str.to_uppercase().alias("s_postcode"))
        .unique()
        .with_columns(pl.lit(True).alias("unit_street"))
        .collect()
    )
    return frame.join(streets, on=["unit", "s_postcode"], how="left", maintain_order="left").with_columns(
        pl.col("unit_street").fill_null(False)
    )


def street_record_counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Per (unit, employee, record) in a street where a member of the unit lives (``unit_street``):
    his lookups recorded as case work (``n_recorded``: on the registration, or its number typed) and
    the others (``n_unrecorded``). Integers, so the counts of a window cut in chunks add up
    (:func:`team_street`)."""
    recorded = (pl.col("expl_own") | pl.col("expl_purpose")).fill_null(False)
    return (
        frame.lazy()
        .filter(pl.col("unit_street") & pl.col("subject_id").is_not_null())
        .group_by("unit", "user_id", "subject_type", "subject_id")
        .agg(recorded.sum().alias("n_recorded"), (~recorded).sum().alias("n_unrecorded"))
        .collect()
    )


def team_street(frame: pl.DataFrame, params: Params, counts: pl.DataFrame | None = None) -> pl.DataFrame:
    """The own team's case is no cover for the own street when the rest of the team records its work on the record.

    A case of his own team partially explains a look at its records: he helps out (0.6, also in
    his own street, see :func:`personal_cover`). A police car at the neighbours' door is often
    his own team's incident. When every other officer of his team who opened that record did so
    as case work (he is on the registration or typed its number) and at least one did, the team
    works it under the case; the one who opens it with neither is not helping out but the
    neighbour, curious about what happened next door. The lookup (``SAME_POSTCODE``, opened
    directly, not as the keeper of a car just checked, no number typed that explains it, no case
    work in the sitting, no broad mandate) loses the team's explanation. Where teammates open it
    without recording too (the team's everyday work in its area), the case keeps its partial
    explanation. ``counts``: :func:`street_record_counts` over the whole window (default: over
    the frame). Memory: one row per (unit, employee, record) in the unit's own streets, joined on
    that exact key and on (unit, record).
    """
    counts = street_record_counts(frame) if counts is None else counts
    keys = ["unit", "subject_type", "subject_id"]
    per_user = counts.group_by(*keys, "user_id").agg(pl.col("n_recorded").sum(), pl.col("n_unrecorded").sum())
    team = per_user.group_by(keys).agg(
        pl.col("n_recorded").sum().alias("_team_recorded"), pl.col("n_unrecorded").sum().alias("_team_unrecorded")
    )
    own = per_user.select(*keys, "user_id", pl.col("n_unrecorded").alias("_own_unrecorded"))
    full = pl.col("expl_own") | pl.col("expl_purpose") | pl.col("expl_feedback")
    candidate = (
        (pl.col("ev_same_postcode") > 0)
        & (pl.col("ev_plate_owner") == 0.0)
        & pl.col("expl_unit")
        & ~pl.col("expl_case_work")
        & ~full
        & ~pl.col("role").is_in(list(params.broad_mandate_roles))
    ).fill_null(False)
    others_record = (pl.col("_team_recorded") >= 1) & (pl.col("_team_unrecorded") == pl.col("_own_unrecorded"))
    hit = candidate & others_record.fill_null(False)
    return (
        frame.join(team, on=keys, how="left", maintain_order="left")
        .join(own, on=[*keys, "user_id"], how="left", maintain_order="left")
        .with_columns(pl.when(hit).then(0.0).otherwise(pl.col("explained")).alias("explained"))
        .drop("_team_recorded", "_team_unrecorded", "_own_unrecorded")
    )


def team_record_counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Per (unit, public figure): the unit's lookups of him (``n_team``) and how many of them were
    recorded as case work (``n_recorded``: the officer on the registration, or its number typed).
    Integers, so the counts of a window cut in chunks add up (:func:`team_news`)."""
    recorded = pl.col("expl_own") | pl.col("expl_purpose")
    return (
        frame.lazy()
        .filter(pl.col("high_profile").fill_null(False) & (pl.col("subject_type") == "person"))
        .group_by("unit", "subject_id")
        .agg(pl.len().alias("n_team"), recorded.fill_null(False).sum().alias("n_recorded"))
        .collect()
    )


def team_news(frame: pl.DataFrame, params: Params, counts: pl.DataFrame | None = None) -> pl.DataFrame:
    """HIGH_PROFILE_CASE also in the news wave of the *own* team's case, when the team records its work on him.

    A case of his own team partially explains a look at its persons: he helps out. For a public
    figure in the news that is true only as far as the team works that way. When the team's
    officers look the public figure up under the case (they are on it, or type its number: at
    least ``team_recorded_share`` of the team's lookups of him, and at least
    ``team_recorded_min`` of them) and he opens him with neither, he is not helping out: he is the
    exception in his own team, the colleague who was not put on the case and looks anyway, days
    into the news. Where the team habitually opens the record without recording why (an arrest
    the whole shift handles), a look without a number is how the team works, and the team's
    case keeps its partial explanation. A broad mandate (the control room) or a typed number of
    the case keeps its explanation as before. ``counts``: :func:`team_record_counts` over the whole
    window (default: over the frame). Memory: one row per (unit, public figure), joined on that
    pair.
    """
    counts = team_record_counts(frame) if counts is None else counts
    teams = (
        counts.group_by("unit", "subject_id")
        .agg(pl.col("n_team").sum(), pl.col("n_recorded").sum())
        .filter(
            (pl.col("n_recorded") >= params.team_recorded_min)
            & (pl.col("n_recorded") >= params.team_recorded_share * pl.col("n_team"))
        )
        .select("unit", "subject_id", pl.lit(True).alias("_recorded"))
    )
    hit = pl.col("hp_team_news").fill_null(False) & pl.col("_recorded").fill_null(False)
    return (
        frame.join(teams, on=["unit", "subject_id"], how="left")
        .with_columns(
            pl.when(hit).then(1.0).otherwise(pl.col("ev_high_profile_case")).alias("ev_high_profile_case"),
            pl.when(hit).then(0.0).otherwise(pl.col("explained")).alias("explained"),
        )
        .drop("_recorded")
    )


def restricted(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """RESTRICTED: the record belongs to a restricted registration the employee is not on.

    Restricted (afgeschermde) investigations are need-to-know: only their officers may look at
    their targets. A lookup by anyone else is how operation targets get warned or paid leaks
    happen. A target can be stopped in traffic by chance, so the strength is the number of
    different households (address, or the record itself) of the same restricted registration the
    employee looked up on the same day (max 3): a leak reads up on several targets at once, while
    chance meetings with targets are single households spread over weeks (counting them over the
    whole window made a busy employee who met two targets on different days look like a leak); a
    broad mandate (meldkamer, analyst) does not partially explain such a lookup. A new team member
    before formal assignment is covered by the assignment margin.

    An operation is shielded before its registration is made (``restricted_before_days``: the
    intelligence phase) and its file stays shielded after it closes (``restricted_after_days``:
    the case goes to court, informants stay protected; a year, since the investigation's closing is
    when the file goes to the prosecutor, and the trial and the targets' associates' interest in
    who talked follow months later: three months let a colleague read up on a closed operation's
    targets unseen in the run-up to the trial). Outside the registration's own period one
    target is an everyday meeting, so there it takes two households of the operation on one day
    (one more than ``restricted_single_discount``) to count: someone reading up on the targets
    before the raid, or on the operation after it. The same holds for a broad mandate: the control
    room meets the targets' addresses in the calls it dispatches, one household at a time.
    """
    windows = (
        registration_windows(ds, params)
        .filter(pl.col("restricted"))
        .join(registration_records(ds), on="registration_id")
        .select(
            "registration_id",
            "subject_type",
            "subject_id",
            "reg_lo",
            "reg_hi",
            (pl.col("reg_lo") - timedelta(days=params.restricted_before_days)).alias("_wide_lo"),
            (pl.col("reg_hi") + timedelta(days=params.restricted_after_days)).alias("_wide_hi"),
        )
    )
    officers = ds.registration_officers.lazy().select("registration_id", "user_id").unique()
    running = pl.col("ts").is_between(pl.col("reg_lo"), pl.col("reg_hi"))
    broad = pl.col("role").is_in(list(params.broad_mandate_roles))
    # A target opened directly by name (not as the keeper of a car just checked) with no case of
    # the own team behind it: nothing in the officer's own work led him there.
    unprompted = (
        ~pl.col("_via_plate") & ~(pl.col("expl_unit") | pl.col("expl_case_work")).fill_null(False) & ~broad
    )
    discount = (
        pl.when(broad)
        .then(pl.lit(params.restricted_single_discount + params.restricted_broad_households))
        .when(running.any().over("user_id", "registration_id", "day"))
        .then(pl.lit(params.restricted_single_discount))
        .otherwise(pl.lit(params.restricted_single_discount + 1.0))
    ) - pl.when(unprompted.all().over("user_id", "registration_id", "day")).then(
        pl.lit(params.restricted_unprompted_credit)
    ).otherwise(0.0)
    hits = (
        frame.lazy()
        .filter(pl.col("subject_id").is_not_null())
        .select(
            "row",
            "ts",
            "user_id",
            "subject_type",
            "subject_id",
            "day",
            "role",
            "expl_unit",
            "expl_case_work",
            ((pl.col("subject_type") == "vehicle") | (pl.col("ev_plate_owner") > 0)).alias("_via_plate"),
            pl.coalesce("s_address_id", "subject_id").alias("_home"),
        )
        .join(windows, on=["subject_type", "subject_id"])
        .filter(pl.col("ts").is_between(pl.col("_wide_lo"), pl.col("_wide_hi")))
        .join(officers, on=["registration_id", "user_id"], how="anti")
        .with_columns(
            (pl.col("_home").n_unique().over("user_id", "registration_id", "day").cast(pl.Float64) - discount).alias(
                "_targets"
            )
        )
        .group_by("row")
        .agg(pl.col("_targets").max().clip(0.0, 3.0).alias("ev_restricted"))
        .collect()
    )
    out = frame.join(hits, on="row", how="left").with_columns(pl.col("ev_restricted").fill_null(0.0))
    # Need-to-know overrides a broad mandate or a colleague's case: only a full explanation counts.
    # Two exceptions explain like a case of the own unit (plausible, not proof): the operation's own
    # number typed as the purpose by someone not (yet) on its list, which is what a support or
    # arrest team briefed on the operation does (lists lag); and a target met in the employee's own
    # case work (his case number, typed while it explained his other lookups: the target is a
    # witness or bystander there). A leak hides behind nothing or an everyday reason.
    full = pl.col("expl_own") | pl.col("expl_purpose") | pl.col("expl_feedback")
    briefed = pl.col("purpose_briefed").fill_null(False) if "purpose_briefed" in out.columns else pl.lit(False)
    briefed = briefed | pl.col("expl_case_work").fill_null(False)
    return out.with_columns(
        pl.when((pl.col("ev_restricted") > 0) & ~full)
        .then(pl.when(briefed).then(pl.lit(params.unit_registration_level)).otherwise(0.0))
        .otherwise(pl.col("explained"))
        .alias("explained")
    )


def purpose_mismatch(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """PURPOSE_MISMATCH: the typed purpose is a real registration that does not involve the record.

    The fig leaf: a valid case number typed to get past the purpose prompt for an unrelated,
    private lookup. Legitimate slips happen (wrong case number), hence only the unexplained part
    counts.

    The stated reason is false, so no other reason is assumed in its place: a case of another
    team of the district or region that happens to involve the record (0.25-0.4) no longer
    explains it. The officer named the case he was working on; one he did not name is not his. His
    own team's case (he may have typed the number of the wrong one of its cases) and a broad
    mandate keep their explanation.
    """
    out = frame.with_columns(_flag(pl.col("purpose_mismatch"), "ev_purpose_mismatch"))
    full = pl.col("expl_own") | pl.col("expl_purpose") | pl.col("expl_feedback")
    team = pl.when(pl.col("expl_unit")).then(params.unit_registration_level).otherwise(0.0)
    broad = pl.when(pl.col("role").is_in(list(params.broad_mandate_roles))).then(params.role_level).otherwise(0.0)
    level = 1.0 - (1.0 - team) * (1.0 - broad)
    return out.with_columns(
        pl.when((pl.col("ev_purpose_mismatch") > 0) & ~full.fill_null(False))
        .then(pl.min_horizontal(pl.col("explained"), level))
        .otherwise(pl.col("explained"))
        .alias("explained")
    )


def no_purpose(frame: pl.DataFrame) -> pl.DataFrame:
    """NO_PURPOSE: a record was opened without any registration explaining it.

    Weak on its own (traffic stops and street checks are legitimately unexplained), it is the
    background against which the other evidence stands out.
    """
    return frame.with_columns(_flag(pl.col("has_record") & (pl.col("explained") <= 0.0), "ev_no_purpose"))


def unknown_person(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """UNKNOWN_PERSON: a person opened directly whom no registration in the data names at all.

    Police work reaches people through its registrations: the suspect, victim, witness or caller
    of an incident, case or report, or the keeper of a car checked in the street. A person whom
    no registration of the force mentions, opened by name without a car before him, came into the
    employee's view from outside the work: an in-law, a friend's new partner, a colleague, someone
    from the club. Legitimate: callers and people met on the street before anything is registered,
    vetting by staff. How common that is differs per force and per team, and the weight is that
    team's base rate, so where officers routinely open unregistered people it weighs little. Not
    for a broad mandate (the control room opens callers before an incident exists; an analyst maps
    networks beyond the registrations). Memory: one semi-join of the person lookups on the exact
    record key.
    """
    named = ds.registration_subjects.lazy().select("subject_type", "subject_id").unique()
    broad = pl.col("role").is_in(list(params.broad_mandate_roles))
    hits = (
        frame.lazy()
        .filter(
            (pl.col("subject_type") == "person")
            & pl.col("subject_id").is_not_null()
            & (pl.col("ev_plate_owner") == 0.0)
            & (pl.col("explained").fill_null(0.0) <= 0.0)
            & ~broad
        )
        .select("row", "subject_type", "subject_id")
        .join(named, on=["subject_type", "subject_id"], how="anti")
        .select("row")
        .collect()["row"]
    )
    return frame.with_columns(_flag(pl.col("row").is_in(hits.implode()), "ev_unknown_person"))


def name_search(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """NAME_SEARCH: a person opened, mostly unexplained, just after the employee typed a name into
    the person search himself.

    Work reaches a person through its registrations: the incident lists its people, the case its
    suspects, the stopped car its keeper. Typing a name into the search box and opening the person
    it finds, with no registration or purpose behind it, is how a private interest is looked up: the
    partner's brother, the new neighbour, the colleague's ex. Legitimate: a caller or a suspect named
    before anything is registered; where a team does this routinely its peer group's weight stays
    light (the weight is learned from the rarity among the unexplained lookups). A person reached
    through a plate (``PLATE_OWNER``) is not counted. ``name_search_minutes``: how long after the
    search the opened person still belongs to it. Memory: one sort, by employee and time, of the person
    searches and the openings that could carry it.
    """
    searched = (
        (pl.col("action") == "search")
        & (pl.col("subject_type") == "person")
        & pl.col("subject_id").is_null()
        & pl.col("query_text").is_not_null()
    )
    opened = (
        (pl.col("subject_type") == "person")
        & pl.col("subject_id").is_not_null()
        & (pl.col("action") != "search")
        & (pl.col("ev_plate_owner") == 0.0)
        & _unexplained()
    )
    within = pl.duration(seconds=int(params.name_search_minutes * 60))
    # only the searches and the candidate openings are sorted (by employee and time)
    hits = (
        frame.lazy()
        .filter(searched | opened)
        .select(
            "row", "user_id", "ts", opened.alias("_opened"), pl.when(searched).then(pl.col("ts")).alias("_searched")
        )
        .sort("user_id", "ts", "row")
        .with_columns(pl.col("_searched").forward_fill().over("user_id").alias("_last"))
        .filter(pl.col("_opened") & ((pl.col("ts") - pl.col("_last")) <= within))
        .select("row")
        .collect()["row"]
    )
    return frame.with_columns(_flag(pl.col("row").is_in(hits.implode()), "ev_name_search"))


def closed_return(frame: pl.DataFrame, ds: Dataset, params: Params) -> pl.DataFrame:
    """CLOSED_RETURN: a person or address of the employee's own registration, opened with no reason
    typed more than ``closed_follow_up_days`` after that registration closed.

    An officer on an incident opens its people as his job, and keeps doing so while he finishes
    the reports after it closes; that follow-up is done under the registration, and the systems
    that ask for a reason get its number (:mod:`pmengine.explain` lets the registration explain a
    lookup up to ``registration_after_days`` after closing). Coming back to a person of a closed
    incident days later without typing any reason is no longer its work: he remembers her from it.
    That is how a former partner, or a woman met at a domestic call, is followed with an old
    incident as cover. The closed registration then explains nothing of the lookup (only a broad
    mandate's part is kept), and the lookup carries this evidence. Cars are left out: a car of a
    closed incident turns up again in traffic stops, reached through its plate. Memory: one more
    as-of join of the lookups on the exact (employee, record) key, as the own-registration
    explanation itself.
    """
    late = (
        pl.col("expl_own").fill_null(False)
        & ~pl.col("expl_purpose").fill_null(False)
        & ~pl.col("expl_feedback").fill_null(False)
        & pl.col("purpose").is_null()
        & pl.col("subject_type").is_in(["person", "address"])
    )
    candidates = frame.lazy().filter(late).select("row", "ts", "user_id", "subject_type", "subject_id")
    recent = own_record_windows(ds, params, after_days=params.closed_follow_up_days)
    still = within(candidates, recent, ["user_id", "subject_type", "subject_id"])
    hits = candidates.select("row").collect()["row"]
    hit = pl.col("row").is_in(hits.implode()) & ~pl.col("row").is_in(still.implode())
    broad = pl.col("role").is_in(list(params.broad_mandate_roles))
    return frame.with_columns(
        _flag(hit, "ev_closed_return"),
        pl.when(hit).then(pl.when(broad).then(params.role_level).otherwise(0.0)).otherwise(pl.col("explained")).alias(
            "explained"
        ),
        pl.when(hit).then(False).otherwise(pl.col("expl_own")).alias("expl_own"),
    )


# -- behaviour evidence ----------------------------------------------------------------------


def data_window(frame: pl.DataFrame, params: Params) -> tuple[datetime, datetime]:
    """The data window: from the start of the first to the end of the last local calendar day with lookups.

    Audit extracts are whole days; a session within ``session_gap_minutes`` of either end may be
    the head or tail of a shift outside the extract.
    """
    if frame.height == 0:
        now = datetime(2000, 1, 1, tzinfo=UTC)
        return now, now
    days = frame.select(pl.col("day").min().alias("lo"), (pl.col("day").max() + timedelta(days=1)).alias("hi"))
    bounds = days.select(
        pl.col(c)
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone(params.time_zone, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        for c in ("lo", "hi")
    )
    lo, hi = bounds.item(0, "lo"), bounds.item(0, "hi")
    assert isinstance(lo, datetime) and isinstance(hi, datetime)
    return lo, hi


def _runs(gap: timedelta) -> pl.Expr:
    """A run id per lookup of a frame sorted by ``user_id`` and ``ts``: a new run begins with each
    employee and after every pause longer than ``gap``. Ids are unique over the whole frame, so
    windows over a run need no other key. Elementwise and one cumulative sum: the same ids as a
    ``cum_sum().over("user_id")`` around a ``diff().over("user_id")``, but nested window
    expressions are evaluated per group, and that took seconds on a day of 44,000 employees
    (session 19)."""
    first = (pl.col("user_id") != pl.col("user_id").shift(1)).fill_null(True)
    return (first | (pl.col("ts").diff() > gap).fill_null(True)).cast(pl.Int64).cum_sum()


def off_duty(
    frame: pl.DataFrame, ds: Dataset, params: Params, window: tuple[datetime, datetime] | None = None
) -> pl.DataFrame:
    """OFF_DUTY: the lookup falls outside any rostered shift of the employee.

    Tolerance: an hour before the start and three hours after the end (overtime, finishing the
    report). Rosters are incomplete: when the employee has no rostered shift within a few days of
    the lookup (or there is no shifts table), the roster is considered missing and his own activity
    takes its place: a short, isolated session without case work is not a worked shift. Sessions cut
    off by the edge of the data window (``window``, default: the whole local days of the frame) are
    not judged. A session of lookups (no pause over ``session_gap_minutes``) that contains case work
    (explained lookups) or lasts longer than ``session_shift_hours`` is a worked shift missing from
    the roster and is not off duty; without a roster, office hours on a weekday
    (``office_start_hour``..``office_end_hour``) are working time (unrostered staff, detectives and
    analysts work those hours, and nothing says they were off); private lookups from home are
    short. So are sessions no more than ``worked_period_gap_hours`` apart that together span
    ``worked_period_hours`` (a worked day of a sparse user, or a night shift with quiet hours).
    Sessions are formed from the lookups outside the roster only, so that a
    private lookup shortly before a rostered shift is not absorbed by that shift's case work; work
    that goes on without a long pause from inside a rostered shift is overtime. Legitimate:
    call-outs, unregistered overtime (explained lookups then carry no weight).
    """
    lookups = frame.lazy().select("row", "user_id", "ts").sort("ts")
    if ds.shifts.height == 0:
        status = frame.select("row", pl.lit(False).alias("_covered"), pl.lit(False).alias("_on_duty"))
    else:
        shifts = (
            ds.shifts.lazy()
            .select(
                "user_id",
                (pl.col("start") - timedelta(minutes=params.shift_early_minutes)).alias("lo"),
                (pl.col("end") + timedelta(minutes=params.shift_overtime_minutes)).alias("hi"),
            )
            .sort("user_id", "lo")
            .with_columns(pl.col("hi").cum_max().over("user_id"))
            .sort("lo")
        )
        coverage = timedelta(days=params.roster_coverage_days)
        before = lookups.join_asof(
            shifts, left_on="ts", right_on="lo", by="user_id", strategy="backward", check_sortedness=False
        )
        after = lookups.join_asof(
            shifts.select("user_id", pl.col("lo").alias("next_lo")),
            left_on="ts",
            right_on="next_lo",
            by="user_id",
            strategy="forward",
            check_sortedness=False,
        ).select("row", "next_lo")
        status = (
            before.join(after, on="row")
            .select(
                "row",
                (
                    ((pl.col("ts") - pl.col("hi")) <= coverage).fill_null(False)
                    | ((pl.col("next_lo") - pl.col("ts")) <= coverage).fill_null(False)
                ).alias("_covered"),
                (pl.col("ts") <= pl.col("hi")).fill_null(False).alias("_on_duty"),
            )
            .collect()
        )
    # Only lookups outside every rostered shift (with tolerance) can be off duty. Among them, the
    # employee's own activity is checked against the roster being wrong or missing: a session
    # (lookups without a long pause) that contains case work or lasts long is a worked shift missing
    # from the roster, not private use. Sessions are formed from the outside lookups alone, so that a
    # private lookup an hour or two before a rostered shift does not merge into that shift's work.
    gap = timedelta(minutes=params.session_gap_minutes)
    period_gap = timedelta(hours=params.worked_period_gap_hours)
    # Overtime: lookups that go on without a long pause after a rostered shift belong to it (the
    # session over all lookups began inside the roster).
    # One sort of the narrow frame serves both steps (filtering keeps the order).
    outside = (
        frame.select(
            "row",
            "user_id",
            "ts",
            (pl.col("explained").fill_null(0.0) >= 1.0).alias("_case"),
            (
                (pl.col("day").dt.weekday() <= 5)
                & (pl.col("hour") >= params.office_start_hour)
                & (pl.col("hour") < params.office_end_hour)
            ).alias("_office"),
        )
        .join(status, on="row")
        .sort("user_id", "ts", "row")
        .with_columns(_runs(gap).alias("_all_session"))
        .with_columns((pl.col("_covered") & pl.col("_on_duty")).first().over("_all_session").alias("_overtime"))
        .filter(~(pl.col("_covered") & pl.col("_on_duty")))
        .with_columns(
            _runs(gap).alias("_session"),
            # Sessions a few hours apart that together span a good part of a shift are a worked
            # day missing from the roster (a sparse user: a few plate checks in the morning and
            # the afternoon); private use is one short session on a day off or well after work.
            _runs(period_gap).alias("_period"),
        )
        .with_columns(
            pl.col("_case").sum().over("_session").alias("_case_work"),
            pl.col("ts").min().over("_session").alias("_first"),
            pl.col("ts").max().over("_session").alias("_last"),
            (pl.col("ts").max() - pl.col("ts").min()).over("_period").alias("_period_span"),
        )
        # A session with case work outside the roster is a worked shift missing from it, and the
        # shift runs on from its start: the latest such start at or before each lookup.
        .with_columns(
            pl.when(pl.col("_case_work") >= params.session_min_case_work)
            .then(pl.col("_first"))
            .otherwise(None)
            .forward_fill()
            .over("user_id")
            .alias("_shift_start")
        )
    )
    # A session cut off by the edge of the data window may be the tail or head of a worked shift:
    # its length is unknown, so it is not judged.
    lo, hi = window if window is not None else data_window(frame, params)
    edge = (pl.col("_first") <= pl.lit(lo) + gap) | (pl.col("_last") >= pl.lit(hi) - gap)
    shift_like = (
        (pl.col("_case_work") >= params.session_min_case_work)
        | (pl.col("_last") - pl.col("_first") >= timedelta(hours=params.session_shift_hours))
        | (pl.col("_period_span") >= timedelta(hours=params.worked_period_hours))
        | (pl.col("ts") - pl.col("_shift_start") <= timedelta(hours=params.inferred_shift_hours)).fill_null(False)
        | pl.col("_overtime")
        | (pl.col("_office") & ~pl.col("_covered"))
        | edge
    )
    status = outside.select("row", (~shift_like).alias("_off"))
    out = frame.join(status, on="row", how="left").with_columns(_flag(pl.col("_off"), "ev_off_duty"))
    return out.drop("_off")


def off_duty_relation(frame: pl.DataFrame) -> pl.DataFrame:
    """OFF_DUTY_RELATION: off duty *and* a relationship or plate-and-owner pattern on the same lookup.

    Each alone is everyday work somewhere (plate checks with the keeper in traffic stops, community
    officers in their own area, a missing shift in the roster); together they are rare in ordinary
    work and typical of private use: the neighbour's car seen from the window, the ex-partner looked
    up in the evening. Its weight is learned like every other rule, from how rare the combination is.
    """
    partner = pl.max_horizontal([pl.col(c) for c in OFF_DUTY_PARTNERS]) > 0
    return frame.with_columns(_flag((pl.col("ev_off_duty") > 0) & partner, "ev_off_duty_relation"))


def out_of_area(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """OUT_OF_AREA: the record lives in a postcode area (4 digits) the employee's unit hardly ever works.

    A basic team or district detective team works its own area; the area is learned from the data
    itself, as the share of the unit's lookups (records and free-text searches with a postcode) per
    postcode area. An area below ``area_min_share`` of the unit's lookups is outside its area. Units
    with a broad area (control room, analysts) look up the whole region, so nothing in it is outside.
    Suspicious with a personal link: the employee's own neighbourhood when he works elsewhere, a
    public figure or a colleague across the region. Not on a colleague, a public figure or a target
    of a restricted operation: they live anywhere in the region (colleagues rarely where they
    police), their own rules weigh the link, and outside the area it is the same link counted
    twice (session 23). Units with fewer than ``area_min_lookups``
    lookups with a postcode in the frame get no area (too little to learn it from).
    """
    personal = pl.col("s_pc4").is_not_null() & pl.col("subject_type").is_in(["person", "address", "free_text"])
    areas = (
        frame.lazy()
        .filter(personal)
        .group_by("unit", "s_pc4")
        .agg(pl.len().alias("_c"))
        .with_columns(pl.col("_c").sum().over("unit").alias("_n"))
        .filter(pl.col("_n") >= params.area_min_lookups)
        .select("unit", "s_pc4", (pl.col("_c") / pl.col("_n")).alias("_share"))
        .collect()
    )
    known = areas.select("unit").unique().with_columns(pl.lit(True).alias("_known"))
    out = frame.join(areas, on=["unit", "s_pc4"], how="left").join(known, on="unit", how="left")
    rare = pl.col("_share").fill_null(0.0) < params.area_min_share
    # colleagues, public figures and an operation's targets live anywhere in the region: their own
    # rules weigh the link, and where they live says nothing more (session 23)
    anywhere = pl.max_horizontal(
        [pl.col(c).fill_null(0.0) for c in ("ev_colleague", "ev_high_profile", "ev_restricted") if c in frame.columns]
        or [pl.lit(0.0)]
    )
    hit = personal & (pl.col("ev_plate_owner") == 0.0) & pl.col("_known").fill_null(False) & rare & (anywhere <= 0)
    return out.with_columns(_flag(hit, "ev_out_of_area")).drop("_share", "_known")


def area_relation(frame: pl.DataFrame) -> pl.DataFrame:
    """AREA_RELATION: outside the unit's area *and* a relationship or plate-and-owner pattern.

    Ordinary work outside the own area (a case of another district, a stopped car from elsewhere)
    and a personal link inside it (community officers in their own area) are each common; together
    they point at private interest: the own street or family when the employee works in another
    district. Not a colleague, a public figure or an operation's target (:data:`AREA_PARTNERS`): they
    live anywhere in the region, so being outside the area adds nothing to their own rule. Weight
    learned from its rarity.
    """
    partner = pl.max_horizontal([pl.col(c) for c in AREA_PARTNERS]) > 0
    return frame.with_columns(_flag((pl.col("ev_out_of_area") > 0) & partner, "ev_area_relation"))


def plate_at_home(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """PLATE_AT_HOME: a plate and its keeper (``PLATE_OWNER``) registered at, in or near the employee's
    own street, with nothing explaining it.

    The car parked in his street or seen near his house, and then who owns it: curiosity about a
    neighbour or a visitor. For patrol officers who live where they police it is part of traffic
    work, and their peer group's weight for it stays light; detectives, supervisors, intake and the
    control room rarely check a plate and its keeper at all, let alone at their own street. Weight
    learned per peer group from its rarity.
    """
    home = (
        (pl.col("ev_same_address") > 0) | (pl.col("ev_same_postcode") > 0) | (pl.col("ev_near_home") > 0)
    )
    # the role's traffic work: the share of its lookups that are a plate and its keeper
    traffic = (pl.col("ev_plate_owner") > 0).mean().over("role")
    hit = (pl.col("ev_plate_owner") > 0) & home & _unexplained() & (traffic < params.plate_role_share)
    return frame.with_columns(_flag(hit, "ev_plate_at_home"))


def rare_hour(frame: pl.DataFrame, hour_share: pl.DataFrame, params: Params) -> pl.DataFrame:
    """RARE_HOUR: an hour of day at which this employee (and his peer group) hardly ever works.

    ``hour_share`` is learned by :func:`pmengine.scoring.fit`: per user and hour, the share of his
    lookups, smoothed towards his peer group (role × unit). Suspicious: 03:00 lookups by an
    office worker. Legitimate for night shifts, which is why the own history counts.
    """
    out = frame.join(hour_share, on=["user_id", "hour"], how="left").with_columns(
        _flag(pl.col("hour_share").fill_null(0.0) < params.rare_hour_max_share, "ev_rare_hour")
    )
    return out.drop("hour_share")


def _buckets(minutes: int) -> tuple[pl.Expr, pl.Expr]:
    every = f"{minutes}m"
    half = timedelta(minutes=minutes / 2)
    return pl.col("ts").dt.truncate(every), (pl.col("ts") + half).dt.truncate(every)


def bulk_counts(frame: pl.DataFrame, params: Params, *, bare: bool = False) -> pl.DataFrame:
    """Per lookup: distinct records of the same user in its time window that are explained less than
    ``bulk_explained_below`` (a case of the own unit explains one record, not twenty in an hour);
    ``bare``: only the records nothing explains at all, opened directly (not a car or the keeper
    just after it; see :func:`bulk`).

    Two bucket grids shifted by half a window are used and the larger count kept, so that a burst
    is not split in two by a bucket edge.
    """
    explained = pl.col("explained").fill_null(0.0)
    counted = explained < params.bulk_explained_below
    if bare:
        # opened directly: a traffic stop's car and its keeper are bare records too, the wide count
        # (and the plate-and-keeper rules) weigh those
        plate = pl.col("ev_plate_owner") > 0 if "ev_plate_owner" in frame.columns else pl.lit(False)
        counted = (explained <= 0.0) & (pl.col("subject_type") != "vehicle") & ~plate
    a, b = _buckets(params.bulk_window_minutes)
    # lazy: only the columns used are filtered, never the whole wide frame
    return (
        frame.lazy()
        .filter(pl.col("subject_type").is_in(PERSONAL_RECORDS) & pl.col("subject_id").is_not_null() & counted)
        .select("row", "user_id", "subject_type", "subject_id", a.alias("b1"), b.alias("b2"))
        .with_columns(
            pl.struct("subject_type", "subject_id").n_unique().over("user_id", "b1").alias("c1"),
            pl.struct("subject_type", "subject_id").n_unique().over("user_id", "b2").alias("c2"),
        )
        .select("row", "user_id", pl.max_horizontal("c1", "c2").alias("bulk_count"))
        .collect()
    )


def bulk(frame: pl.DataFrame, thresholds: pl.DataFrame, params: Params) -> pl.DataFrame:
    """BULK: many distinct unexplained records in a short time, above own and peer baseline.

    Enumeration: paging through a street, a family name or a list of plates, for a third party or
    out of curiosity. ``thresholds`` (per user, learned in fit) are the larger of the peer group's
    high quantile, a multiple of the employee's own typical hour and ``bulk_min_subjects``.
    Strength grows with how far the threshold is exceeded (max 3). Legitimate: analysts, a major
    incident (both explained or partially explained, so the burst is smaller than it looks).

    The same is counted a second time over the bare records alone, which no registration touches
    at all and were opened directly, not through a car in a traffic stop (``bulk_bare_threshold``,
    floor ``bulk_bare_min_subjects``): a detective's busy hour is
    fifty records of his team's and district's cases, so paging through fifteen people that none
    of them explains disappears under his ordinary bar, while his ordinary hours hold hardly any
    bare record. The stronger of the two counts.
    """

    def strength(counts: pl.DataFrame, bar: str, floor: int) -> pl.DataFrame:
        known = bar in thresholds.columns
        threshold = pl.col(bar).fill_null(float(floor)) if known else pl.lit(float(floor))
        per_user = thresholds.select("user_id", *([bar] if known else []))
        return counts.join(per_user, on="user_id", how="left").select(
            "row",
            pl.when(pl.col("bulk_count") > threshold)
            .then((pl.col("bulk_count") / threshold).clip(upper_bound=3.0))
            .otherwise(0.0)
            .alias("_strength"),
        )

    counts = (
        pl.concat(
            [
                strength(bulk_counts(frame, params), "bulk_threshold", params.bulk_min_subjects),
                strength(bulk_counts(frame, params, bare=True), "bulk_bare_threshold", params.bulk_bare_min_subjects),
            ]
        )
        .group_by("row")
        .agg(pl.col("_strength").max().alias("ev_bulk"))
    )
    return frame.join(counts, on="row", how="left").with_columns(pl.col("ev_bulk").fill_null(0.0))


def fixation_keys(frame: pl.DataFrame, params: Params | None = None) -> pl.DataFrame:
    """(row, user, unit, record, day) of the person and vehicle lookups that no registration of his own
    explains: what FIXATION counts.

    Counted are lookups explained less than ``fixation_explained_below`` (0.7): a registration of the
    own unit (0.6) is a plausible reason to open a person once, but not to come back to him on day
    after day when the employee is not on it; a team's case that everybody opens is met again by
    chance and weighs little in :func:`fixation_day_counts`.
    """
    below = (params or Params()).fixation_explained_below
    return (
        frame.lazy()
        .filter(
            pl.col("subject_type").is_in(("person", "vehicle"))
            & pl.col("subject_id").is_not_null()
            & (pl.col("explained").fill_null(0.0) < below)
        )
        .select("row", "user_id", "unit", "subject_type", "subject_id", "day")
        .collect()
    )


_LN_FACTORIAL = [math.lgamma(k + 1) for k in range(1001)]


def fixation_day_counts(keys: pl.DataFrame, params: Params | None = None) -> pl.DataFrame:
    """Per (user, record) looked up on at least ``fixation_min_days`` days: the days and how surprising that is.

    ``fix_days``: on how many days the record was looked up mostly unexplained. ``fix_nats``: the
    surprisal of that many days under chance, ``-ln P(X >= days)`` for ``X ~ Poisson(lambda)``,
    minus ``ln`` of the number of different records the employee looked up (he had that many
    chances to meet one of them again). ``lambda`` is the employee's number of (record, day) lookups
    times the chance that one of them is this record: the share of all (record, day) lookups of
    the other employees of his unit (or of the force, whichever is larger; the unit only when his
    colleagues there looked up at least as much as he did) that were this record,
    with ``fixation_prior`` pseudo-lookups so that a record nobody else looked up still has a
    chance. A subject of a region-wide incident that the control room opens every day, or a car of
    the own beat stopped now and then, is met again by chance; a person only this employee looks
    up, on four days, is not.
    """
    params = params or Params()
    schema = {"user_id": pl.String, "subject_type": pl.String, "subject_id": pl.String}
    if keys.height == 0:
        return pl.DataFrame(schema=schema | {"fix_days": pl.UInt32, "fix_nats": pl.Float64})
    pairs = keys.group_by("user_id", "unit", "subject_type", "subject_id").agg(
        pl.col("day").n_unique().alias("fix_days")
    )
    users = pairs.group_by("user_id").agg(pl.col("fix_days").sum().alias("n_u"), pl.len().alias("m_u"))
    cand = pairs.filter(pl.col("fix_days") >= params.fixation_min_days)
    if cand.height == 0:
        return cand.select(*schema, "fix_days", pl.lit(0.0).alias("fix_nats"))
    unit_draws = pairs.group_by("unit").agg(pl.col("fix_days").sum().alias("n_unit"))
    total = float(pairs["fix_days"].sum())
    records = cand.select("subject_type", "subject_id").unique()
    on_record = pairs.join(records, on=["subject_type", "subject_id"], how="semi")
    rec_unit = on_record.group_by("unit", "subject_type", "subject_id").agg(pl.col("fix_days").sum().alias("c_unit"))
    rec_all = on_record.group_by("subject_type", "subject_id").agg(pl.col("fix_days").sum().alias("c_all"))
    prior = params.fixation_prior
    k = pl.col("fix_days").cast(pl.Float64)
    # the unit's share only when his colleagues looked up at least as much as he did (else: force-wide)
    unit_known = pl.col("n_unit") - pl.col("n_u") >= pl.col("n_u")
    rate = pl.max_horizontal(
        pl.when(unit_known)
        .then((pl.col("c_unit") - pl.col("fix_days") + prior) / (pl.col("n_unit") - pl.col("n_u") + 1.0))
        .otherwise(0.0),
        (pl.col("c_all") - pl.col("fix_days") + prior) / (total - pl.col("n_u") + 1.0),
    )
    lam = pl.col("_lam")
    tail = 1.0 - lam / (k + 1.0)
    log_p = (
        pl.when(tail > 0.0)
        .then(k * lam.log() - lam - pl.col("_lnk") - tail.clip(lower_bound=1e-12).log())
        .otherwise(0.0)
        .clip(upper_bound=0.0)
    )
    lnk = pl.col("fix_days").clip(upper_bound=len(_LN_FACTORIAL) - 1).cast(pl.Int64)
    return (
        cand.join(users, on="user_id")
        .join(unit_draws, on="unit")
        .join(rec_unit, on=["unit", "subject_type", "subject_id"])
        .join(rec_all, on=["subject_type", "subject_id"])
        .with_columns(
            (pl.col("n_u") * rate).alias("_lam"),
            lnk.replace_strict(list(range(len(_LN_FACTORIAL))), _LN_FACTORIAL, return_dtype=pl.Float64).alias("_lnk"),
        )
        .select(*schema, "fix_days", (-log_p - pl.col("m_u").cast(pl.Float64).log()).alias("fix_nats"))
    )


def fixation(frame: pl.DataFrame, params: Params, day_counts: pl.DataFrame | None = None) -> pl.DataFrame:
    """FIXATION: the same unexplained person or vehicle looked up on several different days, more than chance.

    Stalking an ex-partner, a love interest, a new neighbour. Fires on at least
    ``fixation_min_days`` days when the chance of meeting the record that often in ordinary work
    (see :func:`fixation_day_counts`) is at least ``fixation_nats`` nats of surprisal; strength
    = surprisal / ``fixation_nats`` (max 3). Legitimate repeats (own cases) are explained and
    excluded; records that many colleagues look up unexplained (a region's incident) are met
    again by chance and weigh little or nothing. ``day_counts`` (from :func:`fixation_day_counts`)
    carries the counts over a longer window when the frame is one day of it.
    """
    keys = fixation_keys(frame, params)
    counts = fixation_day_counts(keys, params) if day_counts is None else day_counts
    days = keys.join(counts, on=["user_id", "subject_type", "subject_id"], how="inner").select("row", "fix_nats")
    nats = pl.col("fix_nats") / params.fixation_nats
    strength = pl.when(nats >= 1.0).then(nats.clip(upper_bound=3.0)).otherwise(0.0)
    out = frame.join(days, on="row", how="left").with_columns(strength.fill_null(0.0).alias("ev_fixation"))
    return out.drop("fix_nats")


def plate_owner(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """PLATE_OWNER: a licence plate and, within minutes, the person registered at its address.

    The plate seen in traffic or in the street off duty, followed by who drives it. Common in
    traffic stops on duty (base rate keeps it light then); telling off duty or without purpose.
    """
    vehicles = (
        frame.lazy()
        .filter((pl.col("subject_type") == "vehicle") & pl.col("s_address_id").is_not_null())
        .select(
            pl.col("row").alias("v_row"), "user_id", pl.col("ts").alias("v_ts"), pl.col("s_address_id").alias("addr")
        )
    )
    persons = (
        frame.lazy()
        .filter((pl.col("subject_type") == "person") & pl.col("s_address_id").is_not_null())
        .select(
            pl.col("row").alias("p_row"), "user_id", pl.col("ts").alias("p_ts"), pl.col("s_address_id").alias("addr")
        )
    )
    window = timedelta(minutes=params.plate_owner_minutes)
    # Two as-of joins instead of all (vehicle, person) pairs of an address: an address looked up
    # thousands of times by one control-room operator must not cost its square.
    keys = ["user_id", "addr"]
    plates = (
        vehicles.sort("v_ts")
        .join_asof(persons.sort("p_ts"), left_on="v_ts", right_on="p_ts", by=keys, strategy="forward",
                   tolerance=window, check_sortedness=False)
        .filter(pl.col("p_row").is_not_null())
        .select(pl.col("v_row").alias("row"))
    )
    keepers = (
        persons.sort("p_ts")
        .join_asof(vehicles.sort("v_ts"), left_on="p_ts", right_on="v_ts", by=keys, strategy="backward",
                   tolerance=window, check_sortedness=False)
        .filter(pl.col("v_row").is_not_null())
        .select(pl.col("p_row").alias("row"))
    )
    rows = pl.concat([plates, keepers]).unique().collect()["row"]
    return frame.with_columns(_flag(pl.col("row").is_in(rows.implode()), "ev_plate_owner"))


def _after_the_person(frame: pl.DataFrame, which: pl.Expr, addr: pl.Expr, params: Params) -> pl.DataFrame:
    """Rows of the lookups `which` whose address `addr` is that of a person the same employee looked
    up at most ``person_vehicle_minutes`` before, with that person (``household_of``: the latest
    such). One as-of join per (employee, address): at most one match per lookup, never all pairs of
    an address."""
    persons = (
        frame.lazy()
        .filter((pl.col("subject_type") == "person") & pl.col("s_address_id").is_not_null())
        .select(pl.col("ts").alias("p_ts"), "user_id", pl.col("s_address_id").alias("addr"),
                pl.col("subject_id").alias("household_of"))
    )
    return (
        frame.lazy()
        .filter(which)
        .select("row", "user_id", "ts", addr.alias("addr"))
        .sort("ts", "row")
        .join_asof(
            # ties broken by the person, so that the same data gives the same person
            persons.sort("p_ts", "household_of"),
            left_on="ts",
            right_on="p_ts",
            by=["user_id", "addr"],
            strategy="backward",
            tolerance=timedelta(minutes=params.person_vehicle_minutes),
            check_sortedness=False,
        )
        .filter(pl.col("household_of").is_not_null())
        .select("row", "household_of")
        .collect()
    )


def _household(frame: pl.DataFrame, found: pl.DataFrame, column: str) -> pl.DataFrame:
    """``column`` = 1.0 on the rows of ``found`` (:func:`_after_the_person`), and ``household_of``:
    the person whose household the lookup went to (kept for :func:`household_revisit`)."""
    hit = found.rename({"household_of": "_of"})
    out = frame.join(hit, on="row", how="left", maintain_order="left").with_columns(
        _flag(pl.col("_of").is_not_null(), column)
    )
    if "household_of" in out.columns:
        return out.with_columns(pl.coalesce("household_of", "_of").alias("household_of")).drop("_of")
    return out.rename({"_of": "household_of"})


def person_vehicle(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """PERSON_VEHICLE: a person, and within minutes a vehicle registered at his address.

    The opposite order of ``PLATE_OWNER``. A traffic check starts with the plate and asks who
    drives it; starting from a person and then asking what is parked at his address is finding out
    what someone drives: to recognise the car in the street, to see whether he is home, whom a
    former partner or a daughter's new friend now lives with. Case work does the same with a
    suspect's cars, but then the car is in the case or the purpose names it and the lookup is
    explained; scoring weighs the evidence by how unexplained the car is, so only the car nothing
    explains counts. The car's lookup carries the evidence, not the person's (he may have been
    work). A car followed by its keeper is the plate check's order and stays ``PLATE_OWNER``.
    Memory: one as-of join per (employee, address), never all pairs of an address.
    """
    cars = (pl.col("subject_type") == "vehicle") & pl.col("s_address_id").is_not_null() & (
        pl.col("ev_plate_owner") == 0.0)
    found = _after_the_person(frame, cars, pl.col("s_address_id"), params)
    return _household(frame, found, "ev_person_vehicle")


def person_address(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """PERSON_ADDRESS: a person, and within minutes the address record where he lives.

    Like ``PERSON_VEHICLE``: going from a person to his home (who else lives there, what happened
    there) is finding out how and with whom someone lives: a former partner's new household, a
    relative's. Case work opens a suspect's address just as often, under the case that explains
    it, and scoring weighs only the address nothing explains. Weak on its own (severity 0.5 in
    the catalogue): almost every person-then-address pair is case work, and an address can be a
    colleague's household met by chance; it adds to what else the lookups show. The address's
    lookup carries the evidence. Memory: one as-of join per (employee, address), as
    ``PERSON_VEHICLE``, with the same minutes (``person_vehicle_minutes``).
    """
    homes = (pl.col("subject_type") == "address") & pl.col("subject_id").is_not_null()
    found = _after_the_person(frame, homes, pl.col("subject_id"), params)
    return _household(frame, found, "ev_person_address")


def person_housemate(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """``housemate_of``: on a person's lookup, the other person registered at the same address whom
    the same employee opened just before (at most ``person_vehicle_minutes`` earlier, the latest
    such lookup). Read by :func:`household_revisit` (``PERSON_HOUSEMATE``). One as-of join per
    (employee, address), as :func:`person_vehicle`: at most one match per lookup."""
    persons = (
        frame.lazy()
        .filter((pl.col("subject_type") == "person") & pl.col("s_address_id").is_not_null())
        .select("row", "user_id", "ts", pl.col("s_address_id").alias("addr"), "subject_id")
    )
    before = persons.select(pl.col("ts").alias("p_ts"), "user_id", "addr", pl.col("subject_id").alias("_prev"))
    found = (
        persons.sort("ts", "row")
        .join_asof(
            before.sort("p_ts", "_prev"),  # ties broken by the person: the same data, the same match
            left_on="ts",
            right_on="p_ts",
            by=["user_id", "addr"],
            strategy="backward",
            tolerance=timedelta(minutes=params.person_vehicle_minutes),
            allow_exact_matches=False,
            check_sortedness=False,
        )
        .filter(pl.col("_prev").is_not_null() & (pl.col("_prev") != pl.col("subject_id")))
        .select("row", pl.col("_prev").alias("housemate_of"))
        .collect()
    )
    return frame.join(found, on="row", how="left", maintain_order="left")


def person_day_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """(user, person, day) of every opened person, explained or not: what :func:`household_revisits`
    counts as coming back to him whatever the reason (``_returned``)."""
    return (
        frame.lazy()
        .filter((pl.col("subject_type") == "person") & pl.col("subject_id").is_not_null())
        .select("user_id", "subject_type", "subject_id", "day")
        .unique()
        .collect()
    )


def household_revisits(keys: pl.DataFrame, person_days: pl.DataFrame | None = None) -> pl.DataFrame:
    """(employee, person) pairs of persons he came back to, what :func:`household_revisit` reads:
    ``_revisit`` when he opened him mostly unexplained on at least two different days (from
    :func:`fixation_keys`, with or without ``row``); ``_returned`` when he opened him on at least
    two different days whatever explained it (from :func:`person_day_keys`; default: none)."""
    def two_days(k: pl.DataFrame, flag: str) -> pl.DataFrame:
        return (
            k.filter(pl.col("subject_type") == "person")
            .group_by("user_id", "subject_id")
            .agg(pl.col("day").n_unique().alias("_days"))
            .filter(pl.col("_days") >= 2)
            .select("user_id", pl.col("subject_id").alias("household_of"), pl.lit(True).alias(flag))
        )

    revisit = two_days(keys, "_revisit")
    if person_days is None:
        return revisit.with_columns(pl.lit(True).alias("_returned"))
    return (
        two_days(person_days, "_returned")
        .join(revisit, on=["user_id", "household_of"], how="full", coalesce=True)
        .with_columns(pl.col("_revisit").fill_null(False), pl.col("_returned").fill_null(True))
    )


def household_revisit(
    frame: pl.DataFrame, params: Params | None = None, revisits: pl.DataFrame | None = None
) -> pl.DataFrame:
    """``PERSON_VEHICLE`` and ``PERSON_ADDRESS`` weigh double when he comes back to the person.

    Going from a person to what he drives or where he lives is finding out how someone lives
    (:func:`person_vehicle`). When the employee opened that person, with nothing explaining it, on
    another day as well, and now again goes on to his car or his address with nothing explaining
    that either, he is following that person's life over days: the former partner, a daughter's
    new friend. Case work returns to a suspect's household over days too, but under the case, and
    only the mostly unexplained car or address counts here. Strength 2 on the car's or address's
    lookup. ``revisits``: :func:`household_revisits` over the whole window (default: over the
    frame). Memory: one row per (employee, person) seen on two days or more, joined on that pair.

    ``PERSON_HOUSEMATE``: the same return to a person, followed within minutes by *another person*
    registered at his address (``housemate_of``, :func:`person_housemate`): who the former
    partner now lives with. Opening a person's housemates is everyday work where a call or a case
    brings the household in (the control room does it all day, and the peer group's base rate
    weighs it so); opening them right after a person he keeps coming back to, with nothing
    explaining either, is following that household. The housemate's lookup carries it. Not for a
    broad mandate: the control room is sent to the same address again and again (a recurring
    domestic call) and opens the caller and his housemates each time, and an analyst maps a
    household's members over days; that is their work, and it is common enough in their peer
    groups, counted over all their lookups, not to show in the base rate.

    Also when he came back to the person under a case (opened on two days or more, whatever
    explained it: ``_returned``, from :func:`person_day_keys` over the window) and nothing explains
    the housemate (session 21). A registration explains opening the people it is about; it lists
    who they are, not who they live with now. Meeting a woman in an incident, reopening her on
    later days under its number, and then opening the man who lives with her is following her
    household with the case as cover; the case's own work on the household opens its members
    under the case, which explains them.
    """
    params = params or Params()
    if revisits is None:
        revisits = household_revisits(fixation_keys(frame, params), person_day_keys(frame))
    out = frame.join(revisits, on=["user_id", "household_of"], how="left", maintain_order="left")
    again = pl.col("_revisit").fill_null(False) & _unexplained()
    out = out.with_columns(
        pl.when(again & (pl.col(c) > 0)).then(2.0 * pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in ("ev_person_vehicle", "ev_person_address")
    ).drop("_revisit", "_returned")
    # PERSON_HOUSEMATE: the person he comes back to, and right after him someone who lives with him
    mates = revisits.rename({"household_of": "housemate_of"})
    broad = pl.col("role").is_in(list(params.broad_mandate_roles))
    # he came back to the person under a case, but nothing explains her housemate
    returned = pl.col("_returned").fill_null(False) & _unexplained()
    return (
        out.join(mates, on=["user_id", "housemate_of"], how="left", maintain_order="left")
        .with_columns(_flag((pl.col("_revisit").fill_null(False) | returned) & ~broad, "ev_person_housemate"))
        .drop("_revisit", "_returned")
    )


def colleague_context(frame: pl.DataFrame) -> pl.DataFrame:
    """COLLEAGUE only without a vehicle context: a colleague met as the keeper of a car just checked is COLLEAGUE_HOME.

    In a traffic check the plate comes first and the keeper follows (PLATE_OWNER); when the car
    happens to be registered at a colleague's home, the keeper is that colleague. That is the
    car's context, as weak as the car itself. A colleague opened directly, with no plate before
    him and no registration, is the curiosity the COLLEAGUE rule is about.

    A colleague's home in the employee's own street (or house) is his neighbour's home: the car or
    address counts once, as ``SAME_POSTCODE`` / ``SAME_ADDRESS``, not a second time as
    ``COLLEAGUE_HOME`` (police households live near each other; the two were one coincidence
    weighed twice). The same holds for the colleague himself: a colleague who lives in the
    employee's street is his neighbour, and looking him up counts once, as ``SAME_POSTCODE`` (the
    control room answering a call from the own street opens the residents, a colleague among them,
    as its job; a neighbour looked up out of curiosity is the neighbour rule's case either way).
    """
    via_car = (pl.col("ev_colleague") > 0) & (pl.col("ev_plate_owner") > 0) & (pl.col("subject_type") == "person")
    home = pl.when(via_car).then(1.0).otherwise(pl.col("ev_colleague_home"))
    own_street = (pl.col("ev_same_postcode") > 0) | (pl.col("ev_same_address") > 0)
    return frame.with_columns(
        pl.when(via_car | own_street).then(0.0).otherwise(pl.col("ev_colleague")).alias("ev_colleague"),
        pl.when(own_street).then(0.0).otherwise(home).alias("ev_colleague_home"),
    )


def free_text_counts(frame: pl.DataFrame, params: Params) -> pl.DataFrame:
    """Per free-text search: the most free-text searches of the user in any sliding window containing it.

    The window (``free_text_window_minutes``) slides over the searches themselves: first the count in
    the window ending at each search, then the largest such count among the windows that contain it.
    Browsing is a rapid run of searches; a busy shift spreads its searches over hours. Searches
    typed under a registration the employee is assigned to (``purpose_assigned``) are case work and
    not counted (they get no count and no ``FREE_TEXT``).
    """
    span = int(params.free_text_window_minutes * 60)
    # searches typed under the employee's own case are work on it (explain.assigned_purpose)
    case = pl.col("purpose_assigned").fill_null(False) if "purpose_assigned" in frame.columns else pl.lit(False)
    base = (
        frame.lazy()
        .filter((pl.col("subject_type") == "free_text") & ~case)
        .select("row", "user_id", (pl.col("ts").dt.epoch("s")).alias("_t"))
        .sort("user_id", "_t", "row")
        .with_columns(pl.lit(1, pl.Int32).alias("_one"))
        .with_columns(pl.col("_one").rolling_sum_by("_t", window_size=f"{span}i").over("user_id").alias("_trail"))
        .with_columns((-pl.col("_t")).alias("_rev"))
        .sort("user_id", "_rev", "row")
        .with_columns(
            pl.col("_trail").rolling_max_by("_rev", window_size=f"{span + 1}i").over("user_id").alias("ft_count")
        )
        .select("row", "user_id", pl.col("ft_count").cast(pl.Int64))
        .collect()
    )
    return base


def free_text(frame: pl.DataFrame, thresholds: pl.DataFrame, params: Params) -> pl.DataFrame:
    """FREE_TEXT: browsing with many free-text searches in a short time, above the peer baseline.

    Typing names and streets into the search box without opening a record leaves no subject id,
    so it escapes record-based checks; a run of such searches is browsing for someone.
    Legitimate: a search for a suspect by partial name, usually a few searches followed by case work.
    """
    counts = (
        free_text_counts(frame, params)
        .join(thresholds, on="user_id", how="left")
        .select(
            "row",
            pl.when(pl.col("ft_count") >= pl.col("ft_threshold").fill_null(float(params.free_text_min_per_hour)))
            .then(
                (pl.col("ft_count") / pl.col("ft_threshold").fill_null(float(params.free_text_min_per_hour))).clip(
                    upper_bound=3.0
                )
            )
            .otherwise(0.0)
            .alias("ev_free_text"),
        )
    )
    return frame.join(counts, on="row", how="left").with_columns(pl.col("ev_free_text").fill_null(0.0))


def static_evidence(
    frame: pl.DataFrame,
    ds: Dataset,
    params: Params,
    *,
    window: tuple[datetime, datetime] | None = None,
    fixation_days: pl.DataFrame | None = None,
    multi_day: bool = True,
) -> pl.DataFrame:
    """All evidence that needs no learned baseline.

    ``window`` is the data window (default: the frame's whole local days); ``fixation_days`` the
    per (user, record) day counts over the whole window when the frame is one chunk of it;
    ``multi_day=False`` leaves FIXATION and OFF_DUTY_RELATION to :func:`multi_day_evidence`.
    """
    frame = closed_return(frame, ds, params)
    frame = same_address(frame)
    frame = same_postcode(frame)
    frame = near_home(frame)
    frame = same_surname(frame, ds, params)
    frame = colleague(frame, ds)
    frame = self_lookup(frame)
    frame = declared_relation(frame, ds, params)
    frame = plate_owner(frame, params)
    frame = person_vehicle(frame, params)
    frame = person_address(frame, params)
    frame = person_housemate(frame, params)
    frame = colleague_context(frame)
    frame = personal_cover(frame, params)
    frame = street_sitting(frame, params)
    frame = colleague_sitting(frame, params)
    frame = unit_street(frame, ds)
    frame = high_profile(frame, params)
    frame = in_the_news(frame, ds, params)
    frame = restricted(frame, ds, params)
    frame = purpose_mismatch(frame, params)
    frame = no_purpose(frame)
    frame = unknown_person(frame, ds, params)
    frame = name_search(frame, params)
    frame = off_duty(frame, ds, params, window)
    frame = out_of_area(frame, params)
    frame = area_relation(frame)
    frame = plate_at_home(frame, params)
    return multi_day_evidence(frame, params, fixation_days) if multi_day else frame


def multi_day_evidence(
    frame: pl.DataFrame,
    params: Params,
    fixation_days: pl.DataFrame | None = None,
    team_records: pl.DataFrame | None = None,
    street_records: pl.DataFrame | None = None,
    revisits: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Evidence that needs the whole window (FIXATION, the team's record of a public figure and of
    the own street, a person's household visited again) and what combines with it
    (OFF_DUTY_RELATION). ``team_records``: :func:`team_record_counts`, ``street_records``:
    :func:`street_record_counts`, ``revisits``: :func:`household_revisits` over the window."""
    frame = fixation(frame, params, fixation_days)
    frame = off_duty_relation(frame)
    frame = team_news(frame, params, team_records)
    frame = team_street(frame, params, street_records)
    return household_revisit(frame, params, revisits)
