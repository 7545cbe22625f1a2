"""Writes on knowledge content. Every save goes through `save_content`: it checks that the actor
is an editor, validates, stores the row, refreshes its search text, keeps a version and writes
the audit record, all in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.concurrency import check_state
from vik.core.errors import DomainError, PermissionDeniedError

from . import selectors, stemmer
from .models import Desk, FinderOption, FinderQuestion, Initiative, ManagerGuideStage, ThemeSheet, Version

# Content kinds with a version history: key -> model. The key is stored in Version.kind.
VERSIONED = {"sheet": ThemeSheet, "desk": Desk, "initiative": Initiative, "guide": ManagerGuideStage}
_SKIPPED_FIELDS = {"id", "search_text", "updated_at"}


def _require_editor(actor, obj=None) -> None:
    if not policy.can(actor, "knowledge.edit", obj):
        audit.record_denied(actor, obj, object_type="knowledge", why="knowledge.edit")
        raise PermissionDeniedError(_("Alleen redacteuren mogen deze inhoud wijzigen."))


def kind_of(obj) -> str:
    for kind, model in VERSIONED.items():
        if isinstance(obj, model):
            return kind
    raise ValueError(f"not versioned: {type(obj).__name__}")


def snapshot(obj) -> dict:
    """The editable state of `obj` as JSON-ready data: plain fields and many-to-many ids."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name not in _SKIPPED_FIELDS:
            data[field.attname] = field.value_from_object(obj)
    for field in obj._meta.many_to_many:
        data[field.name] = sorted(obj.pk and getattr(obj, field.name).values_list("pk", flat=True) or [])
    return data


def _search_parts(obj) -> list[str]:
    if isinstance(obj, ThemeSheet):
        return [obj.title, obj.introduction, obj.norm, obj.dilemmas, obj.court_cases, obj.law_articles]
    if isinstance(obj, Initiative):
        return [obj.title, obj.summary, obj.owner, obj.target_group, obj.experiences,
                obj.get_kind_display(), " ".join(t.title for t in obj.themes.all())]
    return []


def _validate_sheet(sheet: ThemeSheet) -> None:
    errors = {}
    for case in selectors.parse_court_cases(sheet.court_cases):
        if not case.eclis:
            errors["court_cases"] = _("Elke uitspraak begint met een regel met het ECLI-nummer, "
                                      "bijvoorbeeld ECLI:NL:CRVB:2015:3446.")
        elif not case.title:
            errors["court_cases"] = _("Geef elke uitspraak een titel op de tweede regel.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_content(actor, obj, *, m2m: dict | None = None, note: str = "", expected_state: str | None = None):
    """Create or update a desk, theme sheet or initiative and keep the new state as a version.
    `expected_state` is the `state_token` the form was loaded with: a stale form is refused."""
    _require_editor(actor, obj)
    check_state(obj, expected_state)
    if isinstance(obj, ThemeSheet):
        _validate_sheet(obj)
    created = obj.pk is None
    obj.full_clean(exclude=["search_text"])
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    parts = _search_parts(obj)
    if parts:
        obj.search_text = stemmer.index_text(*parts)
        type(obj).objects.filter(pk=obj.pk).update(search_text=obj.search_text)
    kind = kind_of(obj)
    last = Version.objects.filter(kind=kind, object_id=obj.pk).order_by("-number").first()
    Version.objects.create(kind=kind, object_id=obj.pk, number=(last.number + 1) if last else 1,
                           data=snapshot(obj), note=note[:255], saved_by=actor)
    audit.record(actor, AuditAction.CREATE if created else AuditAction.CHANGE, obj,
                 summary=_("Kennisinhoud opgeslagen: %(title)s") % {"title": str(obj)})
    return obj


@transaction.atomic
def restore_version(actor, obj, number: int):
    """Put back the state of version `number`; the restore is saved as a new version."""
    _require_editor(actor, obj)
    version = Version.objects.filter(kind=kind_of(obj), object_id=obj.pk, number=number).first()
    if version is None:
        raise DomainError(_("Deze versie bestaat niet."))
    model = type(obj)
    m2m = {}
    m2m_names = {f.name for f in model._meta.many_to_many}
    for key, value in version.data.items():
        if key in m2m_names:
            # Related rows deleted since then cannot come back; keep those that still exist.
            related = model._meta.get_field(key).related_model
            m2m[key] = list(related.objects.filter(pk__in=value).values_list("pk", flat=True))
        elif key != "id":
            setattr(obj, key, value)
    return save_content(actor, obj, m2m=m2m, note=_("Hersteld uit versie %(n)d") % {"n": number})


# The parts of a finder question that one form edits (for its state token).
QUESTION_PARTS = ("options",)


@transaction.atomic
def save_question(actor, question: FinderQuestion, options: list[dict],
                  expected_state: str | None = None) -> FinderQuestion:
    """Save a finder question with its answer options. `options` holds dicts with the option
    fields plus `suggests` and `limits_to` (desk lists) and, for existing options, `instance`
    and `delete`."""
    _require_editor(actor, question)
    check_state(question, expected_state, QUESTION_PARTS)
    created = question.pk is None
    question.full_clean()
    question.save()
    kept = 0
    for data in options:
        option = data.get("instance") or FinderOption(question=question)
        if data.get("delete"):
            if option.pk:
                option.delete()
            continue
        if not data.get("label"):
            continue
        for field in ("label", "order", "notice", "shows_investigation_guide"):
            setattr(option, field, data.get(field) or FinderOption._meta.get_field(field).get_default())
        option.question = question
        option.full_clean()
        option.save()
        option.suggests.set(data.get("suggests") or [])
        option.limits_to.set(data.get("limits_to") or [])
        kept += 1
    if kept < 2:
        raise ValidationError(_("Een vraag heeft ten minste twee antwoorden nodig."))
    audit.record(actor, AuditAction.CREATE if created else AuditAction.CHANGE, question,
                 summary=_("Vraag van de wegwijzer opgeslagen"))
    return question
