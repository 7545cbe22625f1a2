"""Injected misuse: one episode per call, of one of the :data:`SCENARIOS`, by a random employee.

Each episode is a run of lookups the engine should find (neighbours, a public figure, a child's
boyfriend, an ex-partner, a colleague, a plate off duty, a leak of a restricted operation, a fig
leaf purpose, enumeration, fixation over days, free-text browsing, the own family), on or off duty
with a chance per scenario; its events are the ground truth (``truth.jsonl``).
"""

from __future__ import annotations

from pmengine.generate.draft import DAY, HOUR, Draft, Employee

SCENARIOS = (
    "neighbours",
    "celebrity",
    "child_boyfriend",
    "ex_partner",
    "colleague",
    "plate_off_duty",
    "leak_restricted",
    "fig_leaf",
    "enumeration",
    "fixation",
    "free_text_browse",
    "family_self",
)


def off_duty_time(w: Draft, e: Employee, day: int) -> int:
    """An evening or weekend moment well away from any worked shift of this employee."""
    rng = w.rng
    for _ in range(30):
        t = day * DAY + rng.choice([7, 8, 18, 19, 20, 21, 22]) * HOUR + rng.randrange(HOUR)
        if all(t < ws - 2 * HOUR or t > we + 3 * HOUR for _rs, _re, ws, we, _in in e.shifts):
            return t
        day = rng.randrange(w.days)
    return day * DAY + 21 * HOUR


def on_duty_time(w: Draft, e: Employee) -> int:
    rng = w.rng
    if not e.shifts:
        return off_duty_time(w, e, rng.randrange(w.days))
    _rs, _re, ws, we, _in = rng.choice(e.shifts)
    return rng.randint(ws, max(ws, we - 1800))


def when(w: Draft, e: Employee, p_off: float) -> int:
    if w.rng.random() < p_off:
        return off_duty_time(w, e, w.rng.randrange(w.days))
    return on_duty_time(w, e)


def misuse(w: Draft, scenario: str) -> None:  # noqa: C901 - one branch per scenario
    """One episode of ``scenario`` by a random employee (not staff, with shifts), added to ``episodes``."""
    rng = w.rng
    candidates = [e for e in w.employees if e.role != "staf" and e.shifts]
    e = rng.choice(candidates)
    home = w.p_address[e.person]
    pc6 = w.a_postcode[home]
    pc4 = pc6[:4]
    ev: list[int] = []
    if scenario == "neighbours":
        t = when(w, e, 0.7)
        neighbours = [a for a in w.pc6_addresses[pc6] if a != home]
        for a in rng.sample(neighbours, min(len(neighbours), rng.randint(1, 3))):
            if rng.random() < 0.5:
                ev.append(w.add(t, e.idx, "BVH", "view", "address", f"A{a:07d}"))
            for p in w.address_persons[a][: rng.randint(1, 2)]:
                ev += w.lookup_person(t + rng.randint(10, 90), e.idx, p)
            t += rng.randint(30, 600)
    elif scenario == "celebrity":
        figure = w.arrested_figure
        if figure is None or rng.random() < 0.4:
            figure = rng.choice(sorted(w.high_profile))
        t = when(w, e, 0.3)
        for _ in range(rng.randint(1, 3)):
            ev += w.lookup_person(t, e.idx, figure)
            t += rng.randint(30, 900)
    elif scenario == "child_boyfriend":
        near = [p for p in w.pc4_persons[pc4] if w.a_postcode[w.p_address[p]] != pc6]
        friend = rng.choice(near)
        for _ in range(rng.randint(1, 2)):
            t = when(w, e, 0.6)
            ev += w.lookup_person(t, e.idx, friend)
            if rng.random() < 0.5:
                ev.append(w.add(t + 60, e.idx, "BVH", "view", "address", f"A{w.p_address[friend]:07d}"))
            cars = w.address_vehicles.get(w.p_address[friend])
            if cars and rng.random() < 0.5:
                ev.append(w.add(t + 120, e.idx, "RDW", "view", "vehicle", w.plate(cars[0])))
    elif scenario == "ex_partner":
        region = w.units[e.unit].region
        d = rng.choice(w.region_districts[region])
        ex = rng.choice(w.district_persons[d])
        same_name = rng.random() < 0.5
        if same_name:
            w.p_surname[ex] = w.p_surname[e.person]
        if rng.random() < 0.4:
            w.declared.append((e.idx, "person", w.pid(ex), "ex-partner"))
        flat = w.address_persons[w.p_address[ex]]
        for _ in range(rng.randint(2, 4)):
            t = when(w, e, 0.7)
            ev += w.lookup_person(t, e.idx, ex)
            if len(flat) > 1 and rng.random() < 0.5:
                ev += w.lookup_person(t + 200, e.idx, flat[-1])
    elif scenario == "colleague":
        t = when(w, e, 0.4)
        for _ in range(rng.randint(1, 3)):
            other = rng.choice(w.employees)
            if other.idx == e.idx:
                continue
            ev += w.lookup_person(t, e.idx, other.person)
            if rng.random() < 0.4:
                ev.append(w.add(t + 45, e.idx, "BVH", "view", "address", f"A{w.p_address[other.person]:07d}"))
            t += rng.randint(60, 1800)
    elif scenario == "plate_off_duty":
        t = when(w, e, 0.85)
        region = w.units[e.unit].region
        d = rng.choice(w.region_districts[region])
        a = w.p_address[rng.choice(w.district_persons[d])]
        cars = w.address_vehicles.get(a) or [rng.randrange(len(w.v_address))]
        v = cars[0]
        ev.append(w.add(t, e.idx, "RDW", "view", "vehicle", w.plate(v), w.plate(v), 1))
        keeper = w.address_persons[w.v_address[v]][0]
        ev += w.lookup_person(t + rng.randint(30, 400), e.idx, keeper, search=False)
    elif scenario == "leak_restricted":
        region = w.units[e.unit].region
        secret = [
            r
            for r in w.regs
            if r.restricted and w.units[r.unit].region == region and all(o != e.idx for o, _f, _t in r.officers)
        ]
        # an operation that is already running: its targets cannot leak before it exists
        running = [r for r in secret if r.opened < (w.days - 1) * DAY]
        reg = rng.choice(running or secret or [r for r in w.regs if r.restricted])
        own = [r for r in w.regs if any(o == e.idx for o, _f, _t in r.officers)]
        cover = rng.choice(own).reg_id if own and rng.random() < 0.3 else None
        for _ in range(rng.randint(1, 3)):
            t = when(w, e, 0.2)
            for _retry in range(20):
                if t > reg.opened + HOUR:
                    break
                t = when(w, e, 0.2)
            else:
                t = min(reg.opened + rng.randint(HOUR, 12 * HOUR), w.days * DAY - HOUR)
            for stype, sid in rng.sample(reg.subjects, min(len(reg.subjects), rng.randint(2, 4))):
                ev += w.lookup_subject(t, e.idx, stype, sid, cover)
                t += rng.randint(30, 600)
    elif scenario == "fig_leaf":
        own = [r for r in w.regs if any(o == e.idx for o, _f, _t in r.officers)]
        if not own:  # the cover needs a real case of his own: take an officer of some case
            reg = rng.choice(w.regs)
            e = w.employees[reg.officers[0][0]]
            own = [reg]
        cover = rng.choice(own).reg_id
        t = when(w, e, 0.2)
        pool = (
            w.pc4_persons[pc4]
            if rng.random() < 0.5
            else w.district_persons[rng.choice(w.region_districts[w.units[e.unit].region])]
        )
        for p in rng.sample(pool, rng.randint(2, 6)):
            ev += w.lookup_person(t, e.idx, p, cover)
            t += rng.randint(30, 900)
    elif scenario == "enumeration":
        t = when(w, e, 0.4)
        region = w.units[e.unit].region
        pool = w.district_persons[rng.choice(w.region_districts[region])]
        for p in rng.sample(pool, rng.randint(30, 100)):
            ev.append(w.add(t, e.idx, rng.choice(["BRP", "BVH"]), "view", "person", w.pid(p)))
            t += rng.randint(5, 60)
    elif scenario == "fixation":
        region = w.units[e.unit].region
        target = rng.choice(w.district_persons[rng.choice(w.region_districts[region])])
        days = rng.sample(range(w.days), min(w.days, rng.randint(3, 5)))
        for d in days:
            if rng.random() < 0.5:
                t = off_duty_time(w, e, d)
            else:
                worked = [s for s in e.shifts if s[2] // DAY == d]
                t = rng.randint(worked[0][2], worked[0][3] - 600) if worked else off_duty_time(w, e, d)
            ev += w.lookup_person(t, e.idx, target)
    elif scenario == "free_text_browse":
        t = when(w, e, 0.7)
        pool = (
            w.pc4_persons[pc4]
            if rng.random() < 0.6
            else w.district_persons[rng.choice(w.region_districts[w.units[e.unit].region])]
        )
        for p in rng.sample(pool, rng.randint(6, 18)):
            text = f"{w.p_surname[p]} {w.a_postcode[w.p_address[p]]}" if rng.random() < 0.6 else w.p_surname[p]
            ev.append(w.add(t, e.idx, "BVI-IB", "search", "free_text", None, text, rng.randint(0, 25)))
            t += rng.randint(20, 240)
            if rng.random() < 0.15:
                ev += w.lookup_person(t, e.idx, p, search=False)
    elif scenario == "family_self":
        t = when(w, e, 0.5)
        targets = [e.person, *e.household]
        for p in rng.sample(targets, min(len(targets), rng.randint(1, 2))):
            ev += w.lookup_person(t, e.idx, p)
            t += rng.randint(30, 300)
    if ev:
        w.episodes.append((e.idx, scenario, ev))
