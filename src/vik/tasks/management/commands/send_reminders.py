from django.core.management.base import BaseCommand

from vik.tasks.services import run_reminders


class Command(BaseCommand):
    help = ("Verstuur herinneringen en escalaties voor verlopen taken (eenmalig per taak) en "
            "maak de periodieke dashboardrapportage als die aan de beurt is.")

    def handle(self, *args, **options):
        from vik.dashboard.services import run_scheduled_reports

        sent = run_reminders()
        self.stdout.write(
            f"{sent['reminder']} herinnering(en) en {sent['escalation']} escalatie(s) verstuurd."
        )
        run_scheduled_reports()
