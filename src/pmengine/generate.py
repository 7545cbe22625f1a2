"""Synthetic worlds for protective monitoring: contract tables plus ground truth.

The world is a police force with regions, districts and units, a citizen population with invented
surnames (a few very common, most rare), addresses and vehicles, duty rosters with gaps and
overtime, registrations per unit, ordinary work (own cases, colleagues' cases, traffic stops that
are legitimately unexplained, free-text searches), large legitimate bursts (a major incident that a
third of a district works on, a public figure arrested by one unit) and every misuse scenario the
engine must find. Everything is invented; the same seed gives the same world.

Ground truth (``truth.jsonl``): one JSON object per misuse episode,
``{"episode_id", "user_id", "scenario", "event_ids": [...]}``. Legitimate bursts are described in
``bursts.jsonl`` (``{"burst_id", "scenario", "registration_id", "user_ids", "event_ids"}``) so that a
reviewer can see which false alerts they cause; the evaluation does not need that file.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import Progress

from pmengine.contract import Format, atomic_path, write_dataset

DAY = 86_400
HOUR = 3_600
START = datetime(2026, 3, 2)  # a Monday, local (Europe/Amsterdam) midnight
TZ = "Europe/Amsterdam"
# Share of ordinary lookups without a registration that concern a resident of another district.
DEFAULT_VISITORS = 0.2
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
_P = [
    "brink",
    "kol",
    "ver",
    "hol",
    "mee",
    "sto",
    "dra",
    "wes",
    "ker",
    "lan",
    "bos",
    "ruy",
    "gel",
    "mor",
    "vel",
    "tan",
    "hui",
    "zwa",
    "pel",
    "dek",
    "fal",
    "gro",
    "ha",
    "lie",
    "nor",
    "oos",
    "pri",
    "ram",
    "sle",
    "tuy",
]
_M = [
    "",
    "en",
    "el",
    "er",
    "ing",
    "o",
    "a",
    "am",
    "ul",
    "ie",
    "ke",
    "ter",
    "me",
    "ri",
    "ba",
    "lo",
    "de",
    "sa",
    "vi",
    "nu",
]
_S = [
    "horst",
    "vaart",
    "man",
    "ink",
    "ema",
    "dijk",
    "veld",
    "hout",
    "stra",
    "kamp",
    "berg",
    "wijk",
    "land",
    "mans",
    "sen",
    "ing",
    "broek",
    "donk",
    "hof",
    "rade",
    "beek",
    "weg",
    "hage",
    "loo",
    "meer",
    "bergh",
    "ens",
    "ert",
    "gaard",
    "stee",
    "hoek",
    "werf",
    "mond",
    "holt",
    "velde",
    "rijk",
]


@dataclass
class Registration:
    reg_id: str
    kind: str
    unit: int
    opened: int
    closed: int | None
    restricted: bool
    subjects: list[tuple[str, str]] = field(default_factory=list)
    officers: list[tuple[int, int, int | None]] = field(default_factory=list)


@dataclass
class Employee:
    idx: int
    user_id: str
    unit: int
    role: str
    person: int  # index of the employee's own person record
    household: list[int] = field(default_factory=list)
    shifts: list[tuple[int, int, int, int, bool]] = field(default_factory=list)  # roster s/e, worked s/e, in roster


@dataclass
class Unit:
    idx: int
    name: str
    kind: str  # basisteam, recherche, meldkamer, analyse, staf
    district: int
    region: int
    members: list[int] = field(default_factory=list)


class _World:
    def __init__(
        self,
        n_employees: int,
        days: int,
        seed: int,
        volume: float,
        progress: Progress | None,
        population_per_employee: int,
        visitors: float = DEFAULT_VISITORS,
    ) -> None:
        self.rng = random.Random(seed)
        self.visitors = visitors
        self.n = n_employees
        self.days = days
        self.volume = volume
        self.progress = progress
        # lookups as parallel columns
        self.q_ts: list[int] = []
        self.q_user: list[int] = []
        self.q_system: list[str] = []
        self.q_action: list[str] = []
        self.q_stype: list[str] = []
        self.q_sid: list[str | None] = []
        self.q_text: list[str | None] = []
        self.q_count: list[int | None] = []
        self.q_purpose: list[str | None] = []
        self.population_per_employee = population_per_employee
        self.episodes: list[tuple[int, str, list[int]]] = []
        self.bursts: list[tuple[str, str, list[int], list[int]]] = []
        self.declared: list[tuple[int, str, str, str]] = []
        self.regs: list[Registration] = []

    # -- helpers ----------------------------------------------------------------------------

    def add(
        self,
        ts: int,
        user: int,
        system: str,
        action: str,
        stype: str,
        sid: str | None,
        text: str | None = None,
        count: int | None = None,
        purpose: str | None = None,
    ) -> int:
        self.q_ts.append(ts)
        self.q_user.append(user)
        self.q_system.append(system)
        self.q_action.append(action)
        self.q_stype.append(stype)
        self.q_sid.append(sid)
        self.q_text.append(text)
        self.q_count.append(count)
        self.q_purpose.append(purpose)
        return len(self.q_ts) - 1

    def lookup_person(self, ts: int, user: int, p: int, purpose: str | None = None, search: bool = True) -> list[int]:
        """A name search followed by opening the person record (BRP/BVH)."""
        rng = self.rng
        out = []
        if search and rng.random() < 0.5:
            out.append(
                self.add(ts, user, "BVH", "search", "person", None, self.p_surname[p], rng.randint(1, 40), purpose)
            )
            ts += rng.randint(5, 60)
        system = "BRP" if rng.random() < 0.4 else "BVH"
        action = "view" if rng.random() < 0.97 else "print"
        out.append(self.add(ts, user, system, action, "person", self.pid(p), None, None, purpose))
        return out

    def lookup_subject(self, ts: int, user: int, stype: str, sid: str, purpose: str | None = None) -> list[int]:
        if stype == "person":
            return self.lookup_person(ts, user, int(sid[1:]), purpose)
        system = {"vehicle": "RDW", "address": "BVH", "registration": "BVH"}[stype]
        return [self.add(ts, user, system, "view", stype, sid, None, None, purpose)]

    def pid(self, p: int) -> str:
        return f"P{p:07d}"

    def plate(self, v: int) -> str:
        letters = "BDFGHJKLNPRSTVXZ"
        a, b, c = v % 16, (v // 16) % 16, (v // 256) % 16
        return f"{letters[a]}{letters[b]}-{(v // 4096):03d}-{letters[c]}"

    def tick(self, label: str, total: int) -> Callable[[int], None]:
        if self.progress is None:
            return lambda _n: None
        task = self.progress.add_task(label, total=total)
        progress = self.progress
        return lambda n: progress.advance(task, n)

    # -- organisation, population, rosters ---------------------------------------------------

    def build_organisation(self) -> None:
        rng = self.rng
        n_regions = max(1, round(self.n / 6500))
        self.units: list[Unit] = []
        self.employees: list[Employee] = []
        per_region = [self.n // n_regions + (1 if r < self.n % n_regions else 0) for r in range(n_regions)]
        self.region_districts: dict[int, list[int]] = defaultdict(list)
        self.district_units: dict[int, list[int]] = defaultdict(list)
        self.district_region: dict[int, int] = {}
        n_district = 0
        for r, size in enumerate(per_region):
            central = {"meldkamer": 0.05, "analyse": 0.04, "staf": 0.05}
            rest = size - sum(max(2, round(size * f)) for f in central.values())
            n_d = max(2, round(rest / 320))
            for kind, frac in central.items():
                self.units.append(Unit(len(self.units), f"E{r + 1:02d}-{kind}", kind, -1, r))
                self.units[-1].members = [0] * max(2, round(size * frac))
            for _ in range(n_d):
                d = n_district
                n_district += 1
                self.region_districts[r].append(d)
                self.district_region[d] = r
                for b in range(4):
                    self.units.append(Unit(len(self.units), f"E{r + 1:02d}-D{d + 1:02d}-BT{b + 1}", "basisteam", d, r))
                    self.district_units[d].append(len(self.units) - 1)
                self.units.append(Unit(len(self.units), f"E{r + 1:02d}-D{d + 1:02d}-DRT", "recherche", d, r))
                self.district_units[d].append(len(self.units) - 1)
            # distribute the district staff: basisteams 78 %, recherche 22 %
            district_unit_ids = [u.idx for u in self.units if u.region == r and u.district >= 0]
            weights = [0.195 if self.units[u].kind == "basisteam" else 0.22 for u in district_unit_ids]
            counts = [max(3, round(rest * w / sum(weights))) for w in weights]
            for u, c in zip(district_unit_ids, counts, strict=True):
                self.units[u].members = [0] * c
        self.n_districts = n_district
        roles_by_kind = {
            "basisteam": [("agent", 0.84), ("leidinggevende", 0.08), ("intake", 0.08)],
            "recherche": [("rechercheur", 0.85), ("leidinggevende", 0.07), ("analist", 0.08)],
            "meldkamer": [("meldkamer", 0.92), ("leidinggevende", 0.08)],
            "analyse": [("analist", 0.9), ("leidinggevende", 0.1)],
            "staf": [("staf", 0.9), ("leidinggevende", 0.1)],
        }
        for unit in self.units:
            members = []
            for _ in unit.members:
                role = rng.choices([r for r, _ in roles_by_kind[unit.kind]], [w for _, w in roles_by_kind[unit.kind]])[
                    0
                ]
                e = Employee(len(self.employees), f"U{len(self.employees) + 100000:06d}", unit.idx, role, -1)
                self.employees.append(e)
                members.append(e.idx)
            unit.members = members
        self.n = len(self.employees)

    def build_population(self) -> None:
        rng = self.rng
        names = [p + m + s for p in _P for m in _M for s in _S]
        rng.shuffle(names)
        common, middle, rare = names[:30], names[30:1000], names[1000:]
        self.common_surnames = set(common)

        def surname() -> str:
            x = rng.random()
            if x < 0.12:
                return rng.choice(common)
            if x < 0.6:
                return rng.choice(middle)
            return rng.choice(rare)

        per_district = max(2500, round(self.population_per_employee * self.n / max(1, self.n_districts)))
        self.p_surname: list[str] = []
        self.p_address: list[int] = []
        self.p_district: list[int] = []
        self.a_postcode: list[str] = []
        self.a_district: list[int] = []
        self.district_persons: dict[int, list[int]] = defaultdict(list)
        self.pc6_addresses: dict[str, list[int]] = defaultdict(list)
        self.pc4_persons: dict[str, list[int]] = defaultdict(list)
        self.address_persons: dict[int, list[int]] = defaultdict(list)
        self.district_pc4: dict[int, list[str]] = defaultdict(list)
        letters = "ABCDEFGHJKLMNPRSTVWXZ"
        used_pc4: set[str] = set()
        tick = self.tick("bevolking", self.n_districts)
        for d in range(self.n_districts):
            n_pc4 = max(2, per_district // 1100)
            for k in range(n_pc4):
                pc4 = f"{1000 + (d * 37 + k * 7919) % 9000:04d}"
                while pc4 in used_pc4:
                    pc4 = f"{(int(pc4) + 1 - 1000) % 9000 + 1000:04d}"
                used_pc4.add(pc4)
                self.district_pc4[d].append(pc4)
                n_pc6 = 24
                for j in range(n_pc6):
                    pc6 = f"{pc4}{letters[j % 21]}{letters[(j // 21 + k) % 21]}"
                    for _ in range(rng.randint(10, 22)):
                        a = len(self.a_postcode)
                        self.a_postcode.append(pc6)
                        self.a_district.append(d)
                        self.pc6_addresses[pc6].append(a)
                        size = rng.choices([1, 2, 3, 4, 5], [0.35, 0.3, 0.15, 0.15, 0.05])[0]
                        family = surname()
                        for m in range(size):
                            p = len(self.p_surname)
                            self.p_surname.append(family if m == 0 or rng.random() < 0.75 else surname())
                            self.p_address.append(a)
                            self.p_district.append(d)
                            self.district_persons[d].append(p)
                            self.pc4_persons[pc4].append(p)
                            self.address_persons[a].append(p)
            tick(1)
        self.n_persons = len(self.p_surname)
        self.high_profile = set(rng.sample(range(self.n_persons), max(5, self.n_persons // 3000)))
        # vehicles: registered to an address of a person (the keeper)
        self.v_address: list[int] = [
            self.p_address[rng.randrange(self.n_persons)] for _ in range(self.n_persons * 2 // 5)
        ]
        self.address_vehicles: dict[int, list[int]] = defaultdict(list)
        for v, a in enumerate(self.v_address):
            self.address_vehicles[a].append(v)
        # employees are persons too: pick a household in (mostly) their own district
        self.employee_of_person: dict[int, int] = {}
        used: set[int] = set()
        for e in self.employees:
            unit = self.units[e.unit]
            d = (
                unit.district
                if unit.district >= 0 and rng.random() < 0.75
                else rng.choice(self.region_districts[unit.region])
            )
            for _ in range(50):
                a = self.p_address[rng.choice(self.district_persons[d])]
                if a not in used:
                    break
            used.add(a)
            people = self.address_persons[a]
            e.person = people[0]
            e.household = people[1:]
            self.employee_of_person[e.person] = e.idx
            if rng.random() < 0.1 and e.household:
                for member in e.household:
                    self.declared.append((e.idx, "person", self.pid(member), "family"))
        # Police households are a small share of the population (about 1 %); drawing random
        # subjects from the full pool would make colleagues far too common in ordinary work.
        police = {p for a in used for p in self.address_persons[a]}
        self.all_district_persons = self.district_persons
        self.district_persons = defaultdict(list)
        for d, people in self.all_district_persons.items():
            self.district_persons[d] = [p for p in people if p not in police or rng.random() < 0.05]

    def build_rosters(self) -> None:
        rng = self.rng
        self.on_duty: dict[tuple[int, int], list[int]] = defaultdict(list)  # (unit, day) -> employees
        for e in self.employees:
            no_roster = rng.random() < 0.04
            office = e.role in ("rechercheur", "analist", "staf") or (
                e.role == "leidinggevende" and self.units[e.unit].kind != "basisteam"
            )
            for d in range(self.days):
                weekday = (START.weekday() + d) % 7
                if office:
                    if weekday >= 5 or rng.random() < 0.12:
                        continue
                    start = d * DAY + 8 * HOUR + rng.choice([0, 1800, 3600])
                    end = start + 8 * HOUR + 1800
                else:
                    if rng.random() > 5 / 7 * 0.92:
                        continue
                    start = d * DAY + rng.choice([7, 15, 23]) * HOUR
                    end = start + 8 * HOUR
                w_start, w_end = start, end
                if rng.random() < 0.15:  # overtime: the work goes on after the rostered end
                    w_end = end + rng.randint(1800, 3 * HOUR)
                if rng.random() < 0.05:
                    w_start = start - rng.randint(900, 3600)
                in_roster = not no_roster and rng.random() > 0.03
                e.shifts.append((start, end, w_start, w_end, in_roster))
                self.on_duty[(e.unit, d)].append(e.idx)

    # -- registrations ------------------------------------------------------------------------

    def new_registration(
        self,
        kind: str,
        unit: int,
        opened: int,
        closed: int | None,
        restricted: bool,
        subjects: list[tuple[str, str]],
        officers: list[int],
    ) -> Registration:
        reg = Registration(
            f"{2026 if opened >= 0 else 2025}{len(self.regs) + 1:07d}", kind, unit, opened, closed, restricted, subjects
        )
        for o in officers:
            reg.officers.append((o, opened, None if closed is None else closed + self.rng.randint(0, 2 * DAY)))
        self.regs.append(reg)
        return reg

    def random_subjects(self, district: int, n_persons: int) -> list[tuple[str, str]]:
        rng = self.rng
        out: list[tuple[str, str]] = []
        for _ in range(n_persons):
            p = rng.choice(self.district_persons[district])
            out.append(("person", self.pid(p)))
            if rng.random() < 0.3:
                out.append(("address", f"A{self.p_address[p]:07d}"))
            vehicles = self.address_vehicles.get(self.p_address[p])
            if vehicles and rng.random() < 0.3:
                out.append(("vehicle", self.plate(vehicles[0])))
        return out

    def build_registrations(self) -> None:
        rng = self.rng
        for unit in self.units:
            if unit.kind == "basisteam":
                for d in range(-3, self.days):
                    staff = self.on_duty.get((unit.idx, max(d, 0)), []) or unit.members
                    for _ in range(max(1, round(len(unit.members) * 0.09 * rng.uniform(0.6, 1.4)))):
                        opened = d * DAY + rng.randrange(DAY)
                        kind = rng.choice(["incident", "incident", "report"])
                        closed = opened + rng.randint(2 * HOUR, 4 * DAY) if rng.random() < 0.7 else None
                        intake = [m for m in staff if self.employees[m].role == "intake"]
                        officers = rng.sample(staff, min(len(staff), rng.randint(1, 3)))
                        if kind == "report" and intake:
                            officers.append(rng.choice(intake))
                        self.new_registration(
                            kind,
                            unit.idx,
                            opened,
                            closed,
                            False,
                            self.random_subjects(unit.district, rng.randint(1, 3)),
                            officers,
                        )
            elif unit.kind == "recherche":
                detectives = [
                    m for m in unit.members if self.employees[m].role in ("rechercheur", "analist")
                ] or unit.members
                n_cases = max(2, len(unit.members) // 3) + len(unit.members) * self.days // 70
                for c in range(n_cases):
                    opened = -rng.randint(1, 90) * DAY if c < len(unit.members) // 3 else rng.randrange(self.days * DAY)
                    restricted = rng.random() < 0.12
                    region_districts = self.region_districts[unit.region]
                    subjects = self.random_subjects(
                        rng.choice(region_districts) if rng.random() < 0.3 else unit.district, rng.randint(3, 10)
                    )
                    officers = rng.sample(detectives, min(len(detectives), rng.randint(2, 5)))
                    self.new_registration("case", unit.idx, opened, None, restricted, subjects, officers)
        cases = [r for r in self.regs if r.kind == "case"]
        if cases and not any(r.restricted for r in cases):
            rng.choice(cases).restricted = True  # every world has at least one operation
        self.index_registrations()

    def index_registrations(self) -> None:
        """Per (user, day), (unit, day) and (region, day): the registrations open that day."""
        self.user_day: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.unit_day: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.region_day: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, reg in enumerate(self.regs):
            first = max(0, reg.opened // DAY)
            last = self.days - 1 if reg.closed is None else min(self.days - 1, reg.closed // DAY)
            region = self.units[reg.unit].region
            for d in range(first, last + 1):
                if not reg.restricted:
                    self.unit_day[(reg.unit, d)].append(i)
                    self.region_day[(region, d)].append(i)
                for o, _f, _t in reg.officers:
                    self.user_day[(o, d)].append(i)

    # -- ordinary work ------------------------------------------------------------------------

    def ordinary_work(self) -> None:
        rng = self.rng
        tick = self.tick("dagelijks werk", len(self.employees))
        for e in self.employees:
            unit = self.units[e.unit]
            mean = LOOKUPS_PER_SHIFT[e.role] * self.volume
            for _rs, _re, ws, we, _in in e.shifts:
                if rng.random() < 0.06:  # on leave or training: no lookups this shift
                    continue
                n = max(0, round(rng.gauss(mean, mean * 0.35)))
                day = ws // DAY
                own = self.user_day.get((e.idx, day), [])
                unit_regs = self.unit_day.get((e.unit, day), [])
                region_regs = self.region_day.get((unit.region, day), [])
                t = ws + rng.randint(0, 1200)
                step = max(60, (we - ws) // max(1, n))
                made = 0
                while made < n and t < we:
                    made += self.task(e, unit, t, own, unit_regs, region_regs)
                    t += rng.randint(step // 3, step * 2)
            tick(1)

    def task(
        self, e: Employee, unit: Unit, t: int, own: list[int], unit_regs: list[int], region_regs: list[int]
    ) -> int:
        rng = self.rng
        role = e.role
        x = rng.random()
        district = unit.district if unit.district >= 0 else rng.choice(self.region_districts[unit.region])
        if role in ("meldkamer", "analist") and unit.kind != "recherche":
            # broad mandate: incidents and cases of the whole region, callers, addresses
            reg = self.pick(region_regs, t) if x < 0.5 else None
            if reg is not None:
                stype, sid = rng.choice(reg.subjects)
                return len(self.lookup_subject(t, e.idx, stype, sid))
            district = rng.choice(self.region_districts[unit.region])
            if x < 0.8:
                p = self.stranger(e, district)
                if rng.random() < 0.5:
                    self.add(t, e.idx, "GMS", "view", "address", f"A{self.p_address[p]:07d}")
                return 1 + len(self.lookup_person(t + 20, e.idx, p))
            return self.free_text(e, t, district)
        reg = self.pick(own, t) if x < 0.45 else None
        if reg is not None:
            if rng.random() < 0.1:
                return len(self.lookup_subject(t, e.idx, "registration", reg.reg_id))
            stype, sid = rng.choice(reg.subjects)
            purpose = reg.reg_id if rng.random() < 0.5 else None
            return len(self.lookup_subject(t, e.idx, stype, sid, purpose))
        reg = self.pick(unit_regs, t) if 0.45 <= x < 0.62 else None
        if reg is not None:
            stype, sid = rng.choice(reg.subjects)
            return len(self.lookup_subject(t, e.idx, stype, sid))
        reg = self.pick(region_regs, t) if 0.62 <= x < 0.66 else None
        if reg is not None:
            stype, sid = rng.choice(reg.subjects)
            return len(self.lookup_subject(t, e.idx, stype, sid))
        if x < 0.82 and role in ("agent", "leidinggevende", "intake"):
            return self.traffic_stop(e, t, district)
        if x < 0.9:
            return self.free_text(e, t, district)
        p = self.stranger(e, district)
        purpose = rng.choice([None, None, "informatieverzoek", "controle", "melding"])
        return len(self.lookup_person(t, e.idx, p, purpose))

    def pick(self, regs: list[int], t: int) -> Registration | None:
        """A registration from the list that is already open at ``t`` (a few tries), or None."""
        for _ in range(3 if regs else 0):
            reg = self.regs[self.rng.choice(regs)]
            if reg.opened <= t:
                return reg
        return None

    def stranger(self, e: Employee, district: int) -> int:
        """A random resident of the district who is not of the employee's own household.

        With chance ``visitors`` a resident of another district of the region instead: a driver
        passing through, a suspect or caller from the next town (no random draw when it is 0, so
        worlds generated before this option are reproduced exactly).
        """
        if self.visitors > 0 and self.rng.random() < self.visitors:
            district = self.rng.choice(self.region_districts[self.district_region.get(district, 0)])
        pool = self.district_persons[district]
        p = self.rng.choice(pool)
        while self.p_address[p] == self.p_address[e.person]:
            p = self.rng.choice(pool)
        return p

    def traffic_stop(self, e: Employee, t: int, district: int) -> int:
        """A vehicle check on the street: plate (RDW), often the keeper (BRP). No registration."""
        rng = self.rng
        p = self.stranger(e, district)
        vehicles = self.address_vehicles.get(self.p_address[p])
        v = vehicles[0] if vehicles else rng.randrange(len(self.v_address))
        purpose = "verkeerscontrole" if rng.random() < 0.3 else None
        self.add(t, e.idx, "RDW", "view", "vehicle", self.plate(v), self.plate(v), 1, purpose)
        made = 1
        if rng.random() < 0.6:
            keepers = self.address_persons[self.v_address[v]]
            made += len(self.lookup_person(t + rng.randint(20, 240), e.idx, keepers[0], purpose, search=False))
        return made

    def free_text(self, e: Employee, t: int, district: int) -> int:
        rng = self.rng
        p = self.stranger(e, district)
        text = f"{self.p_surname[p]} {self.a_postcode[self.p_address[p]]}" if rng.random() < 0.5 else self.p_surname[p]
        self.add(t, e.idx, "BVI-IB", "search", "free_text", None, text, rng.randint(0, 60))
        if rng.random() < 0.6:
            return 1 + len(self.lookup_person(t + rng.randint(10, 120), e.idx, p, search=False))
        return 1

    # -- legitimate bursts -------------------------------------------------------------------

    def major_incident(self) -> None:
        """A shooting or riot: a third of one district works on it for a day and a half."""
        rng = self.rng
        d = rng.randrange(self.n_districts)
        lead = self.district_units[d][0]
        day = rng.randrange(max(1, self.days - 2))
        opened = day * DAY + rng.randint(10, 20) * HOUR
        subjects = self.random_subjects(d, rng.randint(40, 90))
        people = [m for u in self.district_units[d] for m in self.units[u].members]
        crew = rng.sample(people, len(people) // 3)
        officers = [m for m in crew if rng.random() < 0.3]
        reg = self.new_registration("incident", lead, opened, None, False, subjects, officers)
        events: list[int] = []
        for m in crew:
            t = opened + rng.randint(0, 6 * HOUR)
            for _ in range(rng.randint(5, 25)):
                stype, sid = rng.choice(subjects)
                purpose = reg.reg_id if rng.random() < 0.3 else None
                events += self.lookup_subject(t, m, stype, sid, purpose)
                t += rng.randint(60, 3 * HOUR // 2)
                if t > opened + 36 * HOUR:
                    break
        self.bursts.append(("major_incident", reg.reg_id, crew, events))

    def public_figure_arrest(self) -> int:
        """A public figure arrested by one basisteam: the unit looks the person up, legitimately."""
        rng = self.rng
        unit = self.units[rng.choice([u.idx for u in self.units if u.kind == "basisteam"])]
        figure = rng.choice(sorted(self.high_profile))
        day = rng.randrange(max(1, self.days - 2))
        opened = day * DAY + rng.randint(8, 22) * HOUR
        staff = self.on_duty.get((unit.idx, day), []) or unit.members
        officers = rng.sample(staff, min(3, len(staff)))
        reg = self.new_registration(
            "case",
            unit.idx,
            opened,
            None,
            False,
            [("person", self.pid(figure)), ("address", f"A{self.p_address[figure]:07d}")],
            officers,
        )
        events: list[int] = []
        crew = [m for m in unit.members if rng.random() < 0.6]
        for m in crew:
            for _ in range(rng.randint(1, 2)):
                t = opened + rng.randint(600, 40 * HOUR)
                events += self.lookup_person(t, m, figure)
        self.bursts.append(("public_figure_arrest", reg.reg_id, crew, events))
        self.arrested_figure = figure
        return figure

    # -- misuse ------------------------------------------------------------------------------

    def off_duty_time(self, e: Employee, day: int) -> int:
        """An evening or weekend moment well away from any worked shift of this employee."""
        rng = self.rng
        for _ in range(30):
            t = day * DAY + rng.choice([7, 8, 18, 19, 20, 21, 22]) * HOUR + rng.randrange(HOUR)
            if all(t < ws - 2 * HOUR or t > we + 3 * HOUR for _rs, _re, ws, we, _in in e.shifts):
                return t
            day = rng.randrange(self.days)
        return day * DAY + 21 * HOUR

    def on_duty_time(self, e: Employee) -> int:
        rng = self.rng
        if not e.shifts:
            return self.off_duty_time(e, rng.randrange(self.days))
        _rs, _re, ws, we, _in = rng.choice(e.shifts)
        return rng.randint(ws, max(ws, we - 1800))

    def when(self, e: Employee, p_off: float) -> int:
        if self.rng.random() < p_off:
            return self.off_duty_time(e, self.rng.randrange(self.days))
        return self.on_duty_time(e)

    def misuse(self, scenario: str) -> None:  # noqa: C901 - one branch per scenario
        rng = self.rng
        candidates = [e for e in self.employees if e.role != "staf" and e.shifts]
        e = rng.choice(candidates)
        home = self.p_address[e.person]
        pc6 = self.a_postcode[home]
        pc4 = pc6[:4]
        ev: list[int] = []
        if scenario == "neighbours":
            t = self.when(e, 0.7)
            neighbours = [a for a in self.pc6_addresses[pc6] if a != home]
            for a in rng.sample(neighbours, min(len(neighbours), rng.randint(1, 3))):
                if rng.random() < 0.5:
                    ev.append(self.add(t, e.idx, "BVH", "view", "address", f"A{a:07d}"))
                for p in self.address_persons[a][: rng.randint(1, 2)]:
                    ev += self.lookup_person(t + rng.randint(10, 90), e.idx, p)
                t += rng.randint(30, 600)
        elif scenario == "celebrity":
            figure = getattr(self, "arrested_figure", None)
            if figure is None or rng.random() < 0.4:
                figure = rng.choice(sorted(self.high_profile))
            t = self.when(e, 0.3)
            for _ in range(rng.randint(1, 3)):
                ev += self.lookup_person(t, e.idx, figure)
                t += rng.randint(30, 900)
        elif scenario == "child_boyfriend":
            near = [p for p in self.pc4_persons[pc4] if self.a_postcode[self.p_address[p]] != pc6]
            friend = rng.choice(near)
            for _ in range(rng.randint(1, 2)):
                t = self.when(e, 0.6)
                ev += self.lookup_person(t, e.idx, friend)
                if rng.random() < 0.5:
                    ev.append(self.add(t + 60, e.idx, "BVH", "view", "address", f"A{self.p_address[friend]:07d}"))
                cars = self.address_vehicles.get(self.p_address[friend])
                if cars and rng.random() < 0.5:
                    ev.append(self.add(t + 120, e.idx, "RDW", "view", "vehicle", self.plate(cars[0])))
        elif scenario == "ex_partner":
            region = self.units[e.unit].region
            d = rng.choice(self.region_districts[region])
            ex = rng.choice(self.district_persons[d])
            same_name = rng.random() < 0.5
            if same_name:
                self.p_surname[ex] = self.p_surname[e.person]
            if rng.random() < 0.4:
                self.declared.append((e.idx, "person", self.pid(ex), "ex-partner"))
            flat = self.address_persons[self.p_address[ex]]
            for _ in range(rng.randint(2, 4)):
                t = self.when(e, 0.7)
                ev += self.lookup_person(t, e.idx, ex)
                if len(flat) > 1 and rng.random() < 0.5:
                    ev += self.lookup_person(t + 200, e.idx, flat[-1])
        elif scenario == "colleague":
            t = self.when(e, 0.4)
            for _ in range(rng.randint(1, 3)):
                other = rng.choice(self.employees)
                if other.idx == e.idx:
                    continue
                ev += self.lookup_person(t, e.idx, other.person)
                if rng.random() < 0.4:
                    ev.append(self.add(t + 45, e.idx, "BVH", "view", "address", f"A{self.p_address[other.person]:07d}"))
                t += rng.randint(60, 1800)
        elif scenario == "plate_off_duty":
            t = self.when(e, 0.85)
            region = self.units[e.unit].region
            d = rng.choice(self.region_districts[region])
            a = self.p_address[rng.choice(self.district_persons[d])]
            cars = self.address_vehicles.get(a) or [rng.randrange(len(self.v_address))]
            v = cars[0]
            ev.append(self.add(t, e.idx, "RDW", "view", "vehicle", self.plate(v), self.plate(v), 1))
            keeper = self.address_persons[self.v_address[v]][0]
            ev += self.lookup_person(t + rng.randint(30, 400), e.idx, keeper, search=False)
        elif scenario == "leak_restricted":
            region = self.units[e.unit].region
            secret = [
                r
                for r in self.regs
                if r.restricted and self.units[r.unit].region == region and all(o != e.idx for o, _f, _t in r.officers)
            ]
            # an operation that is already running: its targets cannot leak before it exists
            running = [r for r in secret if r.opened < (self.days - 1) * DAY]
            reg = rng.choice(running or secret or [r for r in self.regs if r.restricted])
            own = [r for r in self.regs if any(o == e.idx for o, _f, _t in r.officers)]
            cover = rng.choice(own).reg_id if own and rng.random() < 0.3 else None
            for _ in range(rng.randint(1, 3)):
                t = self.when(e, 0.2)
                for _retry in range(20):
                    if t > reg.opened + HOUR:
                        break
                    t = self.when(e, 0.2)
                else:
                    t = min(reg.opened + rng.randint(HOUR, 12 * HOUR), self.days * DAY - HOUR)
                for stype, sid in rng.sample(reg.subjects, min(len(reg.subjects), rng.randint(2, 4))):
                    ev += self.lookup_subject(t, e.idx, stype, sid, cover)
                    t += rng.randint(30, 600)
        elif scenario == "fig_leaf":
            own = [r for r in self.regs if any(o == e.idx for o, _f, _t in r.officers)]
            if not own:  # the cover needs a real case of his own: take an officer of some case
                reg = rng.choice(self.regs)
                e = self.employees[reg.officers[0][0]]
                own = [reg]
            cover = rng.choice(own).reg_id
            t = self.when(e, 0.2)
            pool = (
                self.pc4_persons[pc4]
                if rng.random() < 0.5
                else self.district_persons[rng.choice(self.region_districts[self.units[e.unit].region])]
            )
            for p in rng.sample(pool, rng.randint(2, 6)):
                ev += self.lookup_person(t, e.idx, p, cover)
                t += rng.randint(30, 900)
        elif scenario == "enumeration":
            t = self.when(e, 0.4)
            region = self.units[e.unit].region
            pool = self.district_persons[rng.choice(self.region_districts[region])]
            for p in rng.sample(pool, rng.randint(30, 100)):
                ev.append(self.add(t, e.idx, rng.choice(["BRP", "BVH"]), "view", "person", self.pid(p)))
                t += rng.randint(5, 60)
        elif scenario == "fixation":
            region = self.units[e.unit].region
            target = rng.choice(self.district_persons[rng.choice(self.region_districts[region])])
            days = rng.sample(range(self.days), min(self.days, rng.randint(3, 5)))
            for d in days:
                if rng.random() < 0.5:
                    t = self.off_duty_time(e, d)
                else:
                    worked = [s for s in e.shifts if s[2] // DAY == d]
                    t = rng.randint(worked[0][2], worked[0][3] - 600) if worked else self.off_duty_time(e, d)
                ev += self.lookup_person(t, e.idx, target)
        elif scenario == "free_text_browse":
            t = self.when(e, 0.7)
            pool = (
                self.pc4_persons[pc4]
                if rng.random() < 0.6
                else self.district_persons[rng.choice(self.region_districts[self.units[e.unit].region])]
            )
            for p in rng.sample(pool, rng.randint(6, 18)):
                text = (
                    f"{self.p_surname[p]} {self.a_postcode[self.p_address[p]]}"
                    if rng.random() < 0.6
                    else self.p_surname[p]
                )
                ev.append(self.add(t, e.idx, "BVI-IB", "search", "free_text", None, text, rng.randint(0, 25)))
                t += rng.randint(20, 240)
                if rng.random() < 0.15:
                    ev += self.lookup_person(t, e.idx, p, search=False)
        elif scenario == "family_self":
            t = self.when(e, 0.5)
            targets = [e.person, *e.household]
            for p in rng.sample(targets, min(len(targets), rng.randint(1, 2))):
                ev += self.lookup_person(t, e.idx, p)
                t += rng.randint(30, 300)
        if ev:
            self.episodes.append((e.idx, scenario, ev))

    # -- assembly -----------------------------------------------------------------------------

    def to_tables(self) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, pl.DataFrame]:
        rng = self.rng

        def ts(seconds: pl.Expr) -> pl.Expr:
            naive = pl.lit(START) + pl.duration(seconds=seconds)
            # Local wall-clock times; the hour skipped by daylight saving moves one hour on.
            local = naive.dt.replace_time_zone(TZ, ambiguous="earliest", non_existent="null")
            shifted = (naive + pl.duration(hours=1)).dt.replace_time_zone(TZ, ambiguous="earliest", non_existent="null")
            return pl.coalesce(local, shifted).dt.convert_time_zone("UTC").dt.cast_time_unit("us")

        uid = [e.user_id for e in self.employees]
        q = pl.DataFrame(
            {
                "_i": pl.Series(range(len(self.q_ts)), dtype=pl.Int64),
                "_t": pl.Series(self.q_ts, dtype=pl.Int64),
                "user_id": pl.Series([uid[u] for u in self.q_user], dtype=pl.String),
                "system": self.q_system,
                "action": self.q_action,
                "subject_type": self.q_stype,
                "subject_id": pl.Series(self.q_sid, dtype=pl.String),
                "query_text": pl.Series(self.q_text, dtype=pl.String),
                "result_count": pl.Series(self.q_count, dtype=pl.Int64),
                "purpose": pl.Series(self.q_purpose, dtype=pl.String),
            }
        )
        q = q.filter((pl.col("_t") >= 0) & (pl.col("_t") < self.days * DAY)).sort("_t", "_i")
        q = q.with_columns(
            pl.format("E{}", pl.int_range(pl.len()).add(10_000_000).cast(pl.String)).alias("event_id"),
            ts(pl.col("_t")).alias("ts"),
        )
        ids = dict(zip(q["_i"].to_list(), q["event_id"].to_list(), strict=True))
        query_log = q.select(
            "event_id",
            "ts",
            "user_id",
            "system",
            "action",
            "subject_type",
            "subject_id",
            "query_text",
            "result_count",
            "purpose",
        )

        employees = (
            pl.DataFrame(
                {
                    "user_id": uid,
                    "unit": [self.units[e.unit].name for e in self.employees],
                    "district": [
                        self.units[e.unit].name.rsplit("-", 1)[0]
                        if self.units[e.unit].district >= 0
                        else self.units[e.unit].name.split("-")[0]
                        for e in self.employees
                    ],
                    "region": [f"E{self.units[e.unit].region + 1:02d}" for e in self.employees],
                    "role": [e.role for e in self.employees],
                    "home_postcode": [
                        None if rng.random() < 0.03 else self.a_postcode[self.p_address[e.person]]
                        for e in self.employees
                    ],
                    "home_address_id": [f"A{self.p_address[e.person]:07d}" for e in self.employees],
                    "surname_key": [self.p_surname[e.person] for e in self.employees],
                    "_from": [-rng.randint(100, 9000) * DAY for _ in self.employees],
                }
            )
            .with_columns(
                ts(pl.col("_from")).alias("active_from"), pl.lit(None, pl.Datetime("us", "UTC")).alias("active_to")
            )
            .drop("_from")
        )

        rows = [(uid[e.idx], rs, re) for e in self.employees for rs, re, _ws, _we, keep in e.shifts if keep]
        shifts = pl.DataFrame(
            {"user_id": [r[0] for r in rows], "_s": [r[1] for r in rows], "_e": [r[2] for r in rows]},
            schema={"user_id": pl.String, "_s": pl.Int64, "_e": pl.Int64},
        )
        shifts = shifts.select("user_id", ts(pl.col("_s")).alias("start"), ts(pl.col("_e")).alias("end"))

        registrations = pl.DataFrame(
            {
                "registration_id": [r.reg_id for r in self.regs],
                "kind": [r.kind for r in self.regs],
                "unit": [self.units[r.unit].name for r in self.regs],
                "_o": [r.opened for r in self.regs],
                "_c": pl.Series([r.closed for r in self.regs], dtype=pl.Int64),
                "restricted": [r.restricted for r in self.regs],
            }
        ).select(
            "registration_id",
            "kind",
            "unit",
            ts(pl.col("_o")).alias("opened"),
            ts(pl.col("_c")).alias("closed"),
            "restricted",
        )
        rs_rows = sorted({(r.reg_id, st, sid) for r in self.regs for st, sid in r.subjects})
        registration_subjects = pl.DataFrame(
            rs_rows, schema=["registration_id", "subject_type", "subject_id"], orient="row"
        )
        ro_rows = [(r.reg_id, uid[o], f, t) for r in self.regs for o, f, t in r.officers]
        registration_officers = pl.DataFrame(
            ro_rows,
            schema={"registration_id": pl.String, "user_id": pl.String, "_f": pl.Int64, "_t": pl.Int64},
            orient="row",
        ).select("registration_id", "user_id", ts(pl.col("_f")).alias("from"), ts(pl.col("_t")).alias("to"))

        persons = pl.DataFrame(
            {
                "subject_id": [self.pid(p) for p in range(self.n_persons)],
                "surname_key": self.p_surname,
                "address_id": [f"A{a:07d}" for a in self.p_address],
                "postcode": [self.a_postcode[a] for a in self.p_address],
                "high_profile": [p in self.high_profile for p in range(self.n_persons)],
                "employee_user_id": pl.Series(
                    [
                        uid[self.employee_of_person[p]] if p in self.employee_of_person else None
                        for p in range(self.n_persons)
                    ],
                    dtype=pl.String,
                ),
            }
        ).with_columns(pl.lit("person").alias("subject_type"))
        vehicles = pl.DataFrame(
            {
                "subject_id": [self.plate(v) for v in range(len(self.v_address))],
                "address_id": [f"A{a:07d}" for a in self.v_address],
                "postcode": [self.a_postcode[a] for a in self.v_address],
            }
        ).with_columns(
            pl.lit("vehicle").alias("subject_type"),
            pl.lit(None, pl.String).alias("surname_key"),
            pl.lit(False).alias("high_profile"),
            pl.lit(None, pl.String).alias("employee_user_id"),
        )
        addresses = pl.DataFrame(
            {
                "subject_id": [f"A{a:07d}" for a in range(len(self.a_postcode))],
                "postcode": self.a_postcode,
            }
        ).with_columns(
            pl.lit("address").alias("subject_type"),
            pl.lit(None, pl.String).alias("surname_key"),
            pl.col("subject_id").alias("address_id"),
            pl.lit(False).alias("high_profile"),
            pl.lit(None, pl.String).alias("employee_user_id"),
        )
        cols = [
            "subject_type",
            "subject_id",
            "surname_key",
            "address_id",
            "postcode",
            "high_profile",
            "employee_user_id",
        ]
        subjects = pl.concat([persons.select(cols), vehicles.select(cols), addresses.select(cols)])
        declared = pl.DataFrame(
            [(uid[u], st, sid, rel) for u, st, sid, rel in sorted(set(self.declared))],
            schema=["user_id", "subject_type", "subject_id", "relation"],
            orient="row",
        )
        tables = {
            "query_log": query_log,
            "employees": employees,
            "shifts": shifts,
            "registrations": registrations,
            "registration_subjects": registration_subjects,
            "registration_officers": registration_officers,
            "subjects": subjects,
            "declared_relations": declared,
        }
        truth = pl.DataFrame(
            {
                "episode_id": [f"M{i + 1:04d}" for i in range(len(self.episodes))],
                "user_id": [uid[u] for u, _s, _ev in self.episodes],
                "scenario": [s for _u, s, _ev in self.episodes],
                "event_ids": [[ids[i] for i in ev if i in ids] for _u, _s, ev in self.episodes],
            },
            schema={
                "episode_id": pl.String,
                "user_id": pl.String,
                "scenario": pl.String,
                "event_ids": pl.List(pl.String),
            },
        )
        truth = truth.filter(pl.col("event_ids").list.len() > 0)
        bursts = pl.DataFrame(
            {
                "burst_id": [f"B{i + 1:03d}" for i in range(len(self.bursts))],
                "scenario": [b[0] for b in self.bursts],
                "registration_id": [b[1] for b in self.bursts],
                "user_ids": [sorted(uid[u] for u in b[2]) for b in self.bursts],
                "event_ids": [[ids[i] for i in b[3] if i in ids] for b in self.bursts],
            },
            schema={
                "burst_id": pl.String,
                "scenario": pl.String,
                "registration_id": pl.String,
                "user_ids": pl.List(pl.String),
                "event_ids": pl.List(pl.String),
            },
        )
        return tables, truth, bursts


@dataclass(frozen=True)
class World:
    tables: dict[str, pl.DataFrame]
    truth: pl.DataFrame
    bursts: pl.DataFrame


def generate_world(
    n_employees: int,
    weeks: int = 4,
    seed: int = 0,
    *,
    days: int | None = None,
    volume: float = 1.0,
    episodes_per_1000_user_days: float = 1.4,
    show_progress: bool = False,
    population_per_employee: int = 100,
    visitors: float = DEFAULT_VISITORS,
) -> World:
    """Build a synthetic world in memory.

    ``days`` overrides ``weeks`` (the speed benchmark uses one day); ``volume`` scales the number of
    lookups per shift; ``population_per_employee`` sizes the citizen population (the Netherlands has
    about 275 residents per police employee; 100 keeps worlds small while chance encounters with the
    same person stay rare); ``visitors`` is the share of ordinary lookups of people without a
    registration (traffic stops, callers, free-text searches) that concern a resident of another
    district of the region (default 0.2: a driver passing through, a caller from the next town; 0
    gives the worlds of session 1, in which ordinary work never met anyone from outside the own
    district). Misuse episodes are spread evenly over all scenarios, at least one each.
    """
    n_days = days if days is not None else weeks * 7
    if n_employees < 20 or n_days < 1:
        raise ValueError("minstens 20 medewerkers en 1 dag")
    console = Console(stderr=True)
    with Progress(console=console, disable=not show_progress, transient=True) as progress:
        w = _World(
            n_employees, n_days, seed, volume, progress if show_progress else None, population_per_employee, visitors
        )
        w.build_organisation()
        w.build_population()
        w.build_rosters()
        w.build_registrations()
        w.major_incident()
        w.public_figure_arrest()
        w.index_registrations()
        w.ordinary_work()
        user_days = sum(len({s[2] // DAY for s in e.shifts}) for e in w.employees) * 0.94
        n_episodes = max(len(SCENARIOS), round(episodes_per_1000_user_days * user_days / 1000))
        order = [SCENARIOS[i % len(SCENARIOS)] for i in range(n_episodes)]
        w.rng.shuffle(order)
        for scenario in order:
            w.misuse(scenario)
        tables, truth, bursts = w.to_tables()
    return World(tables, truth, bursts)


def write_jsonl(frame: pl.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as handle:
        for row in frame.iter_rows(named=True):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def generate(
    out_dir: str | Path,
    n_employees: int,
    weeks: int,
    seed: int,
    fmt: Format = "parquet",
    *,
    days: int | None = None,
    volume: float = 1.0,
    show_progress: bool = False,
    population_per_employee: int = 100,
    visitors: float = DEFAULT_VISITORS,
) -> World:
    """Generate a world and write it in the contract layout, plus ``truth.jsonl`` and ``bursts.jsonl``."""
    world = generate_world(
        n_employees,
        weeks,
        seed,
        days=days,
        volume=volume,
        show_progress=show_progress,
        population_per_employee=population_per_employee,
        visitors=visitors,
    )
    write_world(world, out_dir, fmt)
    return world


def write_world(world: World, out_dir: str | Path, fmt: Format = "parquet") -> None:
    """Write ``world`` in the contract layout, plus ``truth.jsonl`` and ``bursts.jsonl``."""
    root = Path(out_dir)
    write_dataset(world.tables, root, fmt)
    write_jsonl(world.truth, root / "truth.jsonl")
    write_jsonl(world.bursts, root / "bursts.jsonl")
