"""The rule catalogue: every code the engine can put on an alert, and which evidence column it reads.

One row per rule, in the order alerts and the weights table list them. What each rule means in
police terms, and when its evidence fires, is written in the docstring of the evidence function
that fills its column (:mod:`pmengine.evidence`) and in the table of ``docs/pmengine.md``; how
much it weighs is learned per peer group by :func:`pmengine.scoring.fit`. A verdict of scope
``rules`` names these codes (:mod:`pmengine.feedback`). ``PRIOR_MISUSE`` is not a rule here: it is
a property of the employee, added to his alerts (:mod:`pmengine.alerts`).

Pure data: this module imports nothing of the engine, so every step can read the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue.

    ``code``: the code on alerts and in verdicts (upper case, stable: reviewers' verdicts name it);
    ``column``: the evidence column it reads, a float strength per lookup (0.0 = absent, 1.0 = a
    plain hit, up to 3.0 for patterns that grow stronger); ``severity``: a factor on the learned
    weight (1.0, or 0.5 for rules that point at misuse only weakly on their own); ``relationship``:
    the record is linked to the employee himself (home, family, colleagues, public figures,
    restricted registrations), as opposed to a pattern of his behaviour (hours, bursts, repeats).
    """

    code: str
    column: str
    severity: float
    relationship: bool


RULES: tuple[Rule, ...] = (
    # relationship: who or what the record is to the employee
    Rule("SAME_ADDRESS", "ev_same_address", 1.0, True),
    Rule("SELF", "ev_self", 1.0, True),
    Rule("DECLARED_RELATION", "ev_declared_relation", 1.0, True),
    Rule("SAME_POSTCODE", "ev_same_postcode", 1.0, True),
    Rule("NEAR_HOME", "ev_near_home", 1.0, True),
    Rule("SAME_SURNAME", "ev_same_surname", 1.0, True),
    Rule("COLLEAGUE", "ev_colleague", 1.0, True),
    Rule("COLLEAGUE_HOME", "ev_colleague_home", 1.0, True),
    Rule("HIGH_PROFILE", "ev_high_profile", 1.0, True),
    Rule("HIGH_PROFILE_CASE", "ev_high_profile_case", 1.0, True),
    Rule("RESTRICTED", "ev_restricted", 1.0, True),
    Rule("PURPOSE_MISMATCH", "ev_purpose_mismatch", 1.0, True),
    # behaviour: how, when and how often the employee looks records up
    Rule("PLATE_OWNER", "ev_plate_owner", 1.0, False),
    Rule("PLATE_AT_HOME", "ev_plate_at_home", 1.0, False),
    Rule("PERSON_VEHICLE", "ev_person_vehicle", 1.0, False),
    Rule("PERSON_ADDRESS", "ev_person_address", 0.5, False),
    Rule("PERSON_HOUSEMATE", "ev_person_housemate", 1.0, False),
    Rule("BULK", "ev_bulk", 1.0, False),
    Rule("FIXATION", "ev_fixation", 1.0, False),
    Rule("FREE_TEXT", "ev_free_text", 1.0, False),
    Rule("OFF_DUTY", "ev_off_duty", 1.0, False),
    Rule("OFF_DUTY_RELATION", "ev_off_duty_relation", 1.0, False),
    Rule("OUT_OF_AREA", "ev_out_of_area", 1.0, False),
    Rule("AREA_RELATION", "ev_area_relation", 1.0, False),
    Rule("RARE_HOUR", "ev_rare_hour", 0.5, False),
    Rule("UNKNOWN_PERSON", "ev_unknown_person", 1.0, False),
    Rule("NAME_SEARCH", "ev_name_search", 1.0, False),
    Rule("CLOSED_RETURN", "ev_closed_return", 0.5, False),
    # background: a record opened without any explanation
    Rule("NO_PURPOSE", "ev_no_purpose", 0.5, False),
)
RULE_BY_CODE = {r.code: r for r in RULES}

# The partners of OFF_DUTY_RELATION: a relationship or plate-and-keeper pattern (or a fixation) on
# the same lookup as OFF_DUTY.
OFF_DUTY_PARTNERS = (
    "ev_same_address",
    "ev_self",
    "ev_declared_relation",
    "ev_same_postcode",
    "ev_near_home",
    "ev_same_surname",
    "ev_colleague",
    "ev_colleague_home",
    "ev_high_profile",
    "ev_restricted",
    "ev_purpose_mismatch",
    "ev_plate_owner",
    "ev_fixation",
)
# The partners of AREA_RELATION; not COLLEAGUE_HOME / PLATE_OWNER: cars (of police households too)
# from elsewhere are met in traffic stops anywhere. Not COLLEAGUE, HIGH_PROFILE or RESTRICTED either
# (session 23): colleagues live across the region (rarely where they police), public figures and an
# operation's targets anywhere, so finding one outside the unit's area is what their link already
# says, counted twice; the own street or family seen from elsewhere is the combination that is rare.
# Not NEAR_HOME: his home's postcode area lies outside the unit's area whenever he lives away from
# where he polices, so every record near his home is outside it too (the same fact twice).
_NOT_AREA = (
    "ev_fixation",
    "ev_colleague_home",
    "ev_plate_owner",
    "ev_colleague",
    "ev_high_profile",
    "ev_restricted",
    "ev_near_home",
)
AREA_PARTNERS = tuple(c for c in OFF_DUTY_PARTNERS if c not in _NOT_AREA)
# Combination rules: their base rate is taken among the lookups on which a partner fired, so that their
# weight is what the combination adds to the partner's own weight. Taken over all lookups, the rate of
# a combination is the partner's rarity times its own, and the partner would be counted twice (a public
# figure from another district weighed as rare as a neighbour seen from elsewhere, though public
# figures live anywhere and neighbours do not).
COMBINATIONS = {
    "OFF_DUTY_RELATION": OFF_DUTY_PARTNERS,
    "AREA_RELATION": AREA_PARTNERS,
    "HIGH_PROFILE_CASE": ("ev_high_profile",),
}
