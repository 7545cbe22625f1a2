"""Registrations: incidents and reports of the basisteams, cases of the recherche teams (12 % of
them restricted, at least one per world), with their subjects and officers; and which are open on
each day, per officer, unit and region.
"""

from __future__ import annotations

from collections import defaultdict

from pmengine.generate.draft import DAY, HOUR, Draft, Registration


def new_registration(
    w: Draft,
    kind: str,
    unit: int,
    opened: int,
    closed: int | None,
    restricted: bool,
    subjects: list[tuple[str, str]],
    officers: list[int],
) -> Registration:
    reg = Registration(
        f"{2026 if opened >= 0 else 2025}{len(w.regs) + 1:07d}", kind, unit, opened, closed, restricted, subjects
    )
    for o in officers:
        reg.officers.append((o, opened, None if closed is None else closed + w.rng.randint(0, 2 * DAY)))
    w.regs.append(reg)
    return reg


def random_subjects(w: Draft, district: int, n_persons: int) -> list[tuple[str, str]]:
    rng = w.rng
    out: list[tuple[str, str]] = []
    for _ in range(n_persons):
        p = rng.choice(w.district_persons[district])
        out.append(("person", w.pid(p)))
        if rng.random() < 0.3:
            out.append(("address", f"A{w.p_address[p]:07d}"))
        vehicles = w.address_vehicles.get(w.p_address[p])
        if vehicles and rng.random() < 0.3:
            out.append(("vehicle", w.plate(vehicles[0])))
    return out


def build_registrations(w: Draft) -> None:
    """Incidents and reports of every basisteam per day, cases of every recherche team (some opened
    before the window); then :func:`index_registrations`."""
    rng = w.rng
    for unit in w.units:
        if unit.kind == "basisteam":
            for d in range(-3, w.days):
                staff = w.on_duty.get((unit.idx, max(d, 0)), []) or unit.members
                for _ in range(max(1, round(len(unit.members) * 0.09 * rng.uniform(0.6, 1.4)))):
                    opened = d * DAY + rng.randrange(DAY)
                    kind = rng.choice(["incident", "incident", "report"])
                    closed = opened + rng.randint(2 * HOUR, 4 * DAY) if rng.random() < 0.7 else None
                    intake = [m for m in staff if w.employees[m].role == "intake"]
                    officers = rng.sample(staff, min(len(staff), rng.randint(1, 3)))
                    if kind == "report" and intake:
                        officers.append(rng.choice(intake))
                    new_registration(
                        w,
                        kind,
                        unit.idx,
                        opened,
                        closed,
                        False,
                        random_subjects(w, unit.district, rng.randint(1, 3)),
                        officers,
                    )
        elif unit.kind == "recherche":
            detectives = [m for m in unit.members if w.employees[m].role in ("rechercheur", "analist")] or unit.members
            n_cases = max(2, len(unit.members) // 3) + len(unit.members) * w.days // 70
            for c in range(n_cases):
                opened = -rng.randint(1, 90) * DAY if c < len(unit.members) // 3 else rng.randrange(w.days * DAY)
                restricted = rng.random() < 0.12
                region_districts = w.region_districts[unit.region]
                subjects = random_subjects(
                    w, rng.choice(region_districts) if rng.random() < 0.3 else unit.district, rng.randint(3, 10)
                )
                officers = rng.sample(detectives, min(len(detectives), rng.randint(2, 5)))
                new_registration(w, "case", unit.idx, opened, None, restricted, subjects, officers)
    cases = [r for r in w.regs if r.kind == "case"]
    if cases and not any(r.restricted for r in cases):
        rng.choice(cases).restricted = True  # every world has at least one operation
    index_registrations(w)


def index_registrations(w: Draft) -> None:
    """Per (user, day), (unit, day) and (region, day): the registrations open that day."""
    w.user_day = defaultdict(list)
    w.unit_day = defaultdict(list)
    w.region_day = defaultdict(list)
    for i, reg in enumerate(w.regs):
        first = max(0, reg.opened // DAY)
        last = w.days - 1 if reg.closed is None else min(w.days - 1, reg.closed // DAY)
        region = w.units[reg.unit].region
        for d in range(first, last + 1):
            if not reg.restricted:
                w.unit_day[(reg.unit, d)].append(i)
                w.region_day[(region, d)].append(i)
            for o, _f, _t in reg.officers:
                w.user_day[(o, d)].append(i)
