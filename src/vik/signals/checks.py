"""System checks (tag "responsibility"): every open signal is in somebody's queue."""

from django.core.checks import Error
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vik.core.checks import responsibility_check


@responsibility_check
def open_signals_have_an_owner(app_configs=None, databases=None, **kwargs):
    """A new or triaged signal waits in the queue of its unit's triage team, a signal routed to
    the national triage in that of the national team; without members nobody sees it."""
    from vik.accounts.models import Unit
    from vik.triage.selectors import national_triage_members, triage_members_of

    from .models import Signal

    errors = []
    waiting = (Signal.objects.filter(status__in=[Signal.Status.NEW, Signal.Status.TRIAGED])
               .values_list("region_id", flat=True).distinct())
    for region in Unit.objects.filter(pk__in=list(waiting)).order_by("code"):
        if not triage_members_of(region):
            count = Signal.objects.filter(
                region=region, status__in=[Signal.Status.NEW, Signal.Status.TRIAGED]).count()
            errors.append(Error(
                ngettext("%(n)d open melding van %(unit)s heeft niemand die haar oppakt: de eenheid "
                         "heeft geen actieve triageleden.",
                         "%(n)d open meldingen van %(unit)s hebben niemand die ze oppakt: de eenheid "
                         "heeft geen actieve triageleden.", count) % {"n": count, "unit": region.name},
                hint=_("Geef een medewerker van deze eenheid de rol triagelid."),
                obj=region, id="vik.signals.E001",
            ))
    national = Signal.objects.filter(status=Signal.Status.NATIONAL_TRIAGE).count()
    if national and not national_triage_members():
        errors.append(Error(
            ngettext("%(n)d melding staat bij de landelijke triage, maar er is geen actief "
                     "landelijk triagelid.",
                     "%(n)d meldingen staan bij de landelijke triage, maar er is geen actief "
                     "landelijk triagelid.", national) % {"n": national},
            hint=_("Geef een medewerker van de landelijke eenheid de rol triagelid."),
            id="vik.signals.E002",
        ))
    return errors
