"""The static world: organisation, geography, population, families, vehicles, rosters and the
registration backlog. Activity (the lookups) is in :mod:`pmworld.activity`, misuse in
:mod:`pmworld.misuse`.

Index conventions: employees, persons, addresses, vehicles and registrations are dense integer
indexes here; they become string ids (``u000123``, ``P0000123``, ``A0000123``, plates,
``PL0100-2026000123``) only when the tables are written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from pmworld import names

TZ = ZoneInfo("Europe/Amsterdam")
DEFAULT_START = dt.date(2026, 3, 2)  # a Monday; a five-week window crosses the switch to summer time

ADDR_PER_PC6 = 18
PC6_PER_PC4 = 25
ADDR_PER_PC4 = ADDR_PER_PC6 * PC6_PER_PC4
PERSONS_PER_EMPLOYEE = 30  # persons known to the systems per police employee
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
PC_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"

# Roster slots: local start minute, duration in minutes.
SLOTS = {
    "E": (7 * 60, 480), "L": (15 * 60, 480), "N": (23 * 60, 480),  # basic team early / late / night
    "D": (7 * 60, 720), "M": (19 * 60, 720),  # control room 12-hour day / night
    "O": (8 * 60, 510),  # office day (start jittered per day)
}
ROT_BT = ["E", "E", "L", "L", "N", "N", None, None, None, "E", "L", "L", None, None]
ROT_INTAKE = ["E", "E", "L", "L", "E", None, None]
ROT_MK = ["D", "D", "M", "M", None, None, None, None]


@lru_cache(maxsize=200_000)
def local_ts(day0: dt.date, day: int, minute: int) -> int:
    """UTC epoch seconds of a local Amsterdam wall-clock time (day offset, minute of day)."""
    day += minute // 1440
    minute %= 1440
    d = day0 + dt.timedelta(days=day)
    return int(dt.datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=TZ).timestamp())


def split(n: int, weights: np.ndarray, minimum: int = 1) -> list[int]:
    """Split n into len(weights) integer parts proportional to weights, each at least minimum."""
    k = len(weights)
    base = np.full(k, minimum)
    rest = n - minimum * k
    if rest <= 0:
        out = [0] * k
        for i in range(n):
            out[i % k] += 1
        return out
    share = weights / weights.sum() * rest
    parts = np.floor(share).astype(int)
    order = np.argsort(-(share - parts))
    parts[order[: rest - parts.sum()]] += 1
    return (base + parts).tolist()


class Zipf:
    """Draws from a fixed list with weights 1/(rank+1)^s via bisect on cumulative weights."""

    def __init__(self, items: list[int], s: float) -> None:
        self.items = items
        w = 1.0 / np.power(np.arange(1, len(items) + 1, dtype=float), s)
        self.cum = np.cumsum(w).tolist()

    def draw(self, r: random.Random) -> int:
        return self.items[bisect.bisect_left(self.cum, r.random() * self.cum[-1])]


@dataclass
class Unit:
    name: str
    kind: str  # basisteam, recherche, meldkamer, staf
    district: str
    region: str
    ridx: int
    didx: int
    members: list[int] = field(default_factory=list)
    # basisteams only: address and person ranges of their area
    a_lo: int = 0
    a_hi: int = 0
    p_lo: int = 0
    p_hi: int = 0


@dataclass
class Registration:
    rid: str
    kind: str
    unit: int
    opened: int
    closed: int | None
    restricted: bool
    subjects: list[tuple[str, int]]
    officers: list[tuple[int, int, int | None]]


class World:
    def __init__(self, employees: int, days: int, seed: int, start: dt.date = DEFAULT_START) -> None:
        if employees < 60:
            raise ValueError("at least 60 employees")
        self.n_emp = employees
        self.days = days
        self.seed = seed
        self.day0 = start
        self.t0 = local_ts(start, 0, 0)
        self.t1 = local_ts(start, days, 0)
        self.np = np.random.default_rng(seed)
        self.r = random.Random(seed)
        self.surnames = names.all_surnames()
        self.surname_keys = [names.surname_key(s) for s in self.surnames]
        self.surname_zipf = Zipf(list(range(len(self.surnames))), 0.85)
        self.regs: list[Registration] = []
        self.reg_seq: dict[int, int] = {}
        self._build_org()
        self._build_geography()
        self._build_population()
        self._build_homes_and_families()
        self._build_vehicles()
        self._build_rosters()
        self._build_backlog()

    # ------------------------------------------------------------------ organisation
    def _build_org(self) -> None:
        g, n = self.np, self.n_emp
        n_regions = int(np.clip(round(n / 6500), 1, 10))
        rsizes = split(n, g.lognormal(0, 0.3, n_regions), 40)
        self.units: list[Unit] = []
        roles: list[str] = []
        unit_of: list[int] = []
        self.region_names = names.REGIONS[:n_regions]
        self.districts: list[tuple[int, str]] = []  # (region idx, name)
        places = list(names.PLACES)
        self.r.shuffle(places)

        def add_unit(u: Unit, size: int, mix: dict[str, float]) -> None:
            idx = len(self.units)
            self.units.append(u)
            keys = list(mix)
            picks = g.choice(len(keys), size=size, p=np.array(list(mix.values())) / sum(mix.values()))
            picks[0] = keys.index("leidinggevende") if "leidinggevende" in keys else picks[0]
            for k in picks:
                u.members.append(len(roles))
                roles.append(keys[k])
                unit_of.append(idx)

        for ri, rsize in enumerate(rsizes):
            rname = self.region_names[ri]
            mk = max(4, round(rsize * 0.06))
            st = max(3, round(rsize * 0.05))
            rest = rsize - mk - st
            n_d = int(np.clip(round(rest / 1800), 1, 6))
            dsizes = split(rest, g.lognormal(0, 0.25, n_d), 20)
            for di, dsize in enumerate(dsizes):
                dname = f"{rname} {names.DISTRICT_SUFFIX[di % len(names.DISTRICT_SUFFIX)]}"
                didx = len(self.districts)
                self.districts.append((ri, dname))
                rec = max(5, round(dsize * 0.19))
                bt = dsize - rec
                n_bt = max(2, round(bt / 160))
                btsizes = split(bt, g.lognormal(0, 0.5, n_bt), 6)
                for ti, bsize in enumerate(btsizes):
                    place = places[(len(self.units) + ti) % len(places)]
                    add_unit(Unit(f"Basisteam {place}", "basisteam", dname, rname, ri, didx), bsize,
                             {"agent": 0.84, "intake": 0.09, "leidinggevende": 0.07})
                add_unit(Unit(f"Districtsrecherche {dname}", "recherche", dname, rname, ri, didx), rec,
                         {"rechercheur": 0.8, "analist": 0.12, "leidinggevende": 0.08})
            d_first = len(self.districts) - n_d
            add_unit(Unit(f"Meldkamer {rname}", "meldkamer", f"{rname} Meldkamer", rname, ri, d_first), mk,
                     {"meldkamer": 0.93, "leidinggevende": 0.07})
            add_unit(Unit(f"Staf {rname}", "staf", f"{rname} Staf", rname, ri, d_first), st,
                     {"staf": 0.6, "analist": 0.3, "leidinggevende": 0.1})
        self.n_emp = len(roles)
        self.role = roles
        self.unit_of = unit_of
        # staff sub-functions: VIK screening (looks up colleagues for repeat vetting), communications
        self.staf_function = ["" for _ in roles]
        for u, ro in enumerate(roles):
            if ro == "staf":
                x = self.r.random()
                self.staf_function[u] = "screening" if x < 0.3 else ("communicatie" if x < 0.5 else "")
        for ri in range(n_regions):  # every region has one screening officer and one press officer
            staf = [u for u in self.units_of_kind("staf", ri)[0].members]
            if not any(self.staf_function[u] == "screening" for u in staf):
                self.role[staf[-1]], self.staf_function[staf[-1]] = "staf", "screening"
            if not any(self.staf_function[u] == "communicatie" for u in staf):
                self.role[staf[-2]], self.staf_function[staf[-2]] = "staf", "communicatie"
        # personnel numbers say nothing about the team
        self.uid = [f"u{100000 + k:06d}" for k in g.permutation(self.n_emp).tolist()]

    def units_of_kind(self, kind: str, region: int | None = None, district: int | None = None) -> list[Unit]:
        return [u for u in self.units if u.kind == kind and (region is None or u.ridx == region)
                and (district is None or u.didx == district)]

    # ------------------------------------------------------------------ geography
    def _build_geography(self) -> None:
        bts = [i for i, u in enumerate(self.units) if u.kind == "basisteam"]
        total = sum(len(self.units[i].members) for i in bts)
        target = PERSONS_PER_EMPLOYEE * self.n_emp
        a = 0
        self.bt_units = bts
        for i in bts:
            u = self.units[i]
            persons = target * len(u.members) / total
            n_pc4 = max(1, math.ceil(persons / 2.6 / ADDR_PER_PC4))
            u.a_lo, u.a_hi = a, a + n_pc4 * ADDR_PER_PC4
            a = u.a_hi
        self.n_addr = a
        self.addr_unit = np.zeros(a, dtype=np.int32)
        for i in bts:
            self.addr_unit[self.units[i].a_lo:self.units[i].a_hi] = i
        n_pc6 = a // ADDR_PER_PC6
        self.pc6_street = [names.STREETS[self.r.randrange(len(names.STREETS))] + names.SUFFIX[self.r.randrange(len(
            names.SUFFIX))] for _ in range(n_pc6)]
        self.unit_town = {i: self.units[i].name.removeprefix("Basisteam ") for i in bts}

    def postcode(self, a: int) -> str:
        pc4 = a // ADDR_PER_PC4
        k = (a // ADDR_PER_PC6) % PC6_PER_PC4
        num = 1000 + (pc4 * 37) % 9000 if pc4 < 9000 else 1000 + pc4 % 9000
        return f"{num}{PC_LETTERS[k // 20]}{PC_LETTERS[(k * 7) % 20]}"

    def address_text(self, a: int) -> str:
        return f"{self.pc6_street[a // ADDR_PER_PC6]} {(a % ADDR_PER_PC6) * 2 + 1}, {self.postcode(a)} " \
               f"{self.unit_town[int(self.addr_unit[a])]}"

    # ------------------------------------------------------------------ population
    def _build_population(self) -> None:
        g = self.np
        sizes = 1 + np.minimum(g.poisson(1.3, self.n_addr), 6)
        inst = g.random(self.n_addr) < 0.003  # care homes, student housing, reception centres
        sizes[inst] = np.clip(g.lognormal(math.log(60), 0.6, int(inst.sum())), 25, 400).astype(int)
        self.addr_inst = inst
        self.addr_first = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.n_pers = int(self.addr_first[-1])
        person_addr = np.repeat(np.arange(self.n_addr, dtype=np.int64), sizes)
        self.person_addr = person_addr.tolist()
        hh = np.array([self.surname_zipf.draw(self.r) for _ in range(self.n_addr)], dtype=np.int32)
        sur = hh[person_addr]
        pos = np.arange(self.n_pers) - self.addr_first[person_addr]
        other = ((pos >= 1) & (g.random(self.n_pers) < 0.22)) | inst[person_addr]
        cum = np.array(self.surname_zipf.cum)
        sur[other] = np.searchsorted(cum, g.random(int(other.sum())) * cum[-1])
        self.person_surname = sur.tolist()
        # record ids carry no geography: a permutation maps indexes to the numbers in the ids
        self.pcode = g.permutation(self.n_pers).tolist()
        self.acode = g.permutation(self.n_addr).tolist()
        self.person_high = np.zeros(self.n_pers, dtype=bool)
        self.person_emp: dict[int, int] = {}  # person -> employee
        for i in self.bt_units:
            u = self.units[i]
            u.p_lo, u.p_hi = int(self.addr_first[u.a_lo]), int(self.addr_first[u.a_hi])
        # per region: person/address ranges, frequent subjects (repeat offenders, frequent callers),
        # control-room hot addresses and persons
        self.region_bts = {ri: [i for i in self.bt_units if self.units[i].ridx == ri]
                           for ri in range(len(self.region_names))}
        self.team_freq: dict[int, Zipf] = {}
        for i in self.bt_units:
            u = self.units[i]
            k = max(30, (u.p_hi - u.p_lo) // 40)
            self.team_freq[i] = Zipf(g.choice(np.arange(u.p_lo, u.p_hi), k, replace=False).tolist(), 0.6)
        self.hot_addr: dict[int, Zipf] = {}
        self.hot_pers: dict[int, Zipf] = {}
        for ri, bts in self.region_bts.items():
            lo, hi = self.units[bts[0]].a_lo, self.units[bts[-1]].a_hi
            inst_idx = np.flatnonzero(inst[lo:hi]) + lo
            rnd = g.choice(np.arange(lo, hi), min(800, hi - lo), replace=False)
            hot = np.concatenate([inst_idx[:40], rnd])
            _, first = np.unique(hot, return_index=True)
            self.hot_addr[ri] = Zipf(hot[np.sort(first)].tolist(), 1.0)
            plo, phi = self.units[bts[0]].p_lo, self.units[bts[-1]].p_hi
            self.hot_pers[ri] = Zipf(g.choice(np.arange(plo, phi), min(300, phi - plo), replace=False).tolist(), 1.1)
        self.region_prange = {ri: (self.units[b[0]].p_lo, self.units[b[-1]].p_hi) for ri, b in self.region_bts.items()}
        self.region_arange = {ri: (self.units[b[0]].a_lo, self.units[b[-1]].a_hi) for ri, b in self.region_bts.items()}

    def residents(self, a: int) -> range:
        return range(int(self.addr_first[a]), int(self.addr_first[a + 1]))

    def pick_person(self, team: int) -> int:
        """A person for a registration of a basic team: repeat subjects are heavily over-represented."""
        r = self.r
        x = r.random()
        u = self.units[team]
        if x < 0.3:
            return self.team_freq[team].draw(r)
        if x < 0.9:
            return r.randrange(u.p_lo, u.p_hi)
        lo, hi = self.region_prange[u.ridx]
        return r.randrange(lo, hi)

    def pick_address(self, team: int) -> int:
        r = self.r
        u = self.units[team]
        if r.random() < 0.2:
            return self.hot_addr[u.ridx].draw(r)
        return r.randrange(u.a_lo, u.a_hi)

    def person_name(self, p: int) -> str:
        return f"{'ABCDEFGHIJKLMNOPRSTWY'[(p * 7919) % 21]}. {self.surnames[self.person_surname[p]]}"

    # ------------------------------------------------------------------ employees' homes and families
    def _build_homes_and_families(self) -> None:
        r, g = self.r, self.np
        self.emp_person: list[int | None] = [None] * self.n_emp
        self.emp_surname_key: list[str | None] = [None] * self.n_emp
        # colleagues cluster: each district has two commuter areas, and inside an area a few
        # estates (PC6) attract many police households
        commuter = {}
        for di, (ri, _) in enumerate(self.districts):
            bts = self.region_bts[ri]
            commuter[di] = [bts[r.randrange(len(bts))] for _ in range(2)]
        pc6_zipf = {}
        for i in self.bt_units:
            u = self.units[i]
            pc6s = list(range(u.a_lo // ADDR_PER_PC6, u.a_hi // ADDR_PER_PC6))
            r.shuffle(pc6s)
            pc6_zipf[i] = Zipf(pc6s, 1.1)
        for e in range(self.n_emp):
            unit = self.units[self.unit_of[e]]
            if r.random() < 0.05:
                continue  # lives outside the force's area, or home address unknown
            x = r.random()
            if unit.kind == "basisteam" and x < 0.45:
                area = self.unit_of[e]
            elif x < 0.85:
                area = commuter[unit.didx][r.randrange(2)]
            else:
                bts = self.region_bts[unit.ridx]
                area = bts[r.randrange(len(bts))]
            for _ in range(20):
                pc6 = pc6_zipf[area].draw(r)
                a = pc6 * ADDR_PER_PC6 + r.randrange(ADDR_PER_PC6)
                if self.addr_inst[a]:
                    continue
                p = next((q for q in self.residents(a) if q not in self.person_emp), None)
                if p is not None:
                    self.person_emp[p] = e
                    self.emp_person[e] = p
                    break
        # families: co-residents, plus relatives elsewhere; married names and step-families make
        # surname matching unreliable
        self.relatives: dict[int, list[tuple[int, str]]] = {}
        self.declared: list[tuple[int, str, int, str]] = []  # (employee, subject_type, idx, relation)
        for e in range(self.n_emp):
            p = self.emp_person[e]
            if p is None:
                continue
            a = self.person_addr[p]
            own = self.person_surname[p]
            key = self.surname_keys[own]
            house = [q for q in self.residents(a) if q != p and q not in self.person_emp]
            if r.random() < 0.12:  # known at work by a married or double name
                other = [q for q in house if self.person_surname[q] != own]
                key = self.surname_keys[self.person_surname[other[0]]] if other else \
                    self.surname_keys[self.surname_zipf.draw(r)]
            self.emp_surname_key[e] = key
            rel: list[tuple[int, str]] = [(q, "partner" if i == 0 else "household") for i, q in enumerate(house)]
            lo, hi = self.region_prange[self.units[self.unit_of[e]].ridx]
            area_lo, area_hi = self.units[int(self.addr_unit[a])].p_lo, self.units[int(self.addr_unit[a])].p_hi
            for _ in range(1 + min(int(g.poisson(1.5)), 5)):
                q = r.randrange(area_lo, area_hi) if r.random() < 0.5 else r.randrange(lo, hi)
                if q in self.person_emp or q == p:
                    continue
                kind = r.choice(["parent", "sibling", "child", "in-law", "stepchild", "sibling"])
                if kind in ("parent", "sibling", "child") and r.random() < 0.55:
                    self.person_surname[q] = own
                rel.append((q, kind))
            self.relatives[e] = rel
            for q, kind in rel:
                if r.random() < (0.5 if kind == "partner" else 0.35):
                    self.declared.append((e, "person", q, "partner" if kind == "partner" else "family"))
            if r.random() < 0.04:  # declared acquaintance who is known to the police
                team = int(self.addr_unit[a])
                self.declared.append((e, "person", self.team_freq[team].draw(r), "acquaintance"))
        # public figures
        for ri in range(len(self.region_names)):
            lo, hi = self.region_prange[ri]
            for _ in range(4 + self.n_emp // 3000):
                q = r.randrange(lo, hi)
                if q not in self.person_emp:
                    self.person_high[q] = True
        self.high_by_region = {ri: [int(q) for q in np.flatnonzero(self.person_high[lo:hi]) + lo]
                               for ri, (lo, hi) in self.region_prange.items()}

    # ------------------------------------------------------------------ vehicles
    def _build_vehicles(self) -> None:
        g = self.np
        n = int(0.42 * self.n_pers)
        keeper = np.sort(g.integers(0, self.n_pers, n))
        self.veh_keeper = keeper.tolist()
        self.n_veh = n
        self.keeper_first = np.searchsorted(keeper, np.arange(self.n_pers + 1)).tolist()
        space = len(PLATE_LETTERS) ** 3 * 1000
        self.plate_code = ((np.arange(n, dtype=np.int64) * 1_299_709 + int(g.integers(space))) % space).tolist()

    def plate(self, v: int) -> str:
        c = self.plate_code[v]
        L = PLATE_LETTERS
        n3, c = c % 1000, c // 1000
        return f"{L[c % 16]}{L[(c // 16) % 16]}-{n3:03d}-{L[(c // 256) % 16]}"

    def vehicles_of(self, p: int) -> range:
        return range(self.keeper_first[p], self.keeper_first[p + 1])

    # ------------------------------------------------------------------ rosters and worked shifts
    def _build_rosters(self) -> None:
        r = self.r
        self.roster_rows: list[tuple[int, int, int]] = []
        work: list[tuple[int, int, int, int, str]] = []  # start, end, employee, day, slot
        self.active_from: list[int] = []
        self.active_to: list[int | None] = []
        for e in range(self.n_emp):
            ro = self.role[e]
            kind = self.units[self.unit_of[e]].kind
            af = self.t0 - int(r.uniform(60, 12000)) * 86400
            at = None
            d_lo, d_hi = 0, self.days
            x = r.random()
            if x < 0.01 and self.days > 2:
                d_lo = r.randrange(1, self.days)
                af = local_ts(self.day0, d_lo, 0)
            elif x < 0.02 and self.days > 2:
                d_hi = r.randrange(1, self.days)
                at = local_ts(self.day0, d_hi, 0)
            self.active_from.append(af)
            self.active_to.append(at)
            if ro in ("agent", "intake") or (ro == "leidinggevende" and kind == "basisteam" and x < 0.5):
                pattern, rostered = (ROT_INTAKE if ro == "intake" else ROT_BT), r.random() > 0.03
            elif ro == "meldkamer":
                pattern, rostered = ROT_MK, True
            elif ro == "rechercheur":
                pattern, rostered = None, r.random() < 0.3
            else:
                pattern, rostered = None, False
            phase = r.randrange(14)
            # a night shift that started the evening before the window still runs into it
            for d in range(d_lo - 1 if pattern is not None else d_lo, d_hi):
                weekday = (self.day0 + dt.timedelta(days=d)).weekday()
                if d < d_lo and (pattern[(d + phase) % len(pattern)] not in ("N", "M")):
                    continue
                if pattern is None:
                    if weekday >= 5 or r.random() < 0.08:
                        continue
                    slot = "O"
                    start_min = SLOTS["O"][0] + 30 * r.randrange(-1, 4)
                else:
                    slot = pattern[(d + phase) % len(pattern)]
                    if slot is None:
                        if ro == "agent" and r.random() < 0.015:  # called in on a day off: no roster row
                            slot = r.choice("EL")
                            s, dur = SLOTS[slot]
                            work.append((local_ts(self.day0, d, s), local_ts(self.day0, d, s + dur), e, d, slot))
                        continue
                    start_min = SLOTS[slot][0]
                dur = SLOTS[slot][1]
                start, end = local_ts(self.day0, d, start_min), local_ts(self.day0, d, start_min + dur)
                sick = r.random() < 0.03
                if rostered and r.random() > 0.04:  # 4 % of worked shifts are missing from the roster
                    self.roster_rows.append((e, start, end))
                if sick:
                    continue
                a_end = end + (int(r.uniform(20, 180)) * 60 if r.random() < 0.15 else 0)  # overtime
                a_start = start - (15 * 60 if r.random() < 0.2 else 0)
                work.append((a_start, a_end, e, d, slot))
        work.sort()
        self.work = work
        self.emp_work: dict[int, list[tuple[int, int]]] = {}
        self.on_duty: dict[tuple[int, int, str], list[int]] = {}
        for s, t, e, d, slot in work:
            self.emp_work.setdefault(e, []).append((s, t))
            self.on_duty.setdefault((self.unit_of[e], d, slot), []).append(e)
        self.user_days = len({(e, max(d, 0)) for _, _, e, d, _ in work})

    def is_on_duty(self, e: int, t: int, margin: int = 0) -> bool:
        return any(s - margin <= t <= u + margin for s, u in self.emp_work.get(e, ()))

    def duty_at(self, t: int, pool: list[int]) -> list[int]:
        return [e for e in pool if self.is_on_duty(e, t)]

    # ------------------------------------------------------------------ registrations
    def new_reg(self, kind: str, unit: int, opened: int, closed: int | None, restricted: bool = False) -> Registration:
        ri = self.units[unit].ridx
        seq = self.reg_seq.get(ri, 0) + 1
        self.reg_seq[ri] = seq
        year = dt.datetime.fromtimestamp(opened, TZ).year
        reg = Registration(f"PL{ri + 1:02d}00-{year}{seq:06d}", kind, unit, opened, closed, restricted, [], [])
        self.regs.append(reg)
        return reg

    def _build_backlog(self) -> None:
        """Registrations opened before the window that are still being worked in it."""
        r = self.r
        self.user_regs: dict[int, list[int]] = {}
        self.team_recent: dict[int, list[int]] = {}
        self.restricted_cases: dict[int, list[int]] = {}  # region -> registration indexes
        for ui, u in enumerate(self.units):
            if u.kind == "basisteam":
                agents = [e for e in u.members if self.role[e] == "agent"] or u.members
                intake = [e for e in u.members if self.role[e] == "intake"] or agents
                for _ in range(int(len(u.members) * 1.3)):
                    opened = self.t0 - int(r.uniform(0, 14 * 86400))
                    closed = opened + int(r.expovariate(1 / (4 * 86400))) if r.random() < 0.9 else None
                    self._fill_incident(self.new_reg("incident", ui, opened, closed), ui, r.sample(agents, min(2, len(
                        agents))))
                for _ in range(int(len(u.members) * 0.6)):
                    opened = self.t0 - int(r.uniform(0, 60 * 86400))
                    closed = opened + int(r.uniform(10, 120) * 86400) if r.random() < 0.7 else None
                    reg = self.new_reg("report", ui, opened, closed)
                    self._fill_report(reg, ui, r.choice(intake))
            elif u.kind == "recherche":
                detectives = [e for e in u.members if self.role[e] == "rechercheur"] or u.members
                n_cases = max(3, int(len(u.members) * 1.5))
                for k in range(n_cases):
                    opened = self.t0 - int(r.uniform(0, 240 * 86400))
                    closed = opened + int(r.lognormvariate(math.log(120 * 86400), 0.7))
                    restricted = r.random() < 0.06 or k == 0
                    self.new_case(ui, opened, closed if closed < self.t1 + 60 * 86400 else None, restricted,
                                  r.sample(detectives, min(len(detectives), r.randint(2, 6))))

    def _assign(self, reg: Registration, users: list[int], frm: int, to: int | None = None) -> None:
        idx = len(self.regs) - 1 if self.regs[-1] is reg else self.regs.index(reg)
        for e in users:
            reg.officers.append((e, frm, to))
            self.user_regs.setdefault(e, []).append(idx)

    def _fill_incident(self, reg: Registration, team: int, officers: list[int], near: int | None = None) -> None:
        r = self.r
        a = near if near is not None else self.pick_address(team)
        reg.subjects.append(("address", a))
        res = self.residents(a)
        for _ in range(1 + min(int(r.expovariate(0.9)), 6)):
            if r.random() < 0.45 and len(res):
                p = res[r.randrange(len(res))]
            elif r.random() < 0.01 and self.restricted_cases.get(self.units[team].ridx):
                case = self.regs[r.choice(self.restricted_cases[self.units[team].ridx])]
                p = r.choice([i for t, i in case.subjects if t == "person"])
            else:
                p = self.pick_person(team)
            if ("person", p) not in reg.subjects:
                reg.subjects.append(("person", p))
        if r.random() < 0.3:
            persons = [i for t, i in reg.subjects if t == "person"]
            vs = self.vehicles_of(persons[0]) if persons else range(0)
            v = vs[0] if len(vs) else r.randrange(self.n_veh)
            reg.subjects.append(("vehicle", v))
        self._assign(reg, officers, reg.opened)
        self.team_recent.setdefault(team, []).append(len(self.regs) - 1)

    def _fill_report(self, reg: Registration, team: int, officer: int) -> None:
        r = self.r
        p = self.pick_person(team)
        reg.subjects.append(("person", p))
        reg.subjects.append(("address", self.person_addr[p]))
        if r.random() < 0.4:
            q = self.pick_person(team)
            if q != p:
                reg.subjects.append(("person", q))
        self._assign(reg, [officer], reg.opened)

    def new_case(self, unit: int, opened: int, closed: int | None, restricted: bool, officers: list[int]) -> int:
        r = self.r
        reg = self.new_reg("case", unit, opened, closed, restricted)
        di = self.units[unit].didx
        teams = [b for b in self.bt_units if self.units[b].didx == di] or self.bt_units
        team = r.choice(teams)
        for _ in range(r.randint(1, 8)):
            p = self.pick_person(team)
            if ("person", p) not in reg.subjects:
                reg.subjects.append(("person", p))
        persons = [i for _, i in reg.subjects]
        for _ in range(r.randint(1, 3)):
            reg.subjects.append(("address", self.person_addr[r.choice(persons)]))
        for p in persons[:2]:
            for v in self.vehicles_of(p):
                reg.subjects.append(("vehicle", v))
        idx = len(self.regs) - 1
        self._assign(reg, officers, opened)
        if restricted:
            self.restricted_cases.setdefault(self.units[unit].ridx, []).append(idx)
        return idx

    def open_regs_of(self, e: int, t: int, kinds: tuple[str, ...] | None = None, grace: int = 0) -> list[int]:
        out = []
        for i in self.user_regs.get(e, ())[-60:]:
            reg = self.regs[i]
            still_open = reg.closed is None or reg.closed + grace > t
            if reg.opened < t and still_open and (kinds is None or reg.kind in kinds):
                out.append(i)
        return out
