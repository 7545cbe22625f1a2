"""The fast source of the dashboard: pre-aggregated figures in `Fact`, and how they are kept fresh.

Every view of the dashboard reads a period of a year or more; counting 300,000 signals or 100,000
cases several times per request is too slow (see docs/benchmarks-dashboard.md). So the same
questions the reference selectors ask (`selectors.Live`) are asked once per *day*, unit, theme and
case type, and stored as counts (`Fact`, grain `d`). Months (`m`) and years (`y`) are sums of the
day rows; a period is read as whole years and months plus the odd days at its ends. Durations are
stored as exact working days (the key), so medians and percentiles are exact. `FactSource`
answers the selectors' questions from these rows and must give exactly the numbers of `Live`
(tests/dashboard/test_facts.py).

Freshness:

* `refresh()` recomputes the day rows of every day touched since the last refresh: all dates of the
  signals, triage decisions and cases named in the audit trail since the last processed event
  (every service writes one in the transaction of its change), plus the last `RECENT_DAYS` days as
  a safety net; then the months and years of those days. Cheap; the scheduler calls it on every
  run (`services.run_scheduled_reports` → `refresh_all`).
* `rebuild()` recomputes everything (first use, once a day from the scheduler, `vik
  dashboard_rebuild`): it catches what the audit trail cannot show (direct database changes,
  destroyed cases, an employee who became a manager, changed norms).
* Today's state (open cases and their age, steps past their norm, status updates on time) is a
  snapshot (grain `s`) taken by `refresh_snapshot()`; views show when it was taken.

No request waits for this work: a page reads the facts as they are and shows when they were made
("bijgewerkt om"); only the scheduler and `vik dashboard_rebuild` write them. Before the first
build a page reads the live tables (`selectors.LIVE`, the same numbers, slower). Writers take one
lock and then look again: a refresh or rebuild that finished while one waited for the lock is not
done a second time. Readers are never blocked by a writer: PostgreSQL shows them the previous rows
until the writer commits (SQLite runs in WAL mode for the same reason).
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.fields import DateField
from django.db.models.functions import Length, TruncDate, TruncMonth, TruncYear
from django.utils import timezone
from django.utils.translation import gettext as _

from vik.core.cellkey import MODULUS, key_sum, tally
from vik.investigations.models import Aanzegging, Case, Decision, Hearing, Pause
from vik.signals.models import Signal
from vik.triage.models import TriageDecision

from . import calendar, selectors
from .forms import Filters
from .models import Fact, FactState
from .selectors import AANZEGGING, CASE, DECISION, HEARING, REFERRAL, SIGNAL

logger = logging.getLogger("vik.dashboard")

RECENT_DAYS = 3
SIGNAL_KINDS = {"sig", "ttt", "route"}  # case_type_id NULL = all; a type = with a case of that type

Row = tuple  # (kind, day, region, theme, case type, key, n)


# ------------------------------------------------------------------------------- day filters


def _ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    out: list[list[date]] = []
    for day in sorted(set(days)):
        if out and day - out[-1][1] == timedelta(days=1):
            out[-1][1] = day
        else:
            out.append([day, day])
    return [(a, b) for a, b in out]


def _on(field: str, ranges, *, moment: bool = False) -> Q:
    """Rows whose date `field` (a datetime read as a local date with `moment`) is in the ranges;
    everything with ranges None."""
    if ranges is None:
        return Q()
    q = Q(pk__in=[])
    for a, b in ranges:
        if moment:
            q |= Q(**{f"{field}__gte": selectors._aware(a), f"{field}__lt": selectors._aware(b + timedelta(days=1))})
        else:
            q |= Q(**{f"{field}__range": (a, b)})
    return q


def _day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


# ---------------------------------------------------------------------------------- builders


def _counted(kind: str, distinct: bool = False, **counts) -> dict:
    """Per name a count of the records of type `kind` (matching the Q, or all for None) and beside
    it (`k_<name>`) the sum of their record keys; `distinct` where a join repeats a record."""
    out = {}
    for name, q in counts.items():
        out[name] = Count("id", filter=q, distinct=distinct)
        out[f"k_{name}"] = key_sum(kind, filter=q, distinct=distinct)
    return out


def _signal_rows(ranges) -> Iterable[Row]:
    checks = selectors._signal_checks()
    base = Signal.objects.filter(_on("received_on", ranges)).order_by()
    dims = dict(day=F("received_on"), reg=F("region_id"), th=F("theme_id"))
    for typed in (False, True):
        ct = {"ct": F("cases__case_type_id")} if typed else {}
        for r in base.values(**dims, **ct, ch=F("channel")).annotate(**_counted(
                SIGNAL, typed, n=None, rep=checks["reporter"], src=checks["source"])):
            if typed and r["ct"] is None:
                continue
            key = (r["day"], r["reg"], r["th"], r.get("ct"))
            yield ("sig", *key, f"c:{r['ch']}", tally(r["n"], r["k_n"]))
            yield ("sig", *key, "rep", tally(r["rep"], r["k_rep"]))
            yield ("sig", *key, "src", tally(r["src"], r["k_src"]))
        # Registration delay (working days from receipt to registration).
        values = base.values(sid=F("id"), **dims, **ct, s=F("received_on"), e=TruncDate("registered_at"))
        groups = ["day", "reg", "th", *ct]
        for row in selectors.working_day_histogram(values.distinct() if typed else values, groups,
                                                   kind=SIGNAL, pk="sid"):
            *g, days, n = row
            if typed and g[3] is None:
                continue
            key = (_day(g[0]), g[1], g[2], g[3] if typed else None)
            yield ("sig", *key, "regn", n)
            if days <= selectors.REGISTRATION_NORM_WORKING_DAYS:
                yield ("sig", *key, "regok", n)
        # Current triage decisions of these signals: rationale present.
        decisions = TriageDecision.objects.filter(_on("signal__received_on", ranges), current=True).order_by()
        sct = {"ct": F("signal__cases__case_type_id")} if typed else {}
        for r in decisions.annotate(rl=Length("rationale")).values(
                day=F("signal__received_on"), reg=F("signal__region_id"), th=F("signal__theme_id"), **sct).annotate(
                **_counted(DECISION, typed, n=None, ok=Q(rl__gte=10)),
                bad=Count("signal_id", filter=Q(rl__lt=10), distinct=True),
                k_bad=key_sum(SIGNAL, "signal_id", filter=Q(rl__lt=10), distinct=True)):
            if typed and r["ct"] is None:
                continue
            key = (r["day"], r["reg"], r["th"], r.get("ct"))
            yield ("sig", *key, "dec", tally(r["n"], r["k_n"]))
            yield ("sig", *key, "rat", tally(r["ok"], r["k_ok"]))
            yield ("sig", *key, "norat", tally(r["bad"], r["k_bad"]))
        # Receipt to first triage decision.
        first = TriageDecision.objects.filter(_on("signal__received_on", ranges), supersedes__isnull=True).order_by()
        values = first.values(did=F("id"), day=F("signal__received_on"), reg=F("signal__region_id"),
                              th=F("signal__theme_id"), **sct, s=F("signal__received_on"), e=TruncDate("decided_at"))
        for row in selectors.working_day_histogram(values.distinct() if typed else values, groups,
                                                   kind=DECISION, pk="did"):
            *g, days, n = row
            if typed and g[3] is None:
                continue
            yield ("ttt", _day(g[0]), g[1], g[2], g[3] if typed else None, str(days), n)
        # Routes: current decisions by (local) date of the decision.
        routes = TriageDecision.objects.filter(_on("decided_at", ranges, moment=True), current=True).order_by()
        for r in routes.values(day=TruncDate("decided_at"), reg=F("signal__region_id"), th=F("signal__theme_id"),
                               **sct, route_=F("route")).annotate(**_counted(DECISION, typed, n=None)):
            if typed and r["ct"] is None:
                continue
            yield ("route", _day(r["day"]), r["reg"], r["th"], r.get("ct"), r["route_"], tally(r["n"], r["k_n"]))


def _case_rows(ranges) -> Iterable[Row]:
    from vik.care.models import Referral

    dims = dict(reg=F("signal__region_id"), th=F("signal__theme_id"), ct=F("case_type_id"))
    referred = Referral.objects.filter(case=OuterRef("pk"))
    counts = _counted(CASE, n=None, care=Q(care_contact__isnull=False), other=~Q(care_contact_reason=""),
                      ref=Q(Exists(referred)))
    for r in Case.objects.filter(_on("opened_on", ranges)).order_by().values(day=F("opened_on"), **dims).annotate(
            **counts, **_counted(CASE, breach=~Q(suspected_breach=""))):
        for k in ("n", "care", "other", "ref", "breach"):
            yield ("open", r["day"], r["reg"], r["th"], r["ct"], k, tally(r[k], r[f"k_{k}"]))
    closed = Case.objects.filter(_on("closed_on", ranges), closed_on__isnull=False).order_by()
    # Cases running in a period = opened before its end minus closed before its start; a case
    # closed before it was opened (bad data) keeps its opening date in the key to stay exact.
    early = DbCase(When(opened_on__gt=F("closed_on"), then=F("opened_on")), default=None, output_field=DateField())
    for r in closed.values(day=F("closed_on"), **dims, early=early).annotate(**counts):
        prefix = f"x{_day(r['early']).isoformat()}:" if r["early"] else ""
        for k in ("n", "care", "other", "ref"):
            yield ("close", r["day"], r["reg"], r["th"], r["ct"], prefix + k, tally(r[k], r[f"k_{k}"]))
    base = closed.values(cid=F("id"), day=F("closed_on"), reg=F("signal__region_id"), th=F("signal__theme_id"),
                         ctype=F("case_type_id"), s=F("opened_on"), e=F("closed_on"))
    for day, reg, th, ct, net, n in selectors.net_days_histogram(base, ("day", "reg", "th", "ctype")):
        yield ("tp", _day(day), reg, th, ct, str(net), n)
    for day, reg, th, ct, step, days, n in selectors._step_histogram(closed, {
            "day": F("closed_on"), "reg": F("signal__region_id"), "th": F("signal__theme_id")}):
        yield ("step", _day(day), reg, th, ct, f"{step}|{days}", n)


def _event_rows(ranges) -> Iterable[Row]:
    from vik.care.models import Referral

    decisions = Decision.objects.filter(_on("decided_on", ranges)).order_by()
    for g in selectors.decision_groups(None, decisions, {"day": F("decided_on"), "ct": F("case__case_type_id")}):
        sev = "" if g["sev"] is None else str(g["sev"])
        key = f"{sev}|{int(g['manager'])}|{g['out']}|{g['meas']}|{int(g['pc'])}"
        yield ("dec", g["day"], g["reg"], g["theme"], g["ct"], key, g["n"])
    hearings = Hearing.objects.filter(_on("scheduled_at", ranges, moment=True), kind=Hearing.Kind.HEARING).order_by()
    for day, reg, th, ct, need, waived, days, n in selectors.working_day_histogram(hearings.values(
            rid=F("id"), day=TruncDate("scheduled_at"), reg=F("case__signal__region_id"),
            th=F("case__signal__theme_id"), ct=F("case__case_type_id"),
            need=F("case__case_type__hearing_preparation_days"),
            waived=F("preparation_waived"), s=F("invited_on"), e=TruncDate("scheduled_at")),
            ["day", "reg", "th", "ct", "need", "waived"], kind=HEARING):
        yield ("hear", _day(day), reg, th, ct, "n", n)
        if waived or days >= need:
            yield ("hear", _day(day), reg, th, ct, "ok", n)
    aanz = Aanzegging.objects.filter(_on("held_at", ranges, moment=True)).order_by()
    for r in aanz.values("warnings", day=TruncDate("held_at"), reg=F("case__signal__region_id"),
                         th=F("case__signal__theme_id"), ct=F("case__case_type_id")).annotate(
            **_counted(AANZEGGING, n=None, offered=Q(care_offered=True))):
        key = (_day(r["day"]), r["reg"], r["th"], r["ct"])
        r["n"], r["offered"] = tally(r["n"], r["k_n"]), tally(r["offered"], r["k_offered"])
        warnings = r["warnings"] or []
        yield ("aanz", *key, "n", r["n"])
        yield ("aanz", *key, "off", r["offered"])
        for code, k in (("friday_afternoon", "fri"), ("before_holiday", "hol")):
            if code in warnings:
                yield ("aanz", *key, k, r["n"])
        if warnings:
            yield ("aanz", *key, "bad", r["n"])
    referrals = Referral.objects.filter(_on("referred_on", ranges)).order_by()
    for r in referrals.values("desk", day=F("referred_on"), reg=F("case__signal__region_id"),
                              th=F("case__signal__theme_id"), ct=F("case__case_type_id")).annotate(
            **_counted(REFERRAL, n=None, team=Q(for_team=True))):
        key = (r["day"], r["reg"], r["th"], r["ct"])
        yield ("refer", *key, r["desk"], tally(r["n"], r["k_n"]))
        yield ("refer", *key, f"{r['desk']}|team", tally(r["team"], r["k_team"]))


BUILDERS: list[Callable[..., Iterable[Row]]] = [_signal_rows, _case_rows, _event_rows]


def _snapshot_rows(today: date) -> Iterable[Row]:
    dims = dict(reg=F("signal__region_id"), th=F("signal__theme_id"))
    running = Case.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today), opened_on__lte=today).order_by()
    base = running.values(cid=F("id"), **dims, ctype=F("case_type_id"), s=F("opened_on"),
                          e=Value(today, output_field=DateField()))
    for reg, th, ct, net, n in selectors.net_days_histogram(base, ("reg", "th", "ctype")):
        yield ("sopen", today, reg, th, ct, str(net), n)
    cal = selectors._cal()
    sql, params = Case.objects.filter(closed_on__isnull=True).order_by().values(
        cid=F("id"), **dims, ctype=F("case_type_id"), step=F("status__step"), norm=F("status__norm_days"),
        since=F("status_since")).query.sql_with_params()
    rk = selectors._rk(CASE, "b.cid")
    for reg, th, ct, step, n, k, o, ok in selectors._run(
            f"SELECT b.reg, b.th, b.ctype, b.step, COUNT(*), SUM({rk}), SUM(CASE WHEN cd.day < %s THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN cd.day < %s THEN {rk} ELSE 0 END) "
            f"FROM ({sql}) b JOIN {cal} cs ON cs.day = b.since JOIN {cal} cd ON cd.wd = cs.wd + b.norm "
            f"AND cd.working = %s GROUP BY b.reg, b.th, b.ctype, b.step", [today, today, *params, True]):
        yield ("sover", today, reg, th, ct, f"{step}|n", tally(n, k))
        yield ("sover", today, reg, th, ct, f"{step}|o", tally(o, ok))
    for r in Case.objects.filter(closed_on__isnull=True, aanzegging__isnull=False).order_by().values(
            **dims, ct=F("case_type_id")).annotate(**_counted(CASE, n=None, ok=selectors._update_on_time_q(today))):
        yield ("supd", today, r["reg"], r["th"], r["ct"], "n", tally(r["n"], r["k_n"]))
        yield ("supd", today, r["reg"], r["th"], r["ct"], "ok", tally(r["ok"], r["k_ok"]))


# ---------------------------------------------------------------------------------- storing

COLUMNS = ("kind", "grain", "day", "region_id", "theme_id", "case_type_id", "key", "n", "k")


def _insert(rows: Iterable[Row], grain: str, chunk: int = 50_000) -> int:
    """Store (kind, day, region, theme, type, key, n) rows, in chunks (the builders run queries
    between rows, so no COPY may stay open meanwhile); COPY on PostgreSQL."""
    count, batch = 0, []
    for kind, day, reg, th, ct, key, n in rows:
        if n:
            batch.append((kind, grain, day, reg, th, ct, key, int(n), getattr(n, "k", 0)))
            if len(batch) >= chunk:
                count += _write(batch)
                batch = []
    return count + _write(batch)


def _write(batch: list[tuple]) -> int:
    if not batch:
        return 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {Fact._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
    else:
        Fact.objects.bulk_create([Fact(**dict(zip(COLUMNS, row, strict=True))) for row in batch], batch_size=2000)
    return len(batch)


def _roll_up(grain: str, starts: Iterable[date] | None) -> None:
    """(Re)compute month rows from the day rows, or year rows from the month rows (all, or those
    starting on `starts`); months first."""
    trunc, unit_end = (TruncMonth, _month_end) if grain == "m" else (TruncYear, lambda d: date(d.year, 12, 31))
    target = Fact.objects.filter(grain=grain)
    source = Fact.objects.filter(grain="d" if grain == "m" else "m")  # years from the (fewer) month rows
    if starts is not None:
        starts = sorted(set(starts))
        if not starts:
            return
        target = target.filter(day__in=starts)
        q = Q(pk__in=[])
        for s in starts:
            q |= Q(day__range=(s, unit_end(s)))
        source = source.filter(q)
    target.delete()
    sql, params = source.order_by().values("kind", "region_id", "theme_id", "case_type_id", "key",
                                           start=trunc("day", output_field=DateField())).annotate(
        total=Sum("n"), ktotal=Sum("k")).query.sql_with_params()
    table = Fact._meta.db_table
    start = "CAST(b.start AS date)" if connection.vendor == "postgresql" else "b.start"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(COLUMNS)}) SELECT b.kind, %s, {start}, b.region_id, b.theme_id, "
            f"b.case_type_id, b.{connection.ops.quote_name('key')}, b.total, b.ktotal %% {MODULUS} FROM ({sql}) b",
            [grain, *params])


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [20261126])


def _last_audit_id() -> int:
    from vik.audit.models import AuditEvent

    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _done_meanwhile(name: str, asked_at: datetime | None) -> bool:
    """After taking the lock: did another process finish the same work since we were asked?"""
    if asked_at is None:
        return False
    state = FactState.objects.filter(name=name).first()
    return bool(state and state.refreshed_at and state.refreshed_at >= asked_at
                and (name != "facts" or state.rebuilt_on is not None))


def rebuild(progress: Callable[[str, int], None] | None = None, *, asked_at: datetime | None = None) -> int:
    """Recompute every fact from the registration (and today's state). Returns the number of rows,
    or 0 when another process completed a rebuild after `asked_at` while this one waited for the
    lock (None: always rebuild, as `vik dashboard_rebuild` does)."""
    calendar.ensure_table()
    with transaction.atomic():
        _lock()
        state = FactState.objects.filter(name="facts").first()
        if (asked_at is not None and state is not None and state.refreshed_at is not None
                and state.rebuilt_on == timezone.localdate() and state.refreshed_at >= asked_at):
            return 0
        audit_id = _last_audit_id()
        Fact.objects.exclude(grain="s").delete()
        total = 0
        for builder in BUILDERS:
            total += _insert(builder(None), "d")
            if progress:
                progress(builder.__name__.strip("_").replace("_rows", ""), total)
        _roll_up("m", None)
        _roll_up("y", None)
        if progress:
            progress("months", total)
        FactState.objects.update_or_create(name="facts", defaults={
            "audit_id": audit_id, "refreshed_at": timezone.now(), "rebuilt_on": timezone.localdate()})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Fact._meta.db_table}")
    refresh_snapshot()
    return total


def _touched_days(since_audit_id: int, until_audit_id: int) -> set[date]:
    """Every date a figure may have been filed under for the records named in the audit trail."""
    from vik.audit.models import AuditEvent

    events = AuditEvent.objects.filter(id__gt=since_audit_id, id__lte=until_audit_id).values_list(
        "object_type", "object_id")
    ids = defaultdict(set)
    for object_type, object_id in events:
        if object_id.isdigit():
            ids[object_type].add(int(object_id))
    signal_ids = set(ids["signals.signal"])
    signal_ids |= set(TriageDecision.objects.filter(pk__in=ids["triage.triagedecision"]).values_list(
        "signal_id", flat=True))
    signal_ids |= set(Case.objects.filter(pk__in=ids["investigations.case"]).values_list("signal_id", flat=True))
    if not signal_ids:
        return set()
    days: set[date] = set(Signal.objects.filter(pk__in=signal_ids).values_list("received_on", flat=True))
    days |= {_day(d) for d in TriageDecision.objects.filter(signal_id__in=signal_ids).annotate(
        d=TruncDate("decided_at")).values_list("d", flat=True)}
    cases = Case.objects.filter(signal_id__in=signal_ids)
    for opened, closed in cases.values_list("opened_on", "closed_on"):
        days.add(opened)
        if closed:
            days.add(closed)
    from vik.care.models import Referral

    days |= set(Decision.objects.filter(case__in=cases).values_list("decided_on", flat=True))
    days |= set(Referral.objects.filter(case__in=cases).values_list("referred_on", flat=True))
    days |= {_day(d) for d in Hearing.objects.filter(case__in=cases).annotate(d=TruncDate("scheduled_at"))
             .values_list("d", flat=True)}
    days |= {_day(d) for d in Aanzegging.objects.filter(case__in=cases).annotate(d=TruncDate("held_at"))
             .values_list("d", flat=True)}
    return days


def refresh(today: date | None = None, *, asked_at: datetime | None = None) -> int:
    """Recompute the days touched since the last refresh (and the last few days). Builds
    everything when there are no facts yet. Returns the number of day rows written (0 when another
    process refreshed after `asked_at` while this one waited for the lock)."""
    today = today or timezone.localdate()
    asked_at = asked_at or timezone.now()
    state = FactState.objects.filter(name="facts").first()
    if state is None or state.rebuilt_on is None:
        return rebuild(asked_at=asked_at)
    with transaction.atomic():
        _lock()
        if _done_meanwhile("facts", asked_at):
            return 0
        state = FactState.objects.select_for_update().get(name="facts")
        audit_id = _last_audit_id()
        days = _touched_days(state.audit_id, audit_id)
        days |= {today - timedelta(days=i) for i in range(RECENT_DAYS)}
        ranges = _ranges(days)
        q = Q(pk__in=[])
        for a, b in ranges:
            q |= Q(day__range=(a, b))
        Fact.objects.filter(q, grain="d").delete()
        written = sum(_insert(builder(ranges), "d") for builder in BUILDERS)
        _roll_up("m", {d.replace(day=1) for d in days})
        _roll_up("y", {date(d.year, 1, 1) for d in days})
        state.audit_id, state.refreshed_at = audit_id, timezone.now()
        state.save()
    return written


def refresh_snapshot(today: date | None = None, *, asked_at: datetime | None = None) -> None:
    """Take today's state again (open cases, steps past their norm, status updates on time),
    unless another process took it after `asked_at` while this one waited for the lock."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _lock()
        if _done_meanwhile("snapshot", asked_at):
            return
        Fact.objects.filter(grain="s").delete()
        _insert(_snapshot_rows(today), "s")
        FactState.objects.update_or_create(name="snapshot", defaults={"refreshed_at": timezone.now()})


def refresh_all(today: date | None = None) -> None:
    """For the scheduler: a full rebuild once a day, else the touched days; a fresh snapshot.
    Several schedulers at once do the work once (see `refresh`)."""
    today = today or timezone.localdate()
    asked_at = timezone.now()
    state = FactState.objects.filter(name="facts").first()
    if state is None or state.rebuilt_on is None or state.rebuilt_on < today:
        rebuild(asked_at=asked_at)
        return
    refresh(today, asked_at=asked_at)
    refresh_snapshot(today, asked_at=asked_at)


def built() -> bool:
    """Whether the facts were built at least once (else pages read the live tables)."""
    return FactState.objects.filter(name="facts", rebuilt_on__isnull=False).exists()


# ---------------------------------------------------------------------------------- reading


def _pieces(start: date, end: date, *, years: bool, kind: str | None = None) -> Q:
    """The rows that cover [start, end] exactly: whole years (if allowed), whole months, odd days.
    Odd days of a month are read from the month row when `kind` has no day rows in the rest of that
    month (the usual case for a period ending today), which is still exact."""
    year_starts, month_starts, q = [], [], Q(pk__in=[])
    day = start
    while day <= end:
        if years and day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= end:
            year_starts.append(day)
            day = date(day.year + 1, 1, 1)
        elif day.day == 1 and _month_end(day) <= end:
            month_starts.append(day)
            day = _month_end(day) + timedelta(days=1)
        else:
            stop = min(end, _month_end(day))
            first, last = day.replace(day=1), _month_end(day)
            outside = [(a, b) for a, b in ((first, day - timedelta(days=1)), (stop + timedelta(days=1), last))
                       if a <= b]  # one range per query: an OR of ranges would scan the whole kind
            if kind and not any(Fact.objects.filter(kind=kind, grain="d", day__range=r).exists() for r in outside):
                month_starts.append(first)
            else:
                q |= Q(grain="d", day__range=(day, stop))
            day = stop + timedelta(days=1)
    if year_starts:
        q |= Q(grain="y", day__in=year_starts)
    if month_starts:
        q |= Q(grain="m", day__in=month_starts)
    return q


class FactSource:
    """Answers the questions of `selectors.Live` from `Fact` (same return shapes)."""

    name = "facts"

    def _rows(self, kind: str, f: Filters | None, groups: tuple[str, ...] = (), *, by_month: bool = False,
              start: date | None = None, end: date | None = None, snapshot: bool = False,
              prefix: str = "") -> list[tuple]:
        """[(*groups, [month,] key, n)] summed over the period of f (or start..end), keys starting
        with `prefix`."""
        qs = Fact.objects.filter(kind=kind)
        if prefix:
            qs = qs.filter(key__startswith=prefix)
        if snapshot:
            qs = qs.filter(grain="s")
        else:
            qs = qs.filter(_pieces(start or f.start, end or f.end, years=not by_month, kind=kind))
        if f is not None:
            if f.region_id:
                qs = qs.filter(region_id=f.region_id)
            if f.theme_id:
                qs = qs.filter(theme_id=f.theme_id)
            if f.case_type_id:
                qs = qs.filter(case_type_id=f.case_type_id)
            elif kind in SIGNAL_KINDS:
                qs = qs.filter(case_type_id__isnull=True)
        elif kind in SIGNAL_KINDS:
            qs = qs.filter(case_type_id__isnull=True)
        extra = {"mon": TruncMonth("day", output_field=DateField())} if by_month else {}
        fields = [*groups, *extra, "key"]
        rows = qs.order_by().values(*groups, "key", **extra).annotate(total=Sum("n"), ktotal=Sum("k"))
        return [(*(_day(r[g]) if g == "mon" else r[g] for g in fields), tally(r["total"], r["ktotal"])) for r in rows]

    # Inflow ----------------------------------------------------------------------------------

    def inflow_signals(self, f: Filters) -> list[dict]:
        return [{"m": m, "t": t, "c": key[2:], "r": r, "n": n}
                for r, t, m, key, n in self._rows("sig", f, ("region_id", "theme_id"), by_month=True,
                                                  prefix="c:")]

    def routes(self, f: Filters) -> list[tuple]:
        return [(m, key, n) for m, key, n in self._rows("route", f, by_month=True)]

    def time_to_triage(self, f: Filters) -> list[tuple]:
        return [(r, int(key), n) for r, key, n in self._rows("ttt", f, ("region_id",))]

    # Throughput ------------------------------------------------------------------------------

    def closed_throughput(self, f: Filters) -> list[tuple]:
        return [(ct, int(key), n) for ct, key, n in self._rows("tp", f, ("case_type_id",))]

    def open_ages(self, f: Filters, ref: date) -> list[tuple]:
        if ref != self._snapshot_day():
            return selectors.LIVE.open_ages(f, ref)
        return [(ct, r, int(key), n) for ct, r, key, n in self._rows("sopen", f, ("case_type_id", "region_id"),
                                                                       snapshot=True)]

    def overdue_steps(self, f: Filters, today: date) -> list[tuple]:
        if today != self._snapshot_day():
            return selectors.LIVE.overdue_steps(f, today)
        out = defaultdict(lambda: [0, 0])
        for ct, key, n in self._rows("sover", f, ("case_type_id",), snapshot=True):
            step, part = key.rsplit("|", 1)
            out[(ct, step)][0 if part == "n" else 1] += n
        return [(ct, step, n, o) for (ct, step), (n, o) in out.items() if n]

    def step_times(self, f: Filters) -> list[tuple]:
        out = []
        for ct, key, n in self._rows("step", f, ("case_type_id",)):
            step, days = key.rsplit("|", 1)
            out.append((ct, step, int(days), n))
        return out

    def pauses(self, f: Filters, ref: date) -> list[tuple]:
        # Few rows (pauses started in the period) and their length depends on `ref`: read live,
        # joining the case only when a filter needs it.
        pauses = Pause.objects.filter(started_on__gte=f.start, started_on__lte=f.end).order_by()
        if f.region_id:
            pauses = pauses.filter(case__signal__region_id=f.region_id)
        if f.theme_id:
            pauses = pauses.filter(case__signal__theme_id=f.theme_id)
        if f.case_type_id:
            pauses = pauses.filter(case__case_type_id=f.case_type_id)
        return selectors.working_day_histogram(pauses.values(
            pid=F("id"), rid=F("reason_id"), s=F("started_on"),
            e=DbCase(When(Q(ended_on__isnull=True) | Q(ended_on__gt=ref), then=Value(ref, output_field=DateField())),
                     default=F("ended_on"), output_field=DateField())), ["rid"], kind=selectors.PAUSE, pk="pid")

    # Registration quality --------------------------------------------------------------------

    def quality_signals(self, f: Filters) -> dict:
        names = {"rep": "ok_reporter", "src": "ok_source", "dec": "decisions", "rat": "ok_rationale",
                 "regn": "registered", "regok": "ok_registration"}
        per = defaultdict(lambda: defaultdict(int))
        for r, m, key, n in self._rows("sig", f, ("region_id",), by_month=True):
            counts = per[(r, m)]
            if key.startswith("c:"):
                counts["signals"] += n
            elif key in names:
                counts[names[key]] += n
        return {k: v for k, v in per.items() if v["signals"]}

    def quality_cases(self, f: Filters) -> dict:
        out = {}
        for r, key, n in self._rows("open", f, ("region_id",)):
            out.setdefault(r, {"reg": r, "n": 0, "ok_breach": 0, "ok_care": 0})
            if key in ("n", "breach", "care"):
                out[r][{"n": "n", "breach": "ok_breach", "care": "ok_care"}[key]] += n
        return {r: row for r, row in out.items() if row["n"]}

    def updates_on_time(self, f: Filters, today: date) -> dict:
        if today != self._snapshot_day():
            return selectors.LIVE.updates_on_time(f, today)
        out = {}
        for r, key, n in self._rows("supd", f, ("region_id",), snapshot=True):
            out.setdefault(r, {"reg": r, "n": 0, "ok": 0})[key] += n
        return {r: row for r, row in out.items() if row["n"]}

    def gap_counts(self, f: Filters, today: date) -> dict[str, int]:
        sig = defaultdict(int)
        for key, n in self._rows("sig", f):
            sig["signals" if key.startswith("c:") else key] += n
        opened = dict(self._rows("open", f))
        updates = self.updates_on_time(f, today).get(f.region_id, {"n": 0, "ok": 0})
        return {
            "reporter": sig["signals"] - sig["rep"], "source": sig["signals"] - sig["src"],
            "registration": sig["regn"] - sig["regok"], "rationale": sig["norat"],
            "breach": opened.get("n", 0) - opened.get("breach", 0), "care": opened.get("n", 0) - opened.get("care", 0),
            "updates": updates["n"] - updates["ok"], "signals": sig["signals"],
        }

    # Equal treatment and care ----------------------------------------------------------------

    def decision_groups(self, f: Filters) -> list[dict]:
        out = []
        for th, r, key, n in self._rows("dec", f, ("theme_id", "region_id")):
            sev, manager, outcome, measure, pc = key.split("|")
            out.append({"sev": int(sev) if sev else None, "theme": th, "reg": r, "manager": manager == "1",
                        "out": outcome, "meas": measure, "pc": pc == "1", "n": n})
        return out

    def care_units(self, f: Filters, today: date) -> dict:
        per_unit = defaultdict(lambda: {"n": 0, "care": 0, "other_care": 0, "referred": 0})
        names = {"n": "n", "care": "care", "other": "other_care", "ref": "referred"}
        # Running in the period: opened up to its end, minus closed before its start.
        for r, key, n in self._rows("open", f, ("region_id",), start=calendar.EPOCH, end=f.end):
            if key in names:
                per_unit[r][names[key]] += n
        if f.start > calendar.EPOCH:
            for r, key, n in self._rows("close", f, ("region_id",), start=calendar.EPOCH,
                                        end=f.start - timedelta(days=1)):
                if key.startswith("x"):
                    opened, key = key[1:].split(":")
                    if date.fromisoformat(opened) > f.end:
                        continue
                per_unit[r][names[key]] -= n
        per_unit = {r: u for r, u in per_unit.items() if u["n"]}
        for r, row in self.updates_on_time(f, today).items():
            target = per_unit.setdefault(r, {"n": 0, "care": 0, "other_care": 0, "referred": 0})
            target["updates_n"], target["updates_ok"] = row["n"], row["ok"]
        for r, key, n in self._rows("hear", f, ("region_id",)):
            target = per_unit.setdefault(r, {"n": 0, "care": 0, "other_care": 0, "referred": 0})
            name = "hearings" if key == "n" else "prep_ok"
            target[name] = target.get(name, 0) + n
        names = {"n": "aanz", "off": "offered", "fri": "friday", "hol": "holiday", "bad": "badly_timed"}
        for r, key, n in self._rows("aanz", f, ("region_id",)):
            target = per_unit.setdefault(r, {"n": 0, "care": 0, "other_care": 0, "referred": 0})
            target[names[key]] = target.get(names[key], 0) + n
        return per_unit

    def referrals(self, f: Filters) -> list[dict]:
        out = {}
        for key, n in self._rows("refer", f):
            desk, _sep, team = key.partition("|")
            out.setdefault(desk, {"desk": desk, "n": 0, "team": 0})["team" if team else "n"] += n
        return [row for row in out.values() if row["n"]]

    # Freshness -------------------------------------------------------------------------------

    def _snapshot_day(self) -> date | None:
        if not hasattr(self, "_snap"):
            state = FactState.objects.filter(name="snapshot").first()
            self._snap = timezone.localdate(state.refreshed_at) if state and state.refreshed_at else None
        return self._snap

    def stamp(self) -> str:
        states = {s.name: s for s in FactState.objects.all()}
        parts = []
        facts, snapshot = states.get("facts"), states.get("snapshot")
        if facts and facts.refreshed_at:
            parts.append(_("cijfers bijgewerkt om %(t)s")
                         % {"t": f"{timezone.localtime(facts.refreshed_at):%d-%m-%Y %H:%M}"})
        if snapshot and snapshot.refreshed_at:
            parts.append(_("stand van vandaag bijgewerkt om %(t)s")
                         % {"t": f"{timezone.localtime(snapshot.refreshed_at):%d-%m-%Y %H:%M}"})
        return "; ".join(parts).capitalize()


def source() -> FactSource:
    return FactSource()
