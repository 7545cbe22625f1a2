"""Cases follow a configurable process template (CaseType with ordered StatusTypes), like a ZGW
zaaktype. Deadlines are in Dutch working days; the clock pauses only for a listed delaying factor.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee, Role
from vik.core.i18n import choice_display, data_label
from vik.signals.models import Signal


class Track(models.TextChoices):
    ORIENTING = "orienting", _("Oriënterend")
    DISCIPLINARY = "disciplinary", _("Disciplinair")
    CRIMINAL = "criminal", _("Strafrechtelijk")


class ArchivalCategory(models.TextChoices):
    DESTROY = "destroy", _("Vernietigen")
    KEEP = "keep", _("Blijvend bewaren")


class CaseType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    track = models.CharField(_("spoor"), max_length=20, choices=Track.choices)
    throughput_norm_days = models.PositiveIntegerField(_("doorlooptijdnorm (werkdagen)"))
    service_norm_days = models.PositiveIntegerField(_("servicenorm (werkdagen)"))
    review_interval_days = models.PositiveIntegerField(
        _("vast evaluatiemoment elke (werkdagen)"), default=40
    )
    update_interval_weeks = models.PositiveSmallIntegerField(
        _("statusupdate betrokkene elke (weken)"), default=4
    )
    hearing_preparation_days = models.PositiveSmallIntegerField(
        _("minimale voorbereidingstijd hoorgesprek (werkdagen)"), default=5
    )
    zienswijze_term_days = models.PositiveSmallIntegerField(
        _("termijn zienswijze op het voornemen (werkdagen)"), default=10,
        help_text=_("Zo lang heeft de betrokkene om te reageren op een voorgenomen straf."),
    )
    retention_years = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"), default=10)
    archival_category = models.CharField(
        _("archiefnominatie"), max_length=10, choices=ArchivalCategory.choices,
        default=ArchivalCategory.DESTROY,
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("onderzoekstype")
        verbose_name_plural = _("onderzoekstypen")
        ordering = ["name"]

    def __str__(self) -> str:
        return data_label(self.name)


class Step(models.TextChoices):
    COMMISSIONED = "commissioned", _("Opdracht bevoegd gezag")
    PLAN_APPROVED = "plan_approved", _("Onderzoeksplan goedgekeurd")
    AANZEGGING = "aanzegging", _("Aanzegging")
    INTAKE = "intake", _("Intake")
    HEARINGS = "hearings", _("Hoorgesprekken")
    WITNESSES = "witnesses", _("Getuigen")
    REPORT = "report", _("Rapportage")
    ZIENSWIJZE = "zienswijze", _("Zienswijze")
    DECISION = "decision", _("Besluit")
    CLOSED = "closed", _("Afgesloten")


class StatusType(models.Model):
    _get_FIELD_display = choice_display  # labels without translating every choice

    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="status_types")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    step = models.CharField(_("stap"), max_length=20, choices=Step.choices)
    responsible_role = models.CharField(
        _("verantwoordelijke rol"), max_length=40, choices=Role.choices
    )
    norm_days = models.PositiveSmallIntegerField(_("norm voor deze stap (werkdagen)"), default=10)
    is_review_moment = models.BooleanField(_("vast evaluatiemoment"), default=False)

    class Meta:
        verbose_name = _("statustype")
        verbose_name_plural = _("statustypen")
        ordering = ["case_type", "order"]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "order"], name="unique_status_order"),
            models.UniqueConstraint(fields=["case_type", "step"], name="unique_status_step"),
        ]

    def __str__(self) -> str:
        return self.get_step_display()


class DelayReason(models.Model):
    """A maintained list of delaying factors (vertragers); the only valid reasons to pause."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("vertrager"), max_length=120)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("vertrager")
        verbose_name_plural = _("vertragers")
        ordering = ["name"]

    def __str__(self) -> str:
        return data_label(self.name)


class AcceleratingFactor(models.Model):
    """A maintained list of accelerating factors (versnellers), the counterpart of the delaying
    ones: what made a case go faster, so that throughput can be explained."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("versneller"), max_length=120)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("versneller")
        verbose_name_plural = _("versnellers")
        ordering = ["name"]

    def __str__(self) -> str:
        return data_label(self.name)


class Case(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    signal = models.ForeignKey(
        Signal, on_delete=models.PROTECT, related_name="cases", verbose_name=_("melding")
    )
    case_type = models.ForeignKey(
        CaseType, on_delete=models.PROTECT, related_name="cases", verbose_name=_("type")
    )
    track = models.CharField(_("spoor"), max_length=20, choices=Track.choices)
    subject = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="cases", verbose_name=_("betrokkene")
    )
    status = models.ForeignKey(
        StatusType, on_delete=models.PROTECT, related_name="+", verbose_name=_("status")
    )
    status_since = models.DateField(_("status sinds"))
    opened_on = models.DateField(_("gestart op"))
    commissioned_on = models.DateField(_("opdracht verleend op"), null=True, blank=True)
    deadline = models.DateField(_("uiterste einddatum (norm)"))
    suspected_breach = models.TextField(
        _("omschrijving vermoedelijk plichtsverzuim"), blank=True,
        help_text=_("Concreet en schriftelijk; verplicht vóór de aanzegging."),
    )
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    last_update_on = models.DateField(_("laatste statusupdate betrokkene"), null=True, blank=True)
    last_review_on = models.DateField(_("laatste evaluatiemoment"), null=True, blank=True)
    care_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="care_cases", verbose_name=_("zorgcontactpersoon"),
    )
    care_contact_reason = models.CharField(
        _("reden andere zorgcontactpersoon"), max_length=255, blank=True
    )
    # His standing wish, kept until changed: care from nobody of his own line (his manager or his
    # team); a hand-over to someone of that line is refused while it stands (tester t52).
    care_outside_line = models.BooleanField(_("betrokkene wil zorg buiten de eigen lijn"), default=False)
    destruction_due = models.DateField(_("vernietigingsdatum"), null=True, blank=True)
    legal_hold = models.BooleanField(_("bewaarplicht (legal hold)"), default=False)
    legal_hold_reason = models.CharField(_("reden bewaarplicht"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("onderzoek")
        verbose_name_plural = _("onderzoeken")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["closed_on", "deadline"]),
            models.Index(fields=["destruction_due"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class Member(models.Model):
    """Who works on a case. Access to a case follows from membership (need-to-know)."""

    _get_FIELD_display = choice_display  # labels without translating every choice

    class Kind(models.TextChoices):
        LEAD_INVESTIGATOR = "lead", _("Hoofdonderzoeker")
        INVESTIGATOR = "investigator", _("Onderzoeker")
        COMPETENT_AUTHORITY = "authority", _("Bevoegd gezag")
        CARE_CONTACT = "care", _("Zorgcontactpersoon")

    INVESTIGATING = (Kind.LEAD_INVESTIGATOR, Kind.INVESTIGATOR)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    kind = models.CharField(_("rol in onderzoek"), max_length=20, choices=Kind.choices)
    added_on = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("betrokken medewerker VIK")
        verbose_name_plural = _("onderzoeksteam")
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "kind"], name="unique_case_member")
        ]

    def save(self, *args, **kwargs):
        # Enforced here, in the model layer, so no code path can bypass it.
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Strict separation of tracks: an investigator on the criminal track of a matter (signal)
        can never work on its disciplinary or orienting track, and vice versa."""
        if self.kind not in self.INVESTIGATING:
            return
        case = self.case
        criminal = case.track == Track.CRIMINAL
        others = Member.objects.filter(
            user_id=self.user_id, kind__in=self.INVESTIGATING, case__signal_id=case.signal_id
        ).exclude(case_id=case.id)
        if criminal:
            others = others.exclude(case__track=Track.CRIMINAL)
        else:
            others = others.filter(case__track=Track.CRIMINAL)
        if others.exists():
            raise ValidationError(
                _(
                    "Deze medewerker werkt al aan het %(other)s spoor van deze melding en kan "
                    "daarom niet aan het %(this)s spoor worden toegevoegd."
                ),
                params={
                    "other": _("disciplinaire") if criminal else _("strafrechtelijke"),
                    "this": _("strafrechtelijke") if criminal else _("disciplinaire"),
                },
                code="track_separation",
            )



class StatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    status = models.ForeignKey(StatusType, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("datum"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["on", "id"]


class Pause(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    reason = models.ForeignKey(DelayReason, on_delete=models.PROTECT, verbose_name=_("vertrager"))
    started_on = models.DateField(_("gepauzeerd vanaf"))
    ended_on = models.DateField(_("hervat op"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("pauze")
        verbose_name_plural = _("pauzes")
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_on__isnull=True),
                name="one_open_pause_per_case",
            )
        ]


class CaseAccelerator(models.Model):
    """An accelerating factor that applied to a case, from a date, with a note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accelerators")
    factor = models.ForeignKey(AcceleratingFactor, on_delete=models.PROTECT,
                               verbose_name=_("versneller"))
    on = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("versneller in onderzoek")
        verbose_name_plural = _("versnellers in onderzoek")
        ordering = ["on", "id"]


class ExpectedEndDate(models.Model):
    """The end date the betrokkene is told, recorded by the lead investigator or the competent
    authority with a reason. A change adds a row: the history of what was promised is kept; the
    newest row is the current promise."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="expected_end_dates")
    end_on = models.DateField(_("verwachte einddatum"))
    reason = models.TextField(_("reden"))
    suggested_on = models.DateField(_("voorstel volgens de norm"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("verwachte einddatum")
        verbose_name_plural = _("verwachte einddata")
        ordering = ["-id"]


class Aanzegging(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="aanzegging")
    held_at = models.DateTimeField(_("moment aanzegging"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    care_offered = models.BooleanField(_("zorg aangeboden"), default=False)
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    note = models.TextField(_("verslag"), blank=True)
    # The information folder (rights, duties, care desks, the course of the investigation) handed
    # to the betrokkene: at the aanzegging, or recorded afterwards, never before it.
    info_folder_on = models.DateField(_("informatiemap overhandigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanzegging")
        verbose_name_plural = _("aanzeggingen")


class Hearing(models.Model):
    class Kind(models.TextChoices):
        HEARING = "hearing", _("Hoorgesprek betrokkene")
        WITNESS = "witness", _("Getuigenverhoor")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    invited_on = models.DateField(_("uitnodiging verstuurd op"))
    scheduled_at = models.DateTimeField(_("gepland op"))
    person = models.CharField(_("gehoorde persoon (getuige)"), max_length=200, blank=True)
    representative = models.CharField(_("raadsman / vertrouwenspersoon"), max_length=200, blank=True)
    preparation_waived = models.BooleanField(
        _("betrokkene ziet af van voorbereidingstijd"), default=False
    )
    held = models.BooleanField(_("gehouden"), default=False)
    # The betrokkene may decline to be heard (he was invited, so he had the chance): the hearing
    # then counts as waived, not as held.
    waived_on = models.DateField(_("betrokkene zag af van het hoorgesprek op"), null=True, blank=True)
    note = models.TextField(_("verslag"), blank=True)
    # Before his hearing the betrokkene is informed as fully as possible about the process and the
    # findings so far; the day he was, always before the hearing's day.
    informed_on = models.DateField(_("betrokkene geïnformeerd over proces en bevindingen op"),
                                   null=True, blank=True)
    # The waiver of preparation time is recorded by the investigator; the betrokkene sees it in
    # "Mijn zaak" and may say he did not waive it (tester t41). Then the hearing is moved to a day
    # that gives him his preparation time before it can be held.
    waiver_disputed_on = models.DateField(_("betrokkene wil toch voorbereidingstijd (gemeld op)"),
                                          null=True, blank=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["scheduled_at"]

    @property
    def needs_moving(self) -> bool:
        """The betrokkene disputed the waiver and the hearing still lacks his preparation time."""
        if self.waiver_disputed_on is None or self.held or self.waived_on:
            return False
        from django.utils import timezone

        from vik.core.workdays import working_days_between

        day = timezone.localtime(self.scheduled_at).date()
        return working_days_between(self.invited_on, day) < self.case.case_type.hearing_preparation_days


class AccessRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        GRANTED = "granted", _("Toegewezen")
        PARTIAL = "partial", _("Gedeeltelijk toegewezen")
        REFUSED = "refused", _("Afgewezen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_requests")
    requested_on = models.DateField(_("verzoek ontvangen op"))
    request = models.TextField(_("verzoek"))
    decision = models.CharField(
        _("beslissing"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        ordering = ["-requested_on"]


class RightsRequest(models.Model):
    """The betrokkene asks for additional investigation, for a witness to be heard or for
    documents to be added to the file; the case's lead investigator or competent authority
    grants or refuses it, always with a reason."""

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("Aanvullend onderzoek")
        WITNESS = "witness", _("Getuige horen")
        DOCUMENTS = "documents", _("Stukken toevoegen")

    class Decision(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        GRANTED = "granted", _("Toegewezen")
        REFUSED = "refused", _("Afgewezen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rights_requests")
    kind = models.CharField(_("soort verzoek"), max_length=20, choices=Kind.choices)
    requested_on = models.DateField(_("verzoek ontvangen op"))
    request = models.TextField(_("verzoek"))
    decision = models.CharField(_("beslissing"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("beslist door"))
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("verzoek van de betrokkene")
        verbose_name_plural = _("verzoeken van de betrokkene")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} — {self.get_kind_display()}"


class StatusUpdate(models.Model):
    class Channel(models.TextChoices):
        CONVERSATION = "conversation", _("Gesprek")
        PHONE = "phone", _("Telefonisch")
        LETTER = "letter", _("Brief")
        EMAIL = "email", _("E-mail")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_updates")
    given_on = models.DateField(_("datum"))
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    summary = models.TextField(_("wat is gedeeld"))
    # The expected end date the betrokkene was told with this update (the current promise then).
    expected_end_on = models.DateField(_("verwachte einddatum meegedeeld"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statusupdate betrokkene")
        verbose_name_plural = _("statusupdates betrokkene")
        ordering = ["-given_on", "-id"]


class Review(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("datum"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("afspraken"))

    class Meta:
        verbose_name = _("evaluatiemoment")
        verbose_name_plural = _("evaluatiemomenten")
        ordering = ["-held_on"]


def document_path(instance: "Document", filename: str) -> str:
    return f"cases/{instance.case_id}/{filename}"


class Document(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Onderzoeksrapport")
        PLAN = "plan", _("Onderzoeksplan")
        OTHER = "other", _("Overig")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=document_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-uploaded_at"]


class Outcome(models.TextChoices):
    NO_BREACH = "no_breach", _("Geen plichtsverzuim")
    BREACH_MEASURE = "breach_measure", _("Plichtsverzuim met disciplinaire straf (BARP art. 77)")
    CORRECTIVE = "corrective", _("Corrigerende of lerende maatregel")


class Measure(models.TextChoices):
    REPRIMAND = "reprimand", _("Schriftelijke berisping")
    EXTRA_DUTY = "extra_duty", _("Extra dienst")
    FINE = "fine", _("Geldboete")
    SALARY_REDUCTION = "salary_reduction", _("Vermindering van salaris")
    NO_PROMOTION = "no_promotion", _("Uitsluiting van bevordering")
    TRANSFER = "transfer", _("Verplaatsing")
    SUSPENSION = "suspension", _("Schorsing")
    DEMOTION = "demotion", _("Plaatsing in lagere rang")
    DISMISSAL = "dismissal", _("Ontslag")


class Voornemen(models.Model):
    """The competent authority's intended disciplinary punishment, sent to the betrokkene in
    writing before it is imposed. He may give his view (zienswijze) within a term of working
    days; the punishment is decided only after his view, his waiving it, or the term's end, and is
    never heavier than the intended one (BARP art. 80; a heavier one needs a new voornemen).
    The newest voornemen of a case is the one that counts."""

    class Response(models.TextChoices):
        WRITTEN = "written", _("Schriftelijke zienswijze")
        ORAL = "oral", _("Mondelinge zienswijze")
        WAIVED = "waived", _("Betrokkene ziet af van een zienswijze")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="voornemens")
    measure = models.CharField(_("voorgenomen straf"), max_length=20, choices=Measure.choices)
    conditional = models.BooleanField(_("voorwaardelijk"), default=False)
    grounds = models.TextField(_("gronden van het voornemen"))
    sent_on = models.DateField(_("aan de betrokkene uitgereikt of verzonden op"))
    term_days = models.PositiveSmallIntegerField(_("termijn (werkdagen)"))
    term_ends_on = models.DateField(_("zienswijze uiterlijk op"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response = models.CharField(_("reactie"), max_length=10, choices=Response.choices, blank=True)
    response_on = models.DateField(_("zienswijze ontvangen op"), null=True, blank=True)
    response_text = models.TextField(_("zienswijze"), blank=True)
    response_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("vastgelegd door"))

    class Meta:
        verbose_name = _("voornemen tot straf")
        verbose_name_plural = _("voornemens tot straf")
        ordering = ["-id"]

    @property
    def answered(self) -> bool:
        return self.response_on is not None


class Decision(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    measure = models.CharField(_("straf"), max_length=20, choices=Measure.choices, blank=True)
    conditional = models.BooleanField(_("voorwaardelijk"), default=False)
    reasoning = models.TextField(_("motivering"))
    personal_circumstances = models.TextField(_("persoonlijke omstandigheden"), blank=True)
    learning_points = models.TextField(
        _("leerpunten (geanonimiseerd)"), blank=True,
        help_text=_("Zonder namen of herleidbare details; worden gedeeld met de organisatie."),
    )
    decided_on = models.DateField(_("besloten op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")


class Closure(models.Model):
    """How the end of the case was communicated, and rehabilitation when it proved unfounded.
    Created by `services.close_case` only. (Moved from the care app; the table keeps its name.)"""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="closure")
    communicated_on = models.DateField(_("uitkomst meegedeeld op"))
    communication = models.TextField(_("mededeling aan betrokkene"))
    team_informed = models.BooleanField(_("team geïnformeerd"), default=False)
    rehabilitation_plan = models.TextField(_("rehabilitatieplan"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Aftercare: after closure the care contact goes on recording care (referrals, the team, the
    # home front; the rehabilitation plan if there is one) until they end it
    # (`care.services.end_aftercare`).
    aftercare_ended_on = models.DateField(_("nazorg afgerond op"), null=True, blank=True)
    aftercare_note = models.TextField(_("afronding nazorg"), blank=True)

    class Meta:
        db_table = "care_closure"

    @property
    def aftercare_running(self) -> bool:
        """True until the care contact ends the aftercare (closures from before aftercare existed
        were marked ended by migration 0012)."""
        return self.aftercare_ended_on is None


class DestructionRun(models.Model):
    """A proposed list of closed cases whose retention period has passed. A second person approves
    it (four eyes); only then are the cases deleted, each with an audit record."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        EXECUTED = "executed", _("Uitgevoerd")
        CANCELLED = "cancelled", _("Geannuleerd")

    proposed_at = models.DateTimeField(auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    case_ids = models.JSONField(default=list)
    references = models.JSONField(default=list)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    executed_at = models.DateTimeField(null=True, blank=True)
    destroyed = models.JSONField(default=list)
    skipped = models.JSONField(default=list)

    class Meta:
        verbose_name = _("vernietigingsronde")
        verbose_name_plural = _("vernietigingsrondes")
        ordering = ["-proposed_at"]
