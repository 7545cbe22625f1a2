from django.core.management.base import BaseCommand, CommandError

from vik.audit.services import verify_chain


class Command(BaseCommand):
    help = "Controleer de hashketen van de audittrail en meld elke breuk."

    def handle(self, *args, **options):
        count, breaks = verify_chain()
        for brk in breaks:
            kind = "inhoud gewijzigd" if brk.problem == "content" else "schakel ontbreekt of verplaatst"
            self.stderr.write(f"Breuk bij auditregel {brk.event_id}: {kind}")
        if breaks:
            raise CommandError(f"{len(breaks)} breuk(en) in {count} auditregels gevonden.")
        self.stdout.write(f"Audittrail intact: {count} regels gecontroleerd.")
