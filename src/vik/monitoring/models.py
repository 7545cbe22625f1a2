"""Imported engine results. Monitored staff appear under a pseudonym; the contract's user id is
stored but only shown after a four-eyes reveal."""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DetectionDecision(models.Model):
    """A recorded decision that switches detection at individual level on (or off again), e.g.
    after the works council's consent. Append-only: the newest decision holds; a change of mind is
    a new decision, so the history stays. Without any decision detection is off and an import
    runs in prevention mode (aggregates per unit only)."""

    enabled = models.BooleanField(_("detectie op individueel niveau aan"))
    decided_on = models.DateField(_("datum van het besluit"))
    body = models.CharField(_("besluitvormend orgaan"), max_length=200)
    reference = models.CharField(_("kenmerk"), max_length=120)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("besluit over detectie")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A detection decision is never changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A detection decision is never deleted; record a new one.")


class ImportRun(models.Model):
    class Mode(models.TextChoices):
        DETECTION = "detection", _("Detectie")
        PREVENTION = "prevention", _("Preventie")

    class State(models.TextChoices):
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Gereed")
        FAILED = "failed", _("Mislukt")

    data_dir = models.CharField(_("gegevensmap"), max_length=500)
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    progress = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=120, blank=True)
    message = models.TextField(blank=True)
    lookups = models.PositiveIntegerField(default=0)
    user_days = models.PositiveIntegerField(default=0)
    explained_share = models.JSONField(default=dict)
    alert_count = models.PositiveIntegerField(default=0)
    # Prevention mode (no decision for detection): no alert of this run is stored, only the
    # aggregates per unit (UnitFigures). Runs before the governance rule were detection runs.
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.DETECTION)
    decision = models.ForeignKey(DetectionDecision, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    # The window of the imported lookups (UTC): runs are compared over time by it.
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    # Written every few seconds by the process that runs the import; a run whose heartbeat stopped
    # was killed (kill -9, a restart, out of memory) and is marked failed (services.reap_stale_runs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The learned model this run weighed its evidence with (None: the hand weights).
    weights = models.ForeignKey("LearnedWeights", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    # SHA-256 over the names and bytes of the imported files: the same data is not imported twice
    # (tester t40: four runs of one week counted every lookup four times on the dashboard).
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import")

    @property
    def label(self) -> str:
        """What the run analysed, for people: the period of its audit log once read ("01-11-2026
        t/m 30-11-2026"), else "de upload van <date time>" for an upload, else its data
        directory's own name (never the server's path)."""
        import re

        from django.utils import timezone
        from django.utils.translation import gettext

        if self.period_start and self.period_end:
            start, end = timezone.localtime(self.period_start), timezone.localtime(self.period_end)
            return gettext("%(start)s t/m %(end)s") % {"start": f"{start:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}"}
        name = PurePath(self.data_dir).name or self.data_dir
        upload = re.match(r"upload-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})\d{2}-", name)
        if upload:
            y, m, d, hh, mm = upload.groups()
            return gettext("de upload van %(when)s") % {"when": f"{d}-{m}-{y} {hh}:{mm}"}
        return name

    @property
    def review_budget(self) -> int:
        """Alerts a team can review: 2 per 1,000 user-days (the contract's budget)."""
        return max(1, -(-2 * self.user_days // 1000))

    @property
    def is_prevention(self) -> bool:
        return self.mode == self.Mode.PREVENTION


class LearnedWeights(models.Model):
    """The force's learned model (issue 13, part 4): per rule a factor on the engine's hand
    weight, learned by `pmengine.learn` from the reviewers' verdicts on the alerts of one run
    (`source_run`, on that run's data). The newest one is used by the next detection run; the
    SOC sees its factors. Append-only: a new set of verdicts gives a new model."""

    learned_at = models.DateTimeField(auto_now_add=True)
    source_run = models.ForeignKey("ImportRun", on_delete=models.PROTECT, related_name="+")
    reviewed_alerts = models.PositiveIntegerField(default=0)
    lookups = models.PositiveIntegerField(default=0)
    misuse = models.PositiveIntegerField(default=0)
    legitimate = models.PositiveIntegerField(default=0)
    factors = models.JSONField(default=dict)  # rule code -> factor on the hand weight
    fired = models.JSONField(default=dict)  # rule code -> judged lookups the rule fired on

    class Meta:
        ordering = ["-learned_at", "-id"]
        verbose_name = _("geleerde gewichten")


class UnitFigures(models.Model):
    """A run's aggregates for one unit (the contract's `employees.unit`), stored at import in both
    modes: the prevention view and its trends read these, never individual alerts."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="unit_figures")
    unit = models.CharField(_("team"), max_length=120, blank=True)
    lookups = models.PositiveIntegerField(default=0)
    user_days = models.PositiveIntegerField(default=0)
    unexplained = models.PositiveIntegerField(default=0)
    alerts = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    rules = models.JSONField(default=dict)  # rule code -> alerts with that rule

    class Meta:
        ordering = ["run", "unit"]
        constraints = [models.UniqueConstraint(fields=["run", "unit"], name="unique_unit_figures")]


class Alert(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Te beoordelen")
        LEGITIMATE = "legitimate", _("Legitiem")
        MISUSE_UNINTENTIONAL = "misuse_unintentional", _("Onbedoeld misbruik (regel niet gekend)")
        MISUSE_INTENTIONAL = "misuse_intentional", _("Opzettelijk misbruik")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="alerts")
    alert_id = models.CharField(max_length=64)
    rank = models.PositiveIntegerField()
    user_ref = models.CharField(max_length=64)  # the contract's user_id: revealed only via 4 eyes
    pseudonym = models.CharField(_("pseudoniem"), max_length=20, db_index=True)
    unit = models.CharField(_("team"), max_length=120, blank=True)
    role = models.CharField(_("functie"), max_length=60, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    score = models.FloatField()
    rules = models.JSONField(default=list)
    event_ids = models.JSONField(default=list)
    explanation = models.TextField()
    timeline = models.JSONField(default=list)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN,
                             db_index=True)
    verdict_reason = models.TextField(blank=True)
    verdict_scope = models.CharField(max_length=10, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # A "legitimate" verdict for more than these lookups (its records or rules, from now on) takes
    # effect only when a second analyst confirms it: one analyst alone could otherwise silence the
    # monitoring of a colleague for good (four eyes, as for a reveal).
    scope_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    scope_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when the second analyst brought a broad verdict back to these lookups: his reason (the
    # scope is then "events" and `scope_confirmed_by` is who did it).
    scope_note = models.TextField(blank=True)
    signal = models.ForeignKey("signals.Signal", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")

    class Meta:
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "alert_id"], name="unique_alert")]

    def get_verdict_scope_display(self) -> str:
        """What a "legitimate" verdict applies to, in words (the engine's explanation rule)."""
        return str(dict(SCOPES).get(self.verdict_scope, ""))

    @property
    def in_budget(self) -> bool:
        """Within its run's review budget (`ImportRun.review_budget`)."""
        return self.rank <= self.run.review_budget

    @property
    def may_reveal(self) -> bool:
        """A reveal may be asked: within the budget, or once judged misuse (proportionality)."""
        return self.in_budget or self.is_misuse

    @property
    def broad_scope(self) -> bool:
        """A "legitimate" verdict for more than this alert's own lookups."""
        return self.state == Alert.State.LEGITIMATE and self.verdict_scope in BROAD_SCOPES

    @property
    def scope_pending(self) -> bool:
        """A broad verdict that waits for a second analyst (until then: these lookups only)."""
        return self.broad_scope and self.scope_confirmed_by_id is None

    @property
    def is_misuse(self) -> bool:
        return self.state in MISUSE_STATES


MISUSE_STATES = (Alert.State.MISUSE_UNINTENTIONAL, Alert.State.MISUSE_INTENTIONAL)
# What a "legitimate" verdict applies to in the next run (`pmengine.Verdict.scope`).
SCOPES = (("events", _("alleen deze opvragingen")),
          ("subjects", _("alle opvragingen van deze records door deze medewerker")),
          ("rules", _("deze regels tellen niet meer voor deze medewerker")))
BROAD_SCOPES = ("subjects", "rules")


class RevealRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Wacht op tweede persoon")
        APPROVED = "approved", _("Goedgekeurd")
        REFUSED = "refused", _("Afgewezen")
        # Beyond the review budget a reveal rests on the misuse verdict; when that verdict is
        # withdrawn the request lapses (tester t47: a second analyst judged misuse again himself
        # and approved the first analyst's old request — one pair of eyes).
        LAPSED = "lapsed", _("Vervallen: het oordeel misbruik is ingetrokken")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reveal_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reden"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
