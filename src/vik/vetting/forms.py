"""Forms of vetting and the reporting duty. People are chosen by name with the person picker."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vik.core.forms import BoundedDateField, DateInput
from vik.signals.forms import PersonField

from .models import Declaration, Level, Screening


class ScreeningForm(forms.Form):
    employee = PersonField(label=_("Medewerker"),
                           help_text=_("Typ een naam of personeelsnummer en kies uit de suggesties."))
    level = forms.ChoiceField(label=_("Niveau"), choices=Level.choices,
                              help_text=_("BO: herhaling na 8 jaar; BO+ (met omgevingsonderzoek): na 5 jaar."))
    kind = forms.ChoiceField(label=pgettext_lazy("screening", "Soort onderzoek"), choices=Screening.Kind.choices)
    due_on = BoundedDateField(future=True, label=_("Uiterlijk afgerond op"), widget=DateInput())
    reason = forms.CharField(label=_("Aanleiding"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=Screening.Outcome.choices)
    completed_on = BoundedDateField(past=True, label=_("Afgerond op"), widget=DateInput())
    reason = forms.CharField(label=_("Motivering"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Verplicht bij een negatieve uitkomst."))


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Wat meldt u?"), choices=Declaration.Kind.choices)
    political = forms.BooleanField(
        label=_("Het gaat om een politieke functie"), required=False,
        help_text=_("Een politieke nevenfunctie meldt u altijd, ook als die onbetaald is."))
    description = forms.CharField(label=_("Omschrijving"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    counterparty = forms.CharField(label=_("Organisatie of persoon"), required=False, max_length=200)
    relation = forms.ChoiceField(label=_("Soort relatie (bij een relatie of contact)"), required=False,
                                 choices=[("", "—"), *Declaration.Relation.choices])
    subject_type = forms.ChoiceField(label=_("Vastgelegd in politiesystemen als"), required=False,
                                     choices=[("", "—"), *Declaration.SubjectType.choices])
    subject_id = forms.CharField(
        label=_("Kenmerk in politiesystemen"), required=False, max_length=64,
        help_text=_("Bijvoorbeeld het persoonsnummer of kenteken, als u dat weet. Zo weet protective "
                    "monitoring dat een opvraging over deze relatie verklaard of juist verboden is."))
    value_eur = forms.IntegerField(label=_("Geschatte waarde in euro (geschenk of uitnodiging)"),
                                   required=False, min_value=0, max_value=10_000_000)
    event_on = BoundedDateField(label=_("Datum van geschenk of evenement"), required=False,
                                widget=DateInput())
    renews = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)

    RENEWED_FIELDS = ("kind", "political", "description", "counterparty", "relation", "subject_type",
                      "subject_id", "value_eur")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Besluit"), choices=Declaration.Decision.choices)
    reason = forms.CharField(label=_("Motivering"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    renewal_on = BoundedDateField(label=_("Opnieuw melden vóór"), required=False, widget=DateInput(),
                                  help_text=_("Leeg: over een jaar."))
    screening_relevant = forms.BooleanField(
        label=_("Relevante wijziging voor het veiligheidsonderzoek (start een tussentijds onderzoek)"),
        required=False)

    def __init__(self, *args, declaration=None, **kwargs):
        super().__init__(*args, **kwargs)
        if declaration is not None and declaration.is_one_off:
            del self.fields["renewal_on"]  # a gift or invitation is not reported again


class YearForm(forms.Form):
    """A year of the figures: from 2000 up to the running one (a later year has no figures: tester
    t37 was shown a table of zeros for 2100)."""

    jaar = forms.IntegerField(min_value=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].max_value = timezone.localdate().year
        self.fields["jaar"].validators.append(MaxValueValidator(timezone.localdate().year))
