"""`vik send_reminders`: one round of the scheduler's reminder and report jobs, for a cron job
where `vik serve`'s scheduler does not run."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vik.tasks.services import run_reminders


class Command(BaseCommand):
    help = ("Verstuur herinneringen en escalaties voor verlopen taken (eenmalig per taak) en "
            "maak de periodieke dashboardrapportage als die aan de beurt is.")

    def handle(self, *args, **options):
        from vik.dashboard.services import run_scheduled_reports

        sent = run_reminders()
        reminders = ngettext("%(n)d herinnering", "%(n)d herinneringen", sent["reminder"]) % {
            "n": sent["reminder"]}
        escalations = ngettext("%(n)d escalatie", "%(n)d escalaties", sent["escalation"]) % {
            "n": sent["escalation"]}
        self.stdout.write(_("%(r)s en %(e)s verstuurd.") % {"r": reminders, "e": escalations})
        run_scheduled_reports()
