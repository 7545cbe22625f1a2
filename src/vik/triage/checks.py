"""System checks (tag "responsibility"): nobody may be left without a triage team, and no triage
route may end where nobody picks the signal up. Run with `vik check_responsibility`."""

from django.core.checks import Error
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vik.core.checks import responsibility_check


@responsibility_check
def triage_teams(app_configs=None, databases=None, **kwargs):
    """Every region and the national unit have at least one active triage member."""
    from vik.accounts.models import Unit

    from .selectors import national_triage_members, triage_members_of

    errors = []
    for region in Unit.objects.filter(kind=Unit.Kind.REGION).order_by("code"):
        if not triage_members_of(region):
            errors.append(Error(
                _("Eenheid %(unit)s heeft geen actieve triageleden: nieuwe meldingen van deze "
                  "eenheid worden door niemand opgepakt.") % {"unit": region.name},
                hint=_("Geef ten minste één medewerker van deze eenheid de rol triagelid."),
                obj=region, id="vik.triage.E001",
            ))
    if Unit.objects.filter(kind=Unit.Kind.NATIONAL).exists() and not national_triage_members():
        errors.append(Error(
            _("Er is geen actief landelijk triagelid: de route ‘landelijke triage’ loopt dood."),
            hint=_("Geef ten minste één medewerker van de landelijke eenheid de rol triagelid."),
            id="vik.triage.E002",
        ))
    return errors


@responsibility_check
def routed_signals(app_configs=None, databases=None, **kwargs):
    """Every current route names whoever is responsible next."""
    from vik.signals.models import Signal

    from .models import Route, TriageDecision

    errors = []
    line = TriageDecision.objects.filter(
        current=True, route=Route.LINE, line_reported_at__isnull=True,
        signal__status=Signal.Status.IN_LINE,
    ).select_related("signal", "line_manager", "line_manager__user")
    for decision in line:
        user = getattr(decision.line_manager, "user", None) if decision.line_manager else None
        if user is None or not user.is_active:
            errors.append(Error(
                _("Melding %(ref)s is terug naar de lijn, maar de leidinggevende heeft geen actief "
                  "account en ziet de taak niet.") % {"ref": decision.signal.reference},
                hint=_("Leg een hertriage vast met een leidinggevende die een account heeft."),
                obj=decision.signal, id="vik.triage.E003",
            ))
    handed = TriageDecision.objects.filter(
        current=True, route=Route.CRIMINAL, signal__status=Signal.Status.HANDED_OVER,
    ).filter(handover_to="").select_related("signal")
    for decision in handed:
        errors.append(Error(
            _("Melding %(ref)s is overgedragen zonder vast te leggen aan wie.")
            % {"ref": decision.signal.reference},
            hint=_("Leg de overdracht (OM of Rijksrecherche) vast in een hertriage."),
            obj=decision.signal, id="vik.triage.E004",
        ))
    return errors


@responsibility_check
def open_signals_have_an_owner(app_configs=None, databases=None, **kwargs):
    """A new or triaged signal waits in the queue of its unit's triage team, a signal routed to
    the national triage in that of the national team; without members nobody sees it. (The
    ids stay `vik.signals.*`: the dead end is the signal's; the team to fix it is triage's.)"""
    from vik.accounts.models import Unit
    from vik.signals.models import Signal

    from .selectors import national_triage_members, triage_members_of

    errors = []
    regional = [Signal.Status.NEW, Signal.Status.TRIAGED, Signal.Status.RETURNED]
    waiting = (Signal.objects.filter(status__in=regional)
               .values_list("region_id", flat=True).distinct())
    for region in Unit.objects.filter(pk__in=list(waiting)).order_by("code"):
        if not triage_members_of(region):
            count = Signal.objects.filter(
                region=region, status__in=regional).count()
            errors.append(Error(
                ngettext("%(n)d open melding van %(unit)s heeft niemand die haar oppakt: de eenheid "
                         "heeft geen actieve triageleden.",
                         "%(n)d open meldingen van %(unit)s hebben niemand die ze oppakt: de eenheid "
                         "heeft geen actieve triageleden.", count) % {"n": count, "unit": region.name},
                hint=_("Geef een medewerker van deze eenheid de rol triagelid."),
                obj=region, id="vik.signals.E001",
            ))
    national = Signal.objects.filter(
        status__in=[Signal.Status.NATIONAL_TRIAGE, Signal.Status.NATIONAL_TEAM]).count()
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
