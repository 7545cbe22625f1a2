"""Large legitimate bursts (``bursts.jsonl``): a major incident worked by a third of a district, only
30 % of them registered as officers, and a public figure arrested by one basisteam.
"""

from __future__ import annotations

from pmengine.generate.draft import DAY, HOUR, Draft
from pmengine.generate.registrations import new_registration, random_subjects


def major_incident(w: Draft) -> None:
    """A shooting or riot: a third of one district works on it for a day and a half."""
    rng = w.rng
    d = rng.randrange(w.n_districts)
    lead = w.district_units[d][0]
    day = rng.randrange(max(1, w.days - 2))
    opened = day * DAY + rng.randint(10, 20) * HOUR
    subjects = random_subjects(w, d, rng.randint(40, 90))
    people = [m for u in w.district_units[d] for m in w.units[u].members]
    crew = rng.sample(people, len(people) // 3)
    officers = [m for m in crew if rng.random() < 0.3]
    reg = new_registration(w, "incident", lead, opened, None, False, subjects, officers)
    events: list[int] = []
    for m in crew:
        t = opened + rng.randint(0, 6 * HOUR)
        for _ in range(rng.randint(5, 25)):
            stype, sid = rng.choice(subjects)
            purpose = reg.reg_id if rng.random() < 0.3 else None
            events += w.lookup_subject(t, m, stype, sid, purpose)
            t += rng.randint(60, 3 * HOUR // 2)
            if t > opened + 36 * HOUR:
                break
    w.bursts.append(("major_incident", reg.reg_id, crew, events))


def public_figure_arrest(w: Draft) -> int:
    """A public figure arrested by one basisteam: the unit looks the person up, legitimately."""
    rng = w.rng
    unit = w.units[rng.choice([u.idx for u in w.units if u.kind == "basisteam"])]
    figure = rng.choice(sorted(w.high_profile))
    day = rng.randrange(max(1, w.days - 2))
    opened = day * DAY + rng.randint(8, 22) * HOUR
    staff = w.on_duty.get((unit.idx, day), []) or unit.members
    officers = rng.sample(staff, min(3, len(staff)))
    reg = new_registration(
        w,
        "case",
        unit.idx,
        opened,
        None,
        False,
        [("person", w.pid(figure)), ("address", f"A{w.p_address[figure]:07d}")],
        officers,
    )
    events: list[int] = []
    crew = [m for m in unit.members if rng.random() < 0.6]
    for m in crew:
        for _ in range(rng.randint(1, 2)):
            t = opened + rng.randint(600, 40 * HOUR)
            events += w.lookup_person(t, m, figure)
    w.bursts.append(("public_figure_arrest", reg.reg_id, crew, events))
    w.arrested_figure = figure
    return figure
