"""Care records. They sit beside the case file but are read by the care contact too. (How a
case's end was communicated, `Closure`, belongs to investigations, which alone creates it.)"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vik.investigations.models import Case


class CareDesk(models.TextChoices):
    BMW = "bmw", _("Bedrijfsmaatschappelijk werk (BMW)")
    CHAPLAIN = "chaplain", _("Geestelijk verzorger")
    CONFIDENTIAL_ADVISOR = "confidential_advisor", _("Vertrouwenspersoon")
    PSYCHOLOGIST = "psychologist", _("Psycholoog")
    COMPANY_DOCTOR = "company_doctor", _("Bedrijfsarts")
    OMBUDSMAN = "ombudsman", _("Ombudsfunctionaris (OFP)")
    SOCIAL_DESK = "social_desk", _("Sociaal loket")


class CareContactChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="care_contact_changes")
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    new = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reden"), max_length=255)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at"]


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    desk = models.CharField(_("zorgloket"), max_length=30, choices=CareDesk.choices)
    for_team = models.BooleanField(_("voor het team"), default=False)
    referred_on = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        ordering = ["-referred_on"]


class TeamCare(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team_care")
    on = models.DateField(_("datum"))
    description = models.TextField(_("wat is er voor het team gedaan"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on"]



class FamilyCare(models.Model):
    """Care for the home front: what was done for the betrokkene's family (a partner, children),
    case by case, beside the care for the team."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_care")
    on = models.DateField(_("datum"))
    description = models.TextField(_("wat is er voor het thuisfront gedaan"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("zorg voor het thuisfront")
        verbose_name_plural = _("zorg voor het thuisfront")
        ordering = ["-on", "-id"]
