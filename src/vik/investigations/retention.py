"""Retention (selectielijst): legal hold, and destruction runs with four-eyes approval.

Closed cases get a destruction date from their type's retention period. Cases of archival category
"destroy" whose date has passed, and that carry no legal hold, are proposed in a destruction run;
a second functional administrator approves it and the cases are deleted with an audit record each
(reference only, no content). Cases of category "keep" are never destroyed here.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.errors import DomainError, PermissionDeniedError

from .models import ArchivalCategory, Case, DestructionRun


def _require_admin(actor) -> None:
    if not policy.can(actor, "config.manage"):
        audit.record_denied(actor, object_type="investigations.destructionrun", why="retention")
        raise PermissionDeniedError(_("Alleen functioneel beheer beheert de bewaartermijnen."))


def due_for_destruction(today: date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    return Case.objects.filter(
        closed_on__isnull=False, destruction_due__lte=today, legal_hold=False,
        case_type__archival_category=ArchivalCategory.DESTROY,
    ).order_by("destruction_due", "id")


def set_legal_hold(actor, case: Case, *, hold: bool, reason: str = "") -> Case:
    _require_admin(actor)
    if hold and len(reason.strip()) < 5:
        raise ValidationError({"reason": [_("Geef de reden van de bewaarplicht.")]})
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(legal_hold=hold, legal_hold_reason=reason.strip())
        case.legal_hold, case.legal_hold_reason = hold, reason.strip()
        audit.record(actor, AuditAction.CHANGE, case,
                     summary=_("Bewaarplicht ingesteld") if hold else _("Bewaarplicht opgeheven"),
                     detail={"reason": reason.strip()})
    return case


def propose_run(actor, today: date | None = None) -> DestructionRun:
    _require_admin(actor)
    cases = list(due_for_destruction(today).values_list("pk", "reference"))
    if not cases:
        raise DomainError(_("Er zijn geen onderzoeken waarvan de bewaartermijn is verstreken."))
    with transaction.atomic():
        run = DestructionRun.objects.create(
            proposed_by=actor, case_ids=[pk for pk, _r in cases],
            references=[ref for _pk, ref in cases],
        )
        audit.record(actor, AuditAction.CREATE, run, summary=_("Vernietigingsronde voorgesteld"),
                     detail={"cases": len(cases)})
    return run


def execute_run(actor, run: DestructionRun, today: date | None = None) -> DestructionRun:
    """Approve and execute: only a second administrator, and only cases still due."""
    _require_admin(actor)
    if run.state != DestructionRun.State.PROPOSED:
        raise DomainError(_("Deze vernietigingsronde is al afgehandeld."))
    if run.proposed_by_id == actor.pk:
        raise DomainError(_("Een tweede beheerder moet de vernietiging goedkeuren (vier ogen)."))
    still_due = set(due_for_destruction(today).filter(pk__in=run.case_ids)
                    .values_list("pk", flat=True))
    destroyed, skipped = [], []
    with transaction.atomic():
        for case in Case.objects.filter(pk__in=run.case_ids).select_related("signal"):
            if case.pk not in still_due:
                skipped.append(case.reference)
                continue
            files = [d.file for d in case.documents.all()]
            reference, signal = case.reference, case.signal
            case.delete()
            for f in files:
                transaction.on_commit(lambda f=f: f.storage.delete(f.name))
            destroyed.append(reference)
            audit.record(actor, AuditAction.DELETE, object_type="investigations.case",
                         object_id=reference, summary=_("Vernietigd na bewaartermijn"),
                         detail={"run": run.pk})
            if not signal.cases.exists():
                signal_ref = signal.reference
                for attachment in signal.attachments.all():
                    transaction.on_commit(
                        lambda f=attachment.file: f.storage.delete(f.name))
                signal.triage_decisions.all().delete()
                signal.delete()
                audit.record(actor, AuditAction.DELETE, object_type="signals.signal",
                             object_id=signal_ref, summary=_("Vernietigd met het onderzoek"),
                             detail={"run": run.pk})
        run.state = DestructionRun.State.EXECUTED
        run.approved_by = actor
        run.executed_at = timezone.now()
        run.destroyed, run.skipped = destroyed, skipped
        run.save()
    return run


def cancel_run(actor, run: DestructionRun) -> DestructionRun:
    _require_admin(actor)
    if run.state != DestructionRun.State.PROPOSED:
        raise DomainError(_("Deze vernietigingsronde is al afgehandeld."))
    with transaction.atomic():
        run.state = DestructionRun.State.CANCELLED
        run.save(update_fields=["state"])
        audit.record(actor, AuditAction.CHANGE, run, summary=_("Vernietigingsronde geannuleerd"))
    return run
