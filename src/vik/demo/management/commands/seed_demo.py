"""`vik seed_demo`: load the synthetic demo organisation (idempotent)."""

import time
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from vik.demo.organisation import DEMO_LOGINS, DEMO_PASSWORD, seed


# Demo content of the other capabilities, each idempotent, loaded after the organisation.
def refresh_statistics() -> None:
    """PostgreSQL: statistics for the tables just seeded (ANALYZE sees the rows of its own
    transaction). Without them the next seed's queries are planned as if the tables were empty:
    nested loops over thousands of rows, and in CI one query of the confidential demo's routing
    ran past the 10-minute test limit. Nothing to do on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


EXTRA_SEEDS = [
    ("Protective monitoring: twee weken opvragingen analyseren", "vik.monitoring.demo"),
    ("Vertrouwenswerk, meldpunt en klachten", "vik.confidential.demo"),
    ("Lokettenwijzer, beroepscode en initiatieven", "vik.knowledge.demo"),
    ("Rechten van de betrokkene: verzoeken, informatiemap, vooraf informeren", "vik.investigations.demo"),
    ("Zorg voor het thuisfront", "vik.care.demo"),
    ("Versnellers en verwachte einddatum", "vik.investigations.demo_throughput"),
    ("Dilemmasessies, teamklimaatcheck en integriteitsactiviteiten", "vik.prevention.demo"),
    ("Veiligheidsonderzoeken en meldplicht", "vik.vetting.demo"),
    ("Leren van zaken: casusbibliotheek en lerende cirkel", "vik.learning.demo"),
    ("Tweede factor: authenticator-apps van de accounts die namen zien", "vik.secondfactor.demo"),
]


EXTRA_LOGINS = [
    ("betrokkene", "Betrokkene in een disciplinair onderzoek: Mijn zaak en zienswijze"),
    ("vertrouwenspersoon", "Vertrouwenspersoon (decentraal): register en meldingen"),
    ("vertrouwenspersoon-centraal", "Vertrouwenspersoon (centraal): overzicht en jaarverslag"),
    ("meldpunt", "Meldpunt integriteit: ontvangen meldingen"),
    ("klachtencommissie", "Klachtencommissie: klachtbehandeling"),
    ("korpschef", "Korpschef: besluit op klachtadvies"),
    ("redacteur", "Redacteur kennisbank en dilemma's"),
    ("teamchef-preventie", "Teamchef: dilemmasessies, teamklimaatcheck en integriteitsactiviteiten"),
    ("veiligheid", "Medewerker veiligheidsonderzoeken: register en meldplicht"),
]


class Command(BaseCommand):
    help = ("Laad een fictieve demo-organisatie met meldingen en onderzoeken (alleen synthetische "
            "gegevens). Doet niets als de demodata er al is.")

    def handle(self, *args, **options):
        started = time.monotonic()

        def log(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        created = seed(log=log)
        refresh_statistics()
        # The demo sends no e-mail: notifications of seeded events would only flood the console.
        with override_settings(MAILERS={"default": {
                "BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            for label, module in EXTRA_SEEDS:
                log(f"{label} ...")
                import_module(module).seed()
                refresh_statistics()
        # The dashboard's facts, so its pages show prepared figures from the first visit (the
        # scheduler keeps them fresh afterwards; no request builds them).
        log("Dashboardcijfers voorbereiden ...")
        from vik.dashboard import facts

        facts.rebuild()
        if created:
            self.stdout.write(self.style.SUCCESS(
                f"Demodata geladen in {time.monotonic() - started:.1f} s."))
        else:
            self.stdout.write("Demodata was al aanwezig (gebruiker ‘triage’ bestaat); alleen "
                              "ontbrekende onderdelen zijn aangevuld.")
        self.stdout.write("")
        self.stdout.write("Demo-inloggegevens:")
        logins = [(u, d) for u, _role, d in DEMO_LOGINS] + EXTRA_LOGINS
        width = max(len(username) for username, _text in logins)
        self.stdout.write(f"  {'gebruiker'.ljust(width)}  {'wachtwoord'.ljust(13)}  rol")
        self.stdout.write(f"  {'-' * width}  {'-' * 13}  {'-' * 40}")
        for username, description in logins:
            self.stdout.write(f"  {username.ljust(width)}  {DEMO_PASSWORD.ljust(13)}  "
                              f"{description}")
        self.stdout.write("Anonieme demomelding (Melden → Terugkomen met uw code): "
                          "DEMV-KAAN-NXEM-MELD-PUNT-2K26-WXYZ")
        self.stdout.write("Extra VIK-medewerkers (bijv. r2.triage1, r2.onderzoeker1, "
                          "lt.rechercheur1) en teamchefs (personeelsnummer, bijv. p100020) "
                          "hebben hetzelfde wachtwoord.")
        self.stdout.write("Wie namen ziet, geeft na het wachtwoord een code (tweede factor); in de "
                          "demo staat de huidige code op de codepagina.")
