"""System checks (tag "responsibility"): no declaration waits for a handler who cannot see it, and
no screening is open without vetting staff. Run with `vik check_responsibility`."""

from django.core.checks import Error
from django.utils.translation import gettext as _

from vik.core.checks import responsibility_check


@responsibility_check
def declaration_handlers(app_configs=None, databases=None, **kwargs):
    """An open declaration reaches its handler: the declarant's line manager with an active account
    and the role of line manager, or at least one active member of the vetting staff."""
    from vik.accounts.models import Role, User

    from .models import Declaration, Screening

    errors = []
    vetting_staff = User.objects.filter(is_active=True, employee__isnull=False,
                                        groups__name=Role.VETTING).exists()
    waiting_for_vik = Declaration.objects.filter(decision="", handler=Declaration.Handler.VIK).count()
    open_screenings = Screening.objects.filter(completed_on__isnull=True).count()
    if (waiting_for_vik or open_screenings) and not vetting_staff:
        errors.append(Error(
            _("Er zijn %(declarations)s meldingen (meldplicht) en %(screenings)s onderzoeken open, maar "
              "niemand heeft de rol medewerker veiligheidsonderzoeken.") % {
                "declarations": waiting_for_vik, "screenings": open_screenings},
            hint=_("Geef ten minste één medewerker van VIK de rol medewerker veiligheidsonderzoeken."),
            id="vik.vetting.E001"))
    managers = (Declaration.objects.filter(decision="", handler=Declaration.Handler.MANAGER)
                .select_related("employee", "employee__manager"))
    reachable = set(User.objects.filter(is_active=True, groups__name=Role.LINE_MANAGER)
                    .values_list("employee_id", flat=True))
    for declaration in managers:
        if declaration.employee.manager_id not in reachable:
            errors.append(Error(
                _("Melding %(ref)s (meldplicht) wacht op de leidinggevende, maar die heeft geen actief "
                  "account met de rol leidinggevende en ziet de taak niet.") % {"ref": declaration.reference},
                hint=_("Geef de leidinggevende een account met die rol, of wijs de medewerker een andere "
                       "leidinggevende toe."),
                obj=declaration, id="vik.vetting.E002"))
    return errors
