"""What the dashboard stores: periodic reports (PDF), who receives them, the working-day calendar
used for durations in the database, and the pre-computed recurrence figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day since 2000 with the number of Dutch working days up to and including it (derived
    from `vik.core.workdays`, filled by `vik.dashboard.calendar.ensure_table`)."""

    day = models.DateField(primary_key=True)
    wd = models.IntegerField(db_index=True)
    working = models.BooleanField()

    class Meta:
        verbose_name = _("kalenderdag")
        verbose_name_plural = _("kalenderdagen")


def report_path(instance: "Report", filename: str) -> str:
    return f"dashboard/reports/{filename}"


class Report(models.Model):
    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("Halfjaarrapportage")
        AD_HOC = "ad_hoc", _("Rapportage op verzoek")
        ANNUAL = "annual", _("Jaarbeeld integriteit")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=report_path)
    commentary = models.JSONField(_("toelichting"), default=list)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("gemaakt door"),
    )
    mailed_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start", "period_end"], condition=models.Q(kind="half_year"),
                name="one_half_year_report_per_period",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReportSubscription(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dashboard_subscription"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement op rapportages")
        verbose_name_plural = _("abonnementen op rapportages")


class RecurrenceFact(models.Model):
    """Recurrence after an intervention, pre-computed (it needs every employee's whole signal
    history, too heavy for a page request). One row per kind of intervention, month and filter
    combination; the counts are events, not people."""

    class Kind(models.TextChoices):
        ROUTE = "route", _("Triageroute")
        MEASURE = "measure", _("Afdoening")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=40)
    month = models.DateField()
    region_id = models.BigIntegerField()
    theme_id = models.BigIntegerField()
    case_type_id = models.BigIntegerField(null=True)
    events = models.IntegerField()
    followed_1y = models.IntegerField()
    recurred_1y = models.IntegerField()
    followed_2y = models.IntegerField()
    recurred_2y = models.IntegerField()
    # The record keys of the counted events, summed mod 2**31 - 1 (cell-key noise, vik.core.cellkey).
    k_events = models.BigIntegerField(default=0)
    k_followed_1y = models.BigIntegerField(default=0)
    k_recurred_1y = models.BigIntegerField(default=0)
    k_followed_2y = models.BigIntegerField(default=0)
    k_recurred_2y = models.BigIntegerField(default=0)
    computed_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["kind", "month"])]


class Fact(models.Model):
    """Pre-aggregated dashboard figures (derived data, rebuilt from the registration by
    `vik.dashboard.facts`). One row per kind of figure, grain, date, unit, theme, case type and key,
    holding a count. Grains: `d` a day, `m` a month and `y` a year (sums of the day rows, so a
    period reads whole years and months plus the odd days), `s` today's state (snapshot).

    For figures about signals and triage decisions `case_type_id` NULL means "all", and a type
    means "those with a case of that type" (a signal can have cases of two types); figures about
    cases carry the type of the case. Durations are stored as keys (exact working days), so
    medians and percentiles come out exactly as from the records. `k` carries the record keys of
    the counted records for the cell-key noise."""

    kind = models.CharField(max_length=8)
    grain = models.CharField(max_length=1)
    day = models.DateField()
    region_id = models.BigIntegerField()
    theme_id = models.BigIntegerField()
    case_type_id = models.BigIntegerField(null=True)
    key = models.CharField(max_length=60)
    n = models.BigIntegerField()
    # The sum (mod 2**31 - 1) of the record keys of the n records (`vik.core.cellkey`): the
    # published count's noise depends on which records it counts, whichever way it is summed.
    k = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["kind", "grain", "day"], name="dashboard_fact_lookup")]


class FactState(models.Model):
    """Bookkeeping of `Fact`: up to which audit event the day figures are refreshed, when, and the
    date of the last full rebuild (`name` "facts"), and when today's state was taken ("snapshot")."""

    name = models.CharField(max_length=20, primary_key=True)
    audit_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    rebuilt_on = models.DateField(null=True)
