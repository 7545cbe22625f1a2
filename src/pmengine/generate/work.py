"""Ordinary work: the lookups of every worked shift.

Own registrations, colleagues' cases of the unit and the region, traffic stops (plate and often
the keeper, no registration), free-text searches and people without a registration; the control
room and analysts with their broad mandate. ``visitors``: the share of people without a
registration who live in another district of the region (:func:`stranger`).
"""

from __future__ import annotations

from pmengine.generate.draft import DAY, Draft, Employee, Registration, Unit

# Mean number of lookups per worked shift, per role.
LOOKUPS_PER_SHIFT = {
    "agent": 30,
    "intake": 26,
    "meldkamer": 50,
    "rechercheur": 26,
    "analist": 50,
    "leidinggevende": 10,
    "staf": 4,
}


def ordinary_work(w: Draft) -> None:
    """The lookups of every worked shift (6 % of shifts none: leave or training), spread over the shift."""
    rng = w.rng
    tick = w.tick("dagelijks werk", len(w.employees))
    for e in w.employees:
        unit = w.units[e.unit]
        mean = LOOKUPS_PER_SHIFT[e.role] * w.volume
        for _rs, _re, ws, we, _in in e.shifts:
            if rng.random() < 0.06:  # on leave or training: no lookups this shift
                continue
            n = max(0, round(rng.gauss(mean, mean * 0.35)))
            day = ws // DAY
            own = w.user_day.get((e.idx, day), [])
            unit_regs = w.unit_day.get((e.unit, day), [])
            region_regs = w.region_day.get((unit.region, day), [])
            t = ws + rng.randint(0, 1200)
            step = max(60, (we - ws) // max(1, n))
            made = 0
            while made < n and t < we:
                made += task(w, e, unit, t, own, unit_regs, region_regs)
                t += rng.randint(step // 3, step * 2)
        tick(1)


def task(
    w: Draft, e: Employee, unit: Unit, t: int, own: list[int], unit_regs: list[int], region_regs: list[int]
) -> int:
    rng = w.rng
    role = e.role
    x = rng.random()
    district = unit.district if unit.district >= 0 else rng.choice(w.region_districts[unit.region])
    if role in ("meldkamer", "analist") and unit.kind != "recherche":
        # broad mandate: incidents and cases of the whole region, callers, addresses
        reg = pick(w, region_regs, t) if x < 0.5 else None
        if reg is not None:
            stype, sid = rng.choice(reg.subjects)
            return len(w.lookup_subject(t, e.idx, stype, sid))
        district = rng.choice(w.region_districts[unit.region])
        if x < 0.8:
            p = stranger(w, e, district)
            if rng.random() < 0.5:
                w.add(t, e.idx, "GMS", "view", "address", f"A{w.p_address[p]:07d}")
            return 1 + len(w.lookup_person(t + 20, e.idx, p))
        return free_text(w, e, t, district)
    reg = pick(w, own, t) if x < 0.45 else None
    if reg is not None:
        if rng.random() < 0.1:
            return len(w.lookup_subject(t, e.idx, "registration", reg.reg_id))
        stype, sid = rng.choice(reg.subjects)
        purpose = reg.reg_id if rng.random() < 0.5 else None
        return len(w.lookup_subject(t, e.idx, stype, sid, purpose))
    reg = pick(w, unit_regs, t) if 0.45 <= x < 0.62 else None
    if reg is not None:
        stype, sid = rng.choice(reg.subjects)
        return len(w.lookup_subject(t, e.idx, stype, sid))
    reg = pick(w, region_regs, t) if 0.62 <= x < 0.66 else None
    if reg is not None:
        stype, sid = rng.choice(reg.subjects)
        return len(w.lookup_subject(t, e.idx, stype, sid))
    if x < 0.82 and role in ("agent", "leidinggevende", "intake"):
        return traffic_stop(w, e, t, district)
    if x < 0.9:
        return free_text(w, e, t, district)
    p = stranger(w, e, district)
    purpose = rng.choice([None, None, "informatieverzoek", "controle", "melding"])
    return len(w.lookup_person(t, e.idx, p, purpose))


def pick(w: Draft, regs: list[int], t: int) -> Registration | None:
    """A registration from the list that is already open at ``t`` (a few tries), or None."""
    for _ in range(3 if regs else 0):
        reg = w.regs[w.rng.choice(regs)]
        if reg.opened <= t:
            return reg
    return None


def stranger(w: Draft, e: Employee, district: int) -> int:
    """A random resident of the district who is not of the employee's own household.

    With chance ``visitors`` a resident of another district of the region instead: a driver
    passing through, a suspect or caller from the next town (no random draw when it is 0, so
    worlds generated before this option are reproduced exactly).
    """
    if w.visitors > 0 and w.rng.random() < w.visitors:
        district = w.rng.choice(w.region_districts[w.district_region.get(district, 0)])
    pool = w.district_persons[district]
    p = w.rng.choice(pool)
    while w.p_address[p] == w.p_address[e.person]:
        p = w.rng.choice(pool)
    return p


def traffic_stop(w: Draft, e: Employee, t: int, district: int) -> int:
    """A vehicle check on the street: plate (RDW), often the keeper (BRP). No registration."""
    rng = w.rng
    p = stranger(w, e, district)
    vehicles = w.address_vehicles.get(w.p_address[p])
    v = vehicles[0] if vehicles else rng.randrange(len(w.v_address))
    purpose = "verkeerscontrole" if rng.random() < 0.3 else None
    w.add(t, e.idx, "RDW", "view", "vehicle", w.plate(v), w.plate(v), 1, purpose)
    made = 1
    if rng.random() < 0.6:
        keepers = w.address_persons[w.v_address[v]]
        made += len(w.lookup_person(t + rng.randint(20, 240), e.idx, keepers[0], purpose, search=False))
    return made


def free_text(w: Draft, e: Employee, t: int, district: int) -> int:
    rng = w.rng
    p = stranger(w, e, district)
    text = f"{w.p_surname[p]} {w.a_postcode[w.p_address[p]]}" if rng.random() < 0.5 else w.p_surname[p]
    w.add(t, e.idx, "BVI-IB", "search", "free_text", None, text, rng.randint(0, 60))
    if rng.random() < 0.6:
        return 1 + len(w.lookup_person(t + rng.randint(10, 120), e.idx, p, search=False))
    return 1
