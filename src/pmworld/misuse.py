"""Misuse episodes: each one is a single employee looking up records for a private reason. The
events are mixed into ordinary work (mostly during shifts, with the systems that employee uses
anyway), so that no single column gives them away."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from pmworld.activity import Log, traffic_stop
from pmworld.world import ADDR_PER_PC6, World, local_ts

SCENARIOS = {  # name: share of the episodes
    "neighbour": 0.12,
    "celebrity_curiosity": 0.08,
    "ex_partner": 0.12,
    "family_declared": 0.06,
    "family_undeclared": 0.10,
    "colleague": 0.09,
    "plate_off_duty": 0.10,
    "restricted_leak": 0.05,
    "fig_leaf": 0.07,
    "enumeration": 0.06,
    "fixation": 0.08,
    "free_text_browsing": 0.07,
}

ROLE_WEIGHT = {"agent": 1.0, "intake": 1.0, "rechercheur": 0.8, "meldkamer": 0.6, "leidinggevende": 0.4,
               "analist": 0.4, "staf": 0.2}


@dataclass
class Episode:
    user: int
    scenario: str
    tag: int


class Skip(Exception):
    """The drawn employee cannot play this scenario (no home address, no relatives, ...)."""


def misuse(w: World, log: Log, rate_per_1000: float = 1.5) -> list[Episode]:
    r = w.r
    n = max(len(SCENARIOS), round(rate_per_1000 * w.user_days / 1000))
    names = list(SCENARIOS)
    counts = dict.fromkeys(names, 1)
    for _ in range(n - len(names)):
        counts[r.choices(names, weights=list(SCENARIOS.values()))[0]] += 1
    if w.days < 7:
        counts["fixation"] = 0  # a fixation needs weeks; a window this short cannot hold one
    users = [e for e in range(w.n_emp) if w.emp_work.get(e)]
    cum = list(itertools.accumulate(ROLE_WEIGHT.get(w.role[e], 0.3) for e in users))
    episodes: list[Episode] = []
    used: set[int] = set()
    for name in names:
        for _ in range(counts[name]):
            for _attempt in range(60):
                e = r.choices(users, cum_weights=cum)[0]
                if e in used and r.random() < 0.9:
                    continue
                log.tag = len(episodes) + 1
                mark = len(log.rows)
                try:
                    GENERATORS[name](w, log, r, e)
                except Skip:
                    del log.rows[mark:]
                    continue
                # keep only what falls inside the window and the employment
                lo = max(w.t0, w.active_from[e])
                hi = min(w.t1, w.active_to[e] or w.t1)
                log.rows[mark:] = [row for row in log.rows[mark:] if lo <= row[0] < hi]
                if len(log.rows) == mark:
                    continue
                episodes.append(Episode(e, name, log.tag))
                used.add(e)
                break
    log.tag = 0
    return episodes


# ---------------------------------------------------------------- timing helpers
def on_duty(w: World, r: random.Random, e: int, after: int | None = None, before: int | None = None) -> int:
    shifts = [(s, t) for s, t in w.emp_work.get(e, ()) if (after is None or t > after + 1800)
              and (before is None or s < before - 1800)]
    if not shifts:
        raise Skip
    s, t = r.choice(shifts)
    lo, hi = s + 900, t - 900
    if after is not None:
        lo = max(lo, after)
    if before is not None:
        hi = min(hi, before)
    if hi <= lo:
        raise Skip
    return r.randint(lo, hi)


def off_duty(w: World, r: random.Random, e: int) -> int:
    for _ in range(40):
        day = r.randrange(w.days)
        t = local_ts(w.day0, day, r.randint(18 * 60 + 30, 23 * 60 + 30))
        if not w.is_on_duty(e, t, margin=3600) and t >= w.active_from[e] and \
                (w.active_to[e] is None or t < w.active_to[e]):
            return t
    raise Skip


def anytime(w: World, r: random.Random, e: int, p_off: float) -> int:
    return off_duty(w, r, e) if r.random() < p_off else on_duty(w, r, e)


def _home(w: World, e: int) -> int:
    p = w.emp_person[e]
    if p is None:
        raise Skip
    return p


def _not_worked_by(w: World, e: int, p: int) -> bool:
    """True when p is not a subject of a registration e is assigned to (so the lookup has no cover)."""
    return not any(("person", p) in w.regs[i].subjects for i in w.user_regs.get(e, ()))


def _look_person(w: World, log: Log, r: random.Random, e: int, t: int, p: int, purpose: str | None = None,
                 search: bool = True) -> int:
    if purpose is None and r.random() < 0.12:  # a generic reason typed to get past the prompt
        purpose = r.choice(["verkeerscontrole", "noodhulp"])
    if search and r.random() < 0.6:
        log.search(t, e, "BVH", "person", w.person_name(p), 1 + int(r.expovariate(0.2)), purpose)
        t += r.randint(5, 40)
    log.view(t, e, r.choice(["BVH", "BVH", "BRP"]), "person", p, purpose)
    return t + r.randint(20, 300)


# ---------------------------------------------------------------- scenarios
def neighbour(w: World, log: Log, r: random.Random, e: int) -> None:
    """People in the employee's own street (PC6), typically after a police car stopped at their door."""
    home_a = w.person_addr[_home(w, e)]
    pc6 = home_a // ADDR_PER_PC6
    others = [pc6 * ADDR_PER_PC6 + k for k in range(ADDR_PER_PC6) if pc6 * ADDR_PER_PC6 + k != home_a]
    # police at a neighbour's door: an incident of colleagues at an address in the same street
    visits = [(i, a) for a in others for i in _regs_at(w).get(a, ())
              if w.t0 <= w.regs[i].opened < w.t1 - 3600 and all(o != e for o, _, _ in w.regs[i].officers)]
    if visits and r.random() < 0.7:
        i, a = r.choice(visits)
        opened = w.regs[i].opened
        t = on_duty(w, r, e, after=opened, before=opened + 3 * 86400) if r.random() < 0.6 else \
            opened + r.randint(1800, 2 * 86400)
        targets = [a]
    else:
        t = anytime(w, r, e, 0.35)
        targets = r.sample(others, r.randint(1, 2))
    for a in targets:
        log.view(t, e, "BVH", "address", a, None)
        t += r.randint(20, 120)
        res = [p for p in w.residents(a) if _not_worked_by(w, e, p)]
        for p in r.sample(res, min(len(res), r.randint(1, 3))):
            t = _look_person(w, log, r, e, t, p, search=False)


def _regs_at(w: World) -> dict[int, list[int]]:
    """Registrations per address subject (built once per world)."""
    cache = getattr(w, "_regs_at", None)
    if cache is None or cache[0] != len(w.regs):
        index: dict[int, list[int]] = {}
        for i, reg in enumerate(w.regs):
            for st, a in reg.subjects:
                if st == "address":
                    index.setdefault(a, []).append(i)
        cache = (len(w.regs), index)
        w._regs_at = cache  # type: ignore[attr-defined]
    return cache[1]


def celebrity_curiosity(w: World, log: Log, r: random.Random, e: int) -> None:
    """A public figure in the news, looked up by someone who is not working the registration."""
    waves = getattr(w, "news_waves", [])
    if not waves:
        raise Skip
    celeb, t0, idx = r.choice(waves)
    if any(o == e for o, _, _ in w.regs[idx].officers):
        raise Skip
    t = on_duty(w, r, e, after=t0 + 600, before=t0 + 4 * 86400) if r.random() < 0.75 else off_duty(w, r, e)
    if t < t0:
        raise Skip
    # a quarter copy the news registration's number from the briefing as their purpose
    purpose = w.regs[idx].rid if r.random() < 0.25 else None
    if r.random() < 0.5:
        log.search(t, e, "BVH", "free_text", w.surnames[w.person_surname[celeb]], r.randint(3, 60), None)
        t += r.randint(10, 60)
    log.view(t, e, r.choice(["BVH", "BRP"]), "person", celeb, purpose)
    if r.random() < 0.4:
        log.view(t + r.randint(30, 300), e, "BVH", "address", w.person_addr[celeb], purpose)


def ex_partner(w: World, log: Log, r: random.Random, e: int) -> None:
    """An ex-partner or a love interest, over days: person, address, car, the new partner. One
    variant: someone the officer met on duty (a reporter in an own registration), looked up again
    after the registration was closed, with the old registration number as purpose."""
    ri = w.units[w.unit_of[e]].ridx
    lo, hi = w.region_prange[ri]
    purpose = None
    after = None
    own = [i for i in w.user_regs.get(e, ()) if w.regs[i].closed is not None and w.regs[i].closed < w.t1 - 5 * 86400]
    if own and r.random() < 0.4:
        reg = w.regs[r.choice(own)]
        persons = [p for s, p in reg.subjects if s == "person"]
        if not persons:
            raise Skip
        target, purpose, after = r.choice(persons), reg.rid, reg.closed + 86400
    else:
        target = r.randrange(lo, hi)
        if target in w.person_emp:
            raise Skip
    for _ in range(r.randint(2, 5)):
        t = on_duty(w, r, e, after=after) if r.random() < 0.7 else off_duty(w, r, e)
        if after is not None and t < after:
            continue
        t = _look_person(w, log, r, e, t, target, purpose if r.random() < 0.6 else None)
        if r.random() < 0.4:
            log.view(t, e, "BVH", "address", w.person_addr[target], None)
            t += r.randint(20, 200)
        vs = w.vehicles_of(target)
        if len(vs) and r.random() < 0.3:
            log.view(t, e, "RDW", "vehicle", vs[0], None)
            t += r.randint(20, 200)
        house = [q for q in w.residents(w.person_addr[target]) if q != target]
        if house and r.random() < 0.3:
            _look_person(w, log, r, e, t, house[0], None)


def _family(w: World, e: int, declared: bool) -> list[int]:
    dec = {q for x, _, q, rel in w.declared if x == e and rel != "acquaintance"}
    return [q for q, _ in w.relatives.get(e, ()) if (q in dec) == declared and _not_worked_by(w, e, q)]


def family_declared(w: World, log: Log, r: random.Random, e: int) -> None:
    """A relative the employee declared (meldplicht): the lookup is forbidden, not explained."""
    fam = _family(w, e, True)
    if not fam:
        raise Skip
    t = anytime(w, r, e, 0.3)
    for q in r.sample(fam, min(len(fam), r.randint(1, 2))):
        t = _look_person(w, log, r, e, t, q, search=False)
        if r.random() < 0.3:
            log.view(t, e, "BVH", "address", w.person_addr[q], None)
            t += r.randint(30, 200)


def family_undeclared(w: World, log: Log, r: random.Random, e: int) -> None:
    """A relative nobody knows about (often another surname: in-laws, step-children, a sister by her
    married name), or the new boyfriend of one's child."""
    fam = _family(w, e, False)
    t = anytime(w, r, e, 0.3)
    if fam and r.random() < 0.7:
        for q in r.sample(fam, min(len(fam), r.randint(1, 2))):
            t = _look_person(w, log, r, e, t, q)
    else:
        lo, hi = w.region_prange[w.units[w.unit_of[e]].ridx]
        boyfriend = r.randrange(lo, hi)
        t = _look_person(w, log, r, e, t, boyfriend)
        if r.random() < 0.5:
            log.search(t, e, "BVH", "free_text", w.surnames[w.person_surname[boyfriend]], r.randint(2, 80), None)
        vs = w.vehicles_of(boyfriend)
        if len(vs):
            log.view(t + r.randint(60, 600), e, "RDW", "vehicle", vs[0], None)


def colleague(w: World, log: Log, r: random.Random, e: int) -> None:
    """A colleague (same team or elsewhere): their person record, address, car."""
    team = [x for x in w.units[w.unit_of[e]].members if x != e and w.emp_person[x] is not None]
    anyone = [x for x in range(w.n_emp) if w.emp_person[x] is not None and x != e]
    pool = team if team and r.random() < 0.6 else anyone
    if not pool:
        raise Skip
    target = w.emp_person[r.choice(pool)]
    assert target is not None
    t = on_duty(w, r, e)
    t = _look_person(w, log, r, e, t, target)
    if r.random() < 0.5:
        log.view(t, e, "BVH", "address", w.person_addr[target], None)
    vs = w.vehicles_of(target)
    if len(vs) and r.random() < 0.4:
        log.view(t + r.randint(30, 300), e, "RDW", "vehicle", vs[0], None)


def plate_off_duty(w: World, log: Log, r: random.Random, e: int) -> None:
    """A plate seen in private life: plate, vehicle, keeper, at an hour the employee is not on duty."""
    t = off_duty(w, r, e)
    home = w.emp_person[e]
    v = None
    if home is not None and r.random() < 0.6:
        a0 = w.person_addr[home] - w.person_addr[home] % ADDR_PER_PC6
        for _ in range(20):
            a = a0 + r.randrange(-3 * ADDR_PER_PC6, 4 * ADDR_PER_PC6)
            if 0 <= a < w.n_addr:
                keepers = [p for p in w.residents(a) if len(w.vehicles_of(p))]
                if keepers:
                    v = w.vehicles_of(r.choice(keepers))[0]
                    break
    if v is None:
        v = r.randrange(w.n_veh)
    traffic_stop(w, log, r, e, t, v, None)


def restricted_leak(w: World, log: Log, r: random.Random, e: int) -> None:
    """Persons of a restricted (afgeschermd) investigation looked up by someone not on it, without a
    registration of their own that involves them — a possible leak to the suspects."""
    ri = w.units[w.unit_of[e]].ridx
    cases = [i for i in w.restricted_cases.get(ri, ()) if all(o != e for o, _, _ in w.regs[i].officers)]
    if not cases:
        raise Skip
    reg = w.regs[r.choice(cases)]
    persons = [p for s, p in reg.subjects if s == "person" and _not_worked_by(w, e, p)]
    if not persons:
        raise Skip
    t = on_duty(w, r, e)
    for p in r.sample(persons, min(len(persons), r.randint(1, 3))):
        t = _look_person(w, log, r, e, t, p)
    if r.random() < 0.3:
        vs = [v for s, v in reg.subjects if s == "vehicle"]
        if vs:
            log.view(t, e, "RDW", "vehicle", r.choice(vs), None)


def fig_leaf(w: World, log: Log, r: random.Random, e: int) -> None:
    """A private lookup with a real but unrelated registration number typed as purpose."""
    t = on_duty(w, r, e)
    own = w.open_regs_of(e, t, grace=5 * 86400) or w.user_regs.get(e, [])[-20:]
    own = [i for i in own if w.regs[i].opened < t]
    if not own:
        raise Skip
    reg = w.regs[r.choice(own)]
    lo, hi = w.region_prange[w.units[w.unit_of[e]].ridx]
    target = r.randrange(lo, hi)
    if ("person", target) in reg.subjects:
        raise Skip
    t = _look_person(w, log, r, e, t, target, reg.rid)
    if r.random() < 0.5:
        log.view(t, e, "BVH", "address", w.person_addr[target], reg.rid)
        t += r.randint(30, 300)
    if r.random() < 0.4:
        house = [q for q in w.residents(w.person_addr[target]) if q != target]
        if house:
            _look_person(w, log, r, e, t, r.choice(house), reg.rid)


def enumeration(w: World, log: Log, r: random.Random, e: int) -> None:
    """Browsing: a street or block opened record by record, 15-60 lookups in an hour or two."""
    ri = w.units[w.unit_of[e]].ridx
    alo, ahi = w.region_arange[ri]
    t = on_duty(w, r, e)
    a = r.randrange(alo, ahi - 60)
    purpose = None
    for _ in range(r.randint(15, 60)):
        if r.random() < 0.3:
            log.view(t, e, "BVH", "address", a, purpose)
        else:
            res = w.residents(a)
            log.view(t, e, "BVH", "person", res[r.randrange(len(res))], purpose)
        t += r.randint(15, 180)
        if r.random() < 0.6:
            a += 1


def fixation(w: World, log: Log, r: random.Random, e: int) -> None:
    """One person, one lookup every few days, spread over weeks; on duty, nothing else unusual."""
    ri = w.units[w.unit_of[e]].ridx
    lo, hi = w.region_prange[ri]
    target = r.randrange(lo, hi)
    if target in w.person_emp:
        raise Skip
    day = r.uniform(0, min(5, w.days / 4))
    n = 0
    while day < w.days:
        t = w.t0 + int(day * 86400)
        try:
            s = on_duty(w, r, e, after=t, before=t + 2 * 86400)
        except Skip:
            day += 1
            continue
        log.view(s, e, r.choice(["BVH", "BRP"]), "person", target, None)
        if r.random() < 0.15:
            log.view(s + r.randint(30, 200), e, "BVH", "address", w.person_addr[target], None)
        n += 1
        day = (s - w.t0) / 86400 + r.uniform(2, 6)
    if n < 3:
        raise Skip


def free_text_browsing(w: World, log: Log, r: random.Random, e: int) -> None:
    """Free-text searches for names and places out of curiosity, few records opened."""
    t = anytime(w, r, e, 0.2)
    ri = w.units[w.unit_of[e]].ridx
    lo, hi = w.region_prange[ri]
    for _ in range(r.randint(4, 14)):
        x = r.random()
        if x < 0.4:
            text = w.person_name(r.randrange(lo, hi))
        elif x < 0.6 and w.high_by_region.get(ri):
            text = w.surnames[w.person_surname[r.choice(w.high_by_region[ri])]]
        elif x < 0.8:
            text = w.address_text(r.randrange(*w.region_arange[ri])).split(",")[0]
        else:
            text = r.choice(["hells angels", "schietpartij", "BN'er", "voetballer", "ex", "mijn straat"])
        log.search(t, e, r.choice(["BVH", "BVI-IB"]), "free_text", text, int(r.expovariate(0.05)), None)
        t += r.randint(20, 240)
        if r.random() < 0.2:
            log.view(t, e, "BVH", "person", r.randrange(lo, hi), None)
            t += r.randint(20, 120)


GENERATORS = {
    "neighbour": neighbour, "celebrity_curiosity": celebrity_curiosity, "ex_partner": ex_partner,
    "family_declared": family_declared, "family_undeclared": family_undeclared, "colleague": colleague,
    "plate_off_duty": plate_off_duty, "restricted_leak": restricted_leak, "fig_leaf": fig_leaf,
    "enumeration": enumeration, "fixation": fixation, "free_text_browsing": free_text_browsing,
}
