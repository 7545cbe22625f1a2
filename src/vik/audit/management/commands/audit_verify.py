from django.core.management.base import BaseCommand, CommandError

from vik.audit.services import anchor_chain, verify_chain

KINDS = {
    "content": "inhoud gewijzigd",
    "link": "schakel ontbreekt of verplaatst",
    "anchor": "verankerd einde van de keten ontbreekt of is herschreven",
}


class Command(BaseCommand):
    help = ("Controleer de hashketen van de audittrail (met de sleutel en de ankers buiten de "
            "database), meld elke breuk en veranker bij een intacte keten het huidige einde.")

    def handle(self, *args, **options):
        try:
            count, breaks = verify_chain()
        except ValueError as error:
            raise CommandError(f"Ankerbestand onleesbaar: {error}") from error
        for brk in breaks:
            self.stderr.write(f"Breuk bij auditregel {brk.event_id}: {KINDS[brk.problem]}")
        if breaks:
            raise CommandError(f"{len(breaks)} breuk(en) in {count} auditregels gevonden.")
        anchor_chain()
        self.stdout.write(f"Audittrail intact: {count} regels gecontroleerd.")
