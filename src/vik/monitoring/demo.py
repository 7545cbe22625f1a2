"""Demo content for protective monitoring: a generated two-week world whose staff are linked to
employees of the demo organisation, analysed as two weekly runs so the queue, the prevention view
and its trend per team have data.

Governance (issue 13): the first week is analysed in prevention mode (no decision yet, aggregates
per unit only); then the demo records the works council's decision that switches detection at
individual level on (by the administrator login `beheer`), and the second week is analysed with detection,
so the queue shows alerts. The two weeks are moved in time (whole weeks, all tables alike) to lie
before and after the demo team's dilemma session of three weeks ago (`vik.prevention.demo`), so
the effect measure has a before and an after; a shift across a change of summer time moves the
local hours by one, which a demo can bear.

The link keeps every alert about one person: a generated team becomes one VIK team (its name in
`employees.unit` and `registrations.unit`), and each of its members becomes an employee of that
team (his personnel number as `user_id`). Members for whom the VIK team has no employee left keep
their generated id; VIK does not know them, and a reveal says so."""

from datetime import date, timedelta
from pathlib import Path

import polars as pl
from django.conf import settings
from django.utils import timezone

from pmengine.generate import generate_world
from pmengine.generate.draft import START
from vik.accounts.models import Employee, Role, Unit, User

from .models import ImportRun
from .services import detection_enabled, record_detection_decision, start_import

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
    # The team of the demo login `medewerker` (whose prevention activities the demo shows) gets
    # the biggest generated basisteam, so its trend and effect measure have data.
    own = (User.objects.filter(username="medewerker", employee__isnull=False)
           .values_list("employee__unit_id", flat=True).first())
    for generated, people in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if not unused:
            break
        want, size = _preferred(generated), len(people)
        if own in unused and want == "Basisteam":
            team = own
        else:  # a team big enough, of the same kind, the biggest
            team = max(unused, key=lambda pk, want=want, size=size: (
                len(staff[pk]) >= size, teams[pk].name.startswith(want), len(staff[pk])))
        unused.remove(team)
        units[generated] = teams[team].name
        users.update(zip(people, staff[team], strict=False))
    return users, units


def _shifted(frame: pl.DataFrame, delta: timedelta) -> pl.DataFrame:
    moved = [pl.col(name) + delta for name, dtype in frame.schema.items()
             if isinstance(dtype, pl.Datetime | pl.Date)]
    return frame.with_columns(moved) if moved else frame


def _monday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _record_decision(today: date) -> None:
    """The works council's consent, recorded by a functional administrator (the demo login
    `beheer`)."""
    if detection_enabled():
        return
    recorder = (User.objects.filter(username="beheer", is_active=True).first()
                or User.objects.filter(groups__name=Role.ADMIN, is_active=True).order_by("pk").first())
    if recorder is None:  # nobody may record it: the demo stays in prevention mode
        return
    record_detection_decision(
        recorder, enabled=True, decided_on=today - timedelta(days=25), body="Centrale Ondernemingsraad",
        reference="COR-2026-031", note="Instemming met detectie op individueel niveau (demo).")


def seed(today: date | None = None) -> bool:
    if ImportRun.objects.exists():
        return False
    today = today or timezone.localdate()
    world = generate_world(300, weeks=2, seed=11)
    users, units = link_to_organisation(world.tables["employees"])
    tables = {}
    for name, frame in world.tables.items():
        fixes = [pl.col(c).replace(users).alias(c) for c in ID_COLUMNS if c in frame.columns]
        if name in UNIT_TABLES:
            fixes.append(pl.col("unit").replace(units).alias("unit"))
        tables[name] = frame.with_columns(fixes) if fixes else frame
    local_day = pl.col("ts").dt.convert_time_zone("Europe/Amsterdam").dt.date()
    second = _monday_on_or_before(today - timedelta(days=14))  # after the session of 21 days ago
    run = None
    for week, monday in enumerate((second - timedelta(days=21), second)):
        if week == 1:
            _record_decision(today)
        first_day = START.date() + timedelta(days=7 * week)
        delta = monday - first_day
        target = Path(settings.VIK_MONITOR_DATA_ROOT) / f"{DEMO_DIR}-week-{week + 1}"
        target.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            if name == "query_log":
                frame = frame.filter((local_day >= first_day) & (local_day < first_day + timedelta(days=7)))
            _shifted(frame, delta).write_parquet(target / f"{name}.parquet")
        run = start_import(None, target, background=False)
        if run.state != ImportRun.State.DONE:
            return False
    return run is not None and run.state == ImportRun.State.DONE
