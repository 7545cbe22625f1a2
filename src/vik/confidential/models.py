"""Confidential work: the reporting channel (meldpunt), the confidential advisors' register and the
complaints procedure.

Names and free text are stored with `EncryptedTextField` (see `crypto`). A report stores no
metadata about its sender: no IP address, no user agent, no exact time (only the date), and for an
anonymous report no link to any account.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee, Unit
from vik.core.errors import PermissionDeniedError

from .crypto import EncryptedTextField


class Category(models.TextChoices):
    """The one definition of "a report" counted by every unit (see `docs/confidential.md`).

    A report is one person's first contact about one situation, counted once, in the category of
    the main behaviour. The seven behaviour categories are those of the policy on undesirable
    behaviour; integrity covers misconduct other than behaviour between colleagues."""

    VERBAL_AGGRESSION = "verbal_aggression", _("Verbale agressie")
    PHYSICAL_AGGRESSION = "physical_aggression", _("Fysieke agressie")
    INTIMIDATION = "intimidation", _("Psychische agressie, intimidatie en pesten")
    SEXUAL_HARASSMENT = "sexual_harassment", _("Seksuele intimidatie")
    DISCRIMINATION = "discrimination", _("Discriminatie")
    VANDALISM = "vandalism", _("Vandalisme")
    CRIME = "crime", _("Criminaliteit")
    INTEGRITY = "integrity", _("Integriteitsschending (misstand)")
    OTHER = "other", _("Overig")


# ---------------------------------------------------------------------------------------------
# Reporting channel (meldpunt)
# ---------------------------------------------------------------------------------------------


class Report(models.Model):
    class Mode(models.TextChoices):
        NAMED = "named", _("Met naam")
        CONFIDENTIAL = "confidential", _("Vertrouwelijk (naam alleen bekend bij de ontvanger)")
        ANONYMOUS = "anonymous", _("Anoniem")

    class Recipient(models.TextChoices):
        INTEGRITY_OFFICE = "integrity_office", _("Meldpunt integriteit")
        CONFIDENTIAL_ADVISOR = "confidential_advisor", _("Vertrouwenspersoon")
        OMBUDSMAN = "ombudsman", _("Ombudsfunctionaris")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        ACKNOWLEDGED = "acknowledged", _("Ontvangst bevestigd")
        FEEDBACK_GIVEN = "feedback", _("Terugkoppeling gegeven")
        CLOSED = "closed", _("Afgesloten")

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    mode = models.CharField(_("manier van melden"), max_length=12, choices=Mode.choices)
    recipient = models.CharField(_("ontvanger"), max_length=24, choices=Recipient.choices)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("gekozen vertrouwenspersoon"),
    )
    region = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("eenheid"))
    category = models.CharField(_("categorie"), max_length=24, choices=Category.choices)
    description = EncryptedTextField(_("wat is er gebeurd"))
    persons_named = models.ManyToManyField(
        Employee, blank=True, related_name="+", verbose_name=_("genoemde personen"),
    )
    # Only for named and confidential reports; an anonymous report has no link to any person.
    reporter = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("melder"),
    )
    received_on = models.DateField(_("datum ontvangst"))
    acknowledged_on = models.DateField(_("ontvangst bevestigd op"), null=True, blank=True)
    feedback_on = models.DateField(_("terugkoppeling gegeven op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    consent_on = models.DateField(_("toestemming melder om door te zetten"), null=True, blank=True)
    consent_note = EncryptedTextField(_("toelichting toestemming"), blank=True)
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("doorgezet als melding"),
    )
    # Receipt code of an anonymous report: a random public key to find the row, and a slow hash
    # of the secret part. The code itself is shown once and never stored.
    receipt_key = models.CharField(max_length=12, unique=True, null=True, blank=True)
    receipt_hash = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("melding meldpunt")
        verbose_name_plural = _("meldingen meldpunt")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class ReportMessage(models.Model):
    class Author(models.TextChoices):
        REPORTER = "reporter", _("Melder")
        RECIPIENT = "recipient", _("Ontvanger")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Bericht")
        ACKNOWLEDGEMENT = "acknowledgement", _("Ontvangstbevestiging")
        FEEDBACK = "feedback", _("Terugkoppeling over de opvolging")
        QUESTION = "question", _("Vraag aan de melder")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(_("van"), max_length=10, choices=Author.choices)
    # Set for recipients only: the reporter's side never links to an account.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.MESSAGE)
    body = EncryptedTextField(_("bericht"))
    sent_on = models.DateField(_("datum"))

    class Meta:
        ordering = ["id"]


class ReportAttachment(models.Model):
    """A file sent with a report, stripped of metadata and stored encrypted in the database."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("naam"), max_length=40)
    content_type = models.CharField(max_length=40)
    content = models.BinaryField()

    class Meta:
        ordering = ["id"]


class ReceiptFailure(models.Model):
    """A failed attempt to open a report with a receipt code; only for rate limiting. Holds the
    attempted public key, a digest of the whole wrong code (to count distinct wrong codes, not
    retypes of one typo), the client's rotating tag (see `throttle`) and the time; nothing that
    identifies the client once the window is over."""

    key = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=32, blank=True)
    client = models.CharField(max_length=32, blank=True, db_index=True)
    at = models.DateTimeField(db_index=True)


# ---------------------------------------------------------------------------------------------
# The confidential advisors' register
# ---------------------------------------------------------------------------------------------


class CompartmentError(PermissionDeniedError):
    pass


class ContactManager(models.Manager):
    """The register is a compartment: plain queries see nothing. Reads go through
    `for_advisor(user)` (the advisor's own contacts) or `aggregate_rows(user)` (central advisors:
    coarse columns only, never names or free text)."""

    AGGREGATE_FIELDS = ("contact_on", "category", "reporter_type", "unit_id", "actions", "minutes", "outcome")

    def get_queryset(self):
        return super().get_queryset().none()

    def _all(self):
        return models.QuerySet(self.model, using=self._db)

    def for_advisor(self, user):
        from vik import policy  # the policy reads these models: asked at call time only

        if not policy.can(user, "confidential.register"):
            raise CompartmentError(_("Alleen vertrouwenspersonen hebben toegang tot het register."))
        return self._all().filter(advisor=user)

    def aggregate_rows(self, user):
        from vik import policy  # the policy reads these models: asked at call time only

        if not policy.can(user, "confidential.coordinate"):
            raise CompartmentError(_("Alleen de centrale vertrouwenspersoon ziet de totalen."))
        return self._all().values(*self.AGGREGATE_FIELDS)

    def load_per_advisor(self, user, year: int):
        """Central advisors: contacts per advisor in a year (work load; no content)."""
        self.aggregate_rows(user)
        return self._all().filter(contact_on__year=year).values("advisor").annotate(n=models.Count("id"))

    def for_statistics(self, start, end):
        """Only for the dashboard's aggregate view of confidential work (whose page and exports
        ask the policy for `stats.view` first): per contact from `start` to `end` its id (for the
        cell-key noise), date, category, kind of reporter, unit, outcome and minutes spent. Never
        an advisor, a name, a pseudonym or free text."""
        return self._all().filter(contact_on__gte=start, contact_on__lte=end).values(
            "id", "contact_on", "category", "reporter_type", "unit_id", "outcome", "minutes")

    def for_retention(self):
        """Only for the retention service: the ids and dates, nothing else."""
        return self._all().values("id", "contact_on")

    def for_repeat_check(self, since):
        """Only for the repeat-concern check (`services`): per contact since `since` its id, advisor,
        date and the pseudonyms of the persons it concerns, never names or content."""
        return self._all().filter(contact_on__gte=since).exclude(concerns=[]).values(
            "id", "advisor_id", "contact_on", "concerns")

    def repeat_rows(self, user, pseudonym: str, since):
        """The central advisor: the contacts since `since` about the person behind `pseudonym`,
        as advisor and date only (who to talk to, not what was said)."""
        from vik import policy  # the policy reads these models: asked at call time only

        if not policy.can(user, "confidential.repeat"):
            raise CompartmentError(_("Alleen de centrale vertrouwenspersoon ziet stapelingssignalen."))
        return [row for row in self.for_repeat_check(since) if pseudonym in row["concerns"]]


class Contact(models.Model):
    class ReporterType(models.TextChoices):
        EMPLOYEE = "employee", _("Medewerker")
        MANAGER = "manager", _("Leidinggevende")
        WITNESS = "witness", _("Getuige / omstander")
        TRAINEE = "trainee", _("Student of stagiair")
        EXTERNAL = "external", _("Externe of ingehuurde kracht")
        FORMER = "former", _("Oud-medewerker")

    class Action(models.TextChoices):
        CONVERSATION = "conversation", _("Gesprek")
        ADVICE = "advice", _("Advies")
        REFERRAL = "referral", _("Verwijzing")
        MEDIATION = "mediation", _("Bemiddeling")
        COMPLAINT = "complaint", _("Formele klacht")
        CRIMINAL_REPORT = "criminal_report", _("Aangifte")

    class Outcome(models.TextChoices):
        ONGOING = "ongoing", _("Loopt nog")
        RESOLVED = "resolved", _("Naar tevredenheid afgehandeld")
        NOT_RESOLVED = "not_resolved", _("Niet naar tevredenheid afgehandeld")
        MEDIATION_SUCCEEDED = "mediation_ok", _("Bemiddeling geslaagd")
        MEDIATION_FAILED = "mediation_failed", _("Bemiddeling niet geslaagd")
        COMPLAINT_FILED = "complaint_filed", _("Klacht ingediend")
        REPORTED_TO_POLICE = "reported", _("Aangifte gedaan")
        REFERRED = "referred", _("Doorverwezen")
        NO_ACTION = "no_action", _("Melder wil geen vervolg")

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vertrouwenspersoon"),
    )
    contact_on = models.DateField(_("datum eerste contact"))
    category = models.CharField(_("categorie"), max_length=24, choices=Category.choices)
    reporter_type = models.CharField(_("soort melder"), max_length=12, choices=ReporterType.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("eenheid of district"),
    )
    actions = models.JSONField(_("acties"), default=list)
    minutes = models.PositiveIntegerField(_("tijdsbesteding (minuten)"), default=0)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices, default=Outcome.ONGOING)
    follow_up_on = models.DateField(_("vervolgafspraak"), null=True, blank=True)
    reporter_name = EncryptedTextField(_("naam melder (optioneel)"), blank=True)
    other_names = EncryptedTextField(_("andere namen (optioneel)"), blank=True)
    notes = EncryptedTextField(_("aantekeningen (optioneel)"), blank=True)
    # Who the contact is about, as keyed pseudonyms (`crypto.pseudonym`), never as a name or id:
    # only the repeat-concern check compares them (see `RepeatSignal`).
    concerns = models.JSONField(_("betreft (pseudoniem)"), default=list, blank=True)

    objects = ContactManager()

    class Meta:
        verbose_name = _("contact vertrouwenspersoon")
        verbose_name_plural = _("register vertrouwenspersonen")

    def __str__(self) -> str:
        return f"VP-{self.pk}"


class RepeatSignal(models.Model):
    """A notice to the central advisor that several register contacts, possibly of different
    advisors, concern the same person (stapelingssignaal). It holds the person's pseudonym only:
    nobody, the central advisor included, learns from VIK who it is; he asks the advisors involved.
    At most one open signal per person; a new one is raised by a contact added after the last one
    was closed."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    pseudonym = models.CharField(max_length=64, db_index=True)
    raised_on = models.DateField(_("gesignaleerd op"))
    last_contact_id = models.PositiveBigIntegerField(default=0)
    closed_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("afgehandeld door"))
    closing_note = EncryptedTextField(_("wat is er gedaan"), blank=True)

    class Meta:
        verbose_name = _("stapelingssignaal")
        verbose_name_plural = _("stapelingssignalen")
        ordering = ["-raised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["pseudonym"], condition=models.Q(closed_on__isnull=True),
                                               name="one_open_repeat_signal_per_person")]

    def __str__(self) -> str:
        return self.reference

    def concerns_employee(self, employee_id) -> bool:
        from .crypto import pseudonym

        return bool(employee_id) and pseudonym(employee_id) == self.pseudonym

    @classmethod
    def pseudonyms_of(cls, employee_ids) -> set[str]:
        """The pseudonyms signals about these employees carry (for the policy, without a name)."""
        from .crypto import pseudonym

        return {pseudonym(e) for e in employee_ids if e}


class Activity(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Voorlichting")
        INTERVISION = "intervision", _("Intervisie")
        TRAINING = "training", _("Training")
        CONSULTATION = "consultation", _("Overleg vertrouwenspersonen")

    kind = models.CharField(_("soort"), max_length=14, choices=Kind.choices)
    held_on = models.DateField(_("datum"))
    title = models.CharField(_("onderwerp"), max_length=160)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("eenheid"))
    participants = models.PositiveIntegerField(_("aantal deelnemers"), default=0)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["-held_on", "-id"]


class Referral(models.Model):
    """An entry of the referral directory (sociale kaart)."""

    name = models.CharField(_("naam"), max_length=120)
    description = models.CharField(_("waarvoor"), max_length=255)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("eenheid (leeg = landelijk)"),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("adres sociale kaart")
        verbose_name_plural = _("sociale kaart")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def annual_report_path(instance: "AnnualReportFile", filename: str) -> str:
    return f"confidential/annual/{filename}"


class AnnualReportFile(models.Model):
    """The PDF of the annual report of confidential work of one year, made by the job runner
    (`vik.confidential.annual`) for the central advisor who asked for it: the figures are those
    he may see (`selectors.aggregate(user, year)`), so only he downloads it."""

    year = models.PositiveIntegerField(_("jaar"))
    file = models.FileField(_("bestand"), upload_to=annual_report_path)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("gemaakt door"))

    class Meta:
        verbose_name = _("jaarverslag vertrouwenswerk (PDF)")
        verbose_name_plural = _("jaarverslagen vertrouwenswerk (PDF)")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.year}"


# ---------------------------------------------------------------------------------------------
# Complaints procedure
# ---------------------------------------------------------------------------------------------


class ComplaintTerms(models.Model):
    """The terms of the complaints regulation of one regional unit (defaults: admissibility within
    one week, advice within six weeks of receipt, the chief's decision four weeks after advice)."""

    region = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("eenheid"))
    acknowledgement_days = models.PositiveSmallIntegerField(_("ontvangstbevestiging binnen (dagen)"), default=3)
    admissibility_days = models.PositiveSmallIntegerField(_("ontvankelijkheid binnen (dagen)"), default=7)
    advice_weeks = models.PositiveSmallIntegerField(_("advies binnen (weken na ontvangst)"), default=6)
    decision_weeks = models.PositiveSmallIntegerField(_("besluit binnen (weken na advies)"), default=4)
    evaluation_weeks = models.PositiveSmallIntegerField(_("evaluatie binnen (weken na besluit)"), default=6)
    working_days = models.BooleanField(_("dagen zijn werkdagen"), default=False)

    class Meta:
        verbose_name = _("termijnen klachtenregeling")
        verbose_name_plural = _("termijnen klachtenregeling")

    def summary(self) -> str:
        """The unit's terms in one Dutch sentence, each in the unit it is counted in: "werkdagen"
        where the regulation counts working days (a week then counts five), "dagen" and "weken"
        otherwise (tester t37: "binnen 7 dagen … 6 weken … Gerekend in werkdagen" mixed the two and
        left out the acknowledgement)."""
        from django.utils.translation import ngettext

        def days(n: int) -> str:
            if self.working_days:
                return ngettext("%(n)d werkdag", "%(n)d werkdagen", n) % {"n": n}
            return ngettext("%(n)d dag", "%(n)d dagen", n) % {"n": n}

        def weeks(n: int) -> str:
            text = ngettext("%(n)d week", "%(n)d weken", n) % {"n": n}
            return f"{text} ({days(5 * n)})" if self.working_days else text

        return _("Termijnen van deze eenheid: ontvangstbevestiging binnen %(ack)s, ontvankelijkheid binnen "
                 "%(adm)s, advies binnen %(advice)s na ontvangst, besluit binnen %(decision)s na het advies, "
                 "evaluatie binnen %(evaluation)s na het besluit.") % {
            "ack": days(self.acknowledgement_days), "adm": days(self.admissibility_days),
            "advice": weeks(self.advice_weeks), "decision": weeks(self.decision_weeks),
            "evaluation": weeks(self.evaluation_weeks)}


class Committee(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    regions = models.ManyToManyField(Unit, related_name="+", verbose_name=_("bedient de eenheden"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("leden"))

    class Meta:
        verbose_name = _("klachtencommissie")
        verbose_name_plural = _("klachtencommissies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    class Stage(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        ACKNOWLEDGED = "acknowledged", _("Ontvangst bevestigd")
        ADMISSIBLE = "admissible", _("Ontvankelijk")
        INADMISSIBLE = "inadmissible", _("Niet-ontvankelijk")
        MEDIATION = "mediation", _("In bemiddeling")
        HEARD = "heard", _("Hoor en wederhoor gehouden")
        ADVISED = "advised", _("Advies aan korpschef")
        DECIDED = "decided", _("Besluit korpschef")
        EVALUATED = "evaluated", _("Geëvalueerd")
        RESOLVED = "resolved", _("Opgelost door bemiddeling")

    class Advice(models.TextChoices):
        FOUNDED = "founded", _("Gegrond")
        PARTLY = "partly", _("Deels gegrond")
        UNFOUNDED = "unfounded", _("Ongegrond")

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    region = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("eenheid"))
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="complaints",
                                  verbose_name=_("klachtencommissie"))
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("voorzitter"))
    category = models.CharField(_("categorie"), max_length=24, choices=Category.choices)
    received_on = models.DateField(_("datum ontvangst"))
    complainant = EncryptedTextField(_("klager"))
    accused = EncryptedTextField(_("aangeklaagde"))
    summary = EncryptedTextField(_("inhoud van de klacht"))
    stage = models.CharField(_("fase"), max_length=14, choices=Stage.choices, default=Stage.RECEIVED)
    # The employee who filed it himself (not set when the committee registers a complaint it
    # received otherwise): he follows its stage under Melden, never its file.
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("ingediend door"))
    acknowledged_on = models.DateField(_("ontvangst bevestigd op"), null=True, blank=True)
    admissibility_on = models.DateField(_("ontvankelijkheid besloten op"), null=True, blank=True)
    admissibility_reason = EncryptedTextField(_("motivering ontvankelijkheid"), blank=True)
    mediation_started_on = models.DateField(_("bemiddeling gestart op"), null=True, blank=True)
    mediation_ended_on = models.DateField(_("bemiddeling beëindigd op"), null=True, blank=True)
    mediation_succeeded = models.BooleanField(_("bemiddeling geslaagd"), null=True, blank=True)
    mediation_note = EncryptedTextField(_("verslag bemiddeling"), blank=True)
    hearing_on = models.DateField(_("hoorzitting op"), null=True, blank=True)
    hearing_note = EncryptedTextField(_("verslag hoorzitting"), blank=True)
    advice_on = models.DateField(_("advies uitgebracht op"), null=True, blank=True)
    advice = models.CharField(_("advies"), max_length=10, choices=Advice.choices, blank=True)
    advice_text = EncryptedTextField(_("advies aan de korpschef"), blank=True)
    decision_on = models.DateField(_("besluit op"), null=True, blank=True)
    decision_follows_advice = models.BooleanField(_("besluit volgt advies"), null=True, blank=True)
    decision_text = EncryptedTextField(_("besluit en maatregelen"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    evaluation_on = models.DateField(_("evaluatie op"), null=True, blank=True)
    # Scores and yes/no answers of the evaluation form; its free text is encrypted separately.
    evaluation = models.JSONField(_("evaluatieformulier"), default=dict, blank=True)
    evaluation_note = EncryptedTextField(_("toelichting evaluatie"), blank=True)
    # The free-text answers of the evaluation form as JSON (see `evaluation.TEXTS`), encrypted.
    evaluation_texts = EncryptedTextField(_("antwoorden evaluatieformulier"), blank=True)
    # When the evaluation was recorded (not `evaluation_on`, which may lie in the past): the order
    # in which evaluations join the published figures, batch by batch (`evaluation.BATCH`).
    evaluation_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The further action the evaluation asked for (question 8), once the committee has taken it.
    follow_up_on = models.DateField(_("nadere actie afgehandeld op"), null=True, blank=True)
    follow_up_note = EncryptedTextField(_("wat er met de nadere actie is gedaan"), blank=True)

    class Meta:
        verbose_name = _("klacht ongewenst gedrag")
        verbose_name_plural = _("klachten ongewenst gedrag")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def needs_follow_up(self) -> bool:
        """The evaluation with the complainant asked for further action (question 8) and the
        committee has not yet recorded what it did: its task until then."""
        return (self.stage == self.Stage.EVALUATED and bool((self.evaluation or {}).get("further_action_needed"))
                and self.follow_up_on is None)


# ---------------------------------------------------------------------------------------------
# Throttling the anonymous channel (see `throttle`): nothing here identifies a client
# ---------------------------------------------------------------------------------------------


class ThrottleSalt(models.Model):
    """The random salt of one throttling window. Client tags are keyed hashes under it; once the
    window is over the row is deleted, and with it every way to link a tag to an address."""

    window = models.DateTimeField(unique=True)
    salt = models.CharField(max_length=64)


class AnonymousSubmission(models.Model):
    """One anonymous report sent in the current window: the client's tag (a keyed hash that
    rotates with the window) and a digest of the proof of work it spent, nothing else. Not linked
    to the report; deleted when the window is over."""

    client = models.CharField(max_length=32, db_index=True)
    proof = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(db_index=True)
