"""Prevention with teams: dilemma sets and live dilemma sessions, the team climate check, and the
register of a team's integrity activities with its short anonymous evaluation.

Anonymity is built into the tables, not promised by the screens: a dilemma vote only increments a
counter on the round and a climate-check answer only increments counters on the check. The rows
that say *who* took part (`RoundParticipation`, `ClimateParticipation`) hold no choice and no time,
and their keys are random, so nobody (not even a database administrator) can link a person to an
answer. An evaluation of an activity works the same way: counters per question and score, and
comments in a table without time or order. Its results are released in batches of
`evaluation.MIN_RESPONSES`: responses are counted as pending until a batch is complete, and then
folded into the published counters at once, so no two readings differ by one person's answers.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Unit


class DilemmaSet(models.Model):
    title = models.CharField(_("titel"), max_length=160)
    theme = models.ForeignKey("knowledge.ThemeSheet", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="dilemma_sets", verbose_name=_("thema (themablad)"))
    description = models.TextField(_("omschrijving"), blank=True)
    active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dilemmaset")
        verbose_name_plural = _("dilemmasets")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Dilemma(models.Model):
    dilemma_set = models.ForeignKey(DilemmaSet, on_delete=models.CASCADE, related_name="dilemmas")
    order = models.PositiveIntegerField(_("volgorde"), default=100)
    situation = models.TextField(_("situatie"))
    option_a = models.CharField(_("antwoord A"), max_length=300)
    option_b = models.CharField(_("antwoord B"), max_length=300)
    option_c = models.CharField(_("antwoord C"), max_length=300)
    discussion = models.TextField(_("vragen voor het gesprek"), blank=True,
                                  help_text=_("Voor de gespreksleider, na het onthullen."))

    class Meta:
        verbose_name = _("dilemma")
        verbose_name_plural = _("dilemma’s")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.situation[:60]

    def options(self) -> list[tuple[str, str]]:
        return [("a", self.option_a), ("b", self.option_b), ("c", self.option_c)]


class Perspective(models.TextChoices):
    OWN = "own", _("Vanuit jezelf")
    EMPLOYEE = "employee", _("Als medewerker")
    MANAGER = "manager", _("Als leidinggevende")
    BYSTANDER = "bystander", _("Als omstander")
    ROTATE = "rotate", _("Ieder een andere rol")


# The roles handed out in turn when a round's perspective is ROTATE.
ROTATING_ROLES = [Perspective.EMPLOYEE, Perspective.MANAGER, Perspective.BYSTANDER]


class Session(models.Model):
    code = models.CharField(_("deelnamecode"), max_length=8, unique=True)
    title = models.CharField(_("titel"), max_length=160)
    team = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    dilemma_set = models.ForeignKey(DilemmaSet, on_delete=models.PROTECT, related_name="sessions",
                                    verbose_name=_("dilemmaset"))
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    current_round = models.ForeignKey("Round", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    notes = models.TextField(_("afspraken en opmerkingen"), blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None


class Participant(models.Model):
    """A device that joined a session. Deliberately nameless and not linked to an account."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    number = models.PositiveIntegerField()  # join order, only to hand out rotating roles

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="prevention_participant_number")]


class Round(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rounds")
    dilemma = models.ForeignKey(Dilemma, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    perspective = models.CharField(_("rol"), max_length=12, choices=Perspective.choices,
                                   default=Perspective.OWN)
    opened_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)
    count_a = models.PositiveIntegerField(default=0)
    count_b = models.PositiveIntegerField(default=0)
    count_c = models.PositiveIntegerField(default=0)
    note = models.TextField(_("uit het gesprek"), blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="prevention_round_number")]

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None

    @property
    def total(self) -> int:
        return self.count_a + self.count_b + self.count_c


class RoundParticipation(models.Model):
    """That a participant has chosen in a round (so he chooses once) — not what he chose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "participant"], name="prevention_one_vote")]


class ClimateCheck(models.Model):
    """One run of the team climate questionnaire (a baseline, or a repeat of an earlier run)."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Nulmeting")
        REPEAT = "repeat", _("Herhaalmeting")

    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.BASELINE)
    label = models.CharField(_("aanleiding"), max_length=160,
                             help_text=_("Bijvoorbeeld: voor de komst van nieuwe studenten in september."))
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    closed_at = models.DateTimeField(null=True, blank=True)
    questions = models.JSONField(default=list)  # the questionnaire as it was when the run started
    # Which list of `climate.QUESTIONS` the run copied (runs before the full checklist are 1).
    questionnaire = models.PositiveSmallIntegerField(_("versie vragenlijst"), default=1)
    respondents = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.team} ({self.opens_on:%d-%m-%Y})"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def is_closed(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is not None or today > self.closes_on


class ClimateTally(models.Model):
    check_run = models.ForeignKey(ClimateCheck, on_delete=models.CASCADE, related_name="tallies")
    key = models.CharField(max_length=40)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["check_run", "key"], name="prevention_tally_key")]


class ClimateParticipation(models.Model):
    """That a user has answered a run (so he answers once) — not what, and not when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    check_run = models.ForeignKey(ClimateCheck, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["check_run", "user"], name="prevention_answer_once")]


class AttentionPoint(models.Model):
    check_run = models.ForeignKey(ClimateCheck, on_delete=models.CASCADE, related_name="attention_points")
    text = models.CharField(_("aandachtspunt"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class AgreedAction(models.Model):
    check_run = models.ForeignKey(ClimateCheck, on_delete=models.CASCADE, related_name="actions")
    point = models.ForeignKey(AttentionPoint, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="actions", verbose_name=_("bij aandachtspunt"))
    description = models.CharField(_("afspraak"), max_length=300)
    owner = models.CharField(_("wie"), max_length=120)
    follow_up_on = models.DateField(_("terugkomen op"))
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["follow_up_on", "id"]


class ActivityFormat(models.TextChoices):
    DILEMMA = "dilemma", _("Dilemmasessie")
    THEATRE = "theatre", _("Theater")
    MASTERCLASS = "masterclass", _("Masterclass")
    OTHER = "other", _("Andere werkvorm")


class Activity(models.Model):
    """An integrity activity a team held (a dilemma session run in VIK is not registered again:
    `selectors.register` reads those from `Session`). Counts of participants only, no names."""

    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    held_on = models.DateField(_("datum"))
    title = models.CharField(_("onderwerp"), max_length=160)
    theme = models.ForeignKey("knowledge.ThemeSheet", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("integriteitsthema"))
    format = models.CharField(_("werkvorm"), max_length=12, choices=ActivityFormat.choices)
    facilitator = models.CharField(_("begeleiding"), max_length=160)
    participants = models.PositiveIntegerField(_("aantal deelnemers"))
    note = models.TextField(_("korte toelichting"), blank=True)
    # The code participants type to fill in the evaluation (no account needed).
    code = models.CharField(_("evaluatiecode"), max_length=8, unique=True)
    responses = models.PositiveIntegerField(default=0)
    # How many of `responses` the results describe: always a whole number of batches (see
    # `evaluation.batch_complete`), except for evaluations counted before batches existed.
    published_responses = models.PositiveIntegerField(default=0)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("preventieactiviteit")
        verbose_name_plural = _("preventieactiviteiten")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "team"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class EvaluationTally(models.Model):
    """How often a score was given to one question of an activity's evaluation: `count` in the
    published batches, `pending` in the batch not yet complete (never shown)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="tallies")
    key = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "key", "score"], name="prevention_eval_cell")]


class EvaluationComment(models.Model):
    """A participant's optional comment: no time, no link to his scores, a random key (so the
    order of the table tells nothing either). `released` once the batch it came with is complete."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    released = models.BooleanField(default=False)
