from django.core.management.base import BaseCommand

from vik.investigations.retention import due_for_destruction


class Command(BaseCommand):
    help = ("Toon de afgesloten onderzoeken waarvan de bewaartermijn is verstreken (ter "
            "goedkeuring in het scherm Bewaartermijnen).")

    def handle(self, *args, **options):
        due = list(due_for_destruction().values_list("reference", "destruction_due"))
        for reference, when in due:
            self.stdout.write(f"{reference}\t{when:%d-%m-%Y}")
        self.stdout.write(f"{len(due)} onderzoek(en) klaar voor vernietiging.")
