"""The world being drawn: one random source and everything drawn so far, the query log included.

Every stage of the generator reads and extends one :class:`Draft`, in the order
:func:`pmengine.generate.generate_world` runs them; that order fixes the order of the random
draws, so the same seed gives the same world. Times are whole seconds since :data:`START` (local
midnight of a Monday); employees, persons, addresses, vehicles and units are list indices until
:mod:`pmengine.generate.tables` turns them into the contract's ids.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from rich.progress import Progress

DAY = 86_400
HOUR = 3_600
START = datetime(2026, 3, 2)  # a Monday, local (Europe/Amsterdam) midnight
TZ = "Europe/Amsterdam"
# Share of ordinary lookups without a registration that concern a resident of another district.
DEFAULT_VISITORS = 0.2


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


class Draft:
    """The state of a world while it is drawn; the stage modules fill it in this order.

    :mod:`~pmengine.generate.staff` draws the units, the employees and, after the population, their
    rosters; :mod:`~pmengine.generate.population` the residents, addresses, vehicles and the
    employees' households; :mod:`~pmengine.generate.registrations` the registrations and which are
    open per day; :mod:`~pmengine.generate.bursts` and :mod:`~pmengine.generate.work` legitimate
    lookups; :mod:`~pmengine.generate.misuse` the episodes of the ground truth. The lookups are kept
    as parallel columns (``q_*``), one entry per lookup, appended by :meth:`add`.
    """

    # staff and units (staff.build_organisation)
    units: list[Unit]
    employees: list[Employee]
    region_districts: dict[int, list[int]]
    district_units: dict[int, list[int]]
    district_region: dict[int, int]
    n_districts: int
    # population (population.build_population)
    common_surnames: set[str]
    p_surname: list[str]
    p_address: list[int]
    p_district: list[int]
    a_postcode: list[str]
    a_district: list[int]
    district_persons: dict[int, list[int]]  # residents ordinary work meets (few police households)
    all_district_persons: dict[int, list[int]]
    pc6_addresses: dict[str, list[int]]
    pc4_persons: dict[str, list[int]]
    address_persons: dict[int, list[int]]
    district_pc4: dict[int, list[str]]
    n_persons: int
    high_profile: set[int]
    v_address: list[int]
    address_vehicles: dict[int, list[int]]
    employee_of_person: dict[int, int]
    # rosters (staff.build_rosters): (unit, day) -> employees on duty
    on_duty: dict[tuple[int, int], list[int]]
    # registrations open per (user, day), (unit, day), (region, day) (registrations.index_registrations)
    user_day: dict[tuple[int, int], list[int]]
    unit_day: dict[tuple[int, int], list[int]]
    region_day: dict[tuple[int, int], list[int]]

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
        self.arrested_figure: int | None = None  # set by bursts.public_figure_arrest

    # -- the query log --------------------------------------------------------------------------

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
