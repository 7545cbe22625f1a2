"""Screenings (betrouwbaarheidsonderzoeken) and the reporting duty (meldplicht).

A `Screening` is one reliability screening of one employee at level BO or BO+: its kind (first,
repeat or interim), when it is due, its outcome and how long that outcome stays valid. A positive
outcome is valid for the level's repeat cycle (BO eight years, BO+ five years); the next repeat
screening is due when it lapses.

A `Declaration` is what an employee reports under his reporting duty: a side activity (a political
function always), a financial interest or problem, a relation or contact that matters for
integrity, or a gift or invitation he asks approval for in advance. His line manager or VIK decides,
with a reason and a date by which the declaration is renewed. A declared relation is passed to
protective monitoring in the contract's `declared_relations` layout; a relevant change can start an
interim screening.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee
from vik.core.workdays import add_working_days


class Level(models.TextChoices):
    BO = "bo", _("BO")
    BO_PLUS = "bo_plus", _("BO+")


# Years a positive outcome stays valid: the repeat cycle of the level.
REPEAT_YEARS = {Level.BO: 8, Level.BO_PLUS: 5}


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


class Screening(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Eerste onderzoek")
        REPEAT = "repeat", _("Herhaalonderzoek")
        INTERIM = "interim", _("Tussentijds onderzoek")

    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positief (geen bezwaar)")
        NEGATIVE = "negative", _("Negatief (bezwaar)")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="screenings",
                                 verbose_name=_("medewerker"))
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("soort onderzoek"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("aanleiding"), blank=True)
    due_on = models.DateField(_("uiterlijk afgerond op"))
    declaration = models.ForeignKey("Declaration", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="screenings", verbose_name=_("naar aanleiding van melding"))
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("motivering uitkomst"), blank=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("betrouwbaarheidsonderzoek")
        verbose_name_plural = _("betrouwbaarheidsonderzoeken")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["employee", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_kind_display()} — {self.employee.full_name}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None


class Declaration(models.Model):
    class Kind(models.TextChoices):
        SIDE_ACTIVITY = "side_activity", _("Nevenwerkzaamheden")
        FINANCIAL_INTEREST = "financial_interest", _("Financieel belang")
        FINANCIAL_PROBLEM = "financial_problem", _("Financiële problemen")
        RELATION = "relation", _("Relatie of contact")
        GIFT = "gift", _("Geschenk")
        INVITATION = "invitation", _("Uitnodiging")

    class Handler(models.TextChoices):
        MANAGER = "manager", _("Leidinggevende")
        VIK = "vik", _("VIK (veiligheidsonderzoeken)")

    class Relation(models.TextChoices):
        # The codes are the protective-monitoring contract's `relation` values.
        FAMILY = "family", _("Familie")
        PARTNER = "partner", _("Partner")
        ACQUAINTANCE = "acquaintance", _("Vriend of bekende")
        JUSTICE_CONTACT = "justice_contact", _("Contact met politie of justitie (bijv. verdachte)")
        DEPENDENCY = "dependency", _("Afhankelijkheid (bijv. schuldeiser, verhuurder)")

    class SubjectType(models.TextChoices):
        PERSON = "person", _("Persoon")
        VEHICLE = "vehicle", _("Voertuig")
        ADDRESS = "address", _("Adres")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Toegestaan")
        CONDITIONS = "conditions", _("Toegestaan onder voorwaarden")
        REFUSED = "refused", _("Niet toegestaan")
        NOTED = "noted", _("Voor kennisgeving aangenomen")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="declarations",
                                 verbose_name=_("medewerker"))
    kind = models.CharField(_("soort melding"), max_length=20, choices=Kind.choices)
    political = models.BooleanField(_("politieke functie"), default=False)
    description = models.TextField(_("omschrijving"))
    counterparty = models.CharField(_("organisatie of persoon"), max_length=200, blank=True)
    relation = models.CharField(_("soort relatie"), max_length=20, choices=Relation.choices, blank=True)
    subject_type = models.CharField(_("vastgelegd als"), max_length=10, choices=SubjectType.choices,
                                    blank=True)
    subject_id = models.CharField(_("kenmerk in politiesystemen"), max_length=64, blank=True)
    value_eur = models.PositiveIntegerField(_("geschatte waarde (euro)"), null=True, blank=True)
    event_on = models.DateField(_("datum van geschenk of evenement"), null=True, blank=True)
    handler = models.CharField(_("behandeld door"), max_length=10, choices=Handler.choices)
    submitted_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("besluit"), max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("motivering"), blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    renewal_on = models.DateField(_("opnieuw melden vóór"), null=True, blank=True)
    screening_relevant = models.BooleanField(_("relevante wijziging voor het veiligheidsonderzoek"),
                                             default=False)
    renews = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="renewals", verbose_name=_("vernieuwt melding"))

    class Meta:
        verbose_name = _("melding (meldplicht)")
        verbose_name_plural = _("meldingen (meldplicht)")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["handler", "decision"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.employee.full_name}"

    @property
    def is_open(self) -> bool:
        return not self.decision

    @property
    def reference(self) -> str:
        return f"MP-{self.pk:05d}"

    @property
    def is_one_off(self) -> bool:
        """A gift or an invitation happens once: nothing to report again a year later."""
        return self.kind in ONE_OFF_KINDS

    @property
    def decide_before(self):
        """The day the handler decides by: ten working days after the report, and for a gift or
        invitation still to come no later than its date (permission is asked beforehand)."""
        submitted = timezone.localdate(self.submitted_at)
        due = add_working_days(submitted, 10)
        if self.is_one_off and self.event_on is not None and self.event_on >= submitted:
            due = min(due, self.event_on)
        return due


# Declarations of one occasion (reported once, never renewed).
ONE_OFF_KINDS = (Declaration.Kind.GIFT, Declaration.Kind.INVITATION)
