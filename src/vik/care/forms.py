"""The forms of care around a case: another care contact, a referral, care for the team."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Role
from vik.core.forms import DateInput
from vik.signals.fields import BoundedDateField
from vik.signals.forms import UserPersonField

from .models import CareDesk

TODAY = timezone.localdate


class CareContactForm(forms.Form):
    new_contact = UserPersonField(label=_("Nieuwe zorgcontactpersoon"),
                                  roles=[Role.LINE_MANAGER, Role.CARE_CONTACT])
    reason = forms.CharField(label=_("Reden"), max_length=255,
                             help_text=_("Bijvoorbeeld: leidinggevende is melder, of de verhouding "
                                         "is verstoord."))
    outside_line = forms.BooleanField(
        label=_("De betrokkene wil zorg van iemand buiten de eigen lijn"), required=False,
        help_text=_("Niet van de eigen leidinggevende en niet van iemand uit het eigen team. Blijft "
                    "gelden tot het hier wordt uitgezet."))
    takes_case = True

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["outside_line"].initial = case.care_outside_line
            self.fields["new_contact"].refused_people = {case.subject_id: _(
                "Dit is de betrokkene zelf; niemand kan de eigen zorgcontactpersoon zijn.")}


class ReferralForm(forms.Form):
    desk = forms.ChoiceField(label=_("Zorgloket"), choices=CareDesk.choices)
    referred_on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=TODAY)
    for_team = forms.BooleanField(label=_("Verwijzing voor het team"), required=False)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=255)
    takes_case = True

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        from vik.investigations.services import needs_aanzegging

        if case is not None and needs_aanzegging(case):
            del self.fields["for_team"]  # the team is told of nothing before the aanzegging (t51)


class TeamCareForm(forms.Form):
    on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=TODAY)
    description = forms.CharField(label=_("Wat is er voor het team gedaan?"),
                                  widget=forms.Textarea(attrs={"rows": 2}))


class FamilyCareForm(forms.Form):
    on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=TODAY)
    description = forms.CharField(label=_("Wat is er voor het thuisfront (gezin) gedaan?"),
                                  widget=forms.Textarea(attrs={"rows": 2}))


class AftercareEndForm(forms.Form):
    """The care contact ends the aftercare of a closed case (`services.end_aftercare`)."""

    on = BoundedDateField(past=True, label=_("Nazorg afgerond op"), widget=DateInput(), initial=TODAY)
    note = forms.CharField(label=_("Hoe is de nazorg afgerond?"), max_length=2000,
                           help_text=_("Bijvoorbeeld: evaluatiegesprek gevoerd, de betrokkene is terug in het "
                                       "team en heeft geen verdere zorg nodig."),
                           widget=forms.Textarea(attrs={"rows": 2}))
