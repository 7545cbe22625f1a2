"""Writes on signals: registration, attachments and every change of a signal's status. Each
function validates, changes, audits. Other apps (triage, investigations) never write a signal's
status themselves: they call `route_signal` or `transition`, which hold the allowed moves."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import Employee, Unit
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.notify import notify
from vik.core.text import visible_length
from vik.core.uploads import check_image_upload

from .fields import EARLIEST
from .models import Attachment, Channel, Signal, Theme

ALLOWED_ATTACHMENT_TYPES = {".pdf", ".docx", ".doc", ".odt", ".txt", ".jpg", ".jpeg", ".png", ".json",
                            ".msg", ".eml", ".xlsx", ".csv"}


@dataclass
class SignalInput:
    received_on: date
    channel: str
    region: Unit
    theme: Theme
    description: str
    subjects: list[Employee]
    reporter: Employee | None = None
    reporter_description: str = ""
    source_reference: str = ""
    attachments: list = field(default_factory=list)


def _validate(data: SignalInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.received_on > timezone.localdate():
        errors.setdefault("received_on", []).append(_("De datum van ontvangst ligt in de toekomst."))
    elif data.received_on < EARLIEST:
        errors.setdefault("received_on", []).append(
            _("De datum van ontvangst ligt vóór %(d)s; controleer het jaartal.")
            % {"d": EARLIEST.strftime("%d-%m-%Y")})
    if data.channel not in Channel.values:
        errors.setdefault("channel", []).append(_("Kies een geldig kanaal."))
    if not visible_length(data.description):
        errors.setdefault("description", []).append(_("Beschrijf waar de melding over gaat."))
    if not data.subjects:
        errors.setdefault("subjects", []).append(_("Noem ten minste één betrokkene."))
    if data.reporter and data.reporter in data.subjects:
        errors.setdefault("reporter", []).append(
            _("De melder kan niet ook betrokkene van dezelfde melding zijn.")
        )
    if data.channel == Channel.ANONYMOUS and (data.reporter or data.reporter_description):
        errors.setdefault("reporter", []).append(
            _("Bij een anonieme melding wordt geen melder vastgelegd.")
        )
    if data.region.kind not in (Unit.Kind.REGION, Unit.Kind.NATIONAL):
        errors.setdefault("region", []).append(_("Kies een regionale eenheid."))
    for upload in data.attachments:
        validate_attachment(upload, errors)
    if errors:
        raise ValidationError(errors)


def validate_attachment(upload, errors: dict[str, list[str]]) -> None:
    name = upload.name or ""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in ALLOWED_ATTACHMENT_TYPES:
        errors.setdefault("attachments", []).append(
            _("Bestand %(name)s heeft een niet toegestaan type.") % {"name": name}
        )
    if upload.size > settings.VIK_MAX_ATTACHMENT_BYTES:
        errors.setdefault("attachments", []).append(
            _("Bestand %(name)s is groter dan %(mb)d MB.")
            % {"name": name, "mb": settings.VIK_MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    elif problem := check_image_upload(upload):
        # An image is checked on its header (type, pixel count) before anyone's viewer decodes it.
        errors.setdefault("attachments", []).append(f"{name}: {problem}")


def register_signal(actor, data: SignalInput) -> Signal:
    """Register a signal from any channel; it enters the triage queue of its region."""
    if not policy.can(actor, "signal.create"):
        audit.record_denied(actor, object_type="signals.signal", why="register")
        raise PermissionDeniedError(_("U mag geen meldingen registreren."))
    _validate(data)
    with transaction.atomic():
        signal = Signal.objects.create(
            reference=f"tmp-{uuid.uuid4().hex[:14]}",
            received_on=data.received_on,
            channel=data.channel,
            region=data.region,
            theme=data.theme,
            description=data.description.strip(),
            reporter=data.reporter,
            reporter_description=data.reporter_description.strip(),
            source_reference=data.source_reference.strip(),
            registered_by=actor,
        )
        signal.reference = f"M{data.received_on.year}-{signal.pk:06d}"
        signal.save(update_fields=["reference"])
        signal.subjects.set(data.subjects)
        for upload in data.attachments:
            Attachment.objects.create(
                signal=signal, file=upload, original_name=upload.name[:255], uploaded_by=actor
            )
        audit.record(
            actor, AuditAction.CREATE, signal, summary=_("Melding geregistreerd"),
            detail={"channel": data.channel, "theme": data.theme.code,
                    "subjects": [e.pk for e in data.subjects],
                    "attachments": len(data.attachments)},
        )
        _notify_triage(signal)
    return signal


def _notify_triage(signal: Signal) -> None:
    from vik.accounts.models import Role
    from vik.accounts.selectors import users_with_role_in

    members = [
        u for u in users_with_role_in(signal.region, Role.TRIAGE)
        if not policy.is_conflicted(u, signal)
    ]
    notify(
        members,
        _("Nieuwe melding %(ref)s in de triagewachtrij") % {"ref": signal.reference},
        _("Er staat een nieuwe melding klaar voor triage: %(ref)s.") % {"ref": signal.reference},
    )


def add_attachment(actor, signal: Signal, upload) -> Attachment:
    if not (policy.can(actor, "signal.triage", signal)):
        audit.record_denied(actor, signal, why="attachment")
        raise PermissionDeniedError(_("U mag geen bijlagen aan deze melding toevoegen."))
    errors: dict[str, list[str]] = {}
    validate_attachment(upload, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        attachment = Attachment.objects.create(
            signal=signal, file=upload, original_name=upload.name[:255], uploaded_by=actor
        )
        audit.record(actor, AuditAction.CHANGE, signal, summary=_("Bijlage toegevoegd"),
                     detail={"attachment": attachment.pk})
    return attachment


# The status a signal gets from a triage route (keys are the values of `triage.models.Route`;
# signals does not import triage, a test checks both lists match).
ROUTE_TO_SIGNAL_STATUS = {
    "no_action": Signal.Status.CLOSED,
    "line": Signal.Status.IN_LINE,
    "orienting": Signal.Status.TRIAGED,
    "disciplinary": Signal.Status.TRIAGED,
    "criminal": Signal.Status.HANDED_OVER,
    # Not parked: it lands in the queue of the national triage team (see `triage_queue`).
    "national": Signal.Status.NATIONAL_TRIAGE,
}

_S = Signal.Status
_ROUTED = frozenset(ROUTE_TO_SIGNAL_STATUS.values())
# From each status, the statuses a signal may move to. A (re-)triage decision may be taken in
# every status (new facts can reopen a closed signal), so every routed status is reachable from
# everywhere; an investigation starts only after a route towards one (or beside a running or
# closed one); nothing ever goes back to "new". Only the national triage takes a signal on for the
# national team or sends it back to its unit (a returned signal waits for its unit's new route).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.NEW: _ROUTED,
    _S.TRIAGED: _ROUTED | {_S.UNDER_INVESTIGATION},
    _S.IN_LINE: _ROUTED,
    _S.UNDER_INVESTIGATION: _ROUTED | {_S.UNDER_INVESTIGATION},
    _S.HANDED_OVER: _ROUTED | {_S.UNDER_INVESTIGATION},
    _S.NATIONAL_TRIAGE: _ROUTED | {_S.UNDER_INVESTIGATION, _S.NATIONAL_TEAM, _S.RETURNED},
    _S.NATIONAL_TEAM: _ROUTED | {_S.UNDER_INVESTIGATION},
    _S.RETURNED: _ROUTED,
    _S.CLOSED: _ROUTED | {_S.UNDER_INVESTIGATION},
}


class SignalTransitionError(DomainError):
    """A status change the process does not allow (a programming error, never user input)."""


def transition(signal: Signal, to: str, *, by) -> Signal:
    """Move a signal to status `to`, checked against `ALLOWED_TRANSITIONS`. The caller holds the
    policy check, the transaction and the audit record of the act that causes the move (a triage
    decision, a case opened or closed); `by` is the user who acts."""
    current = Signal.objects.filter(pk=signal.pk).values_list("status", flat=True).first()
    if current is None:
        current = signal.status
    if to not in ALLOWED_TRANSITIONS.get(current, frozenset()):
        raise SignalTransitionError(
            _("Melding %(ref)s kan niet van ‘%(from)s’ naar ‘%(to)s’.")
            % {"ref": signal.reference, "from": _S(current).label, "to": _S(to).label})
    Signal.objects.filter(pk=signal.pk).update(status=to)
    signal.status = to
    return signal


def route_signal(signal: Signal, route: str, *, by) -> Signal:
    """The status that follows from a triage route."""
    return transition(signal, ROUTE_TO_SIGNAL_STATUS[route], by=by)


# The national triage's three decisions on a signal a unit routed to it.
NATIONAL_OUTCOME_TO_SIGNAL_STATUS = {
    "take_on": Signal.Status.NATIONAL_TEAM,
    "return": Signal.Status.RETURNED,
    "prosecutor": Signal.Status.HANDED_OVER,
}


def settle_nationally(signal: Signal, outcome: str, *, by) -> Signal:
    """The status that follows from the national triage's decision (keys are the values of
    `triage.models.NationalDecision.Outcome`; a test checks both lists match)."""
    stored = Signal.objects.filter(pk=signal.pk).values_list("status", flat=True).first()
    if stored != Signal.Status.NATIONAL_TRIAGE:
        # Take-on and return are moves out of the national queue only (the prosecutor's status
        # is reachable from everywhere by a route, so the table alone would not refuse it).
        raise SignalTransitionError(
            _("Melding %(ref)s ligt niet bij de landelijke triage.") % {"ref": signal.reference})
    return transition(signal, NATIONAL_OUTCOME_TO_SIGNAL_STATUS[outcome], by=by)


def start_investigation(signal: Signal, *, by) -> Signal:
    return transition(signal, Signal.Status.UNDER_INVESTIGATION, by=by)


def close_signal(signal: Signal, *, by) -> Signal:
    """The line reported back, or the last open case of the signal was closed."""
    return transition(signal, Signal.Status.CLOSED, by=by)
