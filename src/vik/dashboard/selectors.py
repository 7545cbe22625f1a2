"""The aggregations behind the Dashboard Integriteit. Reads only; never a name.

Every function takes the shared `Filters` and returns a `Result`: tables of exact numbers (the
views and exports pass them through `disclosure.suppress` before anyone sees them) and the charts
drawn from them. Counting happens in the database (GROUP BY through the ORM, conditional
aggregation). Durations are working days; they are computed in the database too, by joining the
working-day calendar (`calendar.py`) and grouping by the duration, so only a histogram of at most a
few thousand rows leaves the database, never one row per signal or case.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.fields import DateField
from django.db.models.fields.json import KT
from django.db.models.functions import Length, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from vik.accounts.models import Unit
from vik.core.cellkey import Mean, Ratio, key_sum, publish, tally
from vik.core.cellkey import sql_key_text as _rk
from vik.core.charts import ChartSpec
from vik.core.i18n import data_label
from vik.investigations.models import (
    Aanzegging,
    Case,
    CaseType,
    Decision,
    DelayReason,
    Hearing,
    Measure,
    Outcome,
    Pause,
    StatusChange,
    StatusType,
    Step,
)
from vik.signals.models import Channel, Signal, Theme
from vik.triage.models import Criterion, Route, TriageDecision

from . import calendar, stats
from .disclosure import Column, Identity, Table
from .forms import Filters

# Record types of the counts (their record keys give each published count its noise, see
# `vik.core.cellkey`): every count below is a `Tally` of one of these.
SIGNAL, DECISION, CASE, PAUSE = "signals.signal", "triage.triagedecision", "investigations.case", "investigations.pause"
JUDGEMENT, HEARING, AANZEGGING, REFERRAL = ("investigations.decision", "investigations.hearing",
                                            "investigations.aanzegging", "care.referral")

# A hand-over to the national triage is a second triage, not yet an investigation: it is counted
# where the national team decides (its own decision is then the current one).
INVESTIGATION_ROUTES = (Route.ORIENTING, Route.DISCIPLINARY, Route.CRIMINAL)
REGISTRATION_NORM_WORKING_DAYS = 5


@dataclass
class Result:
    title: str
    intro: str
    tables: list[Table]
    charts: list[ChartSpec]
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


# ------------------------------------------------------------------------------------ helpers


def _names(model, field_name: str = "name") -> dict:
    """Names by primary key, reference names in the active language (`data_label`)."""
    return {pk: data_label(name) for pk, name in model.objects.values_list("pk", field_name)}


def _unit_names() -> dict[int, str]:
    return dict(Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL])
                .values_list("pk", "name"))


def _every_unit(f, present: Iterable[int]) -> set[int]:
    """The units a per-unit table lists: every unit when the selection covers all units (a table
    of only the units present tells by its labels where the few records came from), else those
    present (the filtered unit, and any data of units since merged into another)."""
    return set(present) | (set() if f.region_id else set(_unit_names()))


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _reference_day(f: Filters) -> date:
    return min(f.end, timezone.localdate())


def _months(f: Filters) -> list[date]:
    months, day = [], f.start.replace(day=1)
    while day <= f.end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _month_label(day: date) -> str:
    return f"{day:%m-%Y}"


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def signal_q(f: Filters, prefix: str = "") -> Q:
    """Unit, theme and type filters on signals (`prefix` reaches the signal from another model)."""
    q = Q()
    if f.region_id:
        q &= Q(**{f"{prefix}region_id": f.region_id})
    if f.theme_id:
        q &= Q(**{f"{prefix}theme_id": f.theme_id})
    return q


def signals_in(f: Filters) -> QuerySet[Signal]:
    qs = Signal.objects.filter(signal_q(f), received_on__gte=f.start, received_on__lte=f.end)
    if f.case_type_id:
        qs = qs.filter(Exists(Case.objects.filter(signal=OuterRef("pk"), case_type_id=f.case_type_id)))
    return qs.order_by()


def cases_in(f: Filters) -> QuerySet[Case]:
    """Cases matching unit, theme and type (no period: each figure picks its own date)."""
    qs = Case.objects.filter(signal_q(f, "signal__"))
    if f.case_type_id:
        qs = qs.filter(case_type_id=f.case_type_id)
    return qs.order_by()


def _run(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cal() -> str:
    from .models import CalendarDay

    calendar.ensure_table()
    return connection.ops.quote_name(CalendarDay._meta.db_table)


def working_day_histogram(base: QuerySet, groups: list[str], start: str = "s", end: str = "e", *,
                          kind: str, pk: str = "rid") -> list[tuple]:
    """Group the rows of `base` (a `.values(...)` queryset with the aliases used here) by `groups`
    and by the working days from `start` to `end`: [(*group values, days, count), ...]; each count
    a `Tally` of the records of type `kind` whose primary key is the column `pk` of `base`."""
    cal = _cal()
    sql, params = base.query.sql_with_params()
    qn = connection.ops.quote_name
    cols = ", ".join(f"b.{qn(g)}" for g in groups)
    prefix = f"{cols}, " if groups else ""
    # Each day is looked up by its primary key in a scalar subquery, not joined: with joins the
    # PostgreSQL planner, on fresh tables without statistics, sometimes looped over the calendar
    # and re-ran the base query per day (minutes for a few hundred rows).
    gcols = ", ".join(qn(g) for g in groups)
    gprefix = f"{gcols}, " if groups else ""
    query = (
        f"SELECT {gprefix}d, COUNT(*), SUM(rk) FROM ("
        f" SELECT {prefix}(SELECT ce.wd FROM {cal} ce WHERE ce.day = b.{qn(end)})"
        f" - (SELECT cs.wd FROM {cal} cs WHERE cs.day = b.{qn(start)}) AS d, {_rk(kind, f'b.{qn(pk)}')} AS rk"
        f" FROM ({sql}) b) h "
        f"WHERE d IS NOT NULL GROUP BY {gprefix}d"
    )
    return [(*row[:-3], max(0, row[-3]), tally(row[-2], row[-1])) for row in _run(query, params)]


def net_days_histogram(base: QuerySet, groups: tuple[str, ...] = ("ctype", "reg")) -> list[tuple]:
    """[(case type, region, net working days, count)] for `base` = cases `.values(cid, ctype, reg,
    s, e)`: working days from s to e minus the paused working days, as `investigations.selectors
    .clock` computes them for one case (pauses counted up to e). Other `groups` (columns of base)
    give [(*groups, net working days, count)]."""
    cal = _cal()
    qn = connection.ops.quote_name
    sql, params = base.query.sql_with_params()
    pause = qn(Pause._meta.db_table)
    tcols = ", ".join(f"t.{qn(g)}" for g in groups)
    bcols = ", ".join(f"b.{qn(g)}" for g in groups)
    # A pause still running at e (or ending after it) counts up to e.
    pause_end = "(CASE WHEN pq.ended_on IS NULL OR pq.ended_on > b.e THEN b.we ELSE pq.pe END)"
    # Days are looked up by primary key in scalar subqueries, not joined (see working_day_histogram).
    query = (
        f"SELECT {tcols}, t.net, COUNT(*), SUM({_rk(CASE, 't.cid')}) FROM ("
        f" SELECT b.cid, {bcols}, (b.we - b.ws) - COALESCE(SUM("
        f"  CASE WHEN {pause_end} > pq.ps THEN {pause_end} - pq.ps ELSE 0 END), 0) AS net"
        f" FROM (SELECT b0.*,"
        f"  (SELECT cs.wd FROM {cal} cs WHERE cs.day = b0.s) AS ws,"
        f"  (SELECT ce.wd FROM {cal} ce WHERE ce.day = b0.e) AS we"
        f"  FROM ({sql}) b0) b"
        f" LEFT JOIN (SELECT p.case_id, p.started_on, p.ended_on,"
        f"  (SELECT ps.wd FROM {cal} ps WHERE ps.day = p.started_on) AS ps,"
        f"  (SELECT pe.wd FROM {cal} pe WHERE pe.day = p.ended_on) AS pe"
        f"  FROM {pause} p) pq ON pq.case_id = b.cid AND pq.started_on <= b.e"
        f" WHERE b.ws IS NOT NULL AND b.we IS NOT NULL"
        f" GROUP BY b.cid, {bcols}, b.we, b.ws) t "
        f"GROUP BY {tcols}, t.net"
    )
    return [(*row[:-2], tally(row[-2], row[-1])) for row in _run(query, params)]


def _hist_by(rows: list[tuple], key_len: int) -> dict[tuple, list[tuple[int, int]]]:
    out: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        out[tuple(row[:key_len])].append((row[key_len], row[key_len + 1]))
    return out


def _merge(hists) -> list[tuple[int, int]]:
    return [pair for h in hists for pair in h]


def _duration_row(label: str, hist: list[tuple[int, int]], norm: float | None = None) -> dict:
    s = stats.summary(hist, norm)
    row = {"label": label, "n": s["n"], "median": s["median"], "p90": s["p90"],
           "mean": s["mean"], "within": s["within"], "norm": norm}
    if norm is not None and s["n"]:  # the counts past and within the norm, tallies of their own records
        row["over"] = sum((c for v, c in hist if v > norm), 0)
        row["within"] = _share(sum((c for v, c in hist if v <= norm), 0), s["n"])
    return row


def _sort_count(value) -> int:
    """The count a row is ordered by: its published number, and 0 for every count shown as "<5"
    (an order among those would rank what they hide)."""
    from .disclosure import MIN_CELL

    published = publish(value) or 0
    return published if published >= MIN_CELL else 0


def _share(part: int, whole: int) -> float | None:
    """part / whole as a `Ratio` (published from the published counts), None without a whole."""
    return Ratio(part, whole) if whole else None


def _counted(kind: str, **counts: Q | None) -> dict:
    """Aggregates for `.annotate()`: per name a count of the records of type `kind` (those matching
    the Q, or all for None) and beside it (`k_<name>`) the sum of their record keys."""
    out = {}
    for name, q in counts.items():
        out[name] = Count("id", filter=q)
        out[f"k_{name}"] = key_sum(kind, filter=q)
    return out


def _tallied(row: dict, kind: str) -> dict:
    """The row of a `_counted` query with each count as a `Tally` (its `k_` sums folded in)."""
    keys = {name[2:] for name in row if name.startswith("k_")}
    return {name: tally(value, row.get(f"k_{name}")) if name in keys else value
            for name, value in row.items() if not (name.startswith("k_") and name[2:] in keys)}


# ------------------------------------------------------------------------------ 1. inflow


class Live:
    """The reference source of every figure: live aggregations on the registration. The fast
    source (`facts.FactSource`) answers the same questions from the pre-aggregated tables and must
    give exactly the same numbers (tests/dashboard/test_facts.py)."""

    name = "live"

    def inflow_signals(self, f: Filters) -> list[dict]:
        """[{m, t, c, r, n}]: signals per month, theme, channel and unit."""
        return [{**row, "n": tally(row["n"], row.pop("k"))} for row in signals_in(f).values(
            m=TruncMonth("received_on"), t=F("theme_id"), c=F("channel"), r=F("region_id")).annotate(
            n=Count("id"), k=key_sum(SIGNAL))]

    def routes(self, f: Filters) -> list[tuple]:
        """[(month, route, n)]: current triage decisions by month of the decision."""
        decisions = TriageDecision.objects.filter(
            signal_q(f, "signal__"), current=True, decided_at__gte=_aware(f.start),
            decided_at__lt=_aware(f.end + timedelta(days=1)),
        )
        if f.case_type_id:
            decisions = decisions.filter(Exists(Case.objects.filter(signal=OuterRef("signal_id"),
                                                                    case_type_id=f.case_type_id)))
        return [(_as_date(row["m"]), row["route_"], tally(row["n"], row["k"])) for row in decisions.order_by().values(
            m=TruncMonth("decided_at"), route_=F("route")).annotate(n=Count("id"), k=key_sum(DECISION))]

    def time_to_triage(self, f: Filters) -> list[tuple]:
        """[(unit, working days, n)] from receipt to the first triage decision."""
        first = TriageDecision.objects.filter(
            signal_q(f, "signal__"), supersedes__isnull=True, signal__received_on__gte=f.start,
            signal__received_on__lte=f.end)
        if f.case_type_id:
            first = first.filter(Exists(Case.objects.filter(signal=OuterRef("signal_id"),
                                                            case_type_id=f.case_type_id)))
        return working_day_histogram(
            first.order_by().values(rid=F("id"), reg=F("signal__region_id"), s=F("signal__received_on"),
                                    e=TruncDate("decided_at")), ["reg"], kind=DECISION)

    # Throughput ------------------------------------------------------------------------------

    def closed_throughput(self, f: Filters) -> list[tuple]:
        """[(case type, net working days, n)] of cases closed in the period."""
        return [(ctype, days, n) for ctype, _reg, days, n in net_days_histogram(_case_base(
            cases_in(f).filter(closed_on__gte=f.start, closed_on__lte=f.end), F("closed_on")))]

    def open_ages(self, f: Filters, ref: date) -> list[tuple]:
        """[(case type, unit, net working days, n)] of cases open on `ref`."""
        return net_days_histogram(_case_base(
            cases_in(f).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=ref), opened_on__lte=ref),
            Value(ref, output_field=DateField())))

    def overdue_steps(self, f: Filters, today: date) -> list[tuple]:
        """[(case type, step, open cases in it, past the step's norm today)]."""
        cal = _cal()
        sql, params = cases_in(f).filter(closed_on__isnull=True).values(
            cid=F("id"), ctype=F("case_type_id"), step=F("status__step"), norm=F("status__norm_days"),
            since=F("status_since")).query.sql_with_params()
        rk = _rk(CASE, "b.cid")
        return [(c, s, tally(n, k), tally(o, ok)) for c, s, n, k, o, ok in _run(
            f"SELECT b.ctype, b.step, COUNT(*), SUM({rk}), SUM(CASE WHEN cd.day < %s THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN cd.day < %s THEN {rk} ELSE 0 END) FROM ({sql}) b "
            f"JOIN {cal} cs ON cs.day = b.since JOIN {cal} cd ON cd.wd = cs.wd + b.norm AND cd.working = %s "
            f"GROUP BY b.ctype, b.step", [today, today, *params, True])]

    def step_times(self, f: Filters) -> list[tuple]:
        """[(case type, step, working days, n)] of cases closed in the period."""
        return _step_histogram(cases_in(f).filter(closed_on__gte=f.start, closed_on__lte=f.end))

    def pauses(self, f: Filters, ref: date) -> list[tuple]:
        """[(delay reason, working days paused up to `ref`, n)] of pauses started in the period."""
        pauses = Pause.objects.filter(started_on__gte=f.start, started_on__lte=f.end,
                                      case__in=cases_in(f).values("pk")).order_by()
        return working_day_histogram(pauses.values(
            pid=F("id"), rid=F("reason_id"), s=F("started_on"),
            e=DbCase(When(Q(ended_on__isnull=True) | Q(ended_on__gt=ref), then=Value(ref, output_field=DateField())),
                     default=F("ended_on"), output_field=DateField())), ["rid"], kind=PAUSE, pk="pid")

    # Registration quality --------------------------------------------------------------------

    def quality_signals(self, f: Filters) -> dict:
        """(unit, month) -> signals, ok_reporter, ok_source, decisions, ok_rationale, registered,
        ok_registration."""
        checks = _signal_checks()
        per = defaultdict(lambda: defaultdict(int))
        for row in signals_in(f).values(reg=F("region_id"), m=TruncMonth("received_on")).annotate(
                n=Count("id"), k=key_sum(SIGNAL), **{f"ok_{k}": Count("id", filter=q) for k, q in checks.items()},
                **{f"kok_{k}": key_sum(SIGNAL, filter=q) for k, q in checks.items()}):
            key = (row["reg"], _as_date(row["m"]))
            per[key]["signals"] += tally(row["n"], row["k"])
            for k in checks:
                per[key][f"ok_{k}"] += tally(row[f"ok_{k}"], row[f"kok_{k}"])
        decisions = TriageDecision.objects.filter(current=True, signal__in=signals_in(f).values("pk"))
        for row in decisions.annotate(rl=Length("rationale")).values(
                reg=F("signal__region_id"), m=TruncMonth("signal__received_on")).annotate(
                n=Count("id"), k=key_sum(DECISION), ok=Count("id", filter=Q(rl__gte=10)),
                kok=key_sum(DECISION, filter=Q(rl__gte=10))).order_by():
            key = (row["reg"], _as_date(row["m"]))
            per[key]["decisions"] += tally(row["n"], row["k"])
            per[key]["ok_rationale"] += tally(row["ok"], row["kok"])
        for reg, month, days, n in working_day_histogram(signals_in(f).values(
                rid=F("id"), reg=F("region_id"), m=TruncMonth("received_on"), s=F("received_on"),
                e=TruncDate("registered_at")), ["reg", "m"], kind=SIGNAL):
            key = (reg, _as_date(month) if not isinstance(month, str) else date.fromisoformat(month[:10]))
            per[key]["registered"] += n
            if days <= REGISTRATION_NORM_WORKING_DAYS:
                per[key]["ok_registration"] += n
        return per

    def quality_cases(self, f: Filters) -> dict:
        """unit -> {n, ok_breach, ok_care} of cases opened in the period."""
        return {row["reg"]: _tallied(row, CASE) for row in cases_in(f).filter(
            opened_on__gte=f.start, opened_on__lte=f.end).values(reg=F("signal__region_id")).annotate(
            **_counted(CASE, n=None, ok_breach=~Q(suspected_breach=""), ok_care=Q(care_contact__isnull=False)))}

    def updates_on_time(self, f: Filters, today: date) -> dict:
        """unit -> {n, ok}: open cases after the aanzegging, last status update within the interval."""
        return {row["reg"]: _tallied(row, CASE) for row in cases_in(f).filter(
            closed_on__isnull=True, aanzegging__isnull=False).values(reg=F("signal__region_id")).annotate(
            **_counted(CASE, n=None, ok=_update_on_time_q(today)))}

    def gap_counts(self, f: Filters, today: date) -> dict[str, int]:
        """The number of missing items per key of `quality_gaps` (f has the unit set), and under
        "signals" the unit's signals of the period (the population the drill-down describes)."""
        out = {}
        for gap in quality_gaps(f, f.region_id):
            qs, kind = (gap["signals"], SIGNAL) if "signals" in gap else (gap["cases"], CASE)
            row = qs.aggregate(n=Count("id"), k=key_sum(kind))
            out[gap["key"]] = tally(row["n"], row["k"])
        row = signals_in(f).aggregate(n=Count("id"), k=key_sum(SIGNAL))
        out["signals"] = tally(row["n"], row["k"])
        return out

    # Equal treatment and care ----------------------------------------------------------------

    def decision_groups(self, f: Filters) -> list[dict]:
        return decision_groups(f)

    def care_units(self, f: Filters, today: date) -> dict:
        return _care_units(f, today)

    def referrals(self, f: Filters) -> list[dict]:
        """[{desk, n, team}] of referrals in the period."""
        from vik.care.models import Referral

        referrals = Referral.objects.filter(case__in=cases_in(f).values("pk"), referred_on__gte=f.start,
                                            referred_on__lte=f.end).order_by()
        return [_tallied(row, REFERRAL) for row in referrals.values("desk").annotate(
            **_counted(REFERRAL, n=None, team=Q(for_team=True)))]

    def stamp(self) -> str:
        """When the figures were computed (shown on the page): now, from the registration itself."""
        from django.utils.translation import gettext as _

        return _("Cijfers rechtstreeks uit de registratie")


LIVE = Live()


def inflow(f: Filters, source=LIVE) -> Result:
    themes, units = _names(Theme), _unit_names()
    channels = dict(Channel.choices)
    grouped = source.inflow_signals(f)
    per_month, per_theme, per_channel, per_unit = defaultdict(int), defaultdict(int), defaultdict(int), \
        defaultdict(int)
    total = 0
    for row in grouped:
        per_month[_as_date(row["m"])] += row["n"]
        per_theme[row["t"]] += row["n"]
        per_channel[row["c"]] += row["n"]
        per_unit[row["r"]] += row["n"]
        total += row["n"]
    months = _months(f)
    count_cols = [Column("label", _("Maand"), "label"), Column("n", _("Meldingen"))]
    # Every partition of the signals (per month, theme, channel, unit) adds up to the total of the
    # key figures; the routes likewise add up to the decisions there (see t_key).
    t_month = Table("per_month", _("Meldingen per maand"), count_cols,
                    [{"label": _month_label(m), "n": per_month.get(m, 0)} for m in months])

    def by(key, title, label, counts, names, every=True, selection=False):
        # Every category is listed, also with none (a missing row would say "not zero"), and the
        # rows are ordered by the published count: an order by the true counts would tell which of
        # two equal-looking (or hidden) cells is larger.
        keys = set(counts) | (set(names) if every else set())
        rows = sorted(({"label": str(names.get(k, k)), "n": counts.get(k, 0), "share": _share(counts.get(k, 0), total)}
                       for k in keys), key=lambda r: (-_sort_count(r["n"]), r["label"]))
        return Table(key, title, [Column("label", label, "label"), Column("n", _("Meldingen")),
                                  Column("share", _("Aandeel"), "share", base="n", part=("n",),
                                         hidden_with_cell=(("key", 0, "total"),))], rows,
                     sums=[Identity(tuple((key, i, "n") for i in range(len(rows))), ("key", 0, "total"))],
                     selection=selection, meta={"order_by": "n"})

    t_theme = by("per_theme", _("Meldingen per thema"), _("Thema"), per_theme, themes)
    t_channel = by("per_channel", _("Meldingen per kanaal"), _("Kanaal"), per_channel, channels)
    t_unit = by("per_unit", _("Meldingen per eenheid"), _("Eenheid"), per_unit, units, every=not f.region_id,
                selection=bool(f.region_id))

    # Triage routes over time: the current decision of each signal, by month of the decision.
    routes = defaultdict(lambda: defaultdict(int))
    for month, route, n in source.routes(f):
        routes[month][route] += n
    route_cols = [Column("label", _("Maand"), "label"), Column("total", _("Besluiten"))]
    route_cols += [Column(r.value, r.label, in_total=True) for r in Route]
    route_cols += [Column("share_line", _("Aandeel lijn"), "share", base="total", part=(Route.LINE.value,)),
                   Column("share_investigation", _("Aandeel onderzoek"), "share", base="total",
                          part=tuple(r.value for r in INVESTIGATION_ROUTES))]
    route_rows = []
    for m in months:
        counts = routes.get(m, {})
        row_total = sum(counts.values())
        row = {"label": _month_label(m), "total": row_total, **{r.value: counts.get(r.value, 0) for r in Route}}
        row["share_line"] = _share(counts.get(Route.LINE, 0), row_total)
        row["share_investigation"] = _share(sum(counts.get(r, 0) for r in INVESTIGATION_ROUTES), row_total)
        route_rows.append(row)
    all_routes = defaultdict(int)
    for counts in routes.values():
        for k, v in counts.items():
            all_routes[k] += v
    decided = sum(all_routes.values())
    # The route totals of the period (next table) are the column sums of this one.
    t_routes = Table("routes_per_month", _("Triageroutes per maand"), route_cols, route_rows,
                     row_total="total",
                     sums=[Identity(tuple(("routes_per_month", i, "total") for i in range(len(route_rows))),
                                    ("key", 0, "decided")),
                           *[Identity(tuple(("routes_per_month", i, r.value) for i in range(len(route_rows))),
                               ("routes", k, "n")) for k, r in enumerate(Route)]],
                     note=_("Het huidige triagebesluit per melding, naar maand van het besluit. Lijn: "
                            "terug naar de leidinggevende; onderzoek: oriënterend, disciplinair of "
                            "strafrechtelijk. Een overdracht aan de landelijke triage telt niet als "
                            "onderzoek."))
    t_route_total = Table("routes", _("Triageroutes in de periode"), [
        Column("label", _("Route"), "label"), Column("n", _("Besluiten")),
        # Shares of the decisions in the key figures: hidden with that number (tester t22).
        Column("share", _("Aandeel"), "share", base="n", part=("n",), hidden_with_cell=(("key", 0, "decided"),))],
        [{"label": r.label, "n": all_routes.get(r.value, 0), "share": _share(all_routes.get(r.value, 0), decided)}
         for r in Route])

    # Time from receipt to the first triage decision, in working days.
    hist = _hist_by(source.time_to_triage(f), 1)
    rows = [_duration_row(units.get(k, "?"), hist.get((k,), []))
            for k in sorted(_every_unit(f, (k[0] for k in hist)), key=lambda k: units.get(k, ""))]
    rows.append(_duration_row(_("Totaal"), _merge(hist.values())))
    t_time = Table("time_to_triage", _("Tijd van ontvangst tot triage (werkdagen)"), [
        Column("label", _("Eenheid"), "label"),
        # Signals triaged: nearly the decisions of the key figures (not the same records: the first
        # decision against the current one), so hidden with that number (tester t22 read a hidden
        # 77 decisions off 78 triaged signals).
        Column("n", _("Meldingen"), hidden_with_cell=(("key", 0, "decided"),)),
        Column("median", _("Mediaan"), "number", base="n"), Column("p90", _("90e percentiel"), "number", base="n")],
        rows, note=_("Werkdagen van de datum van ontvangst tot het eerste triagebesluit."), additive=("n",),
        total_row=True, selection=bool(f.region_id))
    # The key figures of the overview page, protected together with the tables they sum up.
    routes_list = list(Route)
    line = all_routes.get(Route.LINE, 0)
    investigation = sum(all_routes.get(r, 0) for r in INVESTIGATION_ROUTES)
    t_key = Table("key", _("Kerncijfers"), [
        Column("label", _("Periode"), "label"), Column("total", _("Meldingen")),
        Column("decided", _("Triagebesluiten")),
        Column("line", _("Terug naar de lijn"), rest_of="decided"),
        Column("investigation", _("Naar een onderzoek"), rest_of="decided"),
        Column("share_line", _("Aandeel lijn"), "share", base="decided", part=("line",)),
        Column("share_investigation", _("Aandeel onderzoek"), "share", base="decided", part=("investigation",))],
        [{"label": f"{f.start:%d-%m-%Y} – {f.end:%d-%m-%Y}", "total": total, "decided": decided, "line": line,
          "investigation": investigation, "share_line": _share(line, decided),
          "share_investigation": _share(investigation, decided)}],
        sums=[Identity(tuple(("per_month", i, "n") for i in range(len(months))), ("key", 0, "total")),
              Identity(tuple(("routes", k, "n") for k in range(len(routes_list))), ("key", 0, "decided")),
              Identity((("routes", routes_list.index(Route.LINE), "n"),), ("key", 0, "line")),
              Identity(tuple(("routes", routes_list.index(r), "n") for r in INVESTIGATION_ROUTES),
                  ("key", 0, "investigation"))])
    return Result(
        _("Instroom en triage"),
        _("Hoeveel meldingen komen binnen, waarover en via welk kanaal, en welke route kiest de triage. "
          "De hervorming beoogt dat meer zaken in de lijn worden afgehandeld en minder in een onderzoek."),
        [t_month, t_theme, t_channel, t_unit, t_routes, t_route_total, t_time, t_key],
        [ChartSpec("series", _("Meldingen per maand"), "per_month", "label", ("n",), columns=True),
         ChartSpec("series", _("Aandeel lijn en onderzoek per maand"), "routes_per_month", "label",
                   ("share_line", "share_investigation"), percent=True),
         ChartSpec("bars", _("Meldingen per thema"), "per_theme", "label", ("n",)),
         ChartSpec("bars", _("Meldingen per kanaal"), "per_channel", "label", ("n",)),
         ChartSpec("bars", _("Meldingen per eenheid"), "per_unit", "label", ("n",)),
         ChartSpec("ranges", _("Tijd tot triage per eenheid (werkdagen)"), "time_to_triage", "label",
                   ("median", "p90", ""))],
        extra={"total": total, "decided": decided,
               "share_line": _share(all_routes.get(Route.LINE, 0), decided),
               "share_investigation": _share(sum(all_routes.get(r, 0) for r in INVESTIGATION_ROUTES), decided)},
    )


# -------------------------------------------------------------------------- 2. throughput


def _case_base(qs: QuerySet, end) -> QuerySet:
    return qs.values(cid=F("id"), ctype=F("case_type_id"), reg=F("signal__region_id"), s=F("opened_on"), e=end)


def throughput(f: Filters, source=LIVE) -> Result:
    types = {ct.pk: ct for ct in CaseType.objects.all()}
    units = _unit_names()
    ref = _reference_day(f)

    closed = _hist_by(source.closed_throughput(f), 1)
    t_norm = Table("throughput", _("Doorlooptijd afgesloten onderzoeken (netto werkdagen)"), [
        Column("label", _("Type"), "label"), Column("n", _("Afgesloten"), population=True),
        Column("median", _("Mediaan"), "number", base="n"),
        # Hidden with the share within the norm: a 90th percentile under the norm told that one
        # of 14 cases was late where the share was hidden (tester t20).
        Column("p90", _("90e percentiel"), "number", base="n", hidden_with=("within",)),
        Column("norm", _("Norm"), "number"),
        Column("within", _("Binnen norm"), "share", base="n", count_ratio=True)],
        [_duration_row(types[k[0]].name, h, types[k[0]].throughput_norm_days)
         for k, h in sorted(closed.items(), key=lambda i: types[i[0][0]].name)],
        note=_("Netto doorlooptijd: werkdagen van start tot afsluiting, minus de werkdagen waarin de klok "
               "stilstond voor een vertrager."))

    open_rows = source.open_ages(f, ref)
    by_type_unit = _hist_by(open_rows, 2)
    rows = []
    for (ctype, reg), h in sorted(by_type_unit.items(), key=lambda i: (types[i[0][0]].name, units.get(i[0][1], ""))):
        norm = types[ctype].throughput_norm_days
        row = _duration_row(f"{types[ctype].name} – {units.get(reg, '?')}", h, norm)
        row["type"] = ctype
        rows.append(row)
    t_open = Table("open", _("Lopende onderzoeken en hun leeftijd (netto werkdagen)"), [
        Column("label", _("Type – eenheid"), "label"), Column("n", _("Lopend"), population=True),
        # Hidden with the count over the norm: a 90th percentile above the norm beside "<10" over
        # the norm told that at least one of 9 cases was (tester t20).
        Column("median", _("Mediane leeftijd"), "number", base="n", hidden_with=("over",)),
        Column("p90", _("90e percentiel"), "number", base="n", hidden_with=("over",)),
        Column("norm", _("Norm"), "number"),
        Column("over", _("Over de norm"), rest_of="n")], rows,
        note=_("Stand op %(d)s.") % {"d": ref.strftime("%d-%m-%Y")}, additive=("n",), group="type")

    # Overdue steps (today's state): the step's norm has passed without the next step.
    today = timezone.localdate()
    overdue_rows = source.overdue_steps(f, today)
    steps = dict(Step.choices)
    order = {(st.case_type_id, st.step): st.order for st in StatusType.objects.all()}
    t_overdue = Table("overdue", _("Stappen over hun termijn (stand van vandaag)"), [
        Column("label", _("Type – stap"), "label"), Column("n", _("Lopend in deze stap"), population=True),
        Column("overdue", _("Termijn verstreken"), rest_of="n"),
        Column("share", _("Aandeel"), "share", base="n", part=("overdue",))],
        [{"label": f"{types[c].name} – {steps.get(s, s)}", "n": n, "overdue": o, "share": _share(o, n), "type": c}
         for c, s, n, o in sorted(overdue_rows, key=lambda r: (types[r[0]].name, order.get((r[0], r[1]), 0)))],
        # The open cases of a type add up to the same number here and in the previous table.
        additive=("n",), group="type")

    # Where the time goes: working days per process step of closed cases (StatusChange history).
    step_hist = _hist_by(source.step_times(f), 2)
    type_totals = defaultdict(int)
    for (ctype, _s), h in step_hist.items():
        type_totals[ctype] += sum(v * c for v, c in h)
    rows = []
    for (ctype, step), h in sorted(step_hist.items(), key=lambda i: (types[i[0][0]].name, order.get(i[0], 0))):
        row = _duration_row(f"{types[ctype].name} – {steps.get(step, step)}", h)
        row["time_share"] = _share(sum(v * c for v, c in h), type_totals[ctype])
        rows.append(row)
    t_steps = Table("steps", _("Tijd per processtap (afgesloten onderzoeken, werkdagen)"), [
        Column("label", _("Type – stap"), "label"), Column("n", _("Onderzoeken")),
        Column("median", _("Mediaan"), "number", base="n"), Column("mean", _("Gemiddeld"), "number", base="n"),
        # Not a `whole`: the means beside it give every share anyway (tester t23); both are magnitudes
        # of the cases, shown from five cases.
        Column("time_share", _("Aandeel van de totale tijd"), "share", base="n")], rows,
        note=_("Van de datum waarop een stap begon tot de datum van de volgende stap."),
        population=sum((r["n"] for r in t_norm.rows), 0))  # the closed cases the steps describe

    # Pauses per delaying factor (vertrager), for pauses that started in the period. No sums of
    # days: a sum carries no noise, and the sums of all types minus two types gave the third
    # type's withheld table exactly (tester t20). The share of the time stood still is a ratio of
    # sums nobody sees; the median is no sum.
    reasons = _names(DelayReason)
    pause_hist = _hist_by(source.pauses(f, ref), 1)
    paused_total = sum(v * c for h in pause_hist.values() for v, c in h)
    rows = []
    # By name: an order by the true time stood still would rank the rows whose figures are hidden.
    for (rid,), h in sorted(pause_hist.items(), key=lambda i: str(reasons.get(i[0][0], ""))):
        row = _duration_row(reasons.get(rid, "?"), h)
        row["time_share"] = _share(sum(v * c for v, c in h), paused_total)
        rows.append(row)
    t_pauses = Table("pauses", _("Vertragers: pauzes per reden"), [
        Column("label", _("Vertrager"), "label"), Column("n", _("Pauzes"), population=True),
        Column("median", _("Mediane duur"), "number", base="n"),
        Column("time_share", _("Aandeel stilstand"), "share", base="n", whole=True)], rows)
    return Result(
        _("Doorlooptijden"),
        _("Hoe lang duren onderzoeken, halen ze hun norm, welke stappen lopen uit en waar gaat de tijd "
          "naartoe. Alle duren in werkdagen; de klok staat stil tijdens een geregistreerde vertrager."),
        [t_norm, t_open, t_overdue, t_steps, t_pauses],
        [ChartSpec("ranges", _("Doorlooptijd per type tegen de norm"), "throughput", "label",
                   ("median", "p90", "norm")),
         ChartSpec("bars", _("Aandeel binnen de norm"), "throughput", "label", ("within",), percent=True),
         ChartSpec("ranges", _("Leeftijd lopende onderzoeken"), "open", "label", ("median", "p90", "norm")),
         ChartSpec("bars", _("Stappen over hun termijn"), "overdue", "label", ("overdue",)),
         ChartSpec("bars", _("Waar gaat de tijd naartoe: aandeel per stap"), "steps", "label", ("time_share",),
                   percent=True),
         ChartSpec("bars", _("Aandeel stilstand per vertrager"), "pauses", "label", ("time_share",),
                   percent=True)],
    )


def _step_histogram(cases: QuerySet, extra: dict | None = None) -> list[tuple]:
    """[(case type, step, working days, count)]: per case the working days from each status change
    to the next, summed per step. `extra` (alias -> expression on the case) adds group columns in
    front: [(*extra, case type, step, working days, count)]."""
    cal = _cal()
    qn = connection.ops.quote_name
    extra = extra or {}
    sql, params = cases.values(cid=F("id"), ctype=F("case_type_id"), **extra).query.sql_with_params()
    xs = "".join(f"{{p}}.{qn(k)}, " for k in extra)
    sc, st = qn(StatusChange._meta.db_table), qn(StatusType._meta.db_table)
    on = qn("on")
    # A step can be recorded more than once (a repeated act); its time is summed per case first.
    xb, xx, xy = xs.format(p="b"), xs.format(p="x"), xs.format(p="y")
    query = (
        f"SELECT {xy}y.ctype, y.step, y.days, COUNT(*), SUM({_rk(CASE, 'y.cid')}) FROM ("
        f" SELECT {xx}x.cid, x.ctype, x.step, SUM(c2.wd - c1.wd) AS days FROM ("
        f"  SELECT {xb}sc.case_id AS cid, b.ctype AS ctype, st.step AS step, sc.{on} AS day_from,"
        f"   LEAD(sc.{on}) OVER (PARTITION BY sc.case_id ORDER BY sc.{on}, sc.id) AS day_to"
        f"  FROM {sc} sc JOIN ({sql}) b ON b.cid = sc.case_id JOIN {st} st ON st.id = sc.status_id) x"
        f" JOIN {cal} c1 ON c1.day = x.day_from JOIN {cal} c2 ON c2.day = x.day_to"
        f" GROUP BY {xx}x.cid, x.ctype, x.step) y "
        f"GROUP BY {xy}y.ctype, y.step, y.days"
    )
    return [(*row[:-2], tally(row[-2], row[-1])) for row in _run(query, params)]


# ------------------------------------------------------------------ 3. registration quality

QUALITY_COMPONENTS = ("completeness", "registration", "rationale", "updates")


def _update_on_time_q(today: date, prefix: str = "") -> Q:
    """Open cases whose last contact with the betrokkene is within the type's update interval."""
    q = Q(pk__in=[])
    for weeks in CaseType.objects.values_list("update_interval_weeks", flat=True).distinct():
        q |= Q(**{f"{prefix}case_type__update_interval_weeks": weeks,
                  f"{prefix}last_update_on__gte": today - timedelta(weeks=weeks)})
    return q


def _signal_checks(prefix: str = "") -> dict[str, Q]:
    """Required fields of a signal, each as the Q of a signal that has it."""
    return {
        "reporter": Q(**{f"{prefix}channel": Channel.ANONYMOUS}) | Q(**{f"{prefix}reporter__isnull": False})
        | ~Q(**{f"{prefix}reporter_description": ""}),
        "source": ~Q(**{f"{prefix}channel": Channel.PROTECTIVE_MONITORING}) | ~Q(**{f"{prefix}source_reference": ""}),
    }


def quality(f: Filters, source=LIVE) -> Result:
    units = _unit_names()
    today = timezone.localdate()
    per = source.quality_signals(f)  # (region, month) -> counts
    case_counts = source.quality_cases(f)
    update_counts = source.updates_on_time(f, today)

    def components(c: dict, cc: dict | None, uc: dict | None) -> dict:
        checks_total = 2 * c["signals"] + 2 * (cc["n"] if cc else 0)
        checks_ok = c["ok_reporter"] + c["ok_source"] + ((cc["ok_breach"] + cc["ok_care"]) if cc else 0)
        return {
            "completeness": _share(checks_ok, checks_total),
            "registration": _share(c["ok_registration"], c["registered"]),
            "rationale": _share(c["ok_rationale"], c["decisions"]),
            "updates": _share(uc["ok"], uc["n"]) if uc else None,
        }

    def score(parts: dict) -> float | None:
        values = [v for v in parts.values() if v is not None]
        return Mean(values) if values else None

    regions = sorted(_every_unit(f, {reg for reg, _m in per} | set(case_counts)), key=lambda r: units.get(r, ""))
    rows = []
    for reg in regions:
        total = defaultdict(int)
        for (r, _m), counts in per.items():
            if r == reg:
                for k, v in counts.items():
                    total[k] += v
        parts = components(total, case_counts.get(reg), update_counts.get(reg))
        uc = update_counts.get(reg)
        rows.append({"label": units.get(reg, "?"), "unit_id": reg, "n": total["signals"], **parts,
                     "updates_n": uc["n"] if uc else 0, "score": score(parts)})
    share = "share"
    t_units = Table("units", _("Registratiekwaliteit per eenheid"), [
        Column("label", _("Eenheid"), "label"), Column("n", _("Meldingen")),
        Column("completeness", _("Volledigheid"), share, base="n"),
        Column("registration", _("Tijdig geregistreerd"), share, base="n"),
        Column("rationale", _("Triagemotivering aanwezig"), share, base="n"),
        # The base of the updates share is shown too: a share of a count nobody sees gave away
        # the one late update that the care view hides (tester t16).
        Column("updates_n", _("Lopend na aanzegging"), population=True),
        Column("updates", _("Statusupdates op tijd"), share, base="updates_n", count_ratio=True),
        Column("score", _("Score"), share, base="n",
               mean_of=("completeness", "registration", "rationale", "updates"))], rows, additive=("n",),
        note=_("Volledigheid: het aandeel van alle controles dat in orde is (per melding: melder vastgelegd "
               "tenzij anoniem, bronkenmerk bij protective monitoring; per onderzoek: omschrijving van de "
               "verdenking en een zorgcontactpersoon). Tijdig: geregistreerd binnen %(n)d werkdagen na "
               "ontvangst. Statusupdates: stand van vandaag. De score is het gemiddelde van de onderdelen; is "
               "een onderdeel afgeschermd (–), dan ook de score.") % {"n": REGISTRATION_NORM_WORKING_DAYS},
        selection=bool(f.region_id))
    months = _months(f)
    trend_cols = [Column("label", _("Maand"), "label")]
    trend_rows = [{"label": _month_label(m)} for m in months]
    for reg in regions:
        key = f"u{reg}"
        trend_cols += [Column(f"{key}_n", _("%(u)s: meldingen") % {"u": units.get(reg, "?")}, in_total=True),
                       Column(key, units.get(reg, "?"), share, base=f"{key}_n")]
        for m, row in zip(months, trend_rows, strict=True):
            c = per.get((reg, m))
            c = c if c and c["signals"] else None
            row[f"{key}_n"] = c["signals"] if c else 0
            row[key] = score({k: v for k, v in components(c, None, None).items() if k != "updates"}) if c else None
    # A unit's signals per month add up to its count in the table above.
    t_trend = Table("trend", _("Score per maand (meldingen van die maand)"), trend_cols, trend_rows,
                    note=_("De maandscore telt alleen wat van de meldingen zelf is vast te stellen: melder en "
                           "bronkenmerk vastgelegd, tijdig geregistreerd, triagemotivering aanwezig. Onderdelen "
                           "van onderzoeken en statusupdates tellen per eenheid wel mee, per maand niet; de "
                           "scores kunnen daarom verschillen. Een maand met een onderdeel dat te weinig gevallen "
                           "of te weinig afwijkingen telt om te tonen, krijgt geen score (–)."),
                    sums=[Identity(tuple(("trend", i, f"u{reg}_n") for i in range(len(trend_rows))), ("units", k, "n"))
                          for k, reg in enumerate(regions)])
    return Result(
        _("Registratiekwaliteit"),
        _("Hoe volledig, tijdig en gemotiveerd registreren de eenheden? Eenheden kunnen doorklikken naar "
          "de ontbrekende onderdelen; medewerkers van de eenheid zien daar de kenmerken van de zaken die zij "
          "mogen inzien, beleidsmedewerkers alleen aantallen."),
        [t_units, t_trend],
        [ChartSpec("bars", _("Score per eenheid"), "units", "label", ("score",), percent=True),
         ChartSpec("series", _("Score per maand"), "trend", "label", tuple(f"u{r}" for r in regions), percent=True)],
    )


def _wd_of(day) -> Subquery:
    """The working-day number of a date expression (NULL outside the calendar)."""
    from .models import CalendarDay

    calendar.ensure_table()
    return Subquery(CalendarDay.objects.filter(day=day).values("wd")[:1])


def quality_gaps(f: Filters, region_id: int) -> list[dict]:
    """The missing items of one unit, as querysets (the view decides what the user may see)."""
    f = Filters(f.start, f.end, region_id, f.case_type_id, f.theme_id)
    today = timezone.localdate()
    signals = signals_in(f)
    checks = _signal_checks()
    cases = cases_in(f)
    late = signals.annotate(reg_day=TruncDate("registered_at")).annotate(
        wd_s=_wd_of(OuterRef("received_on")), wd_e=_wd_of(OuterRef("reg_day"))).filter(
        wd_e__gt=F("wd_s") + REGISTRATION_NORM_WORKING_DAYS)
    return [
        {"key": "reporter", "label": _("Melder niet vastgelegd (niet-anonieme melding)"),
         "signals": signals.exclude(checks["reporter"])},
        {"key": "source", "label": _("Bronkenmerk ontbreekt bij protective monitoring"),
         "signals": signals.exclude(checks["source"])},
        {"key": "registration", "label": _("Later geregistreerd dan %(n)d werkdagen na ontvangst")
         % {"n": REGISTRATION_NORM_WORKING_DAYS}, "signals": Signal.objects.filter(pk__in=late.values("pk"))},
        {"key": "rationale", "label": _("Triagebesluit zonder (volledige) motivering"),
         "signals": signals.filter(pk__in=TriageDecision.objects.filter(current=True).annotate(
             rl=Length("rationale")).filter(rl__lt=10).values("signal_id"))},
        {"key": "breach", "label": _("Onderzoek zonder omschrijving van de verdenking (gestart in de periode)"),
         "cases": cases.filter(opened_on__gte=f.start, opened_on__lte=f.end, suspected_breach="")},
        {"key": "care", "label": _("Onderzoek zonder zorgcontactpersoon (gestart in de periode)"),
         "cases": cases.filter(opened_on__gte=f.start, opened_on__lte=f.end, care_contact__isnull=True)},
        {"key": "updates", "label": _("Lopend onderzoek met achterstallige statusupdate"),
         "cases": cases.filter(closed_on__isnull=True, aanzegging__isnull=False).exclude(_update_on_time_q(today))},
    ]


def quality_gap_bases(f: Filters, region_id: int) -> dict[str, int]:
    """Per gap of `quality_gaps` the number of records it is a part of (its base): the gap and
    the rest of its base are a breakdown, and the other views publish the base or a share of it
    (tester t18: "7 of the national unit's cases without a care contact" beside the care view's
    8 cases and its hidden share)."""
    f = Filters(f.start, f.end, region_id, f.case_type_id, f.theme_id)
    signals, cases = signals_in(f), cases_in(f)
    started = cases.filter(opened_on__gte=f.start, opened_on__lte=f.end).count()
    return {
        "reporter": signals.exclude(channel=Channel.ANONYMOUS).count(),
        "source": signals.filter(channel=Channel.PROTECTIVE_MONITORING).count(),
        "registration": signals.count(),
        "rationale": signals.filter(triage_decisions__current=True).count(),
        "breach": started, "care": started,
        "updates": cases.filter(closed_on__isnull=True, aanzegging__isnull=False).count(),
    }


# ------------------------------------------------------------------------ 4. equal treatment

OUTCOME_ORDER = (Outcome.NO_BREACH, Outcome.CORRECTIVE, Outcome.BREACH_MEASURE)


def decisions_in(f: Filters) -> QuerySet[Decision]:
    qs = Decision.objects.filter(signal_q(f, "case__signal__"), decided_on__gte=f.start, decided_on__lte=f.end)
    if f.case_type_id:
        qs = qs.filter(case__case_type_id=f.case_type_id)
    return qs.order_by()


def decision_groups(f: Filters, qs: QuerySet | None = None, extra: dict | None = None) -> list[dict]:
    """Decisions grouped by theme, severity (from the current triage decision), unit, manager or
    not, outcome, measure and whether personal circumstances were recorded (`qs` instead of the
    decisions of `f`, `extra` more group columns: used by the fact tables)."""
    severity = Subquery(TriageDecision.objects.filter(signal_id=OuterRef("case__signal_id"), current=True)
                        .values(sev=KT("scores__severity"))[:1])
    rows = (decisions_in(f) if qs is None else qs).annotate(sev=severity).values(
        "sev", **(extra or {}), theme=F("case__signal__theme_id"), reg=F("case__signal__region_id"),
        manager=F("case__subject__is_manager"), out=F("outcome"), meas=F("measure"),
        pc=DbCase(When(personal_circumstances="", then=Value(False)), default=Value(True)),
    ).annotate(**_counted(JUDGEMENT, n=None))
    out = []
    for row in rows:
        row = _tallied(row, JUDGEMENT)
        sev = row["sev"]
        out.append({**row, "sev": int(sev) if sev not in (None, "") else None, "manager": bool(row["manager"]),
                    "pc": bool(row["pc"])})
    return out


def _strata(groups: list[dict], group_key: str) -> tuple[list, list]:
    """Per stratum (theme, severity) a table groups x [punished, not punished]."""
    keys = sorted({g[group_key] for g in groups}, key=str)
    tables = defaultdict(lambda: {k: [0, 0] for k in keys})
    for g in groups:
        if g["sev"] is None:
            continue
        cell = tables[(g["theme"], g["sev"])][g[group_key]]
        cell[0 if g["out"] == Outcome.BREACH_MEASURE else 1] += g["n"]
    return keys, [[t[k] for k in keys] for _stratum, t in sorted(tables.items(), key=lambda i: str(i[0]))]


def equality(f: Filters, source=LIVE) -> Result:
    units, themes = _unit_names(), _names(Theme)
    groups = source.decision_groups(f)
    outcomes = dict(Outcome.choices)
    measures = dict(Measure.choices)

    def distribution(key: str, label: str, name_of, every: Iterable) -> Table:
        # Every category is listed, also with no decisions: a table of only those present tells
        # by its labels which group the few decisions concern (tester t14: only "Medewerkers").
        agg = defaultdict(lambda: defaultdict(int), {k: defaultdict(int) for k in every})
        for g in groups:
            a = agg[g[key]]
            a["n"] += g["n"]
            a[g["out"]] += g["n"]
            a["pc"] += g["n"] if g["pc"] else 0
            if g["meas"]:
                a[f"m_{g['meas']}"] += g["n"]
        rows = []
        for k, a in sorted(agg.items(), key=lambda i: str(name_of(i[0]))):
            rows.append({"label": name_of(k), "n": a["n"], **{o.value: a[o.value] for o in OUTCOME_ORDER},
                         "punished": _share(a[Outcome.BREACH_MEASURE], a["n"]), "pc": _share(a["pc"], a["n"]),
                         **{f"m_{m}": a[f"m_{m}"] for m in measures}})
        cols = [Column("label", label, "label"), Column("n", _("Besluiten"))]
        cols += [Column(o.value, outcomes[o.value], in_total=True) for o in OUTCOME_ORDER]
        cols += [Column("punished", _("Aandeel disciplinaire straf"), "share", base="n",
                        part=(Outcome.BREACH_MEASURE.value,)),
                 Column("pc", _("Persoonlijke omstandigheden vastgelegd"), "share", base="n", count_ratio=True)]
        return Table(f"outcomes_{key}", _("Afdoening per %(g)s") % {"g": label.lower()}, cols, rows,
                     row_total="n", additive=("n", *(o.value for o in OUTCOME_ORDER)),
                     selection=key == "reg" and bool(f.region_id))

    def rank_name(manager: bool) -> str:
        return _("Leidinggevenden") if manager else _("Medewerkers")

    t_units = distribution("reg", _("Eenheid"), lambda r: units.get(r, "?"),
                           _every_unit(f, {g["reg"] for g in groups}))
    t_ranks = distribution("manager", _("Functie"), rank_name, (False, True))
    measure_cols = [Column("label", _("Functie"), "label"), Column("n", _("Straffen"))]
    measure_cols += [Column(f"m_{m}", lab, in_total=True) for m, lab in measures.items()]
    # The number of each punishment over both functions is published nowhere, so a punishment's
    # column is no breakdown of a published total (tester t14: over twelve months every punishment
    # was "<10" because each kind alone was given fewer than ten times).
    # A function's punishments are its decisions "with a disciplinary punishment" in the table
    # above: one number in two tables (tester t18 read the "×" there off "Straffen" here).
    t_measures = Table("measures", _("Opgelegde straffen per functie"), measure_cols, [
        {**{k: v for k, v in r.items() if k.startswith("m_") or k == "label"},
         "n": sum((v for k, v in r.items() if k.startswith("m_")), tally(0))} for r in t_ranks.rows],
        row_total="n", additive=("n",),
        sums=[Identity((("measures", i, "n"),), ("outcomes_manager", i, Outcome.BREACH_MEASURE.value))
              for i in range(len(t_ranks.rows))])

    # Comparable cases side by side: same theme and severity, managers against staff.
    max_severity = (Criterion.objects.filter(code="severity").values_list("max_score", flat=True).first()
                    or 3)
    # Every decision is in a stratum (an unknown severity too), so that each function's column here
    # adds up to its decisions in the table per function: declared, the two tables are one release
    # (tester t19 read the managers' withheld row off this table's zeros).
    strata_rows = defaultdict(lambda: defaultdict(int))
    for g in groups:
        row = strata_rows[(g["theme"], g["sev"])]
        prefix = "mgr" if g["manager"] else "staff"
        row[f"{prefix}_n"] += g["n"]
        row[f"{prefix}_p"] += g["n"] if g["out"] == Outcome.BREACH_MEASURE else 0
    strata = [{"label": (_("%(theme)s – ernst %(score)s van %(max)s") % {
                   "theme": themes.get(t, "?"), "score": sev, "max": max_severity} if sev is not None
                   else _("%(theme)s – ernst onbekend") % {"theme": themes.get(t, "?")}),
               "staff_n": r["staff_n"], "staff_share": _share(r["staff_p"], r["staff_n"]), "mgr_n": r["mgr_n"],
               "mgr_share": _share(r["mgr_p"], r["mgr_n"])}
              for (t, sev), r in sorted(strata_rows.items(),
                                        key=lambda i: (themes.get(i[0][0], ""), 99 if i[0][1] is None else i[0][1]))]
    t_strata = Table("comparable", _("Vergelijkbare zaken: zelfde thema en ernst"), [
        Column("label", _("Thema – ernst"), "label"),
        Column("staff_n", _("Medewerkers: besluiten"), population=True),
        Column("staff_share", _("Medewerkers: aandeel straf"), "share", base="staff_n", count_ratio=True),
        Column("mgr_n", _("Leidinggevenden: besluiten"), population=True),
        Column("mgr_share", _("Leidinggevenden: aandeel straf"), "share", base="mgr_n", count_ratio=True)],
        strata, sums=[Identity(tuple(("comparable", i, key) for i in range(len(strata))),
                               ("outcomes_manager", [r["label"] for r in t_ranks.rows].index(rank_name(manager)), "n"))
                      for key, manager in (("mgr_n", True), ("staff_n", False))])

    tests = {}
    for key, title in (("manager", _("Leidinggevenden tegenover medewerkers")), ("reg", _("Tussen eenheden"))):
        _keys, strata = _strata(groups, key)
        tests[key] = {"title": title, "result": stats.equality_test(strata)}
    pc = sum(g["n"] for g in groups if g["pc"])
    decided = sum(g["n"] for g in groups)
    return Result(
        _("Rechtsgelijkheid"),
        _("Krijgen vergelijkbare zaken een vergelijkbare afdoening, in alle eenheden en voor leidinggevenden "
          "en medewerkers gelijk (geen klassenjustitie)? Vergelijkbaar betekent hier: hetzelfde thema en "
          "dezelfde ernstscore bij de triage. Persoonlijke omstandigheden wegen altijd mee en kunnen een "
          "verschil rechtvaardigen."),
        [t_units, t_ranks, t_measures, t_strata],
        [ChartSpec("stacked", _("Afdoening per eenheid"), "outcomes_reg", "label",
                   tuple(o.value for o in OUTCOME_ORDER)),
         ChartSpec("stacked", _("Afdoening: leidinggevenden en medewerkers"), "outcomes_manager", "label",
                   tuple(o.value for o in OUTCOME_ORDER)),
         ChartSpec("bars", _("Aandeel besluiten met persoonlijke omstandigheden"), "outcomes_reg", "label",
                   ("pc",), percent=True)],
        extra={"tests": tests, "decided": decided, "pc_share": _share(pc, decided)},
    )


# ---------------------------------------------------------------------------- 5. care and rights

WARNING_CODES = ("friday_afternoon", "before_holiday", "non_working_day", "outside_office_hours")


def _care_units(f: Filters, today: date) -> dict:
    """unit -> n, care, other_care, referred (cases running in the period), updates_n, updates_ok
    (today), hearings, prep_ok, aanz, offered, friday, holiday, badly_timed."""
    from vik.care.models import Referral

    cases = cases_in(f)
    active = cases.filter(opened_on__lte=f.end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=f.start))
    referred = Referral.objects.filter(case=OuterRef("pk"))
    per_unit = {row["reg"]: _tallied(row, CASE) for row in active.values(reg=F("signal__region_id")).annotate(
        **_counted(CASE, n=None, care=Q(care_contact__isnull=False), other_care=~Q(care_contact_reason=""),
                   referred=Q(Exists(referred))))}
    for row in cases.filter(closed_on__isnull=True, aanzegging__isnull=False).values(
            reg=F("signal__region_id")).annotate(**_counted(CASE, n=None, ok=_update_on_time_q(today))):
        row = _tallied(row, CASE)
        target = per_unit.setdefault(row["reg"], {"n": 0, "care": 0, "other_care": 0, "referred": 0})
        target["updates_n"], target["updates_ok"] = row["n"], row["ok"]
    hearings = Hearing.objects.filter(kind=Hearing.Kind.HEARING, case__in=cases.values("pk"),
                                      scheduled_at__gte=_aware(f.start),
                                      scheduled_at__lt=_aware(f.end + timedelta(days=1))).order_by()
    for reg, need, waived, days, n in working_day_histogram(hearings.values(
            rid=F("id"), reg=F("case__signal__region_id"), need=F("case__case_type__hearing_preparation_days"),
            waived=F("preparation_waived"), s=F("invited_on"), e=TruncDate("scheduled_at")), ["reg", "need", "waived"],
            kind=HEARING):
        target = per_unit.setdefault(reg, {"n": 0, "care": 0, "other_care": 0, "referred": 0})
        target["hearings"] = target.get("hearings", 0) + n
        if waived or days >= need:
            target["prep_ok"] = target.get("prep_ok", 0) + n
    aanzeggingen = Aanzegging.objects.filter(case__in=cases.values("pk"), held_at__gte=_aware(f.start),
                                             held_at__lt=_aware(f.end + timedelta(days=1))).order_by()
    for row in aanzeggingen.values("warnings", reg=F("case__signal__region_id")).annotate(
            **_counted(AANZEGGING, n=None, offered=Q(care_offered=True))):
        row = _tallied(row, AANZEGGING)
        target = per_unit.setdefault(row["reg"], {"n": 0, "care": 0, "other_care": 0, "referred": 0})
        warnings = row["warnings"] or []
        target["aanz"] = target.get("aanz", 0) + row["n"]
        target["offered"] = target.get("offered", 0) + row["offered"]
        if "friday_afternoon" in warnings:
            target["friday"] = target.get("friday", 0) + row["n"]
        if "before_holiday" in warnings:
            target["holiday"] = target.get("holiday", 0) + row["n"]
        if warnings:
            target["badly_timed"] = target.get("badly_timed", 0) + row["n"]
    return per_unit


def care(f: Filters, source=LIVE) -> Result:
    from vik.care.models import CareDesk

    units = _unit_names()
    today = timezone.localdate()
    per_unit = source.care_units(f, today)
    rows = []
    for reg in sorted(_every_unit(f, per_unit), key=lambda k: units.get(k, "")):
        r = per_unit.get(reg) or {"n": 0, "care": 0, "other_care": 0, "referred": 0}
        rows.append({
            "label": units.get(reg, "?"), "n": r["n"], "care": _share(r["care"], r["n"]),
            "other_care": r["other_care"], "referred": _share(r["referred"], r["n"]),
            "updates_n": r.get("updates_n", 0), "updates": _share(r.get("updates_ok", 0), r.get("updates_n", 0)),
            "hearings": r.get("hearings", 0), "prep": _share(r.get("prep_ok", 0), r.get("hearings", 0)),
            "aanz": r.get("aanz", 0), "offered": _share(r.get("offered", 0), r.get("aanz", 0)),
            "friday": r.get("friday", 0), "holiday": r.get("holiday", 0),
            "badly_timed": _share(r.get("badly_timed", 0), r.get("aanz", 0)),
        })
    t_units = Table("care", _("Zorg en rechten per eenheid"), [
        Column("label", _("Eenheid"), "label"), Column("n", _("Onderzoeken"), population=True),
        Column("care", _("Met zorgcontactpersoon"), "share", base="n", count_ratio=True),
        Column("other_care", _("Zorg door een ander dan de leidinggevende"), rest_of="n"),
        Column("referred", _("Verwezen naar een zorgloket"), "share", base="n", count_ratio=True),
        Column("updates_n", _("Lopend na aanzegging"), population=True),
        Column("updates", _("Statusupdate op tijd"), "share", base="updates_n", count_ratio=True),
        Column("hearings", _("Hoorgesprekken"), population=True),
        Column("prep", _("Voorbereidingstijd gehaald"), "share", base="hearings", count_ratio=True),
        Column("aanz", _("Aanzeggingen"), population=True),
        Column("offered", _("Zorg aangeboden bij aanzegging"), "share", base="aanz", count_ratio=True),
        Column("friday", _("Op vrijdagmiddag"), rest_of="aanz"),
        Column("holiday", _("Vóór een feestdag"), rest_of="aanz"),
        Column("badly_timed", _("Ongelukkig getimed"), "share", base="aanz", count_ratio=True)], rows,
        note=_("Onderzoeken die in de periode liepen. Statusupdates: stand van vandaag. Voorbereidingstijd: "
               "werkdagen tussen uitnodiging en hoorgesprek volgens het onderzoekstype, of afgezien door de "
               "betrokkene."), selection=bool(f.region_id))
    # Every desk, in its fixed order: a desk missing when it had none (tester t16: "Psycholoog"
    # gone under a unit filter), or rows sorted by their true counts, told what "<5" hides.
    found = {r["desk"]: r for r in source.referrals(f)}
    desk_rows = [{"label": label, "n": found[desk]["n"] if desk in found else tally(0),
                  "team": found[desk]["team"] if desk in found else tally(0)}
                 for desk, label in CareDesk.choices]
    desk_rows += [{"label": desk, "n": r["n"], "team": r["team"]} for desk, r in found.items()
                  if desk not in CareDesk.values]
    t_desks = Table("desks", _("Verwijzingen per zorgloket"), [
        Column("label", _("Zorgloket"), "label"), Column("n", _("Verwijzingen")),
        Column("team", _("Waarvan voor het team"), rest_of="n")], desk_rows, additive=("n", "team"))
    return Result(
        _("Zorg en rechten"),
        _("Krijgt de betrokkene zorg, regelmatig nieuws, voldoende voorbereidingstijd en een aanzegging op "
          "een moment dat er hulp bereikbaar is?"),
        [t_units, t_desks],
        [ChartSpec("bars", _("Aandeel onderzoeken met zorgcontactpersoon"), "care", "label", ("care",), percent=True),
         ChartSpec("bars", _("Statusupdate op tijd"), "care", "label", ("updates",), percent=True),
         ChartSpec("bars", _("Voorbereidingstijd gehaald"), "care", "label", ("prep",), percent=True),
         ChartSpec("bars", _("Aanzeggingen op een ongelukkig moment"), "care", "label", ("badly_timed",),
                   percent=True),
         ChartSpec("bars", _("Verwijzingen per zorgloket"), "desks", "label", ("n",))],
    )


# ----------------------------------------------------------------------- 6. effect of measures


def effect(f: Filters) -> Result:
    from .models import RecurrenceFact

    # The figures are kept per calendar month (`services.refresh_recurrence`): a period is read as
    # the whole months it touches, and the page says so when that differs from the chosen period.
    first, last = f.start.replace(day=1), (f.end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    # The running month counts up to today (tester t20: "t/m 31-12-2026" on the first of December).
    last = min(last, max(f.end, timezone.localdate()))
    facts = RecurrenceFact.objects.filter(month__gte=first, month__lte=f.end)
    if f.region_id:
        facts = facts.filter(region_id=f.region_id)
    if f.theme_id:
        facts = facts.filter(theme_id=f.theme_id)
    if f.case_type_id:
        facts = facts.filter(case_type_id=f.case_type_id)
    labels = {("route", r.value): r.label for r in Route}
    labels |= {("measure", o.value): o.label for o in Outcome if o != Outcome.BREACH_MEASURE}
    labels |= {("measure", m.value): _("Straf: %(m)s") % {"m": m.label} for m in Measure}
    tables = []
    computed = RecurrenceFact.objects.order_by("-computed_on").values_list("computed_on", flat=True).first()
    for kind, title in (("route", _("Herhaling na triageroute")), ("measure", _("Herhaling na afdoening"))):
        rows = []
        names = {"e": "events", "f1": "followed_1y", "r1": "recurred_1y", "f2": "followed_2y", "r2": "recurred_2y"}
        agg = facts.filter(kind=kind).values("key").annotate(
            **{short: Sum(name) for short, name in names.items()},
            **{f"k{short}": Sum(f"k_{name}") for short, name in names.items()}).order_by("key")
        # Every route and every outcome is listed, also without events: a table of only those
        # present tells by its labels which punishment the few were given (tester t14).
        found = {row["key"]: row for row in agg}
        keys = [k for (kd, k) in labels if kd == kind] + sorted(set(found) - {k for (kd, k) in labels if kd == kind})
        if computed is None:  # not computed yet (the scheduler does it daily): no zeros that are none
            keys = []
        for key in keys:
            row = found.get(key, {"key": key, **dict.fromkeys(names), **{f"k{short}": 0 for short in names}})
            row = {**row, **{short: tally(row[short], row[f"k{short}"]) for short in names}}
            rows.append({"label": labels.get((kind, row["key"]), row["key"]), "events": row["e"],
                         "f1": row["f1"], "r1": _share(row["r1"], row["f1"]),
                         "f2": row["f2"], "r2": _share(row["r2"], row["f2"])})
        tables.append(Table(f"recurrence_{kind}", title, [
            Column("label", _("Route") if kind == "route" else _("Afdoening"), "label"),
            Column("events", _("Betrokkenen"), population=True),
            Column("f1", _("Een jaar gevolgd"), rest_of="events"),
            Column("r1", _("Nieuwe melding binnen 1 jaar"), "share", base="f1", count_ratio=True),
            Column("f2", _("Twee jaar gevolgd"), rest_of="f1"),
            Column("r2", _("Nieuwe melding binnen 2 jaar"), "share", base="f2", count_ratio=True)], rows))
    return Result(
        _("Effect van interventies"),
        _("Hoe vaak krijgt een betrokkene binnen één of twee jaar opnieuw een melding, na elke triageroute "
          "en elke afdoening?"),
        tables,
        [ChartSpec("bars", _("Nieuwe melding binnen 1 jaar, per route"), "recurrence_route", "label", ("r1",),
                   percent=True),
         ChartSpec("bars", _("Nieuwe melding binnen 1 jaar, per afdoening"), "recurrence_measure", "label", ("r1",),
                   percent=True)],
        notes=[
            _("Dit zijn geen effecten. Wie in de lijn wordt afgehandeld verschilt van wie een onderzoek krijgt "
              "(de triage kiest de route juist op ernst en omstandigheden): een verschil in herhaling kan dus "
              "evengoed uit die selectie komen als uit de interventie zelf."),
            _("Alleen betrokkenen die al één (of twee) jaar gevolgd konden worden, tellen mee; recente zaken "
              "ontbreken dus. Een nieuwe melding is geen bewezen nieuw plichtsverzuim, en wat niet gemeld "
              "wordt, is niet te zien."),
            _("Gebruik de cijfers als vraag (waarom verschilt dit?), niet als antwoord."),
            *([_("De herhalingscijfers zijn nog niet berekend; dat gebeurt elke nacht.")] if computed is None else []),
            *([_("Herhaling wordt per kalendermaand bijgehouden: deze cijfers gaan over %(start)s t/m %(end)s.")
               % {"start": first.strftime("%d-%m-%Y"), "end": last.strftime("%d-%m-%Y")}]
              if (first, last) != (f.start, f.end) else []),
        ],
        extra={"computed_on": computed},
    )
