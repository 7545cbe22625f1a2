"""The status page of the background jobs, for administrators (policy `config.manage`)."""

from collections import Counter
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.errors import DomainError

from . import registry, services
from .models import Job

RECENT = 60


@login_required
def status(request):
    policy.require(request.user, "config.manage", object_type="jobs.job", why="jobs")
    services.reap_stale()
    now = timezone.now()
    jobs = list(Job.objects.select_related("started_by")[:RECENT])
    failures = Counter(Job.objects.filter(state=Job.State.FAILED, finished_at__gte=now - timedelta(days=7))
                       .values_list("kind", flat=True))
    kinds = []
    for kind in sorted(registry.KINDS.values(), key=lambda k: str(k.label)):
        last = Job.objects.filter(kind=kind.name).exclude(state=Job.State.QUEUED).first()
        kinds.append({"kind": kind, "last": last, "failures": failures.get(kind.name, 0),
                      "every": kind.period // 60 if kind.period and kind.period < 7200 else None,
                      "every_hours": kind.period // 3600 if kind.period and kind.period >= 7200 else None})
    for job in jobs:
        kind = registry.get(job.kind)
        job.label = kind.label if kind else job.kind
        if kind and kind.progress_of and job.state == Job.State.RUNNING:
            reported = kind.progress_of(**job.params)
            if reported:
                job.progress, job.phase = reported
    active = any(job.state in (Job.State.QUEUED, Job.State.RUNNING) for job in jobs)
    return render(request, "jobs/status.html", {"jobs": jobs, "kinds": kinds, "State": Job.State, "active": active})


@login_required
@require_POST
def retry(request, pk: int):
    policy.require(request.user, "config.manage", object_type="jobs.job", object_id=str(pk), why="jobs")
    try:
        job = services.retry(request.user, pk)
    except Job.DoesNotExist:
        messages.error(request, _("Deze taak bestaat niet meer."))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        audit.record(request.user, AuditAction.CHANGE, job, summary=_("Achtergrondtaak opnieuw gestart"))
        messages.success(request, _("De taak staat weer in de wachtrij."))
    return redirect("jobs:status")


@login_required
@require_POST
def rebuild_dashboard(request):
    policy.require(request.user, "config.manage", object_type="jobs.job", why="jobs")
    job = services.enqueue("dashboard.rebuild", actor=request.user)
    audit.record(request.user, AuditAction.CREATE, job, summary=_("Dashboardcijfers opnieuw opbouwen gestart"))
    messages.success(request, _("Het opnieuw opbouwen staat in de wachtrij; de voortgang ziet u hieronder."))
    return redirect("jobs:status")
