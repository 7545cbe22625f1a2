"""Writes of learning from cases: learning points (checked for anonymity), learning circles and
their improvements. Every write: policy check, validation, change and audit in one transaction."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.anonymity import case_identifying_details
from vik.core.concurrency import check_state
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.text import visible_length

from .models import Improvement, LearningCircle, LearningPoint


def _require(actor, action: str, obj, message: str) -> None:
    if not policy.can(actor, action, obj):
        audit.record_denied(actor, obj if getattr(obj, "pk", None) else None,
                            object_type="learning", why=action)
        raise PermissionDeniedError(message)


def anonymity_problems(case, *texts: str) -> list[str]:
    """What in `texts` would make the learning point traceable to the case or to anyone: a Dutch
    message for each kind found, naming what to remove (empty when the text is anonymous). The
    people of the case count by first name, surname and personnel number too
    (`vik.core.anonymity`)."""
    return case_identifying_details(case, "\n".join(t or "" for t in texts))


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
def edit_point(actor, point: LearningPoint, data: PointInput, expected_state: str | None = None) -> LearningPoint:
    """A saved learning point corrected (tester t35-4: a point could only be withdrawn, not
    mended). The same anonymity check as when it was written; publishing is its own act
    (`set_published`), so `data.publish` is not used here. `expected_state`: the
    `core.concurrency.state_token` the form was loaded with; a stale form raises
    ConcurrentEditError (t38: a second tab put back the title the first had changed)."""
    _require(actor, "learning.point.manage", point, _("U mag dit leerpunt niet wijzigen."))
    check_state(point, expected_state)
    problems = anonymity_problems(point.case, data.title, data.what_happened, data.lesson)
    if problems:
        raise DomainError(_("Het leerpunt is niet anoniem.") + " " + " ".join(problems))
    changed = {"theme": data.theme, "title": data.title.strip(), "what_happened": data.what_happened.strip(),
               "lesson": data.lesson.strip(), "period": data.period.replace(day=1)}
    fields = [name for name, value in changed.items() if getattr(point, name) != value]
    if fields:
        for name in fields:
            setattr(point, name, changed[name])
        point.save(update_fields=fields)
        audit.record(actor, AuditAction.CHANGE, point, summary=_("Leerpunt gewijzigd"), detail={"fields": fields})
    return point


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
