from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vik.core.errors import DomainError
from vik.monitoring.models import ImportRun
from vik.monitoring.services import start_import


class Command(BaseCommand):
    help = ("Analyseer een map in het formaat van het protective-monitoringcontract en zet de "
            "meldingen (onder pseudoniem) in de wachtrij van de SOC-analisten.")

    def add_arguments(self, parser):
        parser.add_argument("data_dir")
        parser.add_argument("--opnieuw", action="store_true", dest="again",
                            help="analyseer bestanden die al eens zijn ingelezen opnieuw (de nieuwe analyse "
                                 "vervangt de eerdere in de cijfers)")

    def handle(self, *args, **options):
        data_dir = Path(options["data_dir"])
        if not data_dir.is_dir():
            raise CommandError(f"Map bestaat niet: {data_dir}")
        try:
            run = start_import(None, data_dir.resolve(), background=False, again=options["again"])
        except DomainError as error:
            raise CommandError(error.message) from error
        if run.state != ImportRun.State.DONE:
            raise CommandError(f"Import mislukt: {run.message}")
        if run.is_prevention:
            self.stdout.write(f"Preventiemodus (geen besluit dat detectie op individueel niveau aanzet): "
                              f"{run.lookups} opvragingen geanalyseerd, alleen aantallen per team opgeslagen.")
        else:
            self.stdout.write(f"{run.alert_count} meldingen uit {run.lookups} opvragingen opgeslagen.")
