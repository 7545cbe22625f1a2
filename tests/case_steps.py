"""Test helpers for the substance of the steps of a case: the plan document before its approval,
the report document before the step "Rapportage", and a voornemen with the betrokkene's response before a punishment."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vik.investigations import services as inv
from vik.investigations.models import Case, Document, StatusChange, Step, Voornemen

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def reopen(case, weeks_ago: int) -> Case:
    """Move the case's opening (and its first steps) `weeks_ago` weeks back, so later steps can be
    dated in the past."""
    opened = timezone.localdate() - dt.timedelta(weeks=weeks_ago)
    Case.objects.filter(pk=case.pk).update(opened_on=opened, status_since=opened)
    StatusChange.objects.filter(case=case).update(on=opened)
    case.refresh_from_db()
    return case


def add_report(org, case) -> Document:
    return inv.upload_document(org.investigator, case, title="Onderzoeksrapport",
                               upload=SimpleUploadedFile("rapport.pdf", PDF),
                               kind=Document.Kind.REPORT)


def add_plan(org, case) -> Document:
    return inv.upload_document(org.investigator, case, title="Onderzoeksplan",
                               upload=SimpleUploadedFile("plan.pdf", PDF), kind=Document.Kind.PLAN)


def approve_plan(org, case, on, note: str = "") -> Case:
    """The investigators add the plan document, then the authority approves it on `on`."""
    if not case.documents.filter(kind=Document.Kind.PLAN).exists():
        add_plan(org, case)
    return inv.approve_plan(org.authority, case, on, note)


def report(org, case, on, note: str = "Rapport opgeleverd.") -> None:
    """The report document, then the step "Rapportage" dated `on`."""
    add_report(org, case)
    inv.advance(org.investigator, case, Step.REPORT, on, note)


def voornemen_waived(org, case, on, measure: str = "reprimand") -> Voornemen:
    """The authority sends a voornemen on `on`; the betrokkene waives his zienswijze that day."""
    voornemen = inv.record_voornemen(org.authority, case, inv.VoornemenInput(
        measure=measure, sent_on=on, term_passed_confirmed=True,
        grounds="Bewezen geacht: raadpleging zonder werkopdracht; straf passend."))
    return inv.record_zienswijze(org.investigator, voornemen, response=Voornemen.Response.WAIVED,
                                 received_on=on)


def told(org, case):
    """Commissioned, plan approved and the aanzegging recorded (a Tuesday morning a week or more
    ago): from then on the betrokkene knows, and updates and requests to him can be recorded."""
    from tests.conftest import a_tuesday_morning

    moment = a_tuesday_morning()
    if case.commissioned_on is None:
        inv.commission(org.authority, case, case.opened_on)
    if inv.plan_approved_on(case) is None:
        approve_plan(org, case, case.opened_on)
    return inv.record_aanzegging(org.investigator, case, moment, care_offered=True)
