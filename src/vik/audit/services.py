"""Writing and checking the audit trail."""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from .middleware import current_remote_addr
from .models import AuditAction, AuditEvent

GENESIS = "0" * 64
# Any constant works; it keeps the PostgreSQL advisory lock of the chain apart from other locks.
_CHAIN_LOCK_KEY = 7_411_001


def _digest(prev_hash: str, fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict:
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "detail": event.detail,
        "remote_addr": event.remote_addr,
    }


def record(
    actor,
    action: str,
    obj=None,
    *,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. Call inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    # The trail is read in the product's language, whatever language the actor's screen had.
    with translation.override(settings.LANGUAGE_CODE):
        summary = str(summary)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            summary=summary[:255],
            detail=json.loads(json.dumps(detail or {}, default=str)),
            remote_addr=current_remote_addr(),
            prev_hash=last or GENESIS,
        )
        event.hash = _digest(event.prev_hash, _hashed_fields(event))
        event.save()
    return event


def record_view(actor, obj, summary: str = "") -> AuditEvent:
    return record(actor, AuditAction.VIEW, obj, summary=summary)


def record_denied(actor, obj=None, *, object_type: str = "", object_id: str = "", why: str = ""):
    return record(
        actor, AuditAction.DENIED, obj, object_type=object_type, object_id=object_id, summary=why
    )


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    problem: str


def verify_chain(batch_size: int = 5000) -> tuple[int, list[ChainBreak]]:
    """Walk the whole chain; return the number of events checked and every break found."""
    breaks: list[ChainBreak] = []
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            count += 1
            if event.prev_hash != prev:
                breaks.append(ChainBreak(event.id, "link"))
            if _digest(event.prev_hash, _hashed_fields(event)) != event.hash:
                breaks.append(ChainBreak(event.id, "content"))
            prev = event.hash
            last_id = event.id
    return count, breaks
