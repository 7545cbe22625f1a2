"""Writing and checking the audit trail.

Each event's hash is an HMAC-SHA256 over its fields and its predecessor's hash, keyed with
`VIK_AUDIT_KEY`, which lives outside the database: whoever holds only the database file (and can
drop the append-only triggers) cannot re-hash the chain after changing or deleting an event. The
head of the chain is anchored outside the database too (`anchor_chain`, run by the scheduler and by
`vik audit_verify`): an append-only file of (time, event id, hash) lines, so that cutting events off
the end, which leaves a shorter chain that still links, is detected as well.
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

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
    key = settings.VIK_AUDIT_KEY.encode()
    return hmac.new(key, (prev_hash + payload).encode(), hashlib.sha256).hexdigest()


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
    """Walk the whole chain; return the number of events checked and every break found.

    Problems: "content" (an event's fields no longer give its keyed hash), "link" (an event does
    not point at its predecessor: one was deleted or moved), "anchor" (an anchored head is gone or
    has another hash: the end was cut off or rewritten)."""
    breaks: list[ChainBreak] = []
    anchors = {event_id: digest for event_id, digest in read_anchors()}
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
            if event.id in anchors and anchors.pop(event.id) != event.hash:
                breaks.append(ChainBreak(event.id, "anchor"))
            prev = event.hash
            last_id = event.id
    breaks.extend(ChainBreak(event_id, "anchor") for event_id in sorted(anchors))
    return count, breaks


def _anchor_path() -> Path:
    return Path(settings.VIK_AUDIT_ANCHOR_FILE)


def read_anchors() -> list[tuple[int, str]]:
    """[(event id, hash)] of every anchored chain head, oldest first ([] when none yet). Lines are
    `<ISO time>\t<event id>\t<hash>`; a line that does not parse is itself a sign of tampering
    and raises ValueError with its line number."""
    path = _anchor_path()
    if not path.exists():
        return []
    anchors = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].isdigit() or len(parts[2]) != 64:
            raise ValueError(f"{path}, regel {number}: geen geldig anker")
        anchors.append((int(parts[1]), parts[2]))
    return anchors


def anchor_chain() -> tuple[int, str] | None:
    """Append the current head of the chain (id, hash) to the anchor file, unless it is already
    the last anchor; returns the head, or None for an empty trail. The file is opened for appending
    only and flushed to disk before returning. In production point `VIK_AUDIT_ANCHOR_FILE` at
    storage the application cannot rewrite (an append-only mount, a log shipper)."""
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if head is None:
        return None
    anchors = read_anchors()
    if anchors and anchors[-1] == head:
        return head
    path = _anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a") as handle:
        handle.write(f"{timezone.now().isoformat()}\t{head[0]}\t{head[1]}\n")
        handle.flush()
        os.fsync(handle.fileno())
    return head
