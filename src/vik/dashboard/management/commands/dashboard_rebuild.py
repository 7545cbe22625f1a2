"""Rebuild the pre-aggregated dashboard figures from the registration, with progress."""

import time

from django.core.management.base import BaseCommand

from vik.dashboard import facts


class Command(BaseCommand):
    help = "Bouwt de voorberekende cijfers van het Dashboard Integriteit opnieuw op."

    def handle(self, *args, **options):
        from vik.core.priority import lower_priority

        lower_priority()  # as in the background process: the web workers come first
        steps = len(facts.BUILDERS) + 1
        done = [0]
        started = time.monotonic()

        def progress(stage: str, rows: int) -> None:
            done[0] += 1
            bar = "#" * (20 * done[0] // steps)
            self.stdout.write(f"\r[{bar:<20}] {done[0]}/{steps} {stage}: {rows:,} rijen "
                              f"({time.monotonic() - started:.0f} s)".replace(",", "."), ending="")
            self.stdout.flush()

        rows = facts.rebuild(progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"Klaar: {rows:,} rijen in {time.monotonic() - started:.1f} s.".replace(",", ".")))
