from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee, Unit
from vik.core.forms import DateInput, MultipleFileField

from .fields import BoundedDateField
from .models import Channel, Signal, Theme


def parse_personnel_numbers(raw: str, field_label: str) -> list[Employee]:
    numbers = [n.strip().upper() for n in raw.replace(";", ",").split(",") if n.strip()]
    found = {e.personnel_number: e for e in Employee.objects.filter(personnel_number__in=numbers)}
    unknown = [n for n in numbers if n not in found]
    if unknown:
        raise forms.ValidationError(
            _("Onbekend personeelsnummer: %(n)s.") % {"n": ", ".join(unknown)}
        )
    return [found[n] for n in dict.fromkeys(numbers)]


class SignalForm(forms.Form):
    received_on = BoundedDateField(label=_("Datum ontvangst"), widget=DateInput(),
                                  initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=Channel.choices)
    region = forms.ModelChoiceField(
        label=_("Eenheid"), queryset=Unit.objects.filter(kind__in=["region", "national"])
    )
    theme = forms.ModelChoiceField(label=_("Integriteitsthema"),
                                   queryset=Theme.objects.filter(active=True))
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Wat is er gebeurd, wanneer en waar? Alleen feiten."))
    subjects = forms.CharField(
        label=_("Betrokkene(n)"), help_text=_("Personeelsnummer(s), gescheiden door komma's."),
        widget=forms.TextInput(attrs={
            "list": "employee-options", "autocomplete": "off",
            "hx-get": reverse_lazy("signals:employee_options"),
            "hx-trigger": "keyup changed delay:300ms", "hx-target": "#employee-options",
        }),
    )
    reporter = forms.CharField(
        label=_("Melder (personeelsnummer)"), required=False,
        help_text=_("Optioneel. De melder is nooit zichtbaar voor de betrokkene."),
    )
    reporter_description = forms.CharField(
        label=_("Melder (overig)"), required=False, max_length=200,
        help_text=_("Bijvoorbeeld ‘burger’ of ‘Rijksrecherche’."),
    )
    source_reference = forms.CharField(label=_("Kenmerk bron"), required=False, max_length=80)
    attachments = MultipleFileField(label=_("Bijlagen"))

    def clean_subjects(self):
        return parse_personnel_numbers(self.cleaned_data["subjects"], "subjects")

    def clean_reporter(self):
        raw = self.cleaned_data["reporter"].strip()
        if not raw:
            return None
        return parse_personnel_numbers(raw, "reporter")[0]


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + list(Signal.Status.choices))
    q = forms.CharField(label=_("Kenmerk"), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bijlage toevoegen"))
