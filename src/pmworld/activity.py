"""Legitimate work: every worked shift produces the lookups of its role, and large legitimate
bursts (major incidents, news waves, repeat vetting) are added on top."""

from __future__ import annotations

import math
import random

from pmworld.world import World

Row = tuple[int, int, str, str, str, str | None, str | None, int | None, str | None, int]

TERMS = ["hennep", "witte bestelbus", "scooter", "inbraak", "vuurwerk", "drugs", "overlast", "mishandeling",
         "fietsendiefstal", "woninginbraak", "ram-kraak", "plofkraak", "oplichting", "heling", "cocaine"]


class Log:
    """Collects query_log rows: (ts, employee, system, action, subject_type, subject_id, query_text,
    result_count, purpose, tag) with tag 0 = ordinary, k > 0 = misuse episode k-1,
    k < 0 = legitimate burst -k-1."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.rows: list[Row] = []
        self.tag = 0

    def sid(self, stype: str, i: int) -> str:
        if stype == "person":
            return f"P{self.w.pcode[i]:07d}"
        if stype == "address":
            return f"A{self.w.acode[i]:07d}"
        if stype == "vehicle":
            return self.w.plate(i)
        return self.w.regs[i].rid

    def view(self, t: int, e: int, system: str, stype: str, i: int, purpose: str | None = None,
             action: str = "view") -> None:
        self.rows.append((t, e, system, action, stype, self.sid(stype, i), None, None, purpose, self.tag))

    def search(self, t: int, e: int, system: str, stype: str, text: str, count: int, purpose: str | None = None,
               action: str = "search") -> None:
        self.rows.append((t, e, system, action, stype, None, text, count, purpose, self.tag))

    def subject(self, t: int, e: int, stype: str, i: int, purpose: str | None, r: random.Random) -> int:
        """Look up one subject the way an officer does it; returns the time after it."""
        if stype == "person":
            if r.random() < 0.5:
                self.search(t, e, "BVH", "person", self.w.person_name(i), 1 + int(r.expovariate(0.15)), purpose)
                t += r.randint(5, 40)
            self.view(t, e, "BVH", "person", i, purpose)
            if r.random() < 0.4:
                t += r.randint(10, 90)
                self.view(t, e, "BRP", "person", i, purpose)
        elif stype == "address":
            self.view(t, e, "BVH", "address", i, purpose)
        elif stype == "vehicle":
            self.view(t, e, "RDW", "vehicle", i, None)
        else:
            self.view(t, e, "BVH", "registration", i, purpose)
        return t + r.randint(20, 240)


def legit_activity(w: World, log: Log) -> list[tuple[str, list[int]]]:
    """Generate ordinary work for every worked shift; returns the bursts (scenario, tags used)."""
    r = w.r
    for start, end, e, day, slot in w.work:
        role = w.role[e]
        unit = w.unit_of[e]
        if role == "agent" or (role == "leidinggevende" and w.units[unit].kind == "basisteam" and slot != "O"):
            _agent_shift(w, log, r, e, unit, start, end, day, slot, role)
        elif role == "intake":
            _intake_shift(w, log, r, e, unit, start, end)
        elif role == "meldkamer":
            _control_room_shift(w, log, r, e, unit, start, end)
        elif role == "rechercheur":
            _detective_shift(w, log, r, e, unit, start, end)
        elif role == "analist":
            _analyst_day(w, log, r, e, unit, start, end)
        elif role == "leidinggevende":
            _manager_day(w, log, r, e, unit, start, end)
        else:
            _staff_day(w, log, r, e, unit, start, end)
    bursts: list[tuple[str, list[int]]] = []
    n_regions = len(w.region_names)
    for k in range(max(1, round(n_regions * w.days / 21))):
        log.tag = -(len(bursts) + 1)
        _major_incident(w, log, r, k % n_regions)
        bursts.append(("major_incident", [log.tag]))
    w.news_waves = []
    for k in range(max(1, round(n_regions * w.days / 14))):
        log.tag = -(len(bursts) + 1)
        w.news_waves.append(_news_wave(w, log, r, k % n_regions))
        bursts.append(("news_wave", [log.tag]))
    for ri in range(n_regions):
        log.tag = -(len(bursts) + 1)
        if _repeat_vetting(w, log, r, ri):
            bursts.append(("repeat_vetting", [log.tag]))
    log.tag = 0
    return bursts


def _in(start: int, end: int, r: random.Random, margin: int = 600) -> int:
    return r.randint(start + min(margin, (end - start) // 4), end - min(margin, (end - start) // 4))


def _agent_shift(w: World, log: Log, r: random.Random, e: int, unit: int, start: int, end: int, day: int,
                 slot: str, role: str) -> None:
    # briefing: recent registrations of the team, whether or not one is assigned to them
    recent = [i for i in w.team_recent.get(unit, ())[-150:] if start - 3 * 86400 < w.regs[i].opened < start]
    t = start + r.randint(300, 2400)
    for i in r.sample(recent, min(len(recent), r.randint(2, 7))):
        log.view(t, e, "BVH", "registration", i, w.regs[i].rid)
        t += r.randint(20, 120)
        if r.random() < 0.35:
            persons = [p for s, p in w.regs[i].subjects if s == "person"]
            if persons:
                t = log.subject(t, e, "person", r.choice(persons), w.regs[i].rid, r)
    if role == "leidinggevende":
        return
    # new incidents, with a colleague of the same slot
    agents_on = w.on_duty.get((unit, day, slot), [e])
    for _ in range(_poisson(r, 0.6)):
        opened = _in(start, end, r, 1800)
        partner = r.choice(agents_on)
        officers = [e] if partner == e else [e, partner]
        home = w.emp_person[e]
        near = None
        if home is not None and r.random() < 0.02 and w.addr_unit[w.person_addr[home]] == unit:
            # an incident in the officer's own street: legitimate neighbour lookups
            pc6 = w.person_addr[home] // 18
            near = pc6 * 18 + r.randrange(18)
        closed = opened + int(r.expovariate(1 / (4 * 86400))) if r.random() < 0.92 else None
        reg = w.new_reg("incident", unit, opened, closed)
        w._fill_incident(reg, unit, officers, near)
        idx = len(w.regs) - 1
        t = opened + r.randint(60, 600)
        log.view(t, e, "BVH", "registration", idx, reg.rid)
        for s, i in reg.subjects:
            x = r.random()
            purpose = reg.rid if x < 0.9 else ("noodhulp" if x < 0.95 else None)
            t = log.subject(t + r.randint(10, 120), e, s, i, purpose, r)
        if r.random() < 0.2:
            # a witness or bystander at the scene, looked up under the incident but never added to it
            a = next(i for s, i in reg.subjects if s == "address")
            a = min(w.n_addr - 1, max(0, a + r.randint(-3, 3)))
            res = w.residents(a)
            t = log.subject(t + r.randint(30, 300), e, "person", res[r.randrange(len(res))], reg.rid, r)
        if partner != e:
            t = opened + r.randint(300, 2400)
            log.view(t, partner, "BVH", "registration", idx, reg.rid)
            persons = [(s, i) for s, i in reg.subjects if s == "person"]
            for s, i in r.sample(persons, min(2, len(persons))):
                t = log.subject(t, partner, s, i, reg.rid, r)
    # follow-ups on own registrations
    for _ in range(_poisson(r, 1.2)):
        t = _in(start, end, r)
        mine = w.open_regs_of(e, t, grace=10 * 86400)
        if not mine:
            break
        i = r.choice(mine)
        log.view(t, e, "BVH", "registration", i, w.regs[i].rid)
        subj = w.regs[i].subjects
        for s, x in r.sample(subj, min(len(subj), r.randint(1, 2))):
            t = log.subject(t + r.randint(20, 200), e, s, x, w.regs[i].rid, r)
    # traffic stops: plate, then the keeper within minutes
    for _ in range(_poisson(r, 1.3 if slot != "N" else 0.8)):
        t = _in(start, end, r)
        v = _stop_vehicle(w, r, unit)
        traffic_stop(w, log, r, e, t, v, "verkeerscontrole" if r.random() < 0.5 else None)


def _stop_vehicle(w: World, r: random.Random, unit: int) -> int:
    ri = w.units[unit].ridx
    x = r.random()
    if x < 0.02 and w.restricted_cases.get(ri):
        case = w.regs[r.choice(w.restricted_cases[ri])]
        vs = [i for s, i in case.subjects if s == "vehicle"]
        if vs:
            return r.choice(vs)
    if x < 0.45:
        u = w.units[unit]
        p = r.randrange(u.p_lo, u.p_hi)
        vs = w.vehicles_of(p)
        if len(vs):
            return vs[0]
    return r.randrange(w.n_veh)


def traffic_stop(w: World, log: Log, r: random.Random, e: int, t: int, v: int, purpose: str | None) -> int:
    log.search(t, e, "RDW", "vehicle", w.plate(v), 1, None)
    t += r.randint(3, 30)
    log.view(t, e, "RDW", "vehicle", v, None)
    keeper = w.veh_keeper[v]
    t += r.randint(40, 300)
    log.view(t, e, "BRP", "person", keeper, purpose)
    if r.random() < 0.45:
        t += r.randint(10, 120)
        log.view(t, e, "BVH", "person", keeper, purpose)
    return t


def _intake_shift(w: World, log: Log, r: random.Random, e: int, unit: int, start: int, end: int) -> None:
    for _ in range(_poisson(r, 5)):
        opened = _in(start, end, r)
        closed = opened + int(r.uniform(10, 90) * 86400) if r.random() < 0.6 else None
        reg = w.new_reg("report", unit, opened, closed)
        w._fill_report(reg, unit, e)
        idx = len(w.regs) - 1
        w.team_recent.setdefault(unit, []).append(idx)
        t = opened - r.randint(60, 900)
        for s, i in reg.subjects:
            t = log.subject(t, e, s, i, reg.rid if r.random() < 0.7 else None, r)
        log.view(max(t, opened + 30), e, "BVH", "registration", idx, reg.rid)


def _control_room_shift(w: World, log: Log, r: random.Random, e: int, unit: int, start: int, end: int) -> None:
    ri = w.units[unit].ridx
    alo, ahi = w.region_arange[ri]
    recent = [i for b in w.region_bts[ri] for i in w.team_recent.get(b, ())[-40:]]
    for _ in range(_poisson(r, 50 if w.role[e] == "meldkamer" else 10)):
        t = r.randint(start, end)
        a = w.hot_addr[ri].draw(r) if r.random() < 0.4 else r.randrange(alo, ahi)
        log.search(t, e, "GMS", "address", w.address_text(a), r.randint(1, 3), None)
        t += r.randint(5, 40)
        log.view(t, e, "GMS", "address", a, None)
        res = w.residents(a)
        if r.random() < 0.6:
            for _ in range(r.randint(1, 3)):
                t += r.randint(10, 60)
                log.view(t, e, "BVH", "person", res[r.randrange(len(res))], None)
        x = r.random()
        if x < 0.15:
            log.view(t + r.randint(10, 90), e, "GMS", "person", w.hot_pers[ri].draw(r), None)
        elif x < 0.25:
            name = w.surnames[w.surname_zipf.draw(r)]
            log.search(t + r.randint(10, 90), e, "BVH", "free_text", name, r.randint(1, 400), None)
        elif x < 0.35 and recent:
            i = r.choice(recent)
            if w.regs[i].opened < t:
                log.view(t + r.randint(10, 90), e, "BVH", "registration", i, w.regs[i].rid)


def _detective_shift(w: World, log: Log, r: random.Random, e: int, unit: int, start: int, end: int) -> None:
    if r.random() < 0.05:
        team = w.units[unit].members
        others = [x for x in team if w.role[x] == "rechercheur" and x != e]
        opened = _in(start, end, r)
        w.new_case(unit, opened, opened + int(r.lognormvariate(math.log(90 * 86400), 0.6)), r.random() < 0.06,
                   [e] + r.sample(others, min(len(others), r.randint(1, 4))))
    cases = w.open_regs_of(e, start + 3600, ("case",))
    if cases and r.random() < 0.03:
        # neighbourhood canvass (buurtonderzoek): a street of addresses and residents, one by one
        i = r.choice(cases)
        a = next((x for s, x in w.regs[i].subjects if s == "address"), None)
        if a is not None:
            t = _in(start, end, r)
            for b in range(max(0, a - r.randint(5, 15)), min(w.n_addr, a + r.randint(5, 15))):
                log.view(t, e, "BVH", "address", b, w.regs[i].rid)
                t += r.randint(15, 90)
                res = w.residents(b)
                for p in r.sample(res, min(len(res), r.randint(0, 2))):
                    log.view(t, e, "BVH", "person", p, w.regs[i].rid)
                    t += r.randint(15, 90)
    for i in r.sample(cases, min(len(cases), r.randint(1, 3))):
        reg = w.regs[i]
        t = _in(start, end, r)
        log.view(t, e, "BVI-IB" if r.random() < 0.5 else "BVH", "registration", i, reg.rid)
        persons = [x for s, x in reg.subjects if s == "person"]
        for _ in range(r.randint(2, 6)):
            if persons and r.random() < 0.4:
                s, x = "person", persons[0]  # the main suspect: looked up again and again
            else:
                s, x = r.choice(reg.subjects)
            t = log.subject(t + r.randint(30, 600), e, s, x, reg.rid, r)
        for _ in range(_poisson(r, 1.0)):
            name = w.surnames[w.person_surname[r.choice(persons)]] if persons else r.choice(TERMS)
            log.search(t + r.randint(30, 600), e, "BVI-IB", "free_text", f"{name} {r.choice(TERMS)}",
                       int(r.lognormvariate(2, 1.2)), reg.rid)


def _analyst_day(w: World, log: Log, r: random.Random, e: int, unit: int, start: int, end: int) -> None:
    ri = w.units[unit].ridx
    cases = [i for i in range(max(0, len(w.regs) - 4000), len(w.regs)) if w.regs[i].kind == "case"
             and w.units[w.regs[i].unit].ridx == ri and w.regs[i].opened < start]
    if not cases:
        return
    for _ in range(_poisson(r, 18)):
        t = r.randint(start, end)
        i = r.choice(cases)
        reg = w.regs[i]
        x = r.random()
        persons = [p for s, p in reg.subjects if s == "person"]
        term = r.choice(TERMS)
        if x < 0.65 or not persons:
            name = w.surnames[w.person_surname[r.choice(persons)]] if persons and r.random() < 0.5 else ""
            log.search(t, e, "BVI-IB", "free_text", f"{name} {term}".strip(), int(r.lognormvariate(3.5, 1.5)),
                       reg.rid if r.random() < 0.8 else None)
        elif x < 0.93:
            log.view(t, e, "BVI-IB", "person", r.choice(persons), reg.rid)
        else:
            log.search(t, e, "BVI-IB", "free_text", term, int(r.lognormvariate(5, 1)), reg.rid, action="export")


def _manager_day(w: World, log: Log, r: random.Random, e: int, unit: int, start: int, end: int) -> None:
    pool = w.team_recent.get(unit, ())[-300:] if w.units[unit].kind == "basisteam" else \
        [i for x in w.units[unit].members for i in w.user_regs.get(x, ())[-5:]]
    pool = [i for i in pool if w.regs[i].opened < start]
    for i in r.sample(pool, min(len(pool), _poisson(r, 7))):
        log.view(r.randint(start, end), e, "BVH", "registration", i, w.regs[i].rid)


def _staff_day(w: World, log: Log, r: random.Random, e: int, unit: int, start: int, end: int) -> None:
    if w.staf_function[e] == "screening":
        return  # handled as a burst per region (repeat vetting)
    pool = [i for b in w.region_bts[w.units[unit].ridx] for i in w.team_recent.get(b, ())[-20:]]
    pool = [i for i in pool if w.regs[i].opened < start]
    for _ in range(_poisson(r, 0.7)):
        if pool:
            i = r.choice(pool)
            log.view(r.randint(start, end), e, "BVH", "registration", i, w.regs[i].rid)


def _poisson(r: random.Random, lam: float) -> int:
    # Knuth's method; lam is small everywhere it is used
    limit, k, p = math.exp(-lam), 0, r.random()
    while p > limit:
        k += 1
        p *= r.random()
    return k


def _region_pool(w: World, ri: int, roles: tuple[str, ...], district: int | None = None) -> list[int]:
    return [e for u in w.units if u.ridx == ri and (district is None or u.didx == district)
            for e in u.members if w.role[e] in roles and w.active_to[e] is None]


def _major_incident(w: World, log: Log, r: random.Random, ri: int) -> None:
    """A riot, a shooting, a festival drama: one registration, 50-150 officers, dozens of persons."""
    team = r.choice(w.region_bts[ri])
    di = w.units[team].didx
    t = local_ts_day(w, r.randrange(w.days), r.choice([14, 20, 21, 22]) * 60)
    reg = w.new_reg("incident", team, t, t + int(r.uniform(5, 40) * 86400))
    idx = len(w.regs) - 1
    a = w.pick_address(team)
    reg.subjects.append(("address", a))
    for _ in range(r.randint(2, 8)):
        reg.subjects.append(("address", w.pick_address(team)))
    for _ in range(r.randint(25, 80)):
        p = w.pick_person(team)
        if ("person", p) not in reg.subjects:
            reg.subjects.append(("person", p))
    for _ in range(r.randint(3, 15)):
        reg.subjects.append(("vehicle", r.randrange(w.n_veh)))
    w.team_recent.setdefault(team, []).append(idx)
    pool = _region_pool(w, ri, ("agent",), di) + _region_pool(w, ri, ("agent",))
    on = w.duty_at(t, list(dict.fromkeys(pool)))
    rest = [e for e in dict.fromkeys(pool) if e not in set(on)]
    k = min(len(on) + len(rest), r.randint(55, 150))
    officers = (on + r.sample(rest, len(rest)))[:k]  # those on duty first, then called in
    detectives = _region_pool(w, ri, ("rechercheur",), di)
    detectives = r.sample(detectives, min(len(detectives), r.randint(5, 20)))
    w._assign(reg, officers, t, t + 3 * 86400)  # the uniformed deployment ends after a few days
    w._assign(reg, detectives, t)
    for e in officers:
        s = t + r.randint(120, 10 * 3600)
        log.view(s, e, "BVH", "registration", idx, reg.rid)
        for st, x in r.sample(reg.subjects, min(len(reg.subjects), r.randint(2, 10))):
            s = log.subject(s + r.randint(10, 200), e, st, x, reg.rid if r.random() < 0.9 else None, r)
    for e in detectives:
        for _ in range(r.randint(2, 6)):
            s = t + r.randint(3600, 4 * 86400)
            if s >= w.t1:
                continue
            log.view(s, e, "BVI-IB", "registration", idx, reg.rid)
            for st, x in r.sample(reg.subjects, min(len(reg.subjects), r.randint(2, 8))):
                s = log.subject(s + r.randint(10, 300), e, st, x, reg.rid, r)
    for e in w.duty_at(t, _region_pool(w, ri, ("meldkamer",))):
        s = t + r.randint(30, 3600)
        for _ in range(r.randint(3, 12)):
            log.view(s, e, "GMS", "address", r.choice([x for st, x in reg.subjects if st == "address"]), None)
            s += r.randint(20, 300)


def local_ts_day(w: World, day: int, minute: int) -> int:
    from pmworld.world import local_ts
    return local_ts(w.day0, day, minute)


def _news_wave(w: World, log: Log, r: random.Random, ri: int) -> tuple[int, int, int]:
    """A public figure in the news: the registration is worked by many officers, all legitimately;
    returns (person, time, registration) so curiosity episodes can join the wave."""
    celeb = r.choice(w.high_by_region[ri])
    team = int(w.addr_unit[w.person_addr[celeb]])
    t = local_ts_day(w, r.randrange(max(1, w.days - 1)), r.randint(8 * 60, 23 * 60))
    reg = w.new_reg(r.choice(["incident", "report"]), team, t, None)
    idx = len(w.regs) - 1
    reg.subjects += [("person", celeb), ("address", w.person_addr[celeb])]
    for _ in range(r.randint(1, 3)):
        reg.subjects.append(("person", w.pick_person(team)))
    w.team_recent.setdefault(team, []).append(idx)
    agents = [e for e in w.units[team].members if w.role[e] in ("agent", "leidinggevende")]
    detectives = _region_pool(w, ri, ("rechercheur",), w.units[team].didx)
    press = [e for e in _region_pool(w, ri, ("staf",)) if w.staf_function[e] == "communicatie"]
    officers = r.sample(agents, min(len(agents), r.randint(12, 35))) + \
        r.sample(detectives, min(len(detectives), r.randint(3, 10))) + press
    w._assign(reg, officers, t)
    for e in officers:
        for _ in range(r.randint(1, 3)):
            s = t + int(r.expovariate(1 / (14 * 3600)))
            if s >= w.t1:
                continue
            purpose = reg.rid if r.random() < 0.9 else None
            log.view(s, e, "BVH", "registration", idx, reg.rid)
            log.view(s + r.randint(20, 200), e, r.choice(["BVH", "BVH", "BRP"]), "person", celeb, purpose)
            if r.random() < 0.3:
                log.view(s + r.randint(200, 600), e, "BVH", "address", w.person_addr[celeb], purpose)
    return celeb, t, idx


def _repeat_vetting(w: World, log: Log, r: random.Random, ri: int) -> bool:
    """VIK's screening officers look up colleagues for repeat vetting (BO every 8 years, BO+ every 5),
    with the vetting file as purpose: lots of colleague lookups, all legitimate."""
    screeners = [e for e in _region_pool(w, ri, ("staf",)) if w.staf_function[e] == "screening"]
    staff = [e for e in _region_pool(w, ri, ("agent", "rechercheur", "meldkamer", "intake", "analist"))
             if w.emp_person[e] is not None]
    if not screeners or not staff:
        return False
    n = max(3, int(len(staff) / (6.5 * 52) * w.days / 7 * 2))
    done = False
    for k, target in enumerate(r.sample(staff, min(n, len(staff)))):
        e = r.choice(screeners)
        days = [s for s, _ in w.emp_work.get(e, ())]
        if not days:
            continue
        t = r.choice(days) + r.randint(1800, 7 * 3600)
        purpose = f"BO-{w.day0.year}-{ri + 1:02d}{k:04d}"
        p = w.emp_person[target]
        log.view(t, e, "BRP", "person", p, purpose)
        log.view(t + r.randint(30, 300), e, "BVH", "person", p, purpose)
        if r.random() < 0.5:
            log.view(t + r.randint(300, 900), e, "BVH", "address", w.person_addr[p], purpose)
        done = True
    return done
