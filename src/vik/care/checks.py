"""System checks (tag "responsibility"): the care of a betrokkene is always somebody's task."""

from django.core.checks import Error
from django.utils.translation import gettext as _

from vik.core.checks import responsibility_check


@responsibility_check
def care_contacts_are_active(app_configs=None, databases=None, **kwargs):
    """A case without care contact is the investigators' task ("wijs een zorgcontactpersoon
    aan"); a care contact whose account is gone would silently leave the betrokkene alone."""
    from vik.investigations.models import Case

    errors = []
    for reference in Case.objects.filter(closed_on__isnull=True, care_contact__isnull=False,
                                         care_contact__is_active=False).values_list(
            "reference", flat=True):
        errors.append(Error(
            _("De zorgcontactpersoon van onderzoek %(ref)s heeft geen actief account.")
            % {"ref": reference},
            hint=_("Wijs een nieuwe zorgcontactpersoon aan."), id="vik.care.E001",
        ))
    return errors
