"""Reads of vetting and the reporting duty, always filtered by what the user may see."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from vik import policy
from vik.core.disclosure import Column, Table, cell_rows, protect

from .models import ONE_OFF_KINDS, Declaration, Screening

# Vetting staff see a repeat screening coming this long before the outcome lapses.
REPEAT_NOTICE_DAYS = 120
# The employee is reminded to renew a declaration this long before its renewal date.
RENEWAL_NOTICE_DAYS = 30
# The columns of the contract table `declared_relations` (pmengine.contract.SCHEMAS).
DECLARED_RELATIONS_COLUMNS = ("user_id", "subject_type", "subject_id", "relation")


def _own_employee_id(user) -> int | None:
    return getattr(user, "employee_id", None)


# --- screenings -----------------------------------------------------------------------------------


def screenings(user) -> QuerySet:
    """The register for vetting staff: every screening but their own."""
    if not policy.can(user, "vetting.screenings"):
        return Screening.objects.none()
    return Screening.objects.exclude(employee_id=_own_employee_id(user)).select_related(
        "employee", "employee__unit", "declaration")


def open_screenings(user) -> QuerySet:
    return screenings(user).filter(completed_on__isnull=True).order_by("due_on", "pk")


def repeats_due(user, today: date) -> QuerySet:
    """The latest positive screening of each employee whose validity lapses within the notice period,
    when no screening of his is open: the repeat screening must be planned."""
    later = Screening.objects.filter(employee_id=OuterRef("employee_id"), pk__gt=OuterRef("pk"))
    open_one = Screening.objects.filter(employee_id=OuterRef("employee_id"), completed_on__isnull=True)
    return (screenings(user).filter(outcome=Screening.Outcome.POSITIVE,
                                    valid_until__lte=today + timedelta(days=REPEAT_NOTICE_DAYS))
            .exclude(Exists(later)).exclude(Exists(open_one)).order_by("valid_until"))


def employee_screenings(user, employee) -> QuerySet:
    return screenings(user).filter(employee=employee).order_by("-due_on", "-pk")


# --- declarations ---------------------------------------------------------------------------------


def own_declarations(user) -> QuerySet:
    if not policy.can(user, "vetting.declare"):
        return Declaration.objects.none()
    return Declaration.objects.filter(employee_id=_own_employee_id(user))


def _handled_by(user) -> Q | None:
    """The declarations the user handles now (the rule of `policy.vetting.handles_declaration`):
    those of the employees he manages that their manager decides, and for vetting staff those VIK
    decides; never his own. None: he handles none."""
    employee_id = _own_employee_id(user)
    if not employee_id or not policy.can(user, "vetting.inbox"):
        return None
    handled = Q(handler=Declaration.Handler.MANAGER, employee__manager_id=employee_id)
    if policy.can(user, "vetting.screenings"):
        handled |= Q(handler=Declaration.Handler.VIK)
    return handled & ~Q(employee_id=employee_id)


def to_decide(user) -> QuerySet:
    """Open declarations the user handles: as line manager of the declarant, or as vetting staff."""
    handled = _handled_by(user)
    if handled is None:
        return Declaration.objects.none()
    return (Declaration.objects.filter(handled, decision="")
            .select_related("employee", "employee__unit").order_by("submitted_at", "pk"))


def decided_by_me(user) -> QuerySet:
    """Declarations the user decided and still handles: a manager who moved on no longer lists
    (and may no longer open) those of his former team, and a decision recorded under his name on
    a declaration another handler owns is never listed (need-to-know: names and outcomes)."""
    handled = _handled_by(user)
    if handled is None:
        return Declaration.objects.none()
    return (Declaration.objects.filter(handled, decided_by=user).select_related("employee")
            .order_by("-decided_on", "-pk"))


def renewals_due(user, today: date) -> QuerySet:
    """The user's own allowed declarations whose renewal date is near and that he has not renewed."""
    return own_declarations(user).exclude(kind__in=ONE_OFF_KINDS).filter(
        decision__in=[Declaration.Decision.APPROVED, Declaration.Decision.CONDITIONS, Declaration.Decision.NOTED],
        renewal_on__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS), renewals__isnull=True)


def aggregates(user, year: int) -> dict:
    """Declarations of `year` per kind and decision, through the disclosure control: policy staff
    see counts, never a person (cells under 5 hidden, and what would give them away)."""
    if not policy.can(user, "vetting.aggregates"):
        return {"rows": [], "year": year}
    counts = Counter((kind, decision or "open") for kind, decision in Declaration.objects.filter(
        submitted_at__year=year).values_list("kind", "decision"))
    keys = [*Declaration.Decision.values, "open"]
    body = [{"label": label, **{k: counts[(code, k)] for k in keys},
             "total": sum(counts[(code, k)] for k in keys)} for code, label in Declaration.Kind.choices]
    total = {"label": "", **{k: sum(row[k] for row in body) for k in [*keys, "total"]}}
    columns = [Column("label", "kind", "label"), *(Column(k, k, in_total=True) for k in keys),
               Column("total", "total")]
    table = Table("declarations", "declarations", columns, [*body, total], row_total="total",
                  additive=(*keys, "total"), total_row=True)
    rows = cell_rows(table, protect([table])[table.key])
    return {"year": year, "keys": keys, "rows": rows}


def declared_relations() -> list[dict]:
    """Declared relations with a reference in police systems, in the protective-monitoring contract's
    `declared_relations` layout (the employee's personnel number is the contract's `user_id`). A
    refused relation is passed on too: the engine must know it, whatever the decision."""
    rows = (Declaration.objects.filter(kind=Declaration.Kind.RELATION).exclude(subject_id="")
            .exclude(subject_type="").order_by("employee__personnel_number", "subject_type", "subject_id")
            .values_list("employee__personnel_number", "subject_type", "subject_id", "relation"))
    return [dict(zip(DECLARED_RELATIONS_COLUMNS, row, strict=True)) for row in dict.fromkeys(rows)]
