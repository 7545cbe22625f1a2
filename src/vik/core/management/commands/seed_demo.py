"""`vik seed_demo`: load the synthetic demo organisation (idempotent)."""

import time
from importlib import import_module

from django.core.management.base import BaseCommand

from vik.core.demo import DEMO_LOGINS, DEMO_PASSWORD, seed

# Demo content of the other capabilities, each idempotent, loaded after the organisation.
EXTRA_SEEDS = [
    ("Protective monitoring: twee weken opvragingen analyseren", "vik.monitoring.demo"),
    ("Vertrouwenswerk, meldpunt en klachten", "vik.confidential.demo"),
    ("Lokettenwijzer, beroepscode en initiatieven", "vik.knowledge.demo"),
    ("Dilemmasessies en teamklimaatcheck", "vik.prevention.demo"),
]


class Command(BaseCommand):
    help = ("Laad een fictieve demo-organisatie met meldingen en onderzoeken (alleen synthetische "
            "gegevens). Doet niets als de demodata er al is.")

    def handle(self, *args, **options):
        started = time.monotonic()

        def log(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        if not seed(log=log):
            self.stdout.write("Demodata is al aanwezig (gebruiker ‘triage’ bestaat); niets "
                              "gewijzigd.")
            return
        for label, module in EXTRA_SEEDS:
            log(f"{label} ...")
            import_module(module).seed()
        self.stdout.write(self.style.SUCCESS(
            f"Demodata geladen in {time.monotonic() - started:.1f} s."))
        self.stdout.write("")
        self.stdout.write("Demo-inloggegevens:")
        width = max(len(username) for username, _role, _text in DEMO_LOGINS)
        self.stdout.write(f"  {'gebruiker'.ljust(width)}  {'wachtwoord'.ljust(13)}  rol")
        self.stdout.write(f"  {'-' * width}  {'-' * 13}  {'-' * 40}")
        for username, _role, description in DEMO_LOGINS:
            self.stdout.write(f"  {username.ljust(width)}  {DEMO_PASSWORD.ljust(13)}  "
                              f"{description}")
        self.stdout.write("Extra VIK-medewerkers (bijv. r2.triage1, r2.onderzoeker1, "
                          "lt.rechercheur1) en teamchefs (personeelsnummer, bijv. p100020) "
                          "hebben hetzelfde wachtwoord.")
