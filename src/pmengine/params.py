"""Every tunable number of the engine in one place: :class:`Params`.

A ``Params`` is frozen: a run is fully described by its data, its verdicts and its ``Params``, and
the same three give the same alerts. A field with a unit carries it in its name (``_hours``,
``_days``, ``_minutes``; ``_level``: the part of a lookup an explanation takes away), and where the
police reasoning behind a number is not obvious it is written next to it. The defaults are the
tuned values of ``docs/pmengine.md``; change one with ``dataclasses.replace(Params(), news_days=2.0)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    """Every tunable number of the engine in one place, with its unit in the name."""

    time_zone: str = "Europe/Amsterdam"
    # explanation margins
    registration_before_hours: float = 2.0
    registration_after_days: float = 14.0
    officer_before_days: float = 1.0
    officer_after_days: float = 14.0
    # a closed registration's own people opened with no reason typed this long after it closed are
    # no longer its follow-up (``evidence.closed_return``)
    closed_follow_up_days: float = 3.0
    # how much of a lookup a partial explanation takes away (1.0 = fully explained)
    unit_registration_level: float = 0.6
    district_registration_level: float = 0.4
    region_registration_level: float = 0.25
    role_level: float = 0.4
    # a purpose that names a registration not involving the record, typed while the same purpose
    # explained another lookup of the employee this close in time (the same sitting), is work on
    # that case (a witness, a bystander): it explains like a registration of the own unit, and is
    # no fig leaf; the same case number reused hours later for someone else is the fig leaf
    case_work_minutes: float = 30.0
    broad_mandate_roles: tuple[str, ...] = ("meldkamer", "analist")
    # roles whose work is opening colleagues: several of them on one day is not looking them up
    # (``evidence.colleague_sitting``): the control room dispatches colleagues and takes their calls
    colleague_work_roles: tuple[str, ...] = ("meldkamer",)
    # rosters: tolerance around a shift before a lookup counts as off duty
    shift_early_minutes: float = 60.0
    shift_overtime_minutes: float = 180.0
    roster_coverage_days: float = 3.0
    session_gap_minutes: float = 180.0
    session_min_case_work: int = 2
    session_shift_hours: float = 1.5
    # sessions outside the roster no more than this far apart form one period; one that spans
    # ``worked_period_hours`` is a worked day missing from the roster
    worked_period_gap_hours: float = 6.0
    worked_period_hours: float = 3.0
    # a session with case work outside the roster starts a worked shift missing from it; lookups
    # this long after its start are in that shift (an 8-hour shift and an hour's margin): a team
    # reads in on its cases at the start and checks a car in the street hours later
    inferred_shift_hours: float = 9.0
    # without a roster near the lookup, weekday office hours (local, start inclusive, end exclusive)
    # are working time: unrostered staff work them
    office_start_hour: int = 8
    office_end_hour: int = 18
    # behaviour
    bulk_window_minutes: int = 60
    bulk_min_subjects: int = 15
    # records explained less than this count towards BULK: a case of the own unit (0.6) is a
    # plausible reason for one record, not for twenty in an hour
    bulk_explained_below: float = 0.7
    # BULK on bare records, which no registration touches at all (no own, team, district or region
    # case, no broad mandate): an hour's work of a detective or a team is its cases; ten people in
    # an hour that none of them explains is paging through people. Its bar is this or the peer
    # group's and the employee's own ordinary hours of bare records, whichever is higher
    bulk_bare_min_subjects: int = 10
    fixation_min_days: int = 3
    fixation_prior: float = 1.0  # pseudo (record, day) lookups by others: every record can be met by chance
    # lookups explained less than this count towards FIXATION: the own unit's registration (0.6)
    # explains one look, not a return on several days
    fixation_explained_below: float = 0.7
    fixation_nats: float = 5.0  # surprisal (nats, after the look-elsewhere correction) per unit of strength
    plate_owner_minutes: float = 15.0
    # PLATE_AT_HOME: only for a role whose lookups are less than this share plate-and-keeper pairs (no
    # traffic work: detectives, supervisors, intake, control room; patrol officers do it every shift)
    plate_role_share: float = 0.05
    # NAME_SEARCH: a person opened this long after the employee's own search by name belongs to it
    name_search_minutes: float = 3.0
    person_vehicle_minutes: float = 15.0  # PERSON_VEHICLE: a car at a person's address this soon after him
    news_days: float = 7.0
    # HIGH_PROFILE_CASE in the own team's case: the team records its lookups of the public figure
    team_recorded_share: float = 0.8
    team_recorded_min: int = 5
    # OUT_OF_AREA: a postcode area with less than this share of the unit's lookups is outside its area
    area_min_share: float = 0.002
    area_min_lookups: int = 500
    # RESTRICTED strength = households of one operation looked up that day minus this (max 3): one
    # household is what a traffic stop meets by chance, two or more on one day is reading up on the operation
    restricted_single_discount: float = 0.5
    # taken off that discount when every lookup of the operation that day was unprompted: the target
    # opened directly by name (not as a car's keeper in a traffic stop), no case of the own team
    # behind it and no broad mandate; then one household inside the operation's period counts fully
    restricted_unprompted_credit: float = 0.5
    # households a broad mandate (control room, analyst) meets of one operation on a day in its
    # ordinary work (the calls it dispatches touch the caller's and the address's household)
    restricted_broad_households: float = 2.0
    # a restricted operation is shielded this long before its registration opens and after it closes
    # (outside its own period one more household is needed on the day: see evidence.restricted)
    restricted_before_days: float = 30.0
    # a closed restricted investigation stays shielded until the trial, typically within a year
    restricted_after_days: float = 365.0
    free_text_min_per_hour: int = 5  # minimum searches in one window
    free_text_window_minutes: float = 20.0
    rare_hour_max_share: float = 0.02
    # surnames: expected number of relatives that share a surname (strength = this / namesakes)
    surname_relatives: float = 5.0
    # scoring
    prior_strength: float = 500.0
    prior_events: float = 5.0
    misuse_rate: float = 0.3
    flag_min_score: float = 3.0
    episode_gap_hours: float = 4.0
    # a record opened again this soon after its previous opening in the same alert is the same look
    # (list then detail, a refresh, a second tab): it counts once in the alert's score
    same_look_minutes: float = 5.0
    # Beyond an alert's strongest look, each further look adds only its score above this floor
    # (half the flagging bar ``flag_min_score``), with diminishing returns: a dozen lookups that
    # just clear the bar (the control room meeting its own street) do not outweigh one serious look.
    alert_term_floor: float = 1.5
