from django.core.management.base import BaseCommand

from vik.confidential.services import apply_retention


class Command(BaseCommand):
    help = "Delete confidential records past their retention term (see the privacy regulation)."

    def handle(self, *args, **options):
        counts = apply_retention()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
