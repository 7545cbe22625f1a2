"""Triage sessions, configurable criteria and the (historised) routing decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee, Unit
from vik.signals.models import Signal


class Route(models.TextChoices):
    NO_ACTION = "no_action", _("Geen actie")
    LINE = "line", _("Terug naar de lijn")
    ORIENTING = "orienting", _("Oriënterend onderzoek")
    DISCIPLINARY = "disciplinary", _("Disciplinair onderzoek")
    CRIMINAL = "criminal", _("Strafrechtelijk (OM / Rijksrecherche)")
    NATIONAL = "national", _("Landelijke triage")


class Criterion(models.Model):
    """One of the uniform triage criteria, scored on a scale from 0 to `max_score`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("criterium"), max_length=120)
    help_text = models.CharField(_("toelichting"), max_length=255, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximale score"), default=3)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("triagecriterium")
        verbose_name_plural = _("triagecriteria")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label


class TriageSession(models.Model):
    region = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("eenheid"))
    held_on = models.DateField(_("datum overleg"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("voorzitter"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="triage_sessions", verbose_name=_("deelnemers")
    )
    closed = models.BooleanField(_("afgesloten"), default=False)

    class Meta:
        verbose_name = _("triageoverleg")
        verbose_name_plural = _("triageoverleggen")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.region} {self.held_on:%d-%m-%Y}"


class TriageDecision(models.Model):
    """A routing decision. Re-triage adds a new decision; the old one stays, `current=False`."""

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="triage_decisions")
    session = models.ForeignKey(
        TriageSession, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decided_at = models.DateTimeField(_("besloten op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("deelnemers")
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    rationale = models.TextField(_("motivering"))
    scores = models.JSONField(_("scores"), default=dict)
    current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    retriage_reason = models.TextField(_("nieuwe feiten"), blank=True)
    # Route "line": the manager handles it and reports back by this date.
    line_manager = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("leidinggevende"),
    )
    follow_up_due = models.DateField(_("terugkoppeling uiterlijk"), null=True, blank=True)
    line_report = models.TextField(_("terugkoppeling leidinggevende"), blank=True)
    line_reported_at = models.DateTimeField(null=True, blank=True)
    # Route "criminal": the hand-over to the prosecutor / Rijksrecherche.
    handover_to = models.CharField(_("overgedragen aan"), max_length=120, blank=True)
    handover_on = models.DateField(_("datum overdracht"), null=True, blank=True)
    handover_reference = models.CharField(_("kenmerk overdracht"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("triagebesluit")
        verbose_name_plural = _("triagebesluiten")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal"], condition=models.Q(current=True),
                name="one_current_triage_decision_per_signal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signal} → {self.get_route_display()}"


class NationalDecision(models.Model):
    """What the national triage decided on a signal a unit routed to it: take it on (a case for
    the national team, LTIO), send it back to the unit's triage, or hand it to the prosecutor
    (OM). The unit's routing decision it answers stays the current triage decision."""

    class Outcome(models.TextChoices):
        TAKE_ON = "take_on", _("Opgepakt door het landelijk team (LTIO)")
        RETURN = "return", _("Terug naar de triage van de eenheid")
        PROSECUTOR = "prosecutor", _("Overgedragen aan het OM")

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="national_decisions")
    referral = models.ForeignKey(
        TriageDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("verwijzing door de eenheid"),
    )
    outcome = models.CharField(_("besluit"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("motivering"))
    decided_at = models.DateTimeField(_("besloten op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("besloten door"),
    )
    # Outcome "prosecutor": the hand-over to the OM.
    handover_on = models.DateField(_("datum overdracht"), null=True, blank=True)
    handover_reference = models.CharField(_("kenmerk overdracht"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("besluit landelijke triage")
        verbose_name_plural = _("besluiten landelijke triage")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.signal} → {self.get_outcome_display()}"
