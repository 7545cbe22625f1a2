from django.core.management.base import BaseCommand

from vik.tasks.services import run_reminders


class Command(BaseCommand):
    help = "Verstuur herinneringen en escalaties voor verlopen taken (eenmalig per taak)."

    def handle(self, *args, **options):
        sent = run_reminders()
        self.stdout.write(
            f"{sent['reminder']} herinnering(en) en {sent['escalation']} escalatie(s) verstuurd."
        )
