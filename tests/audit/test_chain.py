import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from vik.audit import services as audit
from vik.audit.models import AppendOnlyError, AuditEvent


def _disable_triggers():
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER vik_audit_append_only")
        else:
            cur.execute("DROP TRIGGER vik_audit_no_update")
            cur.execute("DROP TRIGGER vik_audit_no_delete")


def _enable_triggers():
    """Put the guard back: this test commits, and later tests rely on the triggers."""
    import importlib

    guard = importlib.import_module("vik.audit.migrations.0002_append_only_trigger")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER vik_audit_append_only")
        else:
            for statement in guard.SQLITE_FORWARD:
                cur.execute(statement)


def test_chain_links_each_event_to_its_predecessor(org):
    first = audit.record(org.triage, "view", object_type="x", object_id="1")
    second = audit.record(org.triage, "view", object_type="x", object_id="2")
    assert second.prev_hash == first.hash
    count, breaks = audit.verify_chain()
    assert count == 2 and breaks == []


def test_orm_refuses_changes_and_deletes(org):
    event = audit.record(org.triage, "view", object_type="x", object_id="1")
    event.summary = "vervalst"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_database_refuses_raw_updates(org):
    audit.record(org.triage, "view", object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(summary="vervalst")


@pytest.mark.django_db(transaction=True)
def test_verify_reports_tampering_by_someone_who_bypasses_the_database_guard(org):
    for i in range(3):
        audit.record(org.triage, "view", object_type="x", object_id=str(i))
    call_command("audit_verify")  # intact: no error
    _disable_triggers()
    try:
        middle = AuditEvent.objects.order_by("id")[1]
        AuditEvent.objects.filter(pk=middle.pk).update(summary="vervalst")
        with pytest.raises(CommandError, match="1 breuk"):
            call_command("audit_verify")
        count, breaks = audit.verify_chain()
        assert [(b.event_id, b.problem) for b in breaks] == [(middle.pk, "content")]
        AuditEvent.objects.filter(pk=middle.pk)._raw_delete(AuditEvent.objects.db)
        _count, breaks = audit.verify_chain()
        assert any(b.problem == "link" for b in breaks)
        # The transactional flush afterwards must be able to empty the table.
        AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)
    finally:
        _enable_triggers()


def test_a_rewritten_chain_does_not_verify_without_the_key(transactional_db, org, settings):
    """Delete one event and re-hash forward, as someone holding the database file could: without
    the key outside the database the new hashes are not the keyed ones (issue 14, finding 4)."""
    import hashlib
    import json

    for i in range(4):
        audit.record(org.triage, "view", object_type="x", object_id=str(i))
    _disable_triggers()
    try:
        events = list(AuditEvent.objects.order_by("id"))
        AuditEvent.objects.filter(pk=events[1].pk)._raw_delete(AuditEvent.objects.db)
        prev = events[0].hash
        for event in events[2:]:
            payload = json.dumps(audit._hashed_fields(event), sort_keys=True, ensure_ascii=False, default=str)
            forged = hashlib.sha256((prev + payload).encode()).hexdigest()
            AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=forged)
            prev = forged
        _count, breaks = audit.verify_chain()
        assert {b.problem for b in breaks} == {"content"}
        assert [b.event_id for b in breaks] == [e.pk for e in events[2:]]
        AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)
    finally:
        _enable_triggers()


def test_cutting_off_the_end_is_found_by_the_anchor_outside_the_database(transactional_db, org, settings):
    for i in range(5):
        audit.record(org.triage, "view", object_type="x", object_id=str(i))
    call_command("audit_verify")  # intact, and anchors the head
    head = AuditEvent.objects.order_by("-id").first()
    assert audit.read_anchors() == [(head.id, head.hash)]
    assert settings.VIK_AUDIT_ANCHOR_FILE.read_text().count("\n") == 1
    call_command("audit_verify")  # same head: no second line
    assert len(audit.read_anchors()) == 1
    _disable_triggers()
    try:
        last_two = AuditEvent.objects.order_by("-id")[:2]
        AuditEvent.objects.filter(pk__in=[e.pk for e in last_two])._raw_delete(AuditEvent.objects.db)
        # What is left still links and hashes: only the anchor tells.
        _count, breaks = audit.verify_chain()
        assert [(b.event_id, b.problem) for b in breaks] == [(head.id, "anchor")]
        with pytest.raises(CommandError, match="1 breuk"):
            call_command("audit_verify")
        AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)
    finally:
        _enable_triggers()


def test_an_anchor_file_that_does_not_parse_is_reported_with_its_line(org, settings):
    audit.record(org.triage, "view", object_type="x", object_id="1")
    settings.VIK_AUDIT_ANCHOR_FILE.write_text("2026-11-30T10:00:00+00:00\t1\tkort\n")
    with pytest.raises(CommandError, match="regel 1"):
        call_command("audit_verify")
