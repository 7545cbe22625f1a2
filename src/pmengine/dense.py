"""The dense profile: a generated world made as skewed as a real force's registrations are.

A real basic team registers thousands of incidents a year, a shooting is worked by fifty officers,
a known offender is in twenty registrations, a block of flats has dozens of residents and the
control room opens the same few records thousands of times a day. Worlds of the ordinary profile
have none of that, so an engine tuned on them can hide plans whose memory grows with the skew of
the data instead of its size (issue 13: 23 GB on a force's own data). :func:`densify` adds that
skew to a generated world, only as *legitimate* work, so the ground truth stays valid:

* ``busy_units`` units get ``registrations_per_unit`` extra open registrations each, whose
  persons come from a small pool, so each pool person is in 20+ registrations;
* ``big_incidents`` incidents with ``officers_per_incident`` officers of one district each;
* ``crowded_addresses`` new addresses with ``residents_per_address`` new residents each, who are
  in the busy units' registrations and looked up by their officers with that registration as the
  purpose;
* ``hot_records`` pool persons looked up ``hot_lookups`` times each by the control room and the
  analysts of their region, with a registration that involves them as the purpose.

Same world and seed in, same dense world out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import polars as pl

from pmengine.generate import World

TS = pl.Datetime("us", "UTC")


@dataclass(frozen=True)
class DenseProfile:
    busy_units: int = 3
    registrations_per_unit: int = 3000
    pool_per_unit: int = 120
    big_incidents: int = 6
    officers_per_incident: int = 60
    crowded_addresses: int = 20
    residents_per_address: int = 40
    hot_records: int = 5
    hot_lookups: int = 2000


def densify(world: World, seed: int, profile: DenseProfile | None = None) -> World:
    """Return ``world`` with the skew of :class:`DenseProfile` added (see the module docstring).

    Shapes: adds rows to ``registrations``, ``registration_subjects``, ``registration_officers``,
    ``subjects`` and ``query_log``; ``employees``, ``shifts`` and the truth are unchanged. Raises
    ValueError when the world has too few units or employees for the profile.
    """
    p = profile or DenseProfile()
    rng = random.Random(seed * 7919 + 13)
    t = world.tables
    employees, query_log = t["employees"], t["query_log"]
    start, end = query_log["ts"].min(), query_log["ts"].max()
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise ValueError("de wereld heeft geen opvragingen")
    span = max(int((end - start).total_seconds()), 1)

    def moment(before_days: int = 0) -> datetime:
        return start - timedelta(days=rng.randint(0, before_days)) + timedelta(seconds=rng.randint(0, span))

    sizes = employees.group_by("unit").len().sort(["len", "unit"], descending=[True, False])
    units = sizes["unit"].to_list()[: p.busy_units]
    if len(units) < p.busy_units:
        raise ValueError("te weinig eenheden voor het dichte profiel")
    taken = set(t["subjects"].filter(pl.col("subject_type") == "person")["subject_id"].to_list())
    truth_records: set[str] = set()
    for events in world.truth["event_ids"].to_list():
        truth_records.update(events)
    # Pool persons: residents nobody's misuse episode touched, so the truth stays what it was.
    touched = set(query_log.filter(pl.col("event_id").is_in(list(truth_records)))["subject_id"].drop_nulls().to_list())
    people = sorted(taken - touched)
    rng.shuffle(people)

    regs: list[dict[str, object]] = []
    reg_subjects: list[dict[str, object]] = []
    reg_officers: list[dict[str, object]] = []
    new_subjects: list[dict[str, object]] = []
    lookups: list[dict[str, object]] = []
    counter = iter(range(10**9))

    def registration(unit: str, kind: str, opened: datetime) -> str:
        rid = f"D{next(counter):09d}"
        regs.append({"registration_id": rid, "kind": kind, "unit": unit, "opened": opened, "closed": None,
                     "restricted": False})
        return rid

    def lookup(user: str, record: str, ts: datetime, purpose: str, system: str = "BVH") -> None:
        lookups.append({"event_id": f"DX{next(counter):010d}", "ts": ts, "user_id": user, "system": system,
                        "action": "view", "subject_type": "person", "subject_id": record, "query_text": None,
                        "result_count": None, "purpose": purpose})

    # 1. Busy units: thousands of open registrations about a small pool of persons.
    pools: dict[str, list[str]] = {}
    involving: dict[str, list[str]] = {}
    for i, unit in enumerate(units):
        pool = people[i * p.pool_per_unit:(i + 1) * p.pool_per_unit]
        pools[unit] = pool
        for _ in range(p.registrations_per_unit):
            rid = registration(unit, rng.choice(["incident", "report"]), moment(before_days=60) - timedelta(days=1))
            for person in rng.sample(pool, k=min(len(pool), rng.randint(1, 3))):
                reg_subjects.append({"registration_id": rid, "subject_type": "person", "subject_id": person})
                involving.setdefault(person, []).append(rid)

    # 2. Big incidents: one registration, sixty officers of one district.
    by_district = employees.group_by("district").agg(pl.col("user_id"), pl.col("unit").first())
    districts = by_district.filter(pl.col("user_id").list.len() >= p.officers_per_incident).sort("district")
    for row in districts.head(p.big_incidents).iter_rows(named=True):
        opened = moment()
        rid = registration(str(row["unit"]), "incident", opened)
        for user in rng.sample(sorted(row["user_id"]), k=p.officers_per_incident):
            reg_officers.append({"registration_id": rid, "user_id": user, "from": opened, "to": None})

    # 3. Crowded addresses: new residents, in the busy units' registrations, looked up by their officers.
    unit_staff = {u: sorted(employees.filter(pl.col("unit") == u)["user_id"].to_list()) for u in units}
    for a in range(p.crowded_addresses):
        address, unit = f"DA{a:06d}", units[a % len(units)]
        postcode = f"{9000 + a:04d}ZZ"
        rid = registration(unit, "incident", moment(before_days=10) - timedelta(days=1))
        for r in range(p.residents_per_address):
            person = f"DP{a:04d}{r:03d}"
            new_subjects.append({"subject_type": "person", "subject_id": person, "surname_key": f"bewoner{r % 7}",
                                 "address_id": address, "postcode": postcode, "high_profile": False,
                                 "employee_user_id": None})
            reg_subjects.append({"registration_id": rid, "subject_type": "person", "subject_id": person})
            lookup(rng.choice(unit_staff[unit]), person, moment(), rid)

    # 4. Hot records: the control room and analysts of the region open them thousands of times.
    mandate = employees.filter(pl.col("role").is_in(["meldkamer", "analist"]))
    for unit in units:
        region = employees.filter(pl.col("unit") == unit)["region"][0]
        staff = sorted(mandate.filter(pl.col("region") == region)["user_id"].to_list()) or unit_staff[unit]
        for person in pools[unit][: p.hot_records]:
            for _ in range(p.hot_lookups):
                lookup(rng.choice(staff), person, moment(), rng.choice(involving[person]))

    def grown(name: str, rows: list[dict[str, object]]) -> pl.DataFrame:
        frame = t[name]
        if not rows:
            return frame
        return pl.concat([frame, pl.DataFrame(rows, schema=frame.schema)])

    tables = dict(t)
    tables["registrations"] = grown("registrations", regs)
    tables["registration_subjects"] = grown("registration_subjects", reg_subjects)
    tables["registration_officers"] = grown("registration_officers", reg_officers)
    tables["subjects"] = grown("subjects", new_subjects)
    tables["query_log"] = grown("query_log", lookups).sort("ts", maintain_order=True)
    return replace(world, tables=tables)
