"""`vik export_declared_relations DIR`: write the declared relations (meldplicht) as
`DIR/declared_relations.csv`, the protective-monitoring contract's table, beside the other input of
`vik monitor detect --data DIR`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vik.vetting.export import write_declared_relations


class Command(BaseCommand):
    help = ("Schrijf de gemelde relaties (meldplicht) als declared_relations.csv in de opgegeven map, "
            "de invoer van protective monitoring.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="map met de invoer van vik monitor detect")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"Map bestaat niet: {directory}")
        for other in ("parquet", "jsonl"):
            if (directory / f"declared_relations.{other}").exists():
                raise CommandError(f"In {directory} staat al declared_relations.{other}; de engine "
                                   "leest maar één formaat per tabel.")
        target = directory / "declared_relations.csv"
        with target.open("w", encoding="utf-8", newline="") as stream:
            rows = write_declared_relations(None, stream)
        self.stdout.write(f"{rows} gemelde relaties geschreven naar {target}.")
