from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vik.core.anonymity import identifying_details
from vik.core.forms import BoundedDateField, DateInput, StateField

from . import evaluation
from .models import ActivityFormat, AttentionPoint, Dilemma, DilemmaSet, Perspective


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Deelnamecode"), max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "inputmode": "text", "spellcheck": "false"}))


class StartSessionForm(forms.Form):
    dilemma_set = forms.ModelChoiceField(label=_("Dilemmaset"), queryset=DilemmaSet.objects.none())
    title = forms.CharField(label=_("Titel"), max_length=160, required=False,
                            help_text=_("Bijvoorbeeld: teamdag basisteam, maart."))
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)

    def __init__(self, *args, dilemma_sets, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dilemma_set"].queryset = dilemma_sets
        self.fields["team"].queryset = teams


class OpenRoundForm(forms.Form):
    perspective = forms.ChoiceField(label=_("Rol bij dit dilemma"), choices=Perspective.choices,
                                    initial=Perspective.OWN)


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Afspraken en opmerkingen"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))


ROUND_NOTE_MAX = 5000  # the note of each round, typed beside NotesForm in the summary


class DilemmaSetForm(forms.ModelForm):
    state = StateField()
    class Meta:
        model = DilemmaSet
        fields = ["title", "theme", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DilemmaForm(forms.ModelForm):
    class Meta:
        model = Dilemma
        fields = ["order", "situation", "option_a", "option_b", "option_c", "discussion"]
        widgets = {"situation": forms.Textarea(attrs={"rows": 3}), "discussion": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("situation", "option_a", "option_b", "option_c"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("situation") and not all(data.get(f) for f in ("option_a", "option_b", "option_c")):
            raise forms.ValidationError(gettext("Geef bij elk dilemma drie antwoorden."))
        return data


# max_num/absolute_max: a forged TOTAL_FORMS may not make the server build thousands of forms.
DilemmaFormSet = forms.inlineformset_factory(DilemmaSet, Dilemma, form=DilemmaForm, extra=2, can_delete=True,
                                             max_num=50, absolute_max=50)


class ClimateCheckForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    label = forms.CharField(label=_("Aanleiding"), max_length=160,
                            help_text=_("Bijvoorbeeld: voor de komst van nieuwe studenten in september."))
    opens_on = BoundedDateField(label=_("Open vanaf"), widget=DateInput())
    closes_on = BoundedDateField(label=_("Open tot en met"), widget=DateInput())

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ClimateAnswerForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[q["key"]] = forms.TypedChoiceField(
                label=gettext(q["text"]), choices=[("ja", _("Ja")), ("nee", _("Nee"))],
                coerce=lambda v: v == "ja", widget=forms.RadioSelect)


class AttentionPointForm(forms.Form):
    text = forms.CharField(label=_("Aandachtspunt"), max_length=300)


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Afspraak"), max_length=300)
    owner = forms.CharField(label=_("Wie"), max_length=120,
                            help_text=_("Wie het uitvoert: namen of rollen in het team."))
    follow_up_on = BoundedDateField(future=True, label=_("Terugkomen op"), widget=DateInput())
    point = forms.ModelChoiceField(label=_("Bij aandachtspunt"), queryset=AttentionPoint.objects.none(),
                                   required=False)

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = check.attention_points.all()


class ActivityForm(forms.Form):
    """Registers an activity, or (with `fixed_team`) corrects one: its team then stays."""

    EDITABLE = ("held_on", "title", "theme", "format", "facilitator", "participants", "note")
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    held_on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput())
    title = forms.CharField(label=_("Onderwerp"), max_length=160,
                            help_text=_("Bijvoorbeeld: theatervoorstelling over sociale veiligheid."))
    theme = forms.ModelChoiceField(label=_("Integriteitsthema"), queryset=None, required=False,
                                   empty_label=_("(geen bepaald thema)"))
    format = forms.ChoiceField(label=_("Werkvorm"), choices=ActivityFormat.choices)
    facilitator = forms.CharField(label=_("Begeleiding"), max_length=160,
                                  help_text=_("Wie leidde de activiteit, bijvoorbeeld een trainer of theatergroep."))
    participants = forms.IntegerField(label=_("Aantal deelnemers"), min_value=1, max_value=2000,
                                      help_text=_("Alleen het aantal; namen worden niet vastgelegd."))
    note = forms.CharField(label=_("Korte toelichting"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    # The activity as the correction form was loaded (a second tab must not overwrite silently).
    state = StateField()

    def __init__(self, *args, teams, themes, fixed_team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["theme"].queryset = themes
        if fixed_team is not None:
            del self.fields["team"]


class EvaluationCodeForm(forms.Form):
    code = forms.CharField(label=_("Evaluatiecode"), max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))


class EvaluationForm(forms.Form):
    comment = forms.CharField(label=_("Wil je nog iets kwijt? (niet verplicht)"), required=False,
                              max_length=evaluation.COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Noem geen namen, ook niet die van jezelf."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [(str(score), f"{score} – {gettext(label)}") for score, label in evaluation.SCALE]
        questions = {key: forms.TypedChoiceField(label=gettext(text), choices=scale, coerce=int,
                                                 widget=forms.RadioSelect,
                                                 error_messages={"required": _("Kies een score.")})
                     for key, text in evaluation.QUESTIONS}
        self.fields = {**questions, **self.fields}

    def clean_comment(self) -> str:
        """The comment is read by the organisers: nothing in it may lead to a person."""
        comment = self.cleaned_data["comment"]
        if problems := identifying_details(comment):
            raise forms.ValidationError(problems)
        return comment

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in evaluation.KEYS}
