import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vik.audit.models import AuditEvent
from vik.core.errors import PermissionDeniedError
from vik.signals.models import Channel, Signal, Theme
from vik.signals.services import SignalInput, register_signal


def _input(org, **kw):
    base = dict(received_on=timezone.localdate(), channel=Channel.COLLEAGUE, region=org.region_a,
                theme=Theme.objects.get(code="gifts"), description="Cadeaubon van een garage.",
                subjects=[org.officer])
    base.update(kw)
    return SignalInput(**base)


def test_register_gives_reference_queues_for_triage_and_audits(org):
    signal = register_signal(org.manager, _input(org, reporter=org.manager.employee))
    assert signal.reference == f"M{timezone.localdate().year}-{signal.pk:06d}"
    assert signal.status == Signal.Status.NEW
    assert list(signal.subjects.all()) == [org.officer]
    event = AuditEvent.objects.get(object_type="signals.signal", object_id=str(signal.pk))
    assert event.action == "create" and event.actor == org.manager


def test_register_without_subjects_or_description_is_refused_with_dutch_messages(org):
    with pytest.raises(ValidationError) as exc:
        register_signal(org.triage, _input(org, subjects=[], description="  "))
    errors = exc.value.message_dict
    assert "Noem ten minste één betrokkene." in errors["subjects"]
    assert "description" in errors
    assert Signal.objects.count() == 0


def test_future_date_and_reporter_as_subject_are_refused(org):
    with pytest.raises(ValidationError) as exc:
        register_signal(org.triage, _input(
            org, received_on=timezone.localdate() + dt.timedelta(days=1), reporter=org.officer))
    assert set(exc.value.message_dict) == {"received_on", "reporter"}


def test_anonymous_signal_cannot_name_a_reporter(org):
    with pytest.raises(ValidationError) as exc:
        register_signal(org.triage, _input(org, channel=Channel.ANONYMOUS,
                                           reporter_description="buurvrouw"))
    assert "reporter" in exc.value.message_dict


def test_employee_without_role_cannot_register_and_denial_is_audited(org):
    with pytest.raises(PermissionDeniedError):
        register_signal(org.nobody, _input(org))
    assert AuditEvent.objects.filter(actor=org.nobody, action="denied").exists()


def test_attachment_type_is_checked_and_nothing_is_stored_on_error(org):
    bad = SimpleUploadedFile("script.exe", b"MZ...")
    with pytest.raises(ValidationError) as exc:
        register_signal(org.triage, _input(org, attachments=[bad]))
    assert "attachments" in exc.value.message_dict
    assert Signal.objects.count() == 0
    good = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 test")
    signal = register_signal(org.triage, _input(org, attachments=[good]))
    assert signal.attachments.get().original_name == "verslag.pdf"


def test_new_signal_notifies_triage_members_of_its_region_only(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register_signal(org.manager, _input(org))
    recipients = {r for m in mailoutbox for r in m.to}
    assert org.triage.email in recipients and org.triage2.email in recipients
    assert org.triage_b.email not in recipients
