from django import forms
from django.core.validators import MaxValueValidator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee
from vik.core.forms import BoundedDateField, DateInput, MultipleFileField, StateField
from vik.signals.forms import PERSONNEL_NUMBER, PersonField, parse_personnel_numbers
from vik.signals.models import Theme

from . import evaluation, selectors
from .models import Activity, Category, Committee, Complaint, Contact, Referral, Report, ReportMessage
from .services import MAX_ACTIVITY_PARTICIPANTS


def _clean_label_part(text: str) -> str:
    # Commas and semicolons separate persons in the field, so they never appear inside a label.
    return " ".join(str(text).replace(",", " ").replace(";", " ").replace("(", " ").replace(")", " ").split())


def person_label(employee: Employee) -> str:
    """How a suggestion names an employee: name, unit and function, never the personnel number."""
    function = _clean_label_part(employee.rank) or "-"
    return f"{_clean_label_part(employee.full_name)} ({_clean_label_part(employee.unit.name)} / {function})"


def parse_persons(raw: str, field_label: str) -> list[Employee]:
    """Persons as suggested (`person_label`) or by personnel number, separated by commas."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    found, numbers = [], []
    for token in (t.strip() for t in raw.replace(";", ",").split(",")):
        if not token:
            continue
        if PERSONNEL_NUMBER.match(token):
            numbers.append(token)
            continue
        if not (token.endswith(")") and " (" in token):
            # A name typed without choosing a suggestion: found when exactly one employee has it.
            # The message never lists candidates: this form is open to anonymous reporters.
            candidates = list(Employee.objects.annotate(full=Concat("first_name", Value(" "), "surname"))
                              .filter(full__iexact=" ".join(token.split()))[:2])
            if len(candidates) == 1:
                found.append(candidates[0])
                continue
            raise forms.ValidationError(
                _("Niemand gevonden met de naam ‘%(name)s’. Typ drie letters en kies een suggestie (naam, "
                  "eenheid en functie), of beschrijf de persoon in uw tekst.") % {"name": token[:120]}
                if not candidates else
                _("Er zijn meer medewerkers met de naam ‘%(name)s’. Kies de juiste suggestie (naam, eenheid en "
                  "functie), of beschrijf de persoon in uw tekst.") % {"name": token[:120]})
        name = token[:token.rindex(" (")]
        candidates = Employee.objects.annotate(full=Concat("first_name", Value(" "), "surname")).filter(
            full__iexact=name).select_related("unit")
        matches = [e for e in candidates if person_label(e).casefold() == token.casefold()]
        if len(matches) != 1:
            raise forms.ValidationError(
                _("‘%(name)s’ is niet eenduidig te vinden. Kies een suggestie uit de lijst, of beschrijf de "
                  "persoon in uw tekst.") % {"name": token[:120]} if not matches else
                _("Er zijn meer medewerkers als ‘%(name)s’. Beschrijf de persoon in uw tekst.") % {"name": token[:120]})
        found.append(matches[0])
    if numbers:
        found += parse_personnel_numbers(", ".join(numbers), field_label)
    return list(dict.fromkeys(found))


def _persons_field(help_text=None):
    """The person picker of the report and register forms: a typed name, with suggestions of
    signed-in users' colleagues (`views.employee_options`)."""
    return forms.CharField(
        label=_("Over wie gaat het? (optioneel)"), required=False,
        help_text=help_text or _("Typ ten minste drie letters van een naam en kies een suggestie (naam, eenheid en "
                                 "functie), of vul personeelsnummers in, gescheiden door komma's. "
                                 "Wie u hier noemt, of diens leidinggevende, krijgt uw melding nooit te zien."),
        widget=forms.TextInput(attrs={
            "list": "employee-options", "autocomplete": "off",
            "hx-get": reverse_lazy("confidential:employee_options"),
            "hx-trigger": "keyup changed delay:300ms", "hx-target": "#employee-options",
        }),
    )


class AnonymousReportForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Bij wie meldt u?"), choices=Report.Recipient.choices,
                                  widget=forms.RadioSelect, initial=Report.Recipient.INTEGRITY_OFFICE)
    advisor = forms.ModelChoiceField(
        label=_("Vertrouwenspersoon van uw keuze (optioneel)"), required=False, queryset=None,
        help_text=_("Alleen als u bij een vertrouwenspersoon meldt. Laat leeg voor de vertrouwenspersonen "
                    "van de eenheid."),
    )
    region = forms.ModelChoiceField(label=_("Eenheid waar het speelt"), queryset=None)
    category = forms.ChoiceField(label=_("Waar gaat het over?"), choices=[("", _("— kies —"))] + Category.choices)
    description = forms.CharField(
        label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Wat, wanneer, waar. Schrijf bij een anonieme melding niets wat naar u verwijst."),
    )
    persons_named = _persons_field()
    attachments = MultipleFileField(
        label=_("Bijlagen (optioneel)"),
        help_text=_("Foto's (JPG, PNG) en tekstbestanden. Verborgen gegevens zoals locatie, camera en "
                    "bestandsnaam worden verwijderd."),
    )
    consent = forms.BooleanField(
        label=_("Ik geef toestemming om mijn melding door te zetten naar het triageteam integriteit."),
        required=False,
        help_text=_("Nodig als u bij een vertrouwenspersoon meldt en wilt dat er onderzoek kan komen. "
                    "U kunt dit ook later geven."),
    )
    # Proof of work (see `throttle`): the challenge comes with the page, pow.js fills in the nonce.
    pow_challenge = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    pow_nonce = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    suggest_names = False  # no name suggestions for who is not signed in (`views.employee_options`)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions()
        self.fields["advisor"].queryset = selectors.advisors_for_choice()
        self.fields["advisor"].label_from_instance = lambda u: f"{u.display_name} ({u.employee.unit.region})"
        if not self.suggest_names:
            persons = self.fields["persons_named"]
            persons.widget.attrs = {"autocomplete": "off"}
            persons.help_text = _(
                "Typ de volledige naam (voornaam en achternaam) of personeelsnummers, gescheiden door komma's, "
                "of beschrijf de persoon in uw tekst. Wie u hier noemt, of diens leidinggevende, krijgt uw "
                "melding nooit te zien.")

    def clean_persons_named(self):
        return parse_persons(self.cleaned_data["persons_named"], "persons_named")


class ReportForm(AnonymousReportForm):
    mode = forms.ChoiceField(
        label=_("Hoe meldt u?"), widget=forms.RadioSelect, initial=Report.Mode.CONFIDENTIAL,
        choices=[(Report.Mode.NAMED, _("Met naam: ontvangers en, na doorzetten, het triageteam kennen uw naam")),
                 (Report.Mode.CONFIDENTIAL, _("Vertrouwelijk: alleen de ontvanger kent uw naam"))],
    )
    field_order = ["mode"]
    suggest_names = True
    pow_challenge = None  # a signed-in reporter is not anonymous: no proof of work
    pow_nonce = None


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Ontvangstcode"), max_length=60,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class ReporterReplyForm(forms.Form):
    body = forms.CharField(label=_("Uw bericht"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    consent = forms.BooleanField(
        label=_("Ik geef toestemming om mijn melding door te zetten naar het triageteam integriteit."),
        required=False)


class AnonymousReplyForm(ReporterReplyForm):
    # The code travels in the form, never in the session or a URL.
    code = forms.CharField(max_length=60, widget=forms.HiddenInput)


class MessageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=[
        (ReportMessage.Kind.QUESTION, _("Vraag aan de melder")),
        (ReportMessage.Kind.MESSAGE, _("Bericht / tussenstand")),
        (ReportMessage.Kind.FEEDBACK, _("Terugkoppeling over de opvolging (stopt de termijn van drie maanden)")),
    ])
    body = forms.CharField(label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 4}))


class EmptyForm(forms.Form):
    pass


class ConsentForm(forms.Form):
    on = BoundedDateField(past=True, label=_("Datum toestemming"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Hoe en waarvoor gaf de melder toestemming?"), max_length=500)


class ForwardForm(forms.Form):
    """A report forwarded to triage: its theme, who it is about and the facts triage needs. The
    betrokkene is one the reporter named or, when he named nobody or described the person (an
    anonymous reporter often does), an employee the recipient identified (tester t34-10: a report
    naming nobody could not be forwarded at all)."""

    theme = forms.ModelChoiceField(label=_("Integriteitsthema"), queryset=Theme.objects.filter(active=True))
    subjects = forms.ModelMultipleChoiceField(label=_("Genoemd in de melding"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    other_subjects = PersonField(
        label=_("Andere betrokkene(n)"), multiple=True, required=False,
        help_text=_("Als de melder niemand noemde of de persoon beschreef: typ een naam of personeelsnummer "
                    "en kies uit de suggesties."))
    description = forms.CharField(
        label=_("Omschrijving voor triage"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Alleen de feiten die triage nodig heeft; niets wat een vertrouwelijke melder herkenbaar maakt."),
    )

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = report.persons_named.all()
        if not report.persons_named.exists():
            del self.fields["subjects"]
            self.fields["other_subjects"].label = _("Betrokkene(n)")

    def clean(self):
        data = super().clean()
        chosen = list(data.get("subjects") or []) + list(data.pop("other_subjects", None) or [])
        data["subjects"] = list(dict.fromkeys(chosen))
        if not data["subjects"] and not self.has_error("other_subjects"):
            self.add_error("other_subjects" if "subjects" not in self.fields else None,
                           _("Kies ten minste één betrokkene: een genoemde persoon of een andere medewerker."))
        return data


class ContactForm(forms.ModelForm):
    actions = forms.MultipleChoiceField(label=_("Acties"), choices=Contact.Action.choices,
                                        widget=forms.CheckboxSelectMultiple)
    concerns_persons = _persons_field(_(
        "Typ ten minste drie letters van een naam en kies een suggestie. VIK bewaart de naam niet, "
        "alleen een code: zo hoort de centrale vertrouwenspersoon dat meerdere contacten over "
        "dezelfde persoon gaan, zonder te horen wie het is."))
    concerns_clear = forms.BooleanField(label=_("Vastgelegde persoon wissen"), required=False)
    state = StateField()

    class Meta:
        model = Contact
        fields = ["contact_on", "category", "reporter_type", "unit", "actions", "minutes", "outcome",
                  "follow_up_on", "reporter_name", "other_names", "notes"]
        field_classes = {"contact_on": BoundedDateField, "follow_up_on": BoundedDateField}
        widgets = {
            "contact_on": DateInput(), "follow_up_on": DateInput(),
            "reporter_name": forms.TextInput(), "other_names": forms.TextInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reporter_name": _("Alleen als het nodig is. Wordt versleuteld opgeslagen."),
            "notes": _("Houd het kort en feitelijk. Wordt versleuteld opgeslagen."),
            "unit": _("Eenheid of district, nooit het team: het register blijft grof."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.coarse_units()
        self.fields["contact_on"].past = True  # a contact that has taken place
        if self.instance.pk and self.instance.concerns:
            # The names cannot be shown again: only their codes are stored.
            self.fields["concerns_persons"].label = _("Over wie gaat het? (al vastgelegd)")
            self.fields["concerns_persons"].help_text = _(
                "Er is al vastgelegd over wie dit contact gaat; VIK kan de naam niet meer tonen. Laat leeg om dat "
                "te houden, kies opnieuw om het te vervangen, of vink hieronder ‘wissen’ aan.")
        else:
            del self.fields["concerns_clear"]

    def clean_concerns_persons(self):
        return parse_persons(self.cleaned_data["concerns_persons"], "concerns_persons")

    def concerns(self):
        """The persons for `services.ContactInput.concerns`: None keeps what is stored."""
        if self.cleaned_data.get("concerns_clear"):
            return []
        return self.cleaned_data["concerns_persons"] or None


class RepeatCloseForm(forms.Form):
    note = forms.CharField(label=_("Wat hebt u met het signaal gedaan?"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Leg kort vast wat u met het signaal hebt gedaan.")},
                           help_text=_("Bijvoorbeeld: de betrokken vertrouwenspersonen samen gesproken. "
                                       "Noem geen namen."))


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "held_on", "title", "unit", "participants"]
        field_classes = {"held_on": BoundedDateField}
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.coarse_units()
        self.fields["participants"].widget.attrs["max"] = MAX_ACTIVITY_PARTICIPANTS
        self.fields["participants"].validators.append(MaxValueValidator(MAX_ACTIVITY_PARTICIPANTS))


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["name", "description", "phone", "email", "website", "region", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions()


def _name_and_region(user) -> str:
    return f"{user.display_name} ({user.employee.unit.region if user.employee_id else '-'})"


class ComplaintForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Klachtencommissie"), queryset=None)
    region = forms.ModelChoiceField(label=_("Eenheid van de klacht"), queryset=None)
    chair = forms.ModelChoiceField(label=_("Voorzitter (uit een andere eenheid)"), queryset=None)
    category = forms.ChoiceField(label=_("Categorie"), choices=[("", _("— kies —"))] + Category.choices)
    received_on = BoundedDateField(past=True, label=_("Datum ontvangst"), widget=DateInput(),
                                   initial=timezone.localdate)
    complainant = forms.CharField(label=_("Klager"), max_length=200)
    accused = forms.CharField(label=_("Aangeklaagde"), max_length=200)
    summary = forms.CharField(label=_("Inhoud van de klacht"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        committees = selectors.committees_for(user)
        self.fields["committee"].queryset = committees
        self.fields["region"].queryset = selectors.regions().filter(pk__in=committees.values("regions"))
        from vik.accounts.models import User

        # Through the link table: `committees.values("members")` would reuse the join of the filter
        # on the user himself and list only him.
        members = Committee.members.through.objects.filter(committee__in=committees).values("user")
        self.fields["chair"].queryset = User.objects.filter(pk__in=members).select_related("employee__unit")
        self.fields["chair"].label_from_instance = _name_and_region


class ComplaintFilingForm(forms.Form):
    """The employee's own formal complaint (the committee's intake)."""

    region = forms.ModelChoiceField(label=_("Eenheid waar het speelt"), queryset=None)
    category = forms.ChoiceField(label=_("Waar gaat het over?"), choices=[("", _("— kies —"))] + Category.choices)
    accused = forms.CharField(label=_("Over wie klaagt u?"), max_length=200,
                              help_text=_("Naam en zo mogelijk team van degene over wie u klaagt."))
    summary = forms.CharField(label=_("Uw klacht"), widget=forms.Textarea(attrs={"rows": 7}),
                              help_text=_("Wat is er gebeurd, wanneer en waar, en wie waren erbij?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions()


class StepDateForm(forms.Form):
    on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=timezone.localdate)


class AdmissibilityForm(StepDateForm):
    admissible = forms.TypedChoiceField(label=_("Besluit"), coerce=lambda v: v == "yes",
                                        choices=[("yes", _("Ontvankelijk")), ("no", _("Niet-ontvankelijk"))])
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MediationEndForm(StepDateForm):
    succeeded = forms.TypedChoiceField(label=_("Resultaat"), coerce=lambda v: v == "yes",
                                       choices=[("yes", _("Geslaagd")), ("no", _("Niet geslaagd"))])
    note = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(StepDateForm):
    note = forms.CharField(label=_("Wat is er gedaan?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Bijvoorbeeld: teamgesprek gehouden op …, met de vertrouwenspersoon."))


class HearingForm(StepDateForm):
    complainant_heard = forms.BooleanField(label=_("Klager gehoord"), required=False)
    accused_heard = forms.BooleanField(label=_("Aangeklaagde gehoord"), required=False)
    note = forms.CharField(label=_("Verslag besloten zitting"), widget=forms.Textarea(attrs={"rows": 3}))


class AdviceForm(StepDateForm):
    advice = forms.ChoiceField(label=_("Advies"), choices=Complaint.Advice.choices)
    text = forms.CharField(label=_("Motivering en aanbevolen maatregelen"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(StepDateForm):
    follows_advice = forms.TypedChoiceField(
        label=_("Besluit"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Conform het advies")), ("no", _("Anders dan het advies"))])
    text = forms.CharField(label=_("Besluit en maatregelen"), widget=forms.Textarea(attrs={"rows": 4}))


SCORES = [(i, str(i)) for i in range(1, 6)]
OPTIONAL_SCORES = [("", _("— niet besproken —")), *SCORES]
CHOSEN_SCORES = [("", _("— kies —")), *SCORES]


def _text(label, rows=2, help_text=""):
    return forms.CharField(label=label, required=False, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class EvaluationForm(StepDateForm):
    """The evaluation form (see `evaluation`), numbered like the example form. The advice (1b), the
    decision (1c) and the time taken (5) come from the complaint and are shown, not asked."""

    findings = _text(_("1a. Wat is uit het onderzoek naar het gedrag naar voren gekomen?"), rows=3)
    measures = _text(_("2. Welke maatregelen zijn genomen?"))
    complainant_consequences = forms.MultipleChoiceField(
        label=_("3. Wat betekent het besluit voor de klager?"), choices=evaluation.CONSEQUENCES,
        widget=forms.CheckboxSelectMultiple, required=False)
    complainant_consequence_detail = forms.CharField(
        label=_("Welke disciplinaire maatregel of toelichting (klager)"), required=False, max_length=300)
    accused_consequences = forms.MultipleChoiceField(
        label=_("4. Wat betekent het besluit voor wie de klacht betreft?"), choices=evaluation.CONSEQUENCES,
        widget=forms.CheckboxSelectMultiple, required=False)
    accused_consequence_detail = forms.CharField(
        label=_("Welke disciplinaire maatregel of toelichting (wie de klacht betreft)"), required=False,
        max_length=300)
    # No score is preselected: the complainant gives one himself.
    outcome_score = forms.TypedChoiceField(
        label=_("6. Oordeel van de klager over de oplossing (1 = zeer ontevreden, 5 = zeer tevreden)"),
        choices=CHOSEN_SCORES, coerce=int, error_messages={"required": _("Kies een score van 1 tot en met 5.")})
    outcome_opinion = _text(_("Toelichting van de klager op de oplossing"))
    procedure_score = forms.TypedChoiceField(
        label=_("7. Oordeel van de klager over de gevolgde procedure (1 = zeer ontevreden, 5 = zeer tevreden)"),
        choices=CHOSEN_SCORES, coerce=int, error_messages={"required": _("Kies een score van 1 tot en met 5.")})
    procedure_opinion = _text(_("Toelichting van de klager op de procedure"))
    further_action_needed = forms.BooleanField(label=_("8. Er is nadere actie nodig"), required=False)
    further_action = _text(_("Zo ja: welke actie stelt u voor?"),
                           help_text=_("Het formulier gaat dan naar de klachtencommissie."))
    tried_before = forms.BooleanField(
        label=_("9. De klager probeerde het eerst op een andere manier op te lossen"), required=False)
    earlier_attempt_result = _text(_("10. Zo ja: wat leverde die poging op?"))
    procedure = forms.ChoiceField(label=_("11. Welke procedure is gekozen?"), choices=evaluation.PROCEDURES,
                                  widget=forms.RadioSelect)
    procedure_other = forms.CharField(label=_("Anders, namelijk"), required=False, max_length=200)
    filed = forms.ChoiceField(label=_("12. Wat gebeurt er met dit formulier?"),
                              choices=[("", _("— kies —")), *evaluation.FILED], required=False)
    filed_on = BoundedDateField(past=True, label=_("Datum indienen of archiveren"), widget=DateInput(),
                                required=False, help_text=_("Leeg: de datum van de evaluatie."))
    colleagues_score = forms.TypedChoiceField(
        label=_("Hoe gaat de klager sindsdien met collega's om? (1 = veel slechter, 5 = goed)"),
        choices=OPTIONAL_SCORES, coerce=int, empty_value=None, required=False)
    work_pleasure_score = forms.TypedChoiceField(
        label=_("Hoeveel plezier heeft de klager sindsdien in het werk? (1 = geen, 5 = veel)"),
        choices=OPTIONAL_SCORES, coerce=int, empty_value=None, required=False)
    agreed_by_complainant = forms.BooleanField(
        label=_("De klager heeft het ingevulde formulier gezien en stemt ermee in"), required=False)
    note = forms.CharField(label=_("Verdere opmerkingen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, **kwargs)
        if complaint is not None and not self.is_bound:
            self.initial.setdefault("procedure", evaluation.default_procedure(complaint))
