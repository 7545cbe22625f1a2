"""The annual report of confidential work as a background job (issue 14: no request waits on a
PDF). The central advisor asks for a year's report; the job runner (`vik.jobs`, kind
`confidential.annual`) counts, suppresses small cells, renders the PDF and stores it as an
`AnnualReportFile` of his; the coordination page follows the job's progress and lists his files.

The figures are those the asker may see (`selectors.aggregate(user, year)`), so a file is
downloaded only by whoever asked for it, while he still holds the right, and every download is
audited (action "export"). A new file of a year replaces the asker's older file of that year.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import User
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.errors import DomainError, PermissionDeniedError

from .models import AnnualReportFile

JOB_KIND = "confidential.annual"
FIRST_YEAR = 2000  # the first year the register can hold
RECENT_FAILURES = timedelta(days=1)  # how long a failed job stays on the asker's page
SHOWN_FILES = 10


def valid_year(year) -> int | None:
    """`year` as an int when a report can be made of it (2000 up to this year), else None."""
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= timezone.localdate().year else None


def _require(user) -> None:
    if not policy.can(user, "confidential.annual_report"):
        raise PermissionDeniedError(_("U mag het jaarverslag vertrouwenswerk niet maken."))


def request_report(user, year: int):
    """Queue the annual report of `year` for `user`; returns the job.

    Raises PermissionDeniedError without the right, DomainError (Dutch) for a year outside
    2000..this year or when the same report of this user is already being made."""
    from vik.jobs import services as jobs

    _require(user)
    if valid_year(year) is None:
        raise DomainError(_("Kies een jaar van %(first)d tot en met %(last)d.")
                          % {"first": FIRST_YEAR, "last": timezone.localdate().year})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request of a user at a time
        if any(job.params.get("year") == year and job.state != job.State.FAILED for job in pending(user)):
            raise DomainError(_("Het jaarverslag %(year)d wordt al gemaakt; u ziet de voortgang hieronder.")
                              % {"year": year})
        return jobs.enqueue(JOB_KIND, actor=user, actor_id=user.pk, year=year)


def pending(user) -> list:
    """The user's annual-report jobs waiting or running, and those that failed in the last day
    (with their Dutch message), newest first."""
    from vik.jobs.models import Job

    return list(Job.objects.filter(kind=JOB_KIND, started_by=user).filter(
        Q(state__in=[Job.State.QUEUED, Job.State.RUNNING])
        | Q(state=Job.State.FAILED, finished_at__gte=timezone.now() - RECENT_FAILURES))[:10])


def files(user) -> list[AnnualReportFile]:
    """The user's own annual reports, newest first (none without the right)."""
    if not policy.can(user, "confidential.annual_report"):
        return []
    return list(AnnualReportFile.objects.filter(created_by=user)[:SHOWN_FILES])


def run_job(actor_id: int, year: int, progress=None) -> AnnualReportFile:
    """The job of `request_report` (registered by vik.site.jobs): count, suppress, render, store.
    The asker's right is checked again here: it may have been withdrawn while the job waited."""
    from . import selectors

    def step(percent: int, phase: str) -> None:
        if progress:
            progress(percent, phase)

    user = User.objects.filter(pk=actor_id, is_active=True).first()
    if user is None:
        raise DomainError(_("De aanvrager van het jaarverslag bestaat niet meer of is niet actief."))
    _require(user)
    step(10, _("Contacten tellen"))
    counted = selectors.aggregate(user, year)
    step(40, _("Kleine aantallen afschermen"))
    data = selectors.suppressed(counted)
    step(60, _("PDF opmaken"))
    pdf = selectors.render_annual_report(data)
    step(95, _("Opslaan"))
    with transaction.atomic():
        older = list(AnnualReportFile.objects.filter(created_by=user, year=year))
        made = AnnualReportFile(year=year, created_by=user)
        made.file.save(f"jaarverslag-vertrouwenswerk-{year}-{user.pk}-{timezone.now():%Y%m%d%H%M%S}.pdf",
                       ContentFile(pdf), save=False)
        made.save()
        audit.record(user, AuditAction.CREATE, made, summary=_("Jaarverslag vertrouwenswerk gemaakt"),
                     detail={"year": year})
        for old in older:
            old.delete()
            transaction.on_commit(lambda f=old.file: f.delete(save=False))
    return made


def open_file(user, pk: int) -> AnnualReportFile | None:
    """The user's own file `pk` while he holds the right, else None (the view answers 404)."""
    if not policy.can(user, "confidential.annual_report"):
        return None
    return AnnualReportFile.objects.filter(pk=pk, created_by=user).first()


def download(user, made: AnnualReportFile) -> bytes:
    """The PDF's bytes; the download is audited. Raises DomainError when the file is gone."""
    _require(user)
    try:
        with made.file.open("rb") as handle:
            content = handle.read()
    except OSError as error:
        raise DomainError(_("Het bestand van dit jaarverslag is niet meer aanwezig; maak het opnieuw.")) from error
    with transaction.atomic():
        audit.record(user, AuditAction.EXPORT, made, summary=_("Jaarverslag vertrouwenswerk gedownload"),
                     detail={"year": made.year})
    return content
