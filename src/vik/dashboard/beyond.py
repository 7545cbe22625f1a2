"""The dashboard beyond investigations (issue 15 item 8): complaints and the reporting channel,
the confidential advisors' work, prevention, and protective monitoring.

Each function answers one dashboard view as a `selectors.Result` of exact counts; the view,
its exports and the annual report pass it through the same disclosure control as the other
views (`services.release`, `vik.core.disclosure.protect`): counts 1-4 hidden, complements and
totals audited across the tables of the view, shares of fewer than 10 records hidden, every
category listed. Counts of records carry their record keys (`vik.core.cellkey`), so the
cell-key noise protects against subtracting two filter states here as everywhere.

These registers hold thousands of records, not millions: they are read live, in Python, with
only the coarse columns needed (never a name, a pseudonym or free text). The unit filter applies
(the region of the record's unit); the investigation type and theme filters do not, and the
filter form of these views does not offer them (`services.UNIT_ONLY_VIEWS`).
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from vik.accounts.models import Unit
from vik.core.cellkey import Tally, publish, record_key_int
from vik.core.charts import ChartSpec
from vik.core.disclosure import Column, Identity, Table

from .forms import Filters
from .selectors import Result, _every_unit, _month_label, _months, _share, _sort_count, _unit_names


def _result(prefix: str, title: str, intro: str, tables: list[Table], charts: list[ChartSpec]) -> Result:
    """A view's result with its table keys prefixed: the annual report publishes every view in one
    release, where a table key (and the identities and charts that name it) must be unique."""
    def key(name: str) -> str:
        return f"{prefix}_{name}"

    for t in tables:
        t.key = key(t.key)
        t.sums = [Identity(tuple((key(a), i, c) for a, i, c in s.members),
                           (key(s.total[0]), *s.total[1:]) if s.total else None) for s in t.sums]
    return Result(title, intro, tables, [replace(c, table=key(c.table)) for c in charts])


def _one(kind: str, pk: int) -> Tally:
    """One record as a count that knows its record (its key for the cell-key noise)."""
    return Tally(1, record_key_int(kind, pk))


def _zero() -> Tally:
    return Tally(0)


def _regions() -> dict[int, int]:
    """Every unit's region (or the national unit) by primary key, in one query."""
    units = {u.pk: u for u in Unit.objects.only("pk", "kind", "parent_id")}
    out = {}
    for pk, unit in units.items():
        while unit.kind not in (Unit.Kind.REGION, Unit.Kind.NATIONAL) and unit.parent_id in units:
            unit = units[unit.parent_id]
        out[pk] = unit.pk
    return out


def _in_unit(f: Filters, regions: dict[int, int], unit_id: int | None) -> bool:
    return not f.region_id or regions.get(unit_id) == f.region_id


def _sum_to(table_key: str, rows: list, total: tuple) -> Identity:
    """The rows' `n` add up to `total` (an address of the key figures)."""
    return Identity(tuple((table_key, i, "n") for i in range(len(rows))), total)


def _by_category(key: str, title: str, label: str, counts: dict, choices, total: tuple, count_label: str) -> Table:
    """Every category of `choices` with its count (also zero), ordered by the published count
    (never by a hidden one), adding up to `total`."""
    rows = sorted(({"label": str(name), "n": counts.get(code, _zero())} for code, name in choices),
                  key=lambda r: (-_sort_count(r["n"]), r["label"]))
    return Table(key, title, [Column("label", label, "label"), Column("n", count_label)], rows,
                 sums=[_sum_to(key, rows, total)], meta={"order_by": "n"})


def _per_unit(key: str, title: str, counts: dict, f: Filters, total: tuple, count_label: str) -> Table:
    units = _unit_names()
    ids = sorted(_every_unit(f, counts), key=lambda k: units.get(k, ""))
    rows = [{"label": units.get(k, "?"), "n": counts.get(k, _zero())} for k in ids]
    return Table(key, title, [Column("label", _("Eenheid"), "label"), Column("n", count_label)], rows,
                 sums=[_sum_to(key, rows, total)], selection=bool(f.region_id))


def _per_month(key: str, title: str, counts: dict, f: Filters, total: tuple, count_label: str) -> Table:
    rows = [{"label": _month_label(m), "n": counts.get(m, _zero())} for m in _months(f)]
    return Table(key, title, [Column("label", _("Maand"), "label"), Column("n", count_label)], rows,
                 sums=[_sum_to(key, rows, total)])


class _Terms:
    """Per step of a procedure: how many records were due or done, and how many were done in
    time. A step not done whose term has not passed yet is not counted (it can still be met)."""

    def __init__(self):
        self.due: dict[str, Tally] = defaultdict(_zero)
        self.ok: dict[str, Tally] = defaultdict(_zero)

    def add(self, step: str, record: Tally, due: date | None, done: date | None, today: date) -> None:
        if due is None or (done is None and due >= today):
            return
        self.due[step] += record
        if done is not None and done <= due:
            self.ok[step] += record

    def row(self, step: str, label: str) -> dict:
        n = self.due[step]
        return {"label": label, "n": n, "ok": _share(self.ok[step], n)}


# ------------------------------------------------------------------ complaints and reports


def complaints(f: Filters) -> Result:
    """Complaints received and reports made through the reporting channel in the period: counts
    per unit, category, outcome and recipient, the themes of the reports to the ombudsman, and
    per term of the procedure the share met (terms: `confidential.services.complaint_deadlines`,
    `acknowledgement_due`, `feedback_due`)."""
    from vik.confidential.models import Category, Complaint, Report
    from vik.confidential.services import acknowledgement_due, complaint_deadlines, feedback_due

    regions = _regions()
    today = timezone.localdate()
    terms = _Terms()
    per_unit, per_category, outcome = defaultdict(_zero), defaultdict(_zero), defaultdict(_zero)
    n_complaints = _zero()
    for c in Complaint.objects.filter(received_on__gte=f.start, received_on__lte=f.end).select_related("region"):
        if not _in_unit(f, regions, c.region_id):
            continue
        one = _one("confidential.complaint", c.pk)
        n_complaints += one
        per_unit[regions.get(c.region_id)] += one
        per_category[c.category] += one
        if c.stage == Complaint.Stage.INADMISSIBLE:
            outcome["inadmissible"] += one
        elif c.mediation_succeeded:
            outcome["mediated"] += one
        elif c.advice:
            outcome[c.advice] += one
        else:
            outcome["open"] += one
        due = complaint_deadlines(c, today)
        terms.add("c_ack", one, due["acknowledgement"], c.acknowledged_on, today)
        if not (c.mediation_succeeded and c.admissibility_on is None):
            terms.add("c_adm", one, due["admissibility"], c.admissibility_on, today)
        terms.add("c_advice", one, due["advice"], c.advice_on, today)
        terms.add("c_decision", one, due["decision"], c.decision_on, today)

    per_route, anonymous, ombudsman = defaultdict(_zero), defaultdict(_zero), defaultdict(_zero)
    n_reports = _zero()
    for r in Report.objects.filter(received_on__gte=f.start, received_on__lte=f.end).only(
            "pk", "region_id", "recipient", "mode", "category", "received_on", "acknowledged_on", "feedback_on"):
        if not _in_unit(f, regions, r.region_id):
            continue
        one = _one("confidential.report", r.pk)
        n_reports += one
        per_route[r.recipient] += one
        if r.mode == Report.Mode.ANONYMOUS:
            anonymous[r.recipient] += one
        if r.recipient == Report.Recipient.OMBUDSMAN:
            ombudsman[r.category] += one
        terms.add("r_ack", one, acknowledgement_due(r), r.acknowledged_on, today)
        terms.add("r_feedback", one, feedback_due(r), r.feedback_on, today)

    routes = list(Report.Recipient)
    ombudsman_index = routes.index(Report.Recipient.OMBUDSMAN)
    t_key = Table("key", _("Kerncijfers"), [
        Column("label", _("Periode"), "label"), Column("complaints", _("Klachten")),
        Column("reports", _("Meldingen via het meldkanaal")),
        Column("ombudsman", _("Waarvan bij de ombudsfunctionaris"), rest_of="reports")],
        [{"label": f"{f.start:%d-%m-%Y} – {f.end:%d-%m-%Y}", "complaints": n_complaints, "reports": n_reports,
          "ombudsman": per_route.get(Report.Recipient.OMBUDSMAN, _zero())}],
        sums=[Identity((("routes", ombudsman_index, "n"),), ("key", 0, "ombudsman"))])
    t_units = _per_unit("complaints_units", _("Klachten per eenheid"), per_unit, f, ("key", 0, "complaints"),
                        _("Klachten"))
    t_category = _by_category("complaints_category", _("Klachten per categorie"), _("Categorie"), per_category,
                              Category.choices, ("key", 0, "complaints"), _("Klachten"))
    outcomes = [("inadmissible", _("Niet-ontvankelijk")), ("mediated", _("Opgelost door bemiddeling")),
                *[(a.value, _("Advies: %(advice)s") % {"advice": a.label.lower()}) for a in Complaint.Advice],
                ("open", _("Nog zonder advies of afloop"))]
    outcome_rows = [{"label": str(label), "n": outcome.get(code, _zero())} for code, label in outcomes]
    t_outcome = Table("complaints_outcome", _("Afloop van de klachten"), [
        Column("label", _("Afloop"), "label"), Column("n", _("Klachten"))], outcome_rows,
        sums=[_sum_to("complaints_outcome", outcome_rows, ("key", 0, "complaints"))],
        note=_("Stand van vandaag van de klachten die in de periode binnenkwamen."))
    route_rows = [{"label": str(r.label), "n": per_route.get(r.value, _zero()),
                   "anonymous": anonymous.get(r.value, _zero())} for r in routes]
    t_routes = Table("routes", _("Meldingen per ontvanger"), [
        Column("label", _("Ontvanger"), "label"), Column("n", _("Meldingen")),
        Column("anonymous", _("Waarvan anoniem"), rest_of="n")], route_rows,
        sums=[_sum_to("routes", route_rows, ("key", 0, "reports"))])
    t_ombudsman = _by_category("ombudsman_themes", _("Meldingen bij de ombudsfunctionaris per thema"), _("Thema"),
                               ombudsman, Category.choices, ("key", 0, "ombudsman"), _("Meldingen"))
    steps = [("c_ack", _("Klacht: ontvangst bevestigd")), ("c_adm", _("Klacht: ontvankelijkheid besloten")),
             ("c_advice", _("Klacht: advies aan de korpschef")), ("c_decision", _("Klacht: besluit van de korpschef")),
             ("r_ack", _("Melding: ontvangst bevestigd (7 dagen)")),
             ("r_feedback", _("Melding: terugkoppeling (3 maanden)"))]
    t_terms = Table("terms", _("Termijnen gehaald"), [
        Column("label", _("Stap"), "label"), Column("n", _("Getoetst")),
        Column("ok", _("Op tijd"), "share", base="n", count_ratio=True)],
        [terms.row(step, str(label)) for step, label in steps],
        note=_("Getoetst: de stap is gezet, of de termijn is verstreken zonder dat de stap is gezet. Termijnen "
               "van klachten volgens de klachtregeling van de eenheid (werkdagen of kalenderdagen; bemiddeling "
               "schort de adviestermijn op); van meldingen volgens de Wet bescherming klokkenluiders."))
    return _result(
        "kl",
        _("Klachten en meldingen"),
        _("Hoeveel klachten en meldingen komen binnen, waarover, bij wie, hoe lopen ze af en worden de "
          "termijnen gehaald?"),
        [t_key, t_units, t_category, t_outcome, t_routes, t_ombudsman, t_terms],
        [ChartSpec("bars", _("Klachten per categorie"), "complaints_category", "label", ("n",)),
         ChartSpec("bars", _("Afloop van de klachten"), "complaints_outcome", "label", ("n",)),
         ChartSpec("bars", _("Meldingen per ontvanger"), "routes", "label", ("n",)),
         ChartSpec("bars", _("Termijnen gehaald"), "terms", "label", ("ok",), percent=True)],
    )


# ------------------------------------------------------------------------ confidential work


def confidential_work(f: Filters) -> Result:
    """The confidential advisors' register in aggregate: contacts (a person's first contact about
    one situation) per month, category, kind of reporter, outcome and unit, and the hours spent.
    Only the coarse columns of the register are read (`ContactManager.for_statistics`)."""
    from vik.confidential.models import Category, Contact

    regions = _regions()
    per_month, per_category, per_reporter, per_outcome, per_unit = (defaultdict(_zero) for _i in range(5))
    total, minutes = _zero(), 0
    for row in Contact.objects.for_statistics(f.start, f.end):
        if not _in_unit(f, regions, row["unit_id"]):
            continue
        one = _one("confidential.contact", row["id"])
        total += one
        minutes += row["minutes"]
        per_month[row["contact_on"].replace(day=1)] += one
        per_category[row["category"]] += one
        per_reporter[row["reporter_type"]] += one
        per_outcome[row["outcome"]] += one
        per_unit[regions.get(row["unit_id"])] += one
    key = ("key", 0, "n")
    t_key = Table("key", _("Kerncijfers"), [
        Column("label", _("Periode"), "label"), Column("n", _("Contacten")),
        Column("hours", _("Uren besteed (afgerond op tientallen)"), "number", base="n")],
        # A sum of time carries no noise: rounded to tens, so that all units minus the others does
        # not tell the hours spent on a unit's few contacts (tester t20 found the kind in pauses).
        [{"label": f"{f.start:%d-%m-%Y} – {f.end:%d-%m-%Y}", "n": total, "hours": int(round(minutes / 60, -1))}])
    tables = [
        t_key,
        _per_month("per_month", _("Contacten per maand"), per_month, f, key, _("Contacten")),
        _by_category("per_category", _("Contacten per categorie"), _("Categorie"), per_category,
                     Category.choices, key, _("Contacten")),
        _by_category("per_reporter", _("Contacten per soort melder"), _("Soort melder"), per_reporter,
                     Contact.ReporterType.choices, key, _("Contacten")),
        _by_category("per_outcome", _("Contacten per uitkomst"), _("Uitkomst"), per_outcome,
                     Contact.Outcome.choices, key, _("Contacten")),
        _per_unit("per_unit", _("Contacten per eenheid"), per_unit, f, key, _("Contacten")),
    ]
    return _result(
        "vw",
        _("Vertrouwenswerk"),
        _("Waarmee komen medewerkers bij een vertrouwenspersoon, wie zijn zij en hoe loopt het af? Alleen "
          "totalen: het register zelf blijft bij de vertrouwenspersonen."),
        tables,
        [ChartSpec("series", _("Contacten per maand"), "per_month", "label", ("n",), columns=True),
         ChartSpec("bars", _("Contacten per categorie"), "per_category", "label", ("n",)),
         ChartSpec("bars", _("Contacten per uitkomst"), "per_outcome", "label", ("n",))],
    )


# -------------------------------------------------------------------------------- prevention


def prevention(f: Filters) -> Result:
    """Per unit: how many teams held at least one integrity activity in the period (registered,
    or a dilemma session run in VIK), and the activities per format with their participants. The
    documents expect every team to hold one at least once a year.

    Counts of teams and activities describe no person (no participant, no answer is counted
    here), so they are shown as they are (`kind="number"`): a "<5" of teams without an activity
    would hide exactly what this overview is for (as `prevention.selectors.coverage`)."""
    from vik.prevention.models import Activity, ActivityFormat, ClimateCheck, Session

    regions = _regions()
    units = _unit_names()
    teams = [pk for pk, kind in Unit.objects.values_list("pk", "kind") if kind == Unit.Kind.TEAM]
    held: dict[int, int] = defaultdict(int)  # team -> activities in the period
    formats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for team_id, fmt, participants in Activity.objects.filter(
            held_on__gte=f.start, held_on__lte=f.end).values_list("team_id", "format", "participants"):
        held[team_id] += 1
        if _in_unit(f, regions, team_id):
            formats[fmt][0] += 1
            formats[fmt][1] += participants
    sessions = (Session.objects.filter(ended_at__isnull=False, team__isnull=False, rounds__isnull=False,
                                       created_at__date__gte=f.start, created_at__date__lte=f.end)
                .distinct().values_list("pk", "team_id"))
    for _pk, team_id in sessions:
        held[team_id] += 1
        if _in_unit(f, regions, team_id):
            formats[ActivityFormat.DILEMMA][0] += 1
    checks: dict[int, int] = defaultdict(int)
    for team_id in ClimateCheck.objects.filter(opens_on__gte=f.start, opens_on__lte=f.end).values_list(
            "team_id", flat=True):
        checks[regions.get(team_id)] += 1
    per_region: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for team_id in teams:
        row = per_region[regions.get(team_id)]
        row[0] += 1
        row[1] += held.get(team_id, 0) > 0
        row[2] += held.get(team_id, 0)
    # Under a unit filter only that unit (tester t21: every unit stayed listed).
    ids = [f.region_id] if f.region_id else sorted(_every_unit(f, [k for k in per_region if k in units]),
                                                   key=lambda k: units.get(k, ""))
    rows = []
    for k in ids:
        n, covered, activities = per_region.get(k, [0, 0, 0])
        rows.append({"label": units.get(k, "?"), "teams": n, "covered": covered, "uncovered": n - covered,
                     "share": covered / n if n else None, "activities": activities, "checks": checks.get(k, 0)})
    if not f.region_id:
        n, covered = sum(r["teams"] for r in rows), sum(r["covered"] for r in rows)
        rows.append({"label": _("Totaal"), "teams": n, "covered": covered, "uncovered": n - covered,
                     "share": covered / n if n else None, "activities": sum(r["activities"] for r in rows),
                     "checks": sum(r["checks"] for r in rows)})
    t_cover = Table("coverage", _("Teams met een integriteitsactiviteit"), [
        Column("label", _("Eenheid"), "label"), Column("teams", _("Teams"), "number"),
        Column("covered", _("Met een activiteit"), "number"), Column("uncovered", _("Zonder activiteit"), "number"),
        Column("share", _("Aandeel teams bereikt"), "share"), Column("activities", _("Activiteiten"), "number"),
        Column("checks", _("Teamklimaatchecks"), "number")], rows,
        note=_("Een team telt als bereikt wanneer het in de periode minstens één integriteitsactiviteit hield "
               "(geregistreerd, of een dilemmasessie in VIK). De norm is minstens één per jaar. Aantallen "
               "teams en activiteiten, geen personen."))
    t_formats = Table("formats", _("Activiteiten per werkvorm"), [
        Column("label", _("Werkvorm"), "label"), Column("n", _("Activiteiten"), "number"),
        Column("participants", _("Deelnemers (geregistreerd)"), "number")],
        [{"label": str(label), "n": formats.get(code, [0, 0])[0], "participants": formats.get(code, [0, 0])[1]}
         for code, label in ActivityFormat.choices],
        note=_("Deelnemers van dilemmasessies in VIK worden niet geteld: wie meedoet, blijft anoniem."))
    return _result(
        "pv",
        _("Preventie"),
        _("Houden alle teams minstens één keer per jaar een integriteitsactiviteit, en in welke vorm?"),
        [t_cover, t_formats],
        [ChartSpec("bars", _("Aandeel teams met een integriteitsactiviteit"), "coverage", "label", ("share",),
                   percent=True),
         ChartSpec("bars", _("Activiteiten per werkvorm"), "formats", "label", ("n",), unit=_("aantal"))],
    )


# ------------------------------------------------------------------- protective monitoring


def monitoring(f: Filters) -> Result:
    """Protective monitoring over time: per analysis whose lookups start in the period, the
    user-days, alerts and unexplained lookups and their rates per 1,000 user-days; and the
    reviewers' verdicts on the alerts of those analyses (alerts are kept per person only when
    detection at individual level was switched on). Per unit through the contract's team names
    that VIK knows (name or code of a team); lookups of teams VIK does not know count only
    without a unit filter."""
    from vik.monitoring.models import Alert, UnitFigures
    from vik.monitoring.selectors import counted_runs

    regions = _regions()
    team_region = {}
    for pk, name, code in Unit.objects.filter(kind=Unit.Kind.TEAM).values_list("pk", "name", "code"):
        team_region[name] = regions.get(pk)
        if code:
            team_region[code] = regions.get(pk)
    runs = []
    for run in counted_runs():
        moment = run.period_start or run.finished_at or run.started_at
        day = timezone.localtime(moment).date()
        if f.start <= day <= f.end:
            runs.append((day, run))
    runs.sort(key=lambda entry: (entry[0], entry[1].pk))  # in time order of the data (tester t40)
    # The figures are stored per team and analysis; each such row counts as one record for the
    # cell-key noise, so a sum over other teams (all units against one unit) gets other noise and
    # no subtraction gives a team's exact count that the monitoring's own view hides.
    figures = defaultdict(lambda: {"user_days": _zero(), "alerts": _zero(), "unexplained": _zero()})
    for pk, run_id, unit, days, alerts, unexplained in UnitFigures.objects.filter(
            run__in=[r for _d, r in runs]).values_list("pk", "run_id", "unit", "user_days", "alerts", "unexplained"):
        if f.region_id and team_region.get(unit) != f.region_id:
            continue
        key = record_key_int("monitoring.unitfigures", pk)
        row = figures[run_id]
        row["user_days"] += Tally(days, key)
        row["alerts"] += Tally(alerts, key)
        row["unexplained"] += Tally(unexplained, key)
    per = 1000
    rows = []
    for day, run in runs:
        r = figures[run.pk]
        # Rates of the published counts: a rate of the true counts beside perturbed ones would give
        # the true count back (70.6 per 1,000 of 1,431 user-days is 101 alerts).
        days, alerts, unexplained = (publish(r[k]) for k in ("user_days", "alerts", "unexplained"))
        rows.append({"label": day.strftime("%d-%m-%Y"), "mode": run.get_mode_display(), **r,
                     "alert_rate": per * alerts / days if days else None,
                     "unexplained_rate": per * unexplained / days if days else None})
    t_trend = Table("trend", _("Per analyse"), [
        Column("label", _("Analyse (begin)"), "label"), Column("mode", _("Stand"), "text"),
        Column("user_days", _("Gebruikersdagen")), Column("alerts", _("Meldingen")),
        Column("unexplained", _("Onverklaarde opvragingen")),
        Column("alert_rate", _("Meldingen per 1.000 gebruikersdagen"), "number", base="user_days", part=("alerts",)),
        Column("unexplained_rate", _("Onverklaarde opvragingen per 1.000 gebruikersdagen"), "number",
               base="user_days", part=("unexplained",))], rows,
        note=_("Stand ‘preventie’: alleen totalen per team, geen meldingen per persoon. Een analyse telt in de "
               "periode waarin de eerste opvraging valt."))
    verdicts = defaultdict(_zero)
    for pk, state, unit in Alert.objects.filter(run__in=[r for _d, r in runs]).values_list("pk", "state", "unit"):
        if f.region_id and team_region.get(unit) != f.region_id:
            continue
        verdicts[state] += _one("monitoring.alert", pk)
    verdict_rows = [{"label": str(label), "n": verdicts.get(code, _zero())} for code, label in Alert.State.choices]
    t_verdicts = Table("verdicts", _("Oordelen over meldingen (detectie)"), [
        Column("label", _("Oordeel"), "label"), Column("n", _("Meldingen"))], verdict_rows,
        additive=("n",), note=_("Meldingen uit analyses met detectie op individueel niveau, naar het oordeel van "
                                "de beoordelaars. Onbedoeld misbruik: de regel was niet bekend."))
    return _result(
        "ig",
        _("Informatiegebruik"),
        _("Hoe vaak wijkt het opvragen in politiesystemen af, daalt dat na preventie, en hoe beoordelen de "
          "analisten de meldingen? Alleen totalen, geen personen."),
        [t_trend, t_verdicts],
        [ChartSpec("series", _("Meldingen per 1.000 gebruikersdagen"), "trend", "label", ("alert_rate",),
                   columns=True, axis=_("Aantal per 1.000 gebruikersdagen")),
         ChartSpec("series", _("Onverklaarde opvragingen per 1.000 gebruikersdagen"), "trend", "label",
                   ("unexplained_rate",), columns=True, axis=_("Aantal per 1.000 gebruikersdagen")),
         ChartSpec("bars", _("Oordelen over meldingen"), "verdicts", "label", ("n",))],
    )
