"""Demo content for protective monitoring: a generated two-week world whose staff are linked to
employees of the demo organisation, analysed once so the queue and prevention view have data.

The link keeps every alert about one person: a generated team becomes one VIK team (its name in
`employees.unit` and `registrations.unit`), and each of its members becomes an employee of that
team (his personnel number as `user_id`). Members for whom the VIK team has no employee left keep
their generated id; VIK does not know them, and a reveal says so."""

from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings

from pmengine.generate import generate_world
from vik.accounts.models import Employee, Unit

from .models import ImportRun
from .services import start_import

DEMO_DIR = "demo-twee-weken"
ID_COLUMNS = ("user_id", "employee_user_id")
UNIT_TABLES = ("employees", "registrations")


def _preferred(generated_unit: str) -> str:
    if "-BT" in generated_unit:
        return "Basisteam"
    if generated_unit.endswith("-DRT"):
        return "Districtsrecherche"
    return ""


def link_to_organisation(employees: pl.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """(generated user id -> personnel number, generated unit -> VIK team name)."""
    staff: dict[int, list[str]] = {}
    for unit_id, number in (Employee.objects.filter(unit__kind=Unit.Kind.TEAM, user__isnull=True)
                            .order_by("unit__code", "personnel_number")
                            .values_list("unit_id", "personnel_number")):
        staff.setdefault(unit_id, []).append(number)
    teams = {u.pk: u for u in Unit.objects.filter(pk__in=staff)}
    members: dict[str, list[str]] = {}
    for user_id, unit in employees.select("user_id", "unit").sort("user_id").iter_rows():
        members.setdefault(unit, []).append(user_id)
    users: dict[str, str] = {}
    units: dict[str, str] = {}
    unused = sorted(staff, key=lambda pk: teams[pk].code)
    for generated, people in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if not unused:
            break
        want, size = _preferred(generated), len(people)
        # a team big enough, of the same kind, the biggest
        team = max(unused, key=lambda pk, want=want, size=size: (
            len(staff[pk]) >= size, teams[pk].name.startswith(want), len(staff[pk])))
        unused.remove(team)
        units[generated] = teams[team].name
        users.update(zip(people, staff[team], strict=False))
    return users, units


def seed(today: date | None = None) -> bool:
    if ImportRun.objects.exists():
        return False
    target = Path(settings.VIK_MONITOR_DATA_ROOT) / DEMO_DIR
    target.mkdir(parents=True, exist_ok=True)
    world = generate_world(300, weeks=2, seed=11)
    users, units = link_to_organisation(world.tables["employees"])
    for name, frame in world.tables.items():
        fixes = [pl.col(c).replace(users).alias(c) for c in ID_COLUMNS if c in frame.columns]
        if name in UNIT_TABLES:
            fixes.append(pl.col("unit").replace(units).alias("unit"))
        (frame.with_columns(fixes) if fixes else frame).write_parquet(target / f"{name}.parquet")
    run = start_import(None, target, background=False)
    return run.state == ImportRun.State.DONE
