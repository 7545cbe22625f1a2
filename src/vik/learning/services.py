"""Writes of learning from cases: learning points (checked for anonymity), learning circles and
their improvements. Every write: policy check, validation, change and audit in one transaction."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.text import visible_length

from .models import Improvement, LearningCircle, LearningPoint

# References of signals and cases (M2026-000012, D2026-000003), personnel numbers (P900012,
# 123456) and dates finer than the month (3-3-2026, 2026-03-03, 3 maart).
REFERENCE = re.compile(r"\b[A-Z]\d{4}-\d{3,}\b", re.IGNORECASE)
PERSONNEL_NUMBER = re.compile(r"\b[A-Z]\d{6,}\b", re.IGNORECASE)  # looks like one: refused
BARE_NUMBER = re.compile(r"\b\d{5,}\b")  # refused only when it is someone's personnel number
MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
          "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
EXACT_DATE = re.compile(
    r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}(?:e|ste|de)?\s+(?:" + MONTHS + r")\b",
    re.IGNORECASE)


def _require(actor, action: str, obj, message: str) -> None:
    if not policy.can(actor, action, obj):
        audit.record_denied(actor, obj if getattr(obj, "pk", None) else None,
                            object_type="learning", why=action)
        raise PermissionDeniedError(message)


def _names_of(case) -> list[str]:
    """Names that identify people of the case: the subject and the signal's other subjects."""
    people = [case.subject, *case.signal.subjects.all()]
    names = set()
    for person in people:
        for part in (person.first_name, person.surname, f"{person.first_name} {person.surname}"):
            if part and len(part.strip()) >= 3:
                names.add(part.strip())
        names.add(person.personnel_number)
    return sorted(names, key=len, reverse=True)


def _employee_names_in(text: str) -> list[str]:
    """Full names (first name and surname) of any employee that occur in `text`: a learning
    point names nobody, not only nobody of its own case (a tester published the name of another
    case's betrokkene). Reads the names once per check; a learning point is written rarely."""
    from vik.accounts.models import Employee

    words = re.findall(r"\w+", text.lower())
    windows = {" ".join(words[i:i + n]) for n in (2, 3, 4, 5) for i in range(len(words) - n + 1)}
    if not windows:
        return []
    found = set()
    for first, surname in Employee.objects.values_list("first_name", "surname").iterator(chunk_size=5000):
        full = " ".join(re.findall(r"\w+", f"{first} {surname}".lower()))
        if full in windows:
            found.add(f"{first} {surname}")
    return sorted(found)


def _personnel_numbers_in(numbers: set[str]) -> set[str]:
    """Those of the bare `numbers` that are an employee's personnel number, with or without its
    letters (an amount such as 125000 euro is no reason to refuse a text)."""
    from vik.accounts.models import Employee

    if not numbers:
        return set()
    pattern = r"^[A-Za-z-]{0,4}(" + "|".join(sorted(numbers)) + r")$"
    stored = Employee.objects.filter(personnel_number__regex=pattern).values_list("personnel_number", flat=True)
    return {n for n in numbers for number in stored if re.sub(r"^[A-Za-z-]*", "", number) == n}


def anonymity_problems(case, *texts: str) -> list[str]:
    """What in `texts` would make the learning point traceable to the case: a Dutch message for
    each kind found, naming what to remove (empty when the text is anonymous)."""
    text = "\n".join(t or "" for t in texts)
    problems = []
    found = [name for name in _names_of(case)
             if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE)]
    found += [name for name in _employee_names_in(text) if name not in found]
    if found:
        problems.append(_("Verwijder namen en personeelsnummers van betrokkenen: %(found)s.")
                        % {"found": ", ".join(found)})
    references = sorted({m.group(0) for m in REFERENCE.finditer(text)}
                        | {r for r in (case.reference, case.signal.reference) if r.lower() in text.lower()})
    if references:
        problems.append(_("Verwijder kenmerken van meldingen en onderzoeken: %(found)s.")
                        % {"found": ", ".join(references)})
    numbers = sorted(({m.group(0) for m in PERSONNEL_NUMBER.finditer(text)}
                      | _personnel_numbers_in({m.group(0) for m in BARE_NUMBER.finditer(text)})) - set(found))
    if numbers:
        problems.append(_("Verwijder nummers die naar een persoon kunnen leiden: %(found)s.")
                        % {"found": ", ".join(numbers)})
    dates = sorted({m.group(0) for m in EXACT_DATE.finditer(text)})
    if dates:
        problems.append(_("Noem geen datums preciezer dan de maand: %(found)s.")
                        % {"found": ", ".join(dates)})
    return problems


@dataclass
class PointInput:
    theme: str
    title: str
    what_happened: str
    lesson: str
    period: date
    publish: bool = False


@transaction.atomic
def write_point(actor, case, data: PointInput) -> LearningPoint:
    _require(actor, "learning.point.write", case,
             _("Alleen beleidsmedewerkers en de hoofdonderzoeker mogen leerpunten van dit onderzoek schrijven."))
    if not hasattr(case, "decision"):
        raise DomainError(_("Een leerpunt kan pas worden geschreven als er een besluit in het onderzoek is."))
    problems = anonymity_problems(case, data.title, data.what_happened, data.lesson)
    if problems:
        raise DomainError(_("Het leerpunt is niet anoniem.") + " " + " ".join(problems))
    # The back button and a second "Opslaan" must not make a second copy (tester t12): the same
    # title and lesson for the same case is the point already written.
    if LearningPoint.objects.filter(case=case, title=data.title.strip(), lesson=data.lesson.strip()).exists():
        raise DomainError(_("Dit leerpunt is al vastgelegd bij dit onderzoek."))
    today = timezone.localdate()
    point = LearningPoint.objects.create(
        case=case, theme=data.theme, title=data.title.strip(), what_happened=data.what_happened.strip(),
        lesson=data.lesson.strip(), period=data.period.replace(day=1), created_by=actor,
        published=data.publish, published_on=today if data.publish else None)
    audit.record(actor, AuditAction.CREATE, point, summary=_("Leerpunt vastgelegd"))
    return point


@transaction.atomic
def set_published(actor, point: LearningPoint, published: bool) -> LearningPoint:
    _require(actor, "learning.point.manage", point, _("U mag dit leerpunt niet publiceren of intrekken."))
    point.published = published
    point.published_on = timezone.localdate() if published else None
    point.save(update_fields=["published", "published_on"])
    audit.record(actor, AuditAction.CHANGE, point,
                 summary=_("Leerpunt gepubliceerd") if published else _("Leerpunt ingetrokken"))
    return point


@dataclass
class ImprovementInput:
    description: str
    owner: object  # User
    due_on: date


@transaction.atomic
def record_circle(actor, held_on: date, unit, participants, points, notes: str,
                  improvements: list[ImprovementInput]) -> LearningCircle:
    _require(actor, "learning.circle.organise", None,
             _("Alleen beleidsmedewerkers, redacteuren en leidinggevenden leggen lerende cirkels vast."))
    if not participants:
        raise DomainError(_("Kies ten minste één deelnemer."))
    if any(not point.published for point in points):
        raise DomainError(_("Alleen gepubliceerde leerpunten kunnen worden besproken."))
    circle = LearningCircle.objects.create(held_on=held_on, unit=unit, notes=notes.strip(), created_by=actor)
    circle.participants.set(participants)
    circle.points.set(points)
    for item in improvements:
        add_improvement(actor, circle, item)
    audit.record(actor, AuditAction.CREATE, circle, summary=_("Lerende cirkel vastgelegd"))
    return circle


@transaction.atomic
def add_improvement(actor, circle: LearningCircle, data: ImprovementInput) -> Improvement:
    _require(actor, "learning.circle.manage", circle, _("U mag deze lerende cirkel niet wijzigen."))
    if data.owner is None or not data.owner.is_active:
        raise DomainError(_("Kies een eigenaar met een actief account."))
    if not visible_length(data.description):
        raise DomainError(_("Beschrijf de verbetering."))
    improvement = Improvement.objects.create(circle=circle, description=data.description.strip(),
                                             owner=data.owner, due_on=data.due_on)
    audit.record(actor, AuditAction.CREATE, improvement, summary=_("Verbeterpunt afgesproken"))
    return improvement


@transaction.atomic
def complete_improvement(actor, improvement: Improvement) -> Improvement:
    _require(actor, "learning.improvement.done", improvement,
             _("Alleen de eigenaar of de organisator mag dit verbeterpunt afronden."))
    if improvement.done_on is not None:
        raise DomainError(_("Dit verbeterpunt is al afgerond."))
    improvement.done_on = timezone.localdate()
    improvement.done_by = actor
    improvement.save(update_fields=["done_on", "done_by"])
    audit.record(actor, AuditAction.CHANGE, improvement, summary=_("Verbeterpunt afgerond"))
    return improvement
