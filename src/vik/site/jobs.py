"""The kinds of background work (vik.jobs), registered by the site because it may import every
app: the monitoring import, the dashboard's facts, and the periodic work the scheduler used to run
in a loop of its own (reminders, report mailing, the audit anchor, expired sessions)."""

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from vik.jobs.registry import register


def _monitoring_import(run_id: int) -> None:
    from vik.monitoring.services import run_import

    run_import(run_id)


def _monitoring_progress(run_id: int) -> tuple[int, str] | None:
    from vik.monitoring.models import ImportRun

    run = ImportRun.objects.filter(pk=run_id).values("progress", "phase").first()
    return (run["progress"], run["phase"]) if run else None


def _dashboard_rebuild(progress) -> None:
    from vik.dashboard import facts

    steps = len(facts.BUILDERS) + 1
    done = [0]

    def step(stage: str, rows: int) -> None:
        done[0] += 1
        progress(100 * done[0] // steps, str(_("Cijfers opbouwen: %(stage)s (%(rows)d rijen)")
                                              % {"stage": stage, "rows": rows}))

    facts.rebuild(progress=step)


def _dashboard_refresh() -> None:
    from vik.dashboard import facts

    facts.refresh_all()


def _dashboard_report(progress, **params) -> None:
    from vik.dashboard.services import run_report_job

    run_report_job(progress=progress, **params)


def _dashboard_annual(progress, **params) -> None:
    from vik.dashboard.services import run_annual_report_job

    run_annual_report_job(progress=progress, **params)


def _confidential_annual(progress, **params) -> None:
    from vik.confidential.annual import run_job

    run_job(progress=progress, **params)


def _reminders() -> None:
    from vik.tasks.services import run_reminders

    run_reminders()


def _reports() -> None:
    from vik.dashboard.services import run_scheduled_reports

    run_scheduled_reports()


def _audit_anchor() -> None:
    from vik.audit.services import anchor_chain

    anchor_chain()


def _expired_sessions() -> None:
    """Sessions past their lifetime are removed (they would only grow)."""
    call_command("clearsessions")


def register_kinds() -> None:
    every = settings.VIK_SCHEDULER_INTERVAL_SECONDS
    register("monitoring.import", _("Import protective monitoring"), _monitoring_import,
             progress_of=_monitoring_progress)
    register("dashboard.rebuild", _("Dashboardcijfers volledig opnieuw opbouwen"), _dashboard_rebuild, attempts=2)
    # Periodically the facts are refreshed by the reports job (run_scheduled_reports); this one on demand.
    register("dashboard.refresh", _("Dashboardcijfers bijwerken"), _dashboard_refresh, attempts=2)
    register("dashboard.report", _("Rapportage maken"), _dashboard_report)
    register("dashboard.annual", _("Jaarbeeld maken"), _dashboard_annual)
    register("confidential.annual", _("Jaarverslag vertrouwenswerk maken"), _confidential_annual)
    register("reminders", _("Herinneringen en escalaties versturen"), _reminders, attempts=3, period=every)
    register("reports", _("Periodieke rapportages maken en versturen"), _reports, attempts=3, period=every)
    register("audit.anchor", _("Kop van de audittrail vastleggen buiten de database"), _audit_anchor,
             attempts=3, period=every)
    register("sessions", _("Verlopen sessies opruimen"), _expired_sessions, period=24 * 3600)
