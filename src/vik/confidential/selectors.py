"""Reads of confidential work, always filtered by what the user may see."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q

from vik.accounts.models import Employee, Role, Unit, User

from . import access
from .models import Activity, Category, Committee, Complaint, Contact, Report

SMALL_CELL = 5


def inbox(user) -> list[Report]:
    """Reports the user receives, newest first (routing and conflicts in `access.recipients`)."""
    if not access.is_recipient(user):
        return []
    kinds = []
    if user.has_role(Role.INTEGRITY_OFFICE, Role.OMBUDSMAN):
        kinds.append(Report.Recipient.INTEGRITY_OFFICE)
    if user.has_role(Role.OMBUDSMAN):
        kinds.append(Report.Recipient.OMBUDSMAN)
    if user.has_role(*access.ADVISOR_ROLES):
        kinds.append(Report.Recipient.CONFIDENTIAL_ADVISOR)
    candidates = Report.objects.filter(recipient__in=kinds).select_related("region").prefetch_related("persons_named")
    return [r for r in candidates if access.can_receive(user, r)]


def my_reports(user):
    if not getattr(user, "employee_id", None):
        return Report.objects.none()
    return Report.objects.filter(reporter_id=user.employee_id).exclude(mode=Report.Mode.ANONYMOUS)


SUGGEST_MIN_LENGTH = 3
SUGGEST_MAX = 10


def employee_suggestions(q: str) -> list[Employee]:
    """Employees whose name contains `q` (at least three characters), at most ten: enough to name
    someone in a report, too little to page through the staff list."""
    q = (q or "").strip()[:60]
    if len(q) < SUGGEST_MIN_LENGTH:
        return []
    return list(Employee.objects.filter(Q(surname__icontains=q) | Q(first_name__istartswith=q))
                .select_related("unit").order_by("surname", "first_name", "pk")[:SUGGEST_MAX])


def advisors_for_choice():
    return User.objects.filter(groups__name=Role.CONFIDENTIAL_ADVISOR, is_active=True).select_related(
        "employee", "employee__unit").distinct().order_by("employee__surname")


def complaints_for(user) -> list[Complaint]:
    qs = Complaint.objects.select_related("committee", "region", "chair").filter(
        Q(committee__members=user) | Q(advice_on__isnull=False)).distinct()
    return [c for c in qs if access.can_view_complaint(user, c)]


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


def suppress(counts: list[int]) -> list:
    """Hide small cells (1-4) as "<5". When exactly one cell is hidden it could be derived from the
    total, so the next smallest non-zero cell is hidden as well."""
    cells: list = [("<5" if 0 < c < SMALL_CELL else c) for c in counts]
    hidden = [i for i, c in enumerate(cells) if c == "<5"]
    if len(hidden) == 1:
        shown = sorted((c, i) for i, c in enumerate(counts) if i not in hidden and c > 0)
        if shown:
            cells[shown[0][1]] = "<5" if shown[0][0] < SMALL_CELL else "*"
    return cells


def _region_names() -> dict[int, str]:
    names = {}
    for unit in Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.DISTRICT, Unit.Kind.NATIONAL]):
        names[unit.pk] = unit.region.name
    return names


def aggregate(user, year: int) -> dict:
    """Counts per category, unit and action for `year`, with the earlier two years for trends."""
    rows = list(Contact.objects.aggregate_rows(user))
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
    for a in Activity.objects.filter(held_on__year=year):
        activities[a.get_kind_display()][0] += 1
        activities[a.get_kind_display()][1] += a.participants
    return {
        "year": year,
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
    }


def suppressed(report: dict) -> dict:
    """The aggregate with small cells hidden, ready for publication."""
    out = dict(report)
    cat_rows = report["categories"].rows
    columns = list(zip(*[cells for _label, cells in cat_rows], strict=True)) if cat_rows else []
    hidden_columns = [suppress(list(col)) for col in columns]
    out["category_rows"] = [(label, [hidden_columns[j][i] for j in range(len(columns))])
                            for i, (label, _cells) in enumerate(cat_rows)]
    for key in ("units", "actions", "outcomes", "reporter_types"):
        labels = [label for label, _n in report[key]]
        cells = suppress([n for _label, n in report[key]])
        out[key] = list(zip(labels, cells, strict=True))
    return out


def annual_report_pdf(user, year: int) -> bytes:
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    data = suppressed(aggregate(user, year))
    html = render_to_string("confidential/annual_report.html", {"r": data, "generated": timezone.localdate(),
                                                                "small": SMALL_CELL})
    return HTML(string=html).write_pdf()


def advisor_load(user, year: int) -> list[tuple[str, int]]:
    counts = list(Contact.objects.load_per_advisor(user, year))
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=[c["advisor"] for c in counts])}
    return sorted((names.get(c["advisor"], "?"), c["n"]) for c in counts)
