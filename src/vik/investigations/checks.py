"""System checks (tag "responsibility"): every step of every case type has a responsible role
that somebody holds, and every open case has a lead investigator and a competent authority."""

from django.core.checks import Error
from django.utils.translation import gettext as _

from vik.core.checks import responsibility_check


@responsibility_check
def case_types_have_owners(app_configs=None, databases=None, **kwargs):
    from vik.accounts.models import Role, User

    from .models import CaseType

    held = set(User.objects.filter(is_active=True).values_list("groups__name", flat=True))
    errors = []
    for case_type in CaseType.objects.filter(active=True).prefetch_related("status_types"):
        steps = list(case_type.status_types.all())
        if not steps:
            errors.append(Error(
                _("Onderzoekstype %(type)s heeft geen stappen.") % {"type": case_type.name},
                obj=case_type, id="vik.investigations.E001",
            ))
        for step in steps:
            if step.responsible_role not in Role.values:
                errors.append(Error(
                    _("Stap ‘%(step)s’ van %(type)s heeft geen verantwoordelijke rol.")
                    % {"step": step.get_step_display(), "type": case_type.name},
                    obj=case_type, id="vik.investigations.E002",
                ))
            elif step.responsible_role not in held:
                errors.append(Error(
                    _("Niemand heeft de rol ‘%(role)s’, verantwoordelijk voor stap ‘%(step)s’ van "
                      "%(type)s.") % {"role": Role(step.responsible_role).label,
                                      "step": step.get_step_display(), "type": case_type.name},
                    obj=case_type, id="vik.investigations.E003",
                ))
    return errors


@responsibility_check
def open_cases_have_owners(app_configs=None, databases=None, **kwargs):
    from .models import Case, Member

    errors = []
    open_cases = Case.objects.filter(closed_on__isnull=True)
    active = Member.objects.filter(case__closed_on__isnull=True, user__is_active=True)
    with_lead = set(active.filter(kind=Member.Kind.LEAD_INVESTIGATOR).values_list("case_id",
                                                                                  flat=True))
    with_authority = set(active.filter(kind=Member.Kind.COMPETENT_AUTHORITY)
                         .values_list("case_id", flat=True))
    for pk, reference in open_cases.values_list("pk", "reference"):
        if pk not in with_lead:
            errors.append(Error(
                _("Onderzoek %(ref)s heeft geen actieve hoofdonderzoeker.") % {"ref": reference},
                hint=_("Voeg een onderzoeker van het juiste spoor toe."),
                id="vik.investigations.E004",
            ))
        if pk not in with_authority:
            errors.append(Error(
                _("Onderzoek %(ref)s heeft geen actief bevoegd gezag.") % {"ref": reference},
                hint=_("Voeg het bevoegd gezag toe aan het onderzoek."),
                id="vik.investigations.E005",
            ))
    return errors
