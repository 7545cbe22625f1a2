"""Writes of vetting and the reporting duty: each act checks the policy, validates, changes and
writes its audit record in one transaction.

Deciding a declaration that reports a relevant change starts an interim screening of the
declarant at his current level (`decide_declaration` → `request_interim_screening`).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.text import visible_length
from vik.core.workdays import add_working_days

from .models import REPEAT_YEARS, Declaration, Level, Screening, add_years

# A reference in police systems (person number, licence plate, address id) as the engine reads it.
SUBJECT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# An interim screening is done within this many working days of the change that started it.
INTERIM_WORKING_DAYS = 20
# Without another date, a decided declaration is renewed after a year.
DEFAULT_RENEWAL_DAYS = 365
# Relations and financial matters go to VIK; side activities, gifts and invitations to the manager.
VIK_KINDS = {Declaration.Kind.FINANCIAL_INTEREST, Declaration.Kind.FINANCIAL_PROBLEM,
             Declaration.Kind.RELATION}


def _require(actor, action: str, obj, message: str) -> None:
    if not policy.can(actor, action, obj):
        audit.record_denied(actor, obj if getattr(obj, "pk", None) else None,
                            object_type="vetting", why=action)
        raise PermissionDeniedError(message)


# --- screenings -----------------------------------------------------------------------------------


def current_level(employee) -> str | None:
    """The level of the employee's latest screening, if any."""
    return (Screening.objects.filter(employee=employee).order_by("-due_on", "-pk")
            .values_list("level", flat=True).first())


def plan_screening(actor, employee, level: str, kind: str, due_on: date, reason: str = "",
                   declaration: Declaration | None = None) -> Screening:
    """Register a screening of `employee` to be completed by `due_on` (today or later: a deadline
    already past would be overdue the moment it is planned; ValidationError on `due_on`)."""
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Deze datum ligt in het verleden. Kies vandaag of een latere datum "
                                           "waarop het onderzoek uiterlijk af moet zijn.")})
    screening = Screening(employee=employee, level=level, kind=kind, due_on=due_on,
                          reason=reason.strip(), declaration=declaration, created_by=actor)
    _require(actor, "vetting.screening.manage", screening,
             _("Alleen medewerkers veiligheidsonderzoeken plannen een onderzoek, nooit hun eigen."))
    with transaction.atomic():
        if Screening.objects.select_for_update().filter(employee=employee, completed_on__isnull=True).exists():
            raise DomainError(_("Voor deze medewerker loopt al een onderzoek; rond dat eerst af."))
        screening.full_clean()
        screening.save()
        audit.record(actor, AuditAction.CREATE, screening,
                     summary=_("Betrouwbaarheidsonderzoek gepland: %(level)s, %(kind)s") % {
                         "level": screening.get_level_display(), "kind": screening.get_kind_display()})
    return screening


def record_outcome(actor, screening: Screening, outcome: str, completed_on: date, reason: str) -> Screening:
    """Record the outcome of a screening. A positive outcome is valid for the level's repeat cycle
    (BO eight years, BO+ five); a negative one needs its reason."""
    _require(actor, "vetting.screening.manage", screening,
             _("Alleen medewerkers veiligheidsonderzoeken leggen een uitkomst vast."))
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=screening.pk)
        if not screening.is_open:
            raise DomainError(_("Dit onderzoek is al afgerond."))
        if outcome not in Screening.Outcome.values:
            raise ValidationError({"outcome": _("Kies een uitkomst.")})
        if completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("Een onderzoek wordt niet in de toekomst afgerond.")})
        previous = Screening.objects.filter(employee_id=screening.employee_id, completed_on__isnull=False).exclude(
            pk=screening.pk).order_by("-completed_on").values_list("completed_on", flat=True).first()
        if previous is not None and completed_on <= previous:
            # A screening ends after the one before it (a tester's 01-01-2000 made a repeat that
            # lapsed years before the screening it repeats).
            raise ValidationError({"completed_on": _(
                "Het vorige onderzoek van deze medewerker is afgerond op %(day)s; kies een latere datum.")
                % {"day": previous.strftime("%d-%m-%Y")}})
        if outcome == Screening.Outcome.NEGATIVE and not reason.strip():
            raise ValidationError({"reason": _("Motiveer een negatieve uitkomst.")})
        screening.outcome = outcome
        screening.completed_on = completed_on
        screening.outcome_reason = reason.strip()
        screening.valid_until = (add_years(completed_on, REPEAT_YEARS[Level(screening.level)])
                                 if outcome == Screening.Outcome.POSITIVE else None)
        screening.save()
        audit.record(actor, AuditAction.CHANGE, screening,
                     summary=_("Uitkomst betrouwbaarheidsonderzoek vastgelegd: %(outcome)s") % {
                         "outcome": screening.get_outcome_display()})
    return screening


def request_interim_screening(actor, declaration: Declaration) -> Screening | None:
    """The interim screening a relevant declaration starts, at the declarant's current level (BO when
    he has none yet); nothing when a screening of his is already open. Called inside the
    transaction of the decision; the decider needs no vetting role: the screening is planned for
    the vetting staff, and its audit record names the declaration."""
    employee = declaration.employee
    if Screening.objects.filter(employee=employee, completed_on__isnull=True).exists():
        return None
    screening = Screening.objects.create(
        employee=employee, level=current_level(employee) or Level.BO, kind=Screening.Kind.INTERIM,
        due_on=add_working_days(timezone.localdate(), INTERIM_WORKING_DAYS), declaration=declaration,
        reason=_("Relevante wijziging gemeld (%(kind)s, %(reference)s).") % {
            "kind": declaration.get_kind_display(), "reference": declaration.reference},
        created_by=actor)
    audit.record(actor, AuditAction.CREATE, screening,
                 summary=_("Tussentijds onderzoek gestart na melding %(reference)s") % {
                     "reference": declaration.reference})
    return screening


# --- declarations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationInput:
    kind: str
    description: str
    political: bool = False
    counterparty: str = ""
    relation: str = ""
    subject_type: str = ""
    subject_id: str = ""
    value_eur: int | None = None
    event_on: date | None = None
    renews: Declaration | None = None  # the earlier declaration this one renews


def _handler_for(employee, kind: str) -> str:
    if kind in VIK_KINDS or employee.manager_id is None:
        return Declaration.Handler.VIK
    return Declaration.Handler.MANAGER


def submit_declaration(actor, data: DeclarationInput) -> Declaration:
    """The employee reports under his reporting duty; the declaration goes to its handler."""
    _require(actor, "vetting.declare", None, _("Alleen medewerkers met een personeelsnummer melden."))
    with transaction.atomic():
        employee = actor.employee
        errors = {}
        if data.kind not in Declaration.Kind.values:
            errors["kind"] = _("Kies een soort melding.")
        if not visible_length(data.description):
            errors["description"] = _("Beschrijf wat u meldt.")
        if data.political and data.kind != Declaration.Kind.SIDE_ACTIVITY:
            errors["political"] = _("Een politieke functie meldt u als nevenwerkzaamheden.")
        if data.kind == Declaration.Kind.RELATION and not data.relation:
            errors["relation"] = _("Kies de soort relatie.")
        if data.subject_id.strip() and not SUBJECT_ID.fullmatch(data.subject_id.strip()):
            errors["subject_id"] = _("Een kenmerk bestaat uit letters, cijfers, punten en streepjes.")
        if data.subject_id.strip() and not data.subject_type:
            errors["subject_type"] = _("Geef aan of het kenmerk een persoon, voertuig of adres is.")
        if data.kind in (Declaration.Kind.GIFT, Declaration.Kind.INVITATION):
            if data.event_on is None:
                errors["event_on"] = _("Geef de datum van het geschenk of evenement.")
            elif data.kind == Declaration.Kind.INVITATION and data.event_on < timezone.localdate():
                # An invitation is accepted only with permission; a gift that arrived unasked
                # (the hamper delivered at home) is reported afterwards (tester t35).
                errors["event_on"] = _("Toestemming voor een uitnodiging vraagt u vooraf: de datum ligt in het "
                                       "verleden.")
        if data.renews is not None and (data.renews.employee_id != employee.pk or data.renews.is_open):
            errors["renews"] = _("U vernieuwt alleen uw eigen melding waarover is besloten.")
        if errors:
            raise ValidationError(errors)
        relation_kind = data.kind == Declaration.Kind.RELATION
        declaration = Declaration(
            employee=employee, kind=data.kind, political=data.political,
            description=data.description.strip(), counterparty=data.counterparty.strip(),
            relation=data.relation if relation_kind else "",
            subject_type=data.subject_type if relation_kind else "",
            subject_id=data.subject_id.strip() if relation_kind else "",
            value_eur=data.value_eur, event_on=data.event_on,
            handler=_handler_for(employee, data.kind), submitted_by=actor, renews=data.renews)
        declaration.full_clean()
        declaration.save()
        audit.record(actor, AuditAction.CREATE, declaration,
                     summary=_("Melding gedaan (meldplicht): %(kind)s") % {"kind": declaration.get_kind_display()})
    return declaration


def decide_declaration(actor, declaration: Declaration, decision: str, reason: str,
                       renewal_on: date | None = None, screening_relevant: bool = False) -> Declaration:
    """The handler decides, with a reason and a renewal date (a year by default; none for a gift or
    an invitation, which happen once). A change relevant for the screening starts an interim
    screening. A second decision (another tab) is told when the first was taken."""
    if not declaration.is_open and policy.can(actor, "vetting.declaration.view", declaration):
        raise DomainError(_("Over deze melding is al besloten op %(on)s.")
                          % {"on": declaration.decided_on.strftime("%d-%m-%Y") if declaration.decided_on else "?"})
    _require(actor, "vetting.declaration.decide", declaration,
             _("Alleen de behandelaar besluit over deze melding, en maar één keer."))
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().select_related("employee").get(pk=declaration.pk)
        if not declaration.is_open:
            raise DomainError(_("Over deze melding is al besloten."))
        errors = {}
        if decision not in Declaration.Decision.values:
            errors["decision"] = _("Kies een besluit over de melding.")
        if not visible_length(reason):
            errors["reason"] = _("Motiveer het besluit.")
        today = timezone.localdate()
        if renewal_on is not None and renewal_on <= today:
            errors["renewal_on"] = _("De datum om opnieuw te melden moet na vandaag liggen.")
        if errors:
            raise ValidationError(errors)
        declaration.decision = decision
        declaration.decision_reason = reason.strip()
        declaration.decided_on = today
        declaration.decided_by = actor
        declaration.renewal_on = (None if declaration.is_one_off
                                  else renewal_on or today + timedelta(days=DEFAULT_RENEWAL_DAYS))
        declaration.screening_relevant = screening_relevant
        declaration.save()
        audit.record(actor, AuditAction.CHANGE, declaration,
                     summary=_("Besluit op melding %(reference)s: %(decision)s") % {
                         "reference": declaration.reference, "decision": declaration.get_decision_display()})
        if screening_relevant:
            request_interim_screening(actor, declaration)
    return declaration


def record_relations_export(actor, rows: int) -> None:
    """The export of declared relations leaves the system: audited like every export. `actor` None
    is the console (`vik export_declared_relations`), run by whoever operates the server."""
    if actor is not None:
        _require(actor, "vetting.relations.export", None,
                 _("Alleen de SOC en medewerkers veiligheidsonderzoeken exporteren gemelde relaties."))
    with transaction.atomic():
        audit.record(actor, AuditAction.EXPORT, None, object_type="vetting.declared_relations",
                     summary=_("Gemelde relaties geëxporteerd voor protective monitoring (%(n)s rijen)") % {"n": rows})
