"""Staff and units: regions of about 6,500 staff, their districts and units, roles, and duty rosters.

Each region has a control room (meldkamer), an analysis and a staff unit, and districts of four
basisteams and a recherche team. Rosters: office hours for detectives, analysts and staff, three
shifts for the rest; 4 % of staff have no roster, 3 % of shifts are missing from it, 15 % run into
overtime and 5 % start early.
"""

from __future__ import annotations

from collections import defaultdict

from pmengine.generate.draft import DAY, HOUR, START, Draft, Employee, Unit


def build_organisation(w: Draft) -> None:
    """Regions (one per ~6,500 staff), their districts and units, and the employees with a role each."""
    rng = w.rng
    n_regions = max(1, round(w.n / 6500))
    w.units = []
    w.employees = []
    per_region = [w.n // n_regions + (1 if r < w.n % n_regions else 0) for r in range(n_regions)]
    w.region_districts = defaultdict(list)
    w.district_units = defaultdict(list)
    w.district_region = {}
    n_district = 0
    for r, size in enumerate(per_region):
        central = {"meldkamer": 0.05, "analyse": 0.04, "staf": 0.05}
        rest = size - sum(max(2, round(size * f)) for f in central.values())
        n_d = max(2, round(rest / 320))
        for kind, frac in central.items():
            w.units.append(Unit(len(w.units), f"E{r + 1:02d}-{kind}", kind, -1, r))
            w.units[-1].members = [0] * max(2, round(size * frac))
        for _ in range(n_d):
            d = n_district
            n_district += 1
            w.region_districts[r].append(d)
            w.district_region[d] = r
            for b in range(4):
                w.units.append(Unit(len(w.units), f"E{r + 1:02d}-D{d + 1:02d}-BT{b + 1}", "basisteam", d, r))
                w.district_units[d].append(len(w.units) - 1)
            w.units.append(Unit(len(w.units), f"E{r + 1:02d}-D{d + 1:02d}-DRT", "recherche", d, r))
            w.district_units[d].append(len(w.units) - 1)
        # distribute the district staff: basisteams 78 %, recherche 22 %
        district_unit_ids = [u.idx for u in w.units if u.region == r and u.district >= 0]
        weights = [0.195 if w.units[u].kind == "basisteam" else 0.22 for u in district_unit_ids]
        counts = [max(3, round(rest * w / sum(weights))) for w in weights]
        for u, c in zip(district_unit_ids, counts, strict=True):
            w.units[u].members = [0] * c
    w.n_districts = n_district
    roles_by_kind = {
        "basisteam": [("agent", 0.84), ("leidinggevende", 0.08), ("intake", 0.08)],
        "recherche": [("rechercheur", 0.85), ("leidinggevende", 0.07), ("analist", 0.08)],
        "meldkamer": [("meldkamer", 0.92), ("leidinggevende", 0.08)],
        "analyse": [("analist", 0.9), ("leidinggevende", 0.1)],
        "staf": [("staf", 0.9), ("leidinggevende", 0.1)],
    }
    for unit in w.units:
        members = []
        for _ in unit.members:
            role = rng.choices([r for r, _ in roles_by_kind[unit.kind]], [w for _, w in roles_by_kind[unit.kind]])[0]
            e = Employee(len(w.employees), f"U{len(w.employees) + 100000:06d}", unit.idx, role, -1)
            w.employees.append(e)
            members.append(e.idx)
        unit.members = members
    w.n = len(w.employees)


def build_rosters(w: Draft) -> None:
    """Per employee the shifts of the window: rostered start and end, the hours actually worked, and
    whether the shift is in the roster; ``on_duty`` per (unit, day)."""
    rng = w.rng
    w.on_duty = defaultdict(list)  # (unit, day) -> employees
    for e in w.employees:
        no_roster = rng.random() < 0.04
        office = e.role in ("rechercheur", "analist", "staf") or (
            e.role == "leidinggevende" and w.units[e.unit].kind != "basisteam"
        )
        for d in range(w.days):
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
            w.on_duty[(e.unit, d)].append(e.idx)
