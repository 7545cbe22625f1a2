"""Writes on signals: registration and attachments. Each function validates, changes, audits."""

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
from vik.core.errors import PermissionDeniedError
from vik.core.notify import notify
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
    if not data.description.strip():
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
