"""Care's acts on a case (another care contact, a referral, care for the team and the home front). They are posted
from the care panels of the case page (`care.panels`) and go back to the case page; the table
has the shape of `investigations.views.ACTIONS` and runs through `investigations.actions`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_POST

from vik.core.confirm import confirms_after_validation
from vik.investigations import actions
from vik.investigations.access import get_visible_case_or_404

from . import forms, services
from .models import CareContactChange

# Each act: (form class, policy action, handler, success message).
ACTIONS = {
    "care_contact": (forms.CareContactForm, "case.care",
                     lambda r, c, d: _handed_over(services.change_care_contact(
                         r.user, c, d["new_contact"], d["reason"], outside_line=d["outside_line"])),
                     N_("Zorgcontactpersoon gewijzigd.")),
    "referral": (forms.ReferralForm, "case.care",
                 lambda r, c, d: services.refer(r.user, c, **d), N_("Verwijzing vastgelegd.")),
    "team_care": (forms.TeamCareForm, "case.care",
                  lambda r, c, d: services.record_team_care(r.user, c, **d),
                  N_("Zorg voor het team vastgelegd.")),
    "family_care": (forms.FamilyCareForm, "case.care",
                    lambda r, c, d: services.record_family_care(r.user, c, **d),
                    N_("Zorg voor het thuisfront vastgelegd.")),
    "aftercare_end": (forms.AftercareEndForm, "case.care",
                      lambda r, c, d: services.end_aftercare(r.user, c, **d), N_("Nazorg afgerond.")),
}
# What may still be recorded on a closed case while its aftercare runs (`services.aftercare_running`).
AFTERCARE_ACTIONS = ("referral", "team_care", "family_care", "care_contact", "aftercare_end")


def _handed_over(change) -> str:
    """The message names who gives care now (tester t52: "gewijzigd" alone left him guessing); the
    first one is appointed, not changed (tester t62)."""
    if change.previous_id is None:
        return _("Zorgcontactpersoon aangewezen: de zorg ligt bij %(name)s.") % {"name": change.new.display_name}
    return _("Zorgcontactpersoon gewijzigd: de zorg ligt nu bij %(name)s.") % {"name": change.new.display_name}


# Asked on a page of its own once the form is valid (`vik.core.confirm`): handing care over ends
# the care contact's own access to the case (tester t53 lost a case that way without a question).
def _hand_over_question(request, case) -> str:
    """The care contact himself is told plainly that he loses his access (tester t55)."""
    if case.care_contact_id == request.user.pk:
        return _("De zorg overdragen aan deze persoon? U bent nu de zorgcontactpersoon: daarna hebt u geen "
                 "toegang meer tot dit onderzoek.")
    if case.care_contact_id is None:
        return _("Deze persoon aanwijzen als zorgcontactpersoon van de betrokkene?")
    return _("De zorg overdragen aan deze persoon? Hij of zij wordt de zorgcontactpersoon van de betrokkene.")


CONFIRM = {
    "care_contact": _hand_over_question,
    # final, like closing (tester t64)
    "aftercare_end": lambda request, case: _("De nazorg afronden? Daarna kan in dit onderzoek geen zorg meer worden "
                                             "vastgelegd."),
}


@confirms_after_validation
@login_required
@require_POST
def case_action(request, pk: int, action: str):
    try:
        case = get_visible_case_or_404(request, pk)
    except Http404:
        if CareContactChange.objects.filter(case_id=pk, previous=request.user).exists():
            # He handed care over (in another tab, or someone did it for him): say so instead of
            # "page not found" under what he typed (tester t56). He knew the case; nothing leaks.
            messages.error(request, _("Niet opgeslagen: u bent geen zorgcontactpersoon meer van dit onderzoek; "
                                      "de zorg is overgedragen."))
            return redirect("/")
        raise
    return actions.run(request, case, action, ACTIONS, confirm=CONFIRM)
