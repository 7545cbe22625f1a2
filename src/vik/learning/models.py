"""Learning from cases: anonymised learning points drawn from decided cases (the case library),
and learning circles that discuss them and agree improvements, each with an owner and a due date.

A learning point keeps its link to the case (who may follow it is the policy's `case.view`), but
its text is anonymous: the services refuse names, references, personnel numbers and exact dates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee, Unit


class Theme(models.TextChoices):
    GIFTS = "gifts", _("Aannemen van geschenken")
    PRIVATE_CONTACTS = "contacts", _("Privécontacten")
    FINANCIAL = "financial", _("Financiële belangen")
    FORCE = "force", _("Geweldsgebruik")
    OFF_DUTY = "off_duty", _("Gedrag buiten dienst")
    SIDE_JOBS = "side_jobs", _("Nevenwerkzaamheden")
    INFORMATION = "information", _("Omgaan met informatie")
    SOCIAL_MEDIA = "social_media", _("Sociale media")
    SAFE_WORKPLACE = "safe_workplace", _("Sociaal veilige werkplek")
    TRUTHFUL = "truthful", _("Waarheidsgetrouw rapporteren")
    PROCESS = "process", _("Het onderzoeksproces zelf")


class LearningPoint(models.Model):
    case = models.ForeignKey("investigations.Case", on_delete=models.PROTECT,
                             related_name="learning_points", verbose_name=_("onderzoek"))
    theme = models.CharField(_("thema"), max_length=20, choices=Theme.choices)
    title = models.CharField(_("titel"), max_length=200)
    what_happened = models.TextField(_("wat er gebeurde (in algemene termen)"))
    lesson = models.TextField(_("wat we ervan leerden"))
    period = models.DateField(_("periode (maand)"), help_text=_("Alleen de maand wordt bewaard."))
    published = models.BooleanField(_("gepubliceerd"), default=False)
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leerpunt")
        verbose_name_plural = _("leerpunten")
        ordering = ["-period", "-id"]

    def __str__(self) -> str:
        return self.title


class LearningCircle(models.Model):
    held_on = models.DateField(_("datum"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("eenheid"))
    participants = models.ManyToManyField(Employee, related_name="+", verbose_name=_("deelnemers"))
    points = models.ManyToManyField(LearningPoint, related_name="circles", blank=True,
                                    verbose_name=_("besproken leerpunten"))
    notes = models.TextField(_("verslag"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("lerende cirkel")
        verbose_name_plural = _("lerende cirkels")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on:%d-%m-%Y}"


class Improvement(models.Model):
    circle = models.ForeignKey(LearningCircle, on_delete=models.CASCADE, related_name="improvements")
    description = models.TextField(_("verbetering"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("eigenaar"))
    due_on = models.DateField(_("gereed op"))
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")

    class Meta:
        verbose_name = _("verbeterpunt")
        verbose_name_plural = _("verbeterpunten")
        ordering = ["due_on", "id"]
