"""Reads of confidential work, always filtered by what the user may see."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import Employee, Role, Unit, User
from vik.accounts.selectors import find_people
from vik.core.disclosure import Cell, Identity, cell_rows, protect
from vik.core.disclosure import Column as DColumn
from vik.core.disclosure import Table as DTable
from vik.core.errors import PermissionDeniedError
from vik.policy import routing as access

from .models import Activity, Category, Committee, Complaint, Contact, RepeatSignal, Report

SMALL_CELL = 5


def inbox(user) -> list[Report]:
    """Reports the user receives, newest first (routing and conflicts in `access.recipients`)."""
    if not policy.can(user, "confidential.inbox"):
        return []
    kinds = policy.receivable_report_kinds(user)
    candidates = Report.objects.filter(recipient__in=kinds).select_related("region").prefetch_related("persons_named")
    return [r for r in candidates if policy.can(user, "confidential.report.view", r)]


def my_reports(user):
    if not getattr(user, "employee_id", None):
        return Report.objects.none()
    return Report.objects.filter(reporter_id=user.employee_id).exclude(mode=Report.Mode.ANONYMOUS)


SUGGEST_MIN_LENGTH = 3
SUGGEST_MAX = 10


def employee_suggestions(q: str) -> list[Employee]:
    """Employees whose name matches `q` (at least three characters; every word of a full name, as
    every person picker: `accounts.selectors.find_people`), at most ten: enough to name someone
    in a report, too little to page through the staff list."""
    q = (q or "").strip()[:60]
    if len(q) < SUGGEST_MIN_LENGTH:
        return []
    return list(find_people(q, numbers=False).order_by("surname", "first_name", "pk")[:SUGGEST_MAX])


def advisors_for_choice():
    return User.objects.filter(groups__name=Role.CONFIDENTIAL_ADVISOR, is_active=True).select_related(
        "employee", "employee__unit").distinct().order_by("employee__surname")


def complaints_for(user) -> list[Complaint]:
    """The complaints the user handles (a member of their committee) or decides on (a chief, once
    advised). Only the candidates of the part he can have are read: every advised complaint is a
    candidate for a chief alone, and each one read costs its decrypted texts ("my tasks" of every
    user asks this)."""
    handles = policy.can(user, "confidential.complaints")
    decides = policy.can(user, "confidential.decisions")
    if not (handles or decides):
        return []
    candidates = Q()
    if handles:
        candidates |= Q(committee__members=user)
    if decides:
        candidates |= Q(advice_on__isnull=False)
    qs = Complaint.objects.select_related("committee", "region", "chair").filter(candidates).distinct()
    return [c for c in qs if policy.can(user, "confidential.complaint.view", c)]


def committees_for(user):
    return Committee.objects.filter(members=user)


def chiefs_for(complaint: Complaint) -> list[User]:
    """The chiefs who decide on the advice (with fallback up the unit tree)."""
    return access.deciding_chiefs(complaint)


def coarse_units():
    return Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.DISTRICT, Unit.Kind.NATIONAL]).order_by(
        "kind", "name")


def regions():
    return Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL]).order_by("name")


# ---------------------------------------------------------------------------------------------
# Aggregates and the annual report (central advisors only; counts, never names)
# ---------------------------------------------------------------------------------------------


@dataclass
class Table:
    title: str
    rows: list[tuple[str, list]]  # label, cells (int or "<5")
    columns: list[str]


def _shown(cell: Cell):
    """A published count as the templates show it: the number, or its symbol when hidden."""
    return cell.text if cell.hidden else cell.value


def suppress(counts: list[int]) -> list:
    """A list of counts whose total is published, through the disclosure control: "<5" for 1-4,
    "×" for a count hidden so that a small one cannot be derived from the total."""
    table = DTable("list", "", [DColumn("label", "", "label"), DColumn("n", "")],
                   [{"label": str(i), "n": n} for i, n in enumerate(counts)], additive=("n",))
    return [_shown(row["n"]) for row in cell_rows(table)]


def _region_names() -> dict[int, str]:
    names = {}
    for unit in Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.DISTRICT, Unit.Kind.NATIONAL]):
        names[unit.pk] = unit.region.name
    return names


def aggregate(user, year: int, today: date | None = None) -> dict:
    """Counts per category, unit and action for `year`, with the earlier two years for trends.

    Only months that have ended count (`until`: the last day counted, or None when the whole year
    has): figures that moved with every contact told the central advisor, by difference, the
    category, unit and outcome of the contact just registered (tester t34-5). They move once a
    month, by a month's contacts, as the complaint evaluations move by batches."""
    today = today or timezone.localdate()
    cutoff = today.replace(day=1)
    rows = [r for r in Contact.objects.aggregate_rows(user) if r["contact_on"] < cutoff]
    years = [year - 2, year - 1, year]
    region_of = _region_names()
    current = [r for r in rows if r["contact_on"].year == year]
    per_category_year = Counter((r["category"], r["contact_on"].year) for r in rows if r["contact_on"].year in years)
    categories = Table(
        title="category", columns=[str(y) for y in years],
        rows=[(label, [per_category_year[(code, y)] for y in years]) for code, label in Category.choices],
    )
    units = Counter(region_of.get(r["unit_id"], "?") for r in current)
    actions = Counter(a for r in current for a in r["actions"])
    outcomes = Counter(r["outcome"] for r in current)
    reporter_types = Counter(r["reporter_type"] for r in current)
    totals_per_year = Counter(r["contact_on"].year for r in rows)
    activities = defaultdict(lambda: [0, 0])
    for a in Activity.objects.filter(held_on__year=year, held_on__lt=cutoff):
        activities[a.get_kind_display()][0] += 1
        activities[a.get_kind_display()][1] += a.participants
    return {
        "year": year,
        "until": cutoff - timedelta(days=1) if year >= cutoff.year else None,
        "years": years,
        "total": len(current),
        "totals": [totals_per_year[y] for y in years],
        "hours": round(sum(r["minutes"] for r in current) / 60),
        "categories": categories,
        "units": sorted(units.items()),
        "actions": [(label, actions[code]) for code, label in Contact.Action.choices],
        "outcomes": [(label, outcomes[code]) for code, label in Contact.Outcome.choices],
        "reporter_types": [(label, reporter_types[code]) for code, label in Contact.ReporterType.choices],
        "activities": sorted((k, v[0], v[1]) for k, v in activities.items()),
        "load": advisor_load(user, year),  # on the coordination page; in the release of the PDF too
        # the lists that add up to each year's total, also of the earlier years whose pages are
        # other releases: declared the same in every release, a year's cells are hidden alike
        "per_year": {y: _lists(user, [r for r in rows if r["contact_on"].year == y], y, region_of) for y in years},
    }


def _lists(user, rows: list[dict], year: int, region_of: dict) -> dict:
    units = Counter(region_of.get(r["unit_id"], "?") for r in rows)
    outcomes = Counter(r["outcome"] for r in rows)
    reporter_types = Counter(r["reporter_type"] for r in rows)
    return {"units": sorted(units.items()),
            "outcomes": [(label, outcomes[code]) for code, label in Contact.Outcome.choices],
            "reporter_types": [(label, reporter_types[code]) for code, label in Contact.ReporterType.choices],
            "load": advisor_load(user, year)}


ADDITIVE = ("units", "outcomes", "reporter_types", "load")  # each contact counts once: they add up to the total


def release_tables(report: dict) -> list[DTable]:
    """The exact counts of one publication of `aggregate` (the coordination page or the annual
    report: text, tables and trend) as one release for `vik.core.disclosure.protect`. The
    categories per year end in the totals row, which is also the total in the text and the trend;
    the counts per unit, outcome and kind of reporter add up to this year's total. Actions do not
    (a contact can have several)."""
    keys = [f"y{y}" for y in report["years"]]
    body = [{"label": label, **dict(zip(keys, cells, strict=True))} for label, cells in report["categories"].rows]
    total_row = {"label": "total", **{k: sum(row[k] for row in body) for k in keys}}
    categories = DTable("categories", "", [DColumn("label", "", "label"), *(DColumn(k, k) for k in keys)],
                        [*body, total_row], additive=tuple(keys), total_row=True)
    tables = [categories]

    def counts(key: str, pairs) -> DTable:
        rows = [{"label": label, "n": n} for label, n in pairs]
        return DTable(key, "", [DColumn("label", "", "label"), DColumn("n", "")], rows)

    for y, k in zip(report["years"], keys, strict=True):
        for key in ADDITIVE:
            # this year's lists are shown; the earlier years' only make every release of a year alike
            table = counts(key if y == report["year"] else f"{key}:{y}", report["per_year"][y][key])
            members = tuple((table.key, i, "n") for i in range(len(table.rows)))
            # a list that misses some contacts only bounds the total: count it as published elsewhere
            exact = sum(r["n"] for r in table.rows) == total_row[k]
            table.sums.append(Identity(members, ("categories", len(body), k) if exact else None))
            tables.append(table)
    tables.append(counts("actions", report["actions"]))
    return tables


def suppressed(report: dict) -> dict:
    """The aggregate ready for publication: every count through one `protect` call, so that no
    hidden count can be solved from the totals, the text or the other tables."""
    out = dict(report)
    tables = release_tables(report)
    cells = protect(tables)
    categories = cell_rows(tables[0], cells["categories"])
    keys = [f"y{y}" for y in report["years"]]
    out["category_rows"] = [(label, [_shown(row[k]) for k in keys])
                            for (label, _c), row in zip(report["categories"].rows, categories, strict=False)]
    out["totals"] = [_shown(categories[-1][k]) for k in keys]
    out["total"] = out["totals"][-1]
    for table in tables[1:]:
        if ":" not in table.key:
            out[table.key] = [(row["label"].value, _shown(row["n"])) for row in cell_rows(table, cells[table.key])]
    return out


def render_annual_report(data: dict) -> bytes:
    """The PDF (bytes) of a `suppressed` aggregate. Takes about half a second: it is made by the job
    runner (`vik.confidential.annual`), never in a request."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    html = render_to_string("confidential/annual_report.html", {"r": data, "generated": timezone.localdate(),
                                                                "small": SMALL_CELL})
    return HTML(string=html).write_pdf()


def annual_report_pdf(user, year: int) -> bytes:
    """The annual report of `year` as the user may see it, as a PDF (bytes)."""
    return render_annual_report(suppressed(aggregate(user, year)))


def advisor_load(user, year: int) -> list[tuple[str, int]]:
    counts = list(Contact.objects.load_per_advisor(user, year))
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=[c["advisor"] for c in counts])}
    return sorted((names.get(c["advisor"], "?"), c["n"]) for c in counts)


def my_complaints(user):
    """Complaints the user filed himself, newest first: reference, date, stage and the outcome he
    is told (admissibility, the committee's advice and whether the chief's decision follows it, a
    mediation that resolved it) — never the file, the hearing or the measures (tester t34: the
    complainant never learnt the outcome)."""
    return (Complaint.objects.filter(filed_by=user)
            .only("reference", "received_on", "stage", "admissibility_on", "advice", "decision_on",
                  "decision_follows_advice", "mediation_ended_on")
            .order_by("-received_on", "-pk"))


# ---------------------------------------------------------------------------------------------
# Repeat concerns (stapelingssignalen): the central advisor only, never a name
# ---------------------------------------------------------------------------------------------


@dataclass
class RepeatSummary:
    signal: RepeatSignal
    contacts: int  # in the window up to today
    advisors: list[tuple[str, int, object]]  # name, contacts, latest contact date


def _summary(user, signal: RepeatSignal, since) -> RepeatSummary:
    rows = Contact.objects.repeat_rows(user, signal.pseudonym, since)
    per_advisor: dict[int, list] = defaultdict(list)
    for row in rows:
        per_advisor[row["advisor_id"]].append(row["contact_on"])
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=per_advisor).select_related("employee")}
    advisors = sorted(((names.get(pk, "?"), len(days), max(days)) for pk, days in per_advisor.items()),
                      key=lambda a: (-a[1], a[0]))
    return RepeatSummary(signal, len(rows), advisors)


def repeat_signals(user, today=None) -> list[RepeatSummary]:
    """The signals the user may see (open first, then the last closed ones), each with the number
    of contacts in the window and the advisors involved."""
    from .services import repeat_window_start

    if not policy.can(user, "confidential.repeat"):
        return []
    signals = [s for s in list(RepeatSignal.objects.filter(closed_on__isnull=True))
               + list(RepeatSignal.objects.filter(closed_on__isnull=False)[:20])
               if policy.can(user, "confidential.repeat.view", s)]
    since = repeat_window_start(today)
    return [_summary(user, s, since) for s in signals]


def repeat_signal(user, signal: RepeatSignal, today=None) -> RepeatSummary:
    from .services import repeat_window_start

    return _summary(user, signal, repeat_window_start(today))


def open_repeat_signals(user) -> list[RepeatSignal]:
    """For "my tasks": the open signals the user may see (reference only)."""
    if not policy.can(user, "confidential.repeat"):
        return []
    return [s for s in RepeatSignal.objects.filter(closed_on__isnull=True)
            if policy.can(user, "confidential.repeat.view", s)]


# ---------------------------------------------------------------------------------------------
# Evaluations of complaints: counts and averages for the central advisor
# ---------------------------------------------------------------------------------------------


def evaluation_tables(answers: list[dict]) -> list[DTable]:
    """One release of the evaluations of a year (`answers`: `Complaint.evaluation` of each, with
    "decision_follows_advice" added). The number evaluated is the total row of the procedures; the
    yes/no questions add up to it; scores and duration are averages over at least five answers;
    consequences (several per evaluation) are a breakdown of the evaluations that asked them."""
    from . import evaluation as ev

    total = len(answers)
    current = [a for a in answers if a.get("version", 1) >= ev.VERSION]

    def mean(values):
        values = [v for v in values if v is not None]
        return (len(values), round(sum(values) / len(values), 1) if values else None)

    score_rows = []
    for key, label in (("outcome_score", _("Oordeel over de oplossing (1-5)")),
                       ("procedure_score", _("Oordeel over de procedure (1-5)")),
                       ("colleagues_score", _("Omgang met collega's sindsdien (1-5)")),
                       ("work_pleasure_score", _("Plezier in het werk sindsdien (1-5)")),
                       ("duration_days", _("Dagen van melding tot afhandeling"))):
        n, avg = mean(a.get(key) for a in answers)
        score_rows.append({"label": label, "n": n, "avg": avg})
    scores = DTable("eval_scores", _("Gemiddelden"), [
        DColumn("label", _("Vraag"), "label"), DColumn("n", _("Antwoorden")),
        DColumn("avg", _("Gemiddelde"), "number", base="n")], score_rows)

    yes_no_rows = []
    decided = [a for a in answers if a.get("decision_follows_advice") is not None]
    for key, label, pool in (("further_action_needed", _("Nadere actie nodig"), answers),
                             ("tried_before", _("Eerst zelf geprobeerd op te lossen"), answers),
                             ("agreed_by_complainant", _("Klager stemt in met het formulier"), current),
                             ("decision_follows_advice", _("Besluit conform advies"), decided)):
        yes = sum(1 for a in pool if a.get(key))
        yes_no_rows.append({"label": label, "yes": yes, "no": len(pool) - yes, "n": len(pool)})
    yes_no = DTable("eval_yes_no", _("Ja en nee"), [
        DColumn("label", _("Vraag"), "label"), DColumn("yes", _("Ja"), in_total=True),
        DColumn("no", _("Nee"), in_total=True), DColumn("n", _("Totaal"))], yes_no_rows, row_total="n")

    procedure_counts = Counter(a.get("procedure") or "" for a in answers)
    procedure_rows = [{"label": str(label), "n": procedure_counts[code]} for code, label in ev.PROCEDURES]
    procedure_rows.append({"label": _("Niet gevraagd (eerdere versie van het formulier)"), "n": procedure_counts[""]})
    procedure_rows.append({"label": _("Totaal geëvalueerd"), "n": total})
    procedures = DTable("eval_procedures", _("Gekozen procedure"), [
        DColumn("label", _("Procedure"), "label"), DColumn("n", _("Aantal"))], procedure_rows,
        additive=("n",), total_row=True)

    complainant = Counter(c for a in current for c in a.get("complainant_consequences") or [])
    accused = Counter(c for a in current for c in a.get("accused_consequences") or [])
    consequences = DTable("eval_consequences", _("Gevolgen van het besluit (meer dan één mogelijk)"), [
        DColumn("label", _("Gevolg"), "label"), DColumn("complainant", _("Voor de klager")),
        DColumn("accused", _("Voor wie de klacht betreft"))],
        [{"label": str(label), "complainant": complainant[code], "accused": accused[code]}
         for code, label in ev.CONSEQUENCES], population=len(current))
    return [procedures, scores, yes_no, consequences]


def evaluation_figures(user, year: int) -> dict:
    """The published evaluations of complaints evaluated in `year`: only the oldest complete
    batches of `evaluation.BATCH`, in the order they were recorded (not by `evaluation_on`: an
    evaluation entered late with an early date would shift every batch by one), so two readings
    differ by at least a whole batch. Evaluations recorded before batches existed come first and
    stay published, as they were shown before. Every table through one `protect` call; a table of
    fewer than ten evaluations shows the withheld message. The number evaluated is shown as well
    (small numbers as "<5"), with how many wait for the next batch."""
    from django.db.models import F

    from vik.core.disclosure import HIDDEN, is_small, withheld, withheld_message

    from . import evaluation as ev

    if not policy.can(user, "confidential.evaluations"):
        raise PermissionDeniedError(_("Alleen de centrale vertrouwenspersoon ziet de evaluaties."))
    rows = list(Complaint.objects.filter(evaluation_on__year=year)
                .order_by(F("evaluation_recorded_at").asc(nulls_first=True), "evaluation_on", "id")
                .values("evaluation", "decision_follows_advice", "evaluation_recorded_at"))
    # Evaluations recorded before batches existed were shown as they came: they stay published.
    earlier = sum(1 for row in rows if row["evaluation_recorded_at"] is None)
    published = earlier + ev.in_complete_batches(len(rows) - earlier)
    answers = [{**(row["evaluation"] or {}), "decision_follows_advice": row["decision_follows_advice"]}
               for row in rows[:published]]
    tables = evaluation_tables(answers)
    cells = protect(tables)
    out = []
    for table in tables:
        rows_shown = cells[table.key]
        out.append({"key": table.key, "title": table.title, "columns": [c.label for c in table.columns],
                    "rows": [[table.rows[i]["label"], *[c.text for c in row[1:]]]
                             for i, row in enumerate(rows_shown)],
                    # nothing published yet: a table of zeros would contradict the number evaluated
                    "withheld": not answers or withheld(table, rows_shown)})
    small = is_small(len(rows))
    return {"year": year, "total": HIDDEN if small else str(len(rows)), "batch": ev.BATCH,
            # while the number evaluated is "<5", the number waiting would tell it
            "waiting": None if small else len(rows) - published,
            "tables": out, "withheld_message": withheld_message()}
