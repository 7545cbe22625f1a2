import json

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Role
from vik.core.forms import DateInput, DateTimeInput, StateField, VersionForm
from vik.signals.fields import BoundedDateField, BoundedDateTimeField
from vik.signals.forms import UserPersonField

from .models import (
    AcceleratingFactor,
    AccessRequest,
    CaseType,
    DelayReason,
    Document,
    Hearing,
    Measure,
    Member,
    Outcome,
    RightsRequest,
    StatusUpdate,
    Step,
    Track,
    Voornemen,
)
from .services import MAX_NOTE_CHARS

TODAY = timezone.localdate


class OpenCaseForm(forms.Form):
    case_type = forms.ModelChoiceField(label=_("Onderzoekstype"), queryset=CaseType.objects.none())
    subject = forms.ModelChoiceField(label=_("Betrokkene"), queryset=None)
    authority = UserPersonField(label=_("Bevoegd gezag"), roles=[Role.COMPETENT_AUTHORITY])
    lead_investigator = UserPersonField(
        label=_("Hoofdonderzoeker"),
        roles=[Role.INVESTIGATOR_DISCIPLINARY, Role.INVESTIGATOR_CRIMINAL])
    opened_on = BoundedDateField(past=True, label=_("Startdatum"), widget=DateInput(), initial=TODAY)
    suspected_breach = forms.CharField(
        label=_("Omschrijving vermoedelijk plichtsverzuim"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kan later worden aangevuld, maar is verplicht vóór de aanzegging."),
    )

    def __init__(self, *args, signal, route, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import INVESTIGATOR_ROLE, ROUTE_TRACKS

        tracks = ROUTE_TRACKS[route]
        self.fields["case_type"].queryset = CaseType.objects.filter(active=True, track__in=tracks)
        self.fields["subject"].queryset = signal.subjects.all()
        self.fields["lead_investigator"] = UserPersonField(
            label=_("Hoofdonderzoeker"), roles=sorted({INVESTIGATOR_ROLE[t] for t in tracks}))
        if not self.is_bound:
            self._prefill_from_triage(signal, route)

    def _prefill_from_triage(self, signal, route):
        """Carry the triage decision over: the type of the route's own track and the first
        betrokkene without a running case on that track."""
        from vik.triage.models import Route

        from .models import Case, Track

        track = {Route.ORIENTING: Track.ORIENTING, Route.DISCIPLINARY: Track.DISCIPLINARY,
                 Route.CRIMINAL: Track.CRIMINAL}.get(route)
        types = list(self.fields["case_type"].queryset.filter(track=track)) if track else []
        if len(types) == 1:
            self.initial.setdefault("case_type", types[0].pk)
        busy = set(Case.objects.filter(signal=signal, closed_on__isnull=True, track=track)
                   .values_list("subject_id", flat=True)) if track else set()
        for subject in signal.subjects.order_by("pk"):
            if subject.pk not in busy:
                self.initial.setdefault("subject", subject.pk)
                break


class BreachForm(VersionForm):
    text = forms.CharField(label=_("Omschrijving vermoedelijk plichtsverzuim"),
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Welke gedraging, wanneer, waar, welke norm."))


class StepForm(forms.Form):
    on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=TODAY)
    note = forms.CharField(label=_("Toelichting"), required=False)


class AdvanceForm(StepForm):
    """The investigators' own next step. Only the steps of the case's process template after the
    current one are offered (tester t30: the current and earlier steps were offered and always
    refused); a case with none left has no such form (`has_choices`)."""

    STEPS = (Step.INTAKE, Step.HEARINGS, Step.WITNESSES, Step.REPORT)
    takes_case = True
    step = forms.ChoiceField(label=_("Nieuwe stap"), choices=[(s.value, s.label) for s in STEPS], error_messages={
        "invalid_choice": _("Deze stap kan nu niet (meer) worden gekozen: het onderzoek staat al op deze of een "
                            "latere stap, misschien intussen gezet in een ander tabblad of door iemand anders.")},
                             help_text=_("‘Rapportage’ vraagt het onderzoeksrapport bij de documenten; de "
                                         "zienswijze begint met het voornemen tot straf van het bevoegd gezag."))

    # The step the case was at when the form was loaded: a second tab that moved it meanwhile is
    # a conflict, also when the step chosen here is still ahead (tester t32).
    state = StateField()

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            from .services import _status_types

            self.fields["state"].initial = str(case.status_id)
            later = {st.step for st in _status_types(case) if st.order > case.status.order}
            # A first, empty choice: a value no longer offered (a second tab) shows as "kies",
            # never as another step the user did not pick (tester t31).
            self.fields["step"].choices = [("", _("— kies de volgende stap —"))] + [
                (s.value, s.label) for s in self.STEPS if s in later]

    @property
    def has_choices(self) -> bool:
        return any(value for value, _label in self.fields["step"].choices)


class AanzeggingForm(forms.Form):
    held_at = BoundedDateTimeField(
        past=True, label=_("Moment van de aanzegging"),
        help_text=_("Wanneer de aanzegging plaatsvond (vastleggen kan pas achteraf). Een goed moment laat daarna "
                    "zorg bereikbaar: een werkdag vanaf 8.00 en vóór 18.00 uur, niet op vrijdagmiddag en niet vlak "
                    "voor een feestdag. Een ongunstig moment legt u bewust vast; het telt mee in het dashboard."),
        widget=DateTimeInput(attrs={
            "hx-get": reverse_lazy("investigations:aanzegging_check"),
            "hx-trigger": "change", "hx-target": "#aanzegging-warnings",
            # the live warning stands under this field, not below the submit button (tester t57)
            "data-live-region": "aanzegging-warnings",
        }))
    care_offered = forms.BooleanField(label=_("Zorg aangeboden (BMW, vertrouwenspersoon, ...)"),
                                      required=False)
    note = forms.CharField(label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    info_folder = forms.BooleanField(
        label=_("Informatiemap overhandigd (rechten, plichten, zorgloketten, verloop)"),
        required=False)
    accept_warnings = forms.BooleanField(
        label=_("Het moment klopt: de aanzegging vond op dit ongunstige tijdstip plaats"), required=False)
    accept_no_care = forms.BooleanField(
        label=_("Zorg is niet aangeboden (de betrokkene weigerde, of het kon niet): ik ga bewust door"),
        required=False)
    takes_case = True

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            # The live check knows the case, so that a moment before the plan's approval is refused
            # live as on submit (tester t62: a warning live, then a refusal on submit).
            self.fields["held_at"].widget.attrs["hx-vals"] = json.dumps({"case": case.pk})


class InfoFolderForm(forms.Form):
    on = BoundedDateField(past=True, label=_("Informatiemap overhandigd op"), widget=DateInput(),
                          initial=TODAY)
    state = StateField()


class HearingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=Hearing.Kind.choices)
    takes_case = True

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None and case.track == Track.ORIENTING:
            # Witnesses only: the betrokkene is not heard in an orienting investigation (tester t50).
            # (Before the aanzegging his hearing stays offered: refused with a message that says
            # when it can be planned.)
            self.fields["kind"].choices = [c for c in Hearing.Kind.choices if c[0] != Hearing.Kind.HEARING]
            # Why the betrokkene is missing from the choice (tester t52).
            self.fields["kind"].help_text = _(
                "Een oriënterend onderzoek hoort alleen getuigen; de betrokkene wordt pas gehoord "
                "in een disciplinair onderzoek.")
            del self.fields["preparation_waived"], self.fields["informed_on"]  # the betrokkene's only (t51)
    invited_on = BoundedDateField(label=_("Uitnodiging verstuurd op"), widget=DateInput(),
                                 initial=TODAY)
    scheduled_at = BoundedDateTimeField(label=_("Gepland op"), widget=DateTimeInput())
    representative = forms.CharField(label=_("Raadsman / vertrouwenspersoon"), required=False)
    person = forms.CharField(label=_("Getuige"), required=False)
    preparation_waived = forms.BooleanField(
        label=_("Betrokkene ziet zelf af van de minimale voorbereidingstijd"), required=False)
    informed_on = BoundedDateField(
        past=True, label=_("Betrokkene geïnformeerd over proces en bevindingen op"), required=False,
        widget=DateInput(), help_text=_("Alleen bij het hoorgesprek; vóór de datum van het gesprek."))


class HearingInformedForm(forms.Form):
    hearing_id = forms.IntegerField(widget=forms.HiddenInput)
    on = BoundedDateField(past=True, label=_("Geïnformeerd over proces en bevindingen op"),
                          widget=DateInput(), help_text=_("Vóór de datum van het hoorgesprek."))


class HearingHeldForm(forms.Form):
    hearing_id = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 2}))


class HearingMoveForm(forms.Form):
    """Move a planned hearing (`services.reschedule_hearing`)."""

    hearing_id = forms.IntegerField(widget=forms.HiddenInput)
    scheduled_at = BoundedDateTimeField(label=_("Nieuw moment"), widget=DateTimeInput())
    preparation_waived = forms.BooleanField(
        label=_("Betrokkene ziet zelf af van de minimale voorbereidingstijd"), required=False)


class HearingWaivedForm(forms.Form):
    hearing_id = forms.IntegerField(widget=forms.HiddenInput)
    on = BoundedDateField(past=True, label=_("Afgezien op"))
    note = forms.CharField(label=_("Hoe liet de betrokkene dit weten?"), widget=forms.Textarea(attrs={"rows": 2}))


class PauseForm(forms.Form):
    reason = forms.ModelChoiceField(label=_("Vertrager"),
                                    queryset=DelayReason.objects.filter(active=True))
    on = BoundedDateField(past=True, label=_("Gepauzeerd vanaf"), widget=DateInput(), initial=TODAY)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=255)


class AcceleratorForm(forms.Form):
    factor = forms.ModelChoiceField(label=_("Versneller"),
                                    queryset=AcceleratingFactor.objects.filter(active=True))
    on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=TODAY)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=255)


class ExpectedEndForm(forms.Form):
    end_on = BoundedDateField(label=_("Verwachte einddatum"), widget=DateInput())
    reason = forms.CharField(label=_("Reden (wordt aan de betrokkene meegedeeld)"), max_length=MAX_NOTE_CHARS,
                             widget=forms.Textarea(attrs={"rows": 2}))
    state = StateField()


class ResumeForm(forms.Form):
    on = BoundedDateField(label=_("Hervat op"), widget=DateInput(), initial=TODAY)


class StatusUpdateForm(forms.Form):
    given_on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=TODAY)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=StatusUpdate.Channel.choices)
    summary = forms.CharField(label=_("Wat is gedeeld (ook ‘geen nieuws’)"), max_length=MAX_NOTE_CHARS,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    held_on = BoundedDateField(label=_("Datum"), widget=DateInput(), initial=TODAY)
    notes = forms.CharField(label=_("Afspraken"), max_length=MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 3}))


class AccessRequestForm(forms.Form):
    requested_on = BoundedDateField(label=_("Verzoek ontvangen op"), widget=DateInput(),
                                   initial=TODAY)
    request = forms.CharField(label=_("Welke stukken wil de betrokkene inzien?"),
                              widget=forms.Textarea(attrs={"rows": 2}))


class AccessDecisionForm(forms.Form):
    request_id = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Beslissing"), choices=[
        c for c in AccessRequest.Decision.choices if c[0] != AccessRequest.Decision.PENDING])
    reason = forms.CharField(label=_("Motivering"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RightsRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=RightsRequest.Kind.choices)
    requested_on = BoundedDateField(past=True, label=_("Verzoek ontvangen op"), widget=DateInput(),
                                    initial=TODAY)
    request = forms.CharField(label=_("Wat vraagt de betrokkene?"),
                              widget=forms.Textarea(attrs={"rows": 2}))


class RightsDecisionForm(forms.Form):
    request_id = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Beslissing"), widget=forms.RadioSelect, choices=[
        c for c in RightsRequest.Decision.choices if c[0] != RightsRequest.Decision.PENDING])
    reason = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = BoundedDateField(past=True, label=_("Beslist op"), widget=DateInput(),
                                  initial=TODAY)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=Document.Kind.choices,
                             initial=Document.Kind.OTHER)
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = forms.FileField(label=_("Bestand"))


class VoornemenForm(forms.Form):
    measure = forms.ChoiceField(label=_("Voorgenomen straf (BARP art. 77)"),
                                choices=[("", _("— kies —"))] + list(Measure.choices))
    conditional = forms.BooleanField(label=_("Voorwaardelijk"), required=False)
    # minlength: the browser refuses too short grounds before the confirmation is asked (t14).
    grounds = forms.CharField(
        label=_("Gronden"), widget=forms.Textarea(attrs={"rows": 4, "minlength": 20}),
        help_text=_("Welk plichtsverzuim acht u bewezen, op grond van welke bevindingen, en "
                    "waarom deze straf. De betrokkene krijgt deze tekst."))
    sent_on = BoundedDateField(past=True, label=_("Uitgereikt of verzonden op"),
                               widget=DateInput(), initial=TODAY,
                               help_text=_("Vanaf deze dag loopt de termijn voor de zienswijze."))
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)
    term_passed_confirmed = forms.BooleanField(
        label=_("De betrokkene heeft het voornemen op die datum ontvangen (alleen nodig als de termijn "
                "daarmee al verstreken is)"), required=False)


class ZienswijzeForm(forms.Form):
    voornemen_id = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.ChoiceField(label=_("Reactie van de betrokkene"),
                                 choices=Voornemen.Response.choices, widget=forms.RadioSelect)
    received_on = BoundedDateField(past=True, label=_("Ontvangen op"), widget=DateInput(),
                                   initial=TODAY)
    text = forms.CharField(label=_("Zienswijze (samenvatting of volledige tekst)"),
                           required=False, widget=forms.Textarea(attrs={"rows": 3}))


class OwnZienswijzeForm(forms.Form):
    text = forms.CharField(
        label=_("Uw zienswijze"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wat wilt u het bevoegd gezag laten weten over het voornemen? U kunt ook een "
                    "raadsman of vertrouwenspersoon laten meelezen."))
    waive = forms.BooleanField(label=_("Ik zie af van een zienswijze"), required=False)
    voornemen_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("waive") and len((data.get("text") or "").strip()) < 10:
            self.add_error("text", _("Schrijf uw zienswijze (ten minste een zin), of kies dat u "
                                     "ervan afziet."))
        return data


class MemberForm(forms.Form):
    user = UserPersonField(label=_("Medewerker"), roles=[
        Role.INVESTIGATOR_DISCIPLINARY, Role.INVESTIGATOR_CRIMINAL, Role.COMPETENT_AUTHORITY])
    kind = forms.ChoiceField(label=_("Rol in onderzoek"), choices=[
        (k.value, k.label) for k in (Member.Kind.INVESTIGATOR, Member.Kind.COMPETENT_AUTHORITY)])


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    # Only for "plichtsverzuim met straf": disabled in the browser for the other outcomes (vik.js).
    measure = forms.ChoiceField(label=_("Disciplinaire straf (BARP art. 77)"), required=False,
                                choices=[("", _("— kies —"))] + list(Measure.choices),
                                help_text=_("Alleen bij de uitkomst plichtsverzuim met disciplinaire straf."),
                                widget=forms.Select(attrs={"data-only-when": f"outcome={Outcome.BREACH_MEASURE}"}))
    conditional = forms.BooleanField(label=_("Voorwaardelijk"), required=False, widget=forms.CheckboxInput(
        attrs={"data-only-when": f"outcome={Outcome.BREACH_MEASURE}"}))
    reasoning = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}))
    personal_circumstances = forms.CharField(label=_("Persoonlijke omstandigheden"),
                                             required=False,
                                             widget=forms.Textarea(attrs={"rows": 2}))
    learning_points = forms.CharField(
        label=_("Leerpunten voor de organisatie (geanonimiseerd)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = BoundedDateField(past=True, label=_("Datum besluit"), widget=DateInput(), initial=TODAY)

    takes_case = True

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None and case.track == Track.ORIENTING:
            # No punishment after an orienting investigation (tester t49; see the service).
            self.fields["outcome"].choices = [c for c in Outcome.choices if c[0] != Outcome.BREACH_MEASURE]
            # and no list of punishments to choose from (tester t50)
            del self.fields["measure"], self.fields["conditional"]


class CloseForm(forms.Form):
    communicated_on = BoundedDateField(past=True, label=_("Uitkomst meegedeeld op"), widget=DateInput(),
                                      initial=TODAY)
    communication = forms.CharField(label=_("Hoe is de uitkomst meegedeeld?"),
                                    widget=forms.Textarea(attrs={"rows": 2}))
    team_informed = forms.BooleanField(label=_("Het team is geïnformeerd"), required=False)
    rehabilitation_plan = forms.CharField(
        label=_("Rehabilitatieplan"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht als het vermoeden ongegrond is gebleken. De betrokkene leest dit plan in "
                    "Mijn zaak en de zorgcontactpersoon ziet het: schrijf het aan de betrokkene."))


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("open", _("Lopend")), ("closed", _("Afgesloten")), ("all", _("Alle"))])
    q = forms.CharField(label=_("Kenmerk"), required=False)


