from django import forms
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Role, User
from vik.core.forms import DateInput, VersionForm
from vik.signals.fields import BoundedDateField
from vik.signals.forms import PersonField

from .models import NationalDecision, Route, TriageSession
from .selectors import active_criteria


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    """People chosen by name from a list; the list says how to choose more than one (tester t32)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Meer personen kiezen: houd Ctrl (Mac: Cmd) ingedrukt bij het klikken."))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


class DecisionForm(VersionForm):
    session = forms.ModelChoiceField(queryset=TriageSession.objects.filter(closed=False),
                                     required=False, widget=forms.HiddenInput)
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("Kies een route.")})
    rationale = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom deze route? Verwijs naar de criteria."),
    )
    participants = UserMultipleChoiceField(
        label=_("Deelnemers triage"), required=False, queryset=User.objects.none(),
    )
    retriage_reason = forms.CharField(
        label=_("Nieuwe feiten (bij hertriage)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    line_manager = PersonField(
        label=_("Leidinggevende"), required=False,
        help_text=_("Bij ‘terug naar de lijn’: wie handelt af? Typ een naam of personeelsnummer; "
                    "standaard de leidinggevende van de betrokkene."),
    )
    follow_up_due = BoundedDateField(label=_("Terugkoppeling uiterlijk"), required=False,
                                    widget=DateInput())
    handover_to = forms.CharField(label=_("Overgedragen aan"), required=False,
                                  help_text=_("Bij strafrechtelijk: OM of Rijksrecherche."))
    handover_on = BoundedDateField(label=_("Datum overdracht"), required=False, widget=DateInput())
    handover_reference = forms.CharField(label=_("Kenmerk overdracht"), required=False)
    decided_on = BoundedDateField(
        past=True, label=_("Datum van het besluit"), required=False, widget=DateInput(),
        help_text=_("Leeg laten als het besluit vandaag is genomen (of op de dag van het triageoverleg)."))

    def __init__(self, *args, participants_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(active_criteria())
        for criterion in self.criteria:
            self.fields[f"score_{criterion.code}"] = forms.TypedChoiceField(
                label=criterion.label, help_text=criterion.help_text, coerce=int,
                error_messages={"required": _("Geef een score voor ‘%(c)s’.") % {"c": criterion.label}},
                choices=[("", _("— kies —"))] + [(i, str(i)) for i in range(criterion.max_score + 1)],
            )
        # The scores come first, as on the page: the first field names a refusal of the whole
        # form for a screen reader (core/form_errors.html).
        self.order_fields([f"score_{c.code}" for c in self.criteria])
        if participants_qs is not None:
            self.fields["participants"].queryset = participants_qs

    def scores(self) -> dict[str, int]:
        return {c.code: self.cleaned_data.get(f"score_{c.code}") for c in self.criteria}

    def score_fields(self):
        return [self[f"score_{c.code}"] for c in self.criteria]


class NationalDecisionForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Besluit"), choices=NationalDecision.Outcome.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De eenheid ziet deze motivering bij de melding, ook bij terugsturen."))
    handover_on = BoundedDateField(label=_("Datum overdracht aan het OM"), required=False,
                                   widget=DateInput())
    handover_reference = forms.CharField(label=_("Kenmerk overdracht"), required=False,
                                         max_length=80)


class LineReportForm(forms.Form):
    line_report = forms.CharField(
        label=_("Hoe is de melding in de lijn afgehandeld?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def triage_members(region):
    from vik.accounts.selectors import users_with_role_in

    return users_with_role_in(region, Role.TRIAGE).order_by("last_name", "username")


class SessionForm(forms.Form):
    held_on = BoundedDateField(label=_("Datum overleg"), widget=DateInput())
    participants = UserMultipleChoiceField(label=_("Deelnemers"), queryset=User.objects.none(),
                                           required=False)

    def __init__(self, *args, participants_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if participants_qs is not None:
            self.fields["participants"].queryset = participants_qs
