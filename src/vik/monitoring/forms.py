from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Alert


class ImportForm(forms.Form):
    data_dir = forms.CharField(
        label=_("Gegevensmap"), max_length=500,
        help_text=_("Map met query_log, employees en de optionele tabellen (Parquet, CSV of "
                    "JSONL), relatief aan de importmap van de server."))


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Oordeel"), widget=forms.RadioSelect, choices=[
        (Alert.State.LEGITIMATE, _("Legitiem (hoorde bij het werk)")),
        (Alert.State.MISUSE, _("Misbruik"))])
    reason = forms.CharField(label=_("Reden"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.ChoiceField(label=_("Bij ‘legitiem’: geldt voor"), initial="events", choices=[
        ("events", _("alleen deze opvragingen")),
        ("subjects", _("alle opvragingen van deze records door deze medewerker")),
        ("rules", _("deze regels tellen niet meer voor deze medewerker"))])


class RevealRequestForm(forms.Form):
    reason = forms.CharField(label=_("Waarom is de identiteit nodig?"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class RevealDecisionForm(forms.Form):
    request_id = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(label=_("Beslissing"), coerce=lambda v: v == "1",
                                     widget=forms.RadioSelect,
                                     choices=[("1", _("Goedkeuren")), ("0", _("Afwijzen"))])
    note = forms.CharField(label=_("Toelichting"), required=False)
