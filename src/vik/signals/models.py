"""A Signal is the registration of one suspicion, about one or more employees (betrokkenen)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Employee, Unit
from vik.core.i18n import choice_display, data_label


class Channel(models.TextChoices):
    MANAGER = "manager", _("Leidinggevende")
    COLLEAGUE = "colleague", _("Collega")
    CONFIDENTIAL_ADVISOR = "confidential_advisor", _("Vertrouwenspersoon (met toestemming)")
    CITIZEN_COMPLAINT = "citizen_complaint", _("Klacht van burger")
    PROTECTIVE_MONITORING = "protective_monitoring", _("Protective monitoring")
    PROSECUTOR = "prosecutor", _("OM / Rijksrecherche")
    ANONYMOUS = "anonymous", _("Anoniem")
    OTHER = "other", _("Anders")


class Theme(models.Model):
    class Category(models.TextChoices):
        PROFESSIONAL_CODE = "code", _("Beroepscode")
        UNDESIRABLE_BEHAVIOUR = "behaviour", _("Ongewenst gedrag")
        CORRUPTION = "corruption", _("Corruptie")
        LEAKING = "leaking", _("Lekken van informatie")
        INFORMATION = "information", _("Misbruik van informatie(systemen)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("integriteitsthema")
        verbose_name_plural = _("integriteitsthema's")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return data_label(self.name)


class Signal(models.Model):
    _get_FIELD_display = choice_display  # labels without translating every choice

    class Status(models.TextChoices):
        NEW = "new", _("Nieuw, wacht op triage")
        TRIAGED = "triaged", _("Getrieerd")
        IN_LINE = "in_line", _("In de lijn")
        UNDER_INVESTIGATION = "investigation", _("In onderzoek")
        HANDED_OVER = "handed_over", _("Overgedragen")
        NATIONAL_TRIAGE = "national_triage", _("Bij de landelijke triage")
        # The national triage took it on: a case for the national team (LTIO), to be opened.
        NATIONAL_TEAM = "national_team", _("Bij het landelijk team (LTIO)")
        # The national triage sent it back: it waits in its unit's triage queue again.
        RETURNED = "returned", _("Terug van de landelijke triage")
        CLOSED = "closed", _("Afgesloten")

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    received_on = models.DateField(_("datum ontvangst"))
    channel = models.CharField(_("kanaal"), max_length=30, choices=Channel.choices)
    region = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="signals", verbose_name=_("eenheid")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="signals", verbose_name=_("thema")
    )
    description = models.TextField(_("omschrijving"))
    subjects = models.ManyToManyField(
        Employee, related_name="signals_as_subject", verbose_name=_("betrokkene(n)")
    )
    reporter = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True,
        related_name="signals_as_reporter", verbose_name=_("melder (medewerker)"),
    )
    reporter_description = models.CharField(
        _("melder (overig)"), max_length=200, blank=True,
        help_text=_("Bijvoorbeeld een burger of instantie; nooit zichtbaar voor de betrokkene."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    registered_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    source_reference = models.CharField(
        _("kenmerk bron"), max_length=80, blank=True,
        help_text=_("Bijvoorbeeld het alertnummer van protective monitoring."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["region", "status", "received_on"])]

    def __str__(self) -> str:
        return self.reference


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"signals/{instance.signal_id}/{filename}"


class Attachment(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to=attachment_path)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name
