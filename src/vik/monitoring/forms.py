from django import forms
from django.utils.translation import gettext_lazy as _

from vik.core.forms import BoundedDateField

from .models import Alert


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(
            attrs={"accept": ".csv,.parquet,.jsonl,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        for item in data if isinstance(data, (list, tuple)) else [data]:
            if getattr(item, "name", None) and not getattr(item, "size", 1):  # said with its name (t40)
                raise forms.ValidationError(_("Het bestand %(name)s is leeg."), code="empty",
                                            params={"name": item.name})
        if isinstance(data, (list, tuple)):
            if not data:
                return [single(None, initial)]
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Bestanden"), max_length=200,
        error_messages={"required": _("Kies de bestanden met de tabellen."),
                        "empty": _("Het gekozen bestand is leeg."),
                        "invalid": _("Dit is geen bestand; kies de bestanden opnieuw."),
                        "max_length": _("De bestandsnaam is te lang.")},
        help_text=_("De tabellen van het contract als losse bestanden (query_log en employees "
                    "verplicht; optioneel shifts, registrations, registration_subjects, "
                    "registration_officers, subjects en declared_relations; elk als .csv, .parquet of "
                    ".jsonl) en/of één zip-bestand met die bestanden. Andere bestanden, zoals truth.jsonl "
                    "of bursts.jsonl van een generator, horen er niet bij."))


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Oordeel"), widget=forms.RadioSelect, error_messages={
        "required": _("Kies een oordeel: legitiem, onbedoeld misbruik of opzettelijk misbruik.")}, choices=[
        (Alert.State.LEGITIMATE, _("Legitiem (hoorde bij het werk)")),
        (Alert.State.MISUSE_UNINTENTIONAL, _("Onbedoeld misbruik (de medewerker kende de regel niet)")),
        (Alert.State.MISUSE_INTENTIONAL, _("Opzettelijk misbruik"))])
    # Required, and marked so (tester t62: "Verplicht" in the help, no * at the label).
    reason = forms.CharField(label=_("Reden"),
                             error_messages={"required": _("Geef de reden van uw oordeel: waarom hoorden de "
                                                           "opvragingen wel of niet bij het werk?")},
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Verplicht bij elk oordeel: waarom de opvragingen wel of niet bij het "
                                         "werk hoorden."))
    # Only for "legitimate"; not required (tester t62: marked * beside a misuse verdict): empty is
    # "these lookups".
    scope = forms.ChoiceField(label=_("Bij ‘legitiem’: geldt voor"), initial="events", required=False, choices=[
        ("events", _("alleen deze opvragingen")),
        ("subjects", _("alle opvragingen van deze records door deze medewerker")),
        ("rules", _("deze regels tellen niet meer voor deze medewerker"))],
        help_text=_("Breder dan deze opvragingen geldt pas nadat een tweede analist het bevestigt "
                    "(vier ogen); tot dan alleen voor deze opvragingen."))
    # The alert as the form was loaded (`core.concurrency.state_token`): a second tab's verdict
    # must not silently replace the first (tester t40).
    state = forms.CharField(widget=forms.HiddenInput, required=False, max_length=128)

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or "events"


class RevealRequestForm(forms.Form):
    reason = forms.CharField(label=_("Waarom is de identiteit nodig?"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class RevealDecisionForm(forms.Form):
    request_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1,
                                    error_messages={
                                        "required": _("Het verzoek ontbreekt; laad de pagina "
                                                      "opnieuw."),
                                        "invalid": _("Onbekend verzoek; laad de pagina opnieuw."),
                                        "min_value": _("Onbekend verzoek; laad de pagina "
                                                       "opnieuw."),
                                        "max_value": _("Onbekend verzoek; laad de pagina "
                                                       "opnieuw.")})
    approve = forms.TypedChoiceField(label=_("Beslissing"), coerce=lambda v: v == "1",
                                     widget=forms.RadioSelect,
                                     choices=[("1", _("Goedkeuren")), ("0", _("Afwijzen"))])
    note = forms.CharField(label=_("Toelichting"), required=False)

    def __init__(self, *args, refuse_only: bool = False, **kwargs) -> None:
        """`refuse_only`: the alert may not be revealed (beyond the budget and not judged misuse,
        `Alert.may_reveal`); only "Afwijzen" is offered (session-18 note: "Goedkeuren" could be
        chosen and was refused only after submitting)."""
        super().__init__(*args, **kwargs)
        if refuse_only:
            field = self.fields["approve"]
            field.choices = [("0", _("Afwijzen"))]
            field.initial = "0"


class ScopeConfirmForm(forms.Form):
    """The second analyst's word on a broad "legitimate" verdict (`services.confirm_scope`)."""

    approve = forms.TypedChoiceField(
        label=_("Bereik van het oordeel"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("1", _("Bevestigen")), ("0", _("Terugbrengen tot deze opvragingen"))],
        error_messages={"required": _("Kies bevestigen of terugbrengen."),
                        "invalid_choice": _("Kies bevestigen of terugbrengen.")})
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000,
                           help_text=_("Verplicht bij terugbrengen."))
    state = forms.CharField(widget=forms.HiddenInput, required=False, max_length=128)


class DetectionDecisionForm(forms.Form):
    enabled = forms.TypedChoiceField(
        label=_("Besluit"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("1", _("Detectie op individueel niveau aanzetten")),
                 ("0", _("Detectie op individueel niveau uitzetten (terug naar preventie)"))],
        error_messages={"required": _("Kies aan of uit."),
                        "invalid_choice": _("Kies aan of uit.")})
    decided_on = BoundedDateField(past=True, label=_("Datum van het besluit"),
                                  error_messages={"required": _("Vul de datum van het besluit in."),
                                                  "invalid": _("Vul een geldige datum in.")})
    body = forms.CharField(label=_("Besluitvormend orgaan"), max_length=200,
                           help_text=_("Bijvoorbeeld: Centrale Ondernemingsraad (instemming)."),
                           error_messages={"required": _("Vul in wie het besluit nam.")})
    reference = forms.CharField(label=_("Kenmerk"), max_length=120,
                                error_messages={"required": _("Vul het kenmerk van het besluit in.")})
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
