"""`vik check_responsibility`: list the dead ends, where a report, complaint, signal or task would
reach nobody. Each app registers its own Django system checks with the tag "responsibility"; this
command only runs them (it imports no domain app) and exits with 1 when there is a dead end."""

from django.core.checks import ERROR, INFO, WARNING
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vik.core.checks import run_responsibility_checks


class Command(BaseCommand):
    help = _("Toon waar een melding, klacht of taak bij niemand terechtkomt (doodlopende routes).")

    def handle(self, *args, **options):
        messages = run_responsibility_checks()
        verbose = options["verbosity"] >= 2
        errors = [m for m in messages if m.level >= ERROR]
        for message in messages:
            if message.level < WARNING and not verbose:
                continue
            label = {ERROR: _("FOUT"), WARNING: _("WAARSCHUWING"), INFO: _("INFO")}.get(
                message.level, _("FOUT") if message.level > ERROR else _("INFO"))
            line = f"{label} [{message.id}] {message.msg}"
            if message.hint:
                line += f" {_('Oplossing')}: {message.hint}"
            self.stdout.write(line)
        if errors:
            self.stderr.write(ngettext("%(n)d doodlopende route gevonden.", "%(n)d doodlopende routes gevonden.",
                                       len(errors)) % {"n": len(errors)})
            raise SystemExit(1)
        self.stdout.write(_("Geen doodlopende routes: voor elke melding en klacht is iemand verantwoordelijk."))
