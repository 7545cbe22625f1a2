"""Knowledge content maintained by editors: help desks and the finder's questions, the theme
sheets of the professional code, the initiatives catalogue, and the versions of each save."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ECLI_PATTERN = re.compile(r"ECLI:NL:[A-Z]{2,6}:\d{4}:[A-Z0-9]{1,10}")


class Desk(models.Model):
    """A help desk (zorgloket) an employee can turn to."""

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Korte vaste naam, bijvoorbeeld ‘bmw’ of ‘bedrijfsarts’."))
    name = models.CharField(_("naam"), max_length=120)
    summary = models.TextField(_("wat doet dit loket"))
    professional_secrecy = models.BooleanField(
        _("beroepsgeheim"), default=False,
        help_text=_("De medewerkers van dit loket zijn wettelijk gebonden aan een beroepsgeheim."))
    confidential = models.BooleanField(
        _("vertrouwelijk"), default=False,
        help_text=_("Wat je vertelt, blijft zonder jouw toestemming binnen dit loket."))
    secrecy_note = models.CharField(_("toelichting op vertrouwelijkheid"), max_length=255, blank=True)
    how_to_reach = models.TextField(_("zo bereik je dit loket"))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    url = models.URLField(_("webpagina"), blank=True)
    is_front_door = models.BooleanField(
        _("centrale ingang"), default=False,
        help_text=_("Dit loket wijst de weg als de wegwijzer niets beters vindt."))
    helps_involved = models.BooleanField(
        _("voor betrokkenen bij een intern onderzoek"), default=False,
        help_text=_("Tonen op de pagina voor wie betrokken is bij een intern onderzoek."))
    order = models.PositiveIntegerField(_("volgorde"), default=100)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loketten")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FinderQuestion(models.Model):
    text = models.CharField(_("vraag"), max_length=200)
    help_text = models.CharField(_("toelichting"), max_length=255, blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=100)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("vraag van de wegwijzer")
        verbose_name_plural = _("vragen van de wegwijzer")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class FinderOption(models.Model):
    question = models.ForeignKey(FinderQuestion, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("antwoord"), max_length=160)
    order = models.PositiveIntegerField(_("volgorde"), default=100)
    suggests = models.ManyToManyField(
        Desk, blank=True, related_name="suggested_by", verbose_name=_("raadt deze loketten aan"))
    limits_to = models.ManyToManyField(
        Desk, blank=True, related_name="limited_by", verbose_name=_("beperkt tot deze loketten"),
        help_text=_("Alleen invullen als dit antwoord de keuze moet beperken, bijvoorbeeld tot "
                    "loketten die vertrouwelijk werken."))
    notice = models.TextField(_("melding bij dit antwoord"), blank=True)
    shows_investigation_guide = models.BooleanField(
        _("verwijs naar de pagina over interne onderzoeken"), default=False)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class ThemeSheet(models.Model):
    """A theme sheet (themablad) of the professional code (beroepscode).

    Dilemmas, court cases and law articles are kept as structured text on the sheet itself, so a
    version is one snapshot of one row: `selectors.parse_*` turn them into lists for display.
    """

    slug = models.SlugField(_("korte naam in de url"), max_length=80, unique=True)
    number = models.PositiveIntegerField(_("themabladnummer"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=120)
    introduction = models.TextField(_("inleiding"))
    norm = models.TextField(_("de norm in gewone taal"),
                            help_text=_("Eén afspraak per regel, in de ik-vorm."))
    dilemmas = models.TextField(_("dilemma’s"), blank=True,
                                help_text=_("Scheid de dilemma’s met een witregel."))
    court_cases = models.TextField(
        _("uitspraken"), blank=True,
        help_text=_("Per uitspraak een blok, gescheiden door een witregel: eerste regel het of de "
                    "ECLI-nummer(s), tweede regel een titel, daarna een samenvatting in eigen woorden."))
    law_articles = models.TextField(
        _("wet- en regelgeving"), blank=True,
        help_text=_("Eén per regel; optioneel een link erachter na ‘|’, bijvoorbeeld "
                    "‘Art. 76 Barp | https://wetten.overheid.nl/…’."))
    related = models.ManyToManyField("self", blank=True, symmetrical=False,
                                     verbose_name=_("gerelateerde themabladen"))
    published = models.BooleanField(_("gepubliceerd"), default=True)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("themablad")
        verbose_name_plural = _("themabladen")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Initiative(models.Model):
    """A prevention or inclusion initiative others can reuse."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        THEATRE = "theatre", _("Theater of film")
        MASTERCLASS = "masterclass", _("Masterclass")
        TOOLKIT = "toolkit", _("Toolkit of werkvorm")
        GAME = "game", _("Spel")
        OTHER = "other", _("Anders")

    title = models.CharField(_("titel"), max_length=160)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("wat is het"))
    owner = models.CharField(_("eigenaar"), max_length=160,
                             help_text=_("Eenheid of team dat het initiatief beheert."))
    contact = models.CharField(_("contact"), max_length=160, blank=True)
    themes = models.ManyToManyField(ThemeSheet, blank=True, related_name="initiatives",
                                    verbose_name=_("thema’s"))
    target_group = models.CharField(_("doelgroep"), max_length=200)
    experiences = models.TextField(_("ervaringen"), blank=True)
    url = models.URLField(_("meer informatie"), blank=True)
    active = models.BooleanField(_("actief"), default=True)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Version(models.Model):
    """The state of a piece of content after one save. The newest version is the current state;
    older ones can be viewed and restored (a restore is itself a new version)."""

    kind = models.CharField(max_length=20)  # a key of services.VERSIONED
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField()
    data = models.JSONField()
    note = models.CharField(_("toelichting"), max_length=255, blank=True)
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "number"],
                                               name="knowledge_version_unique_number")]


class ManagerGuideStage(models.Model):
    """One stage of the guide for line managers while a colleague is under investigation: what
    to do (a checklist), what he may and may not share with the team, his care duty and how to
    hold the conversation with the employee concerned. Lists are kept one item per line, so a
    version is one snapshot of one row (as on theme sheets)."""

    class Stage(models.TextChoices):
        SIGNAL = "signal", _("Melding")
        AANZEGGING = "aanzegging", _("Aanzegging")
        DURING = "during", _("Tijdens het onderzoek")
        CLOSURE = "closure", _("Afronding")

    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices, unique=True)
    introduction = models.TextField(_("inleiding"))
    checklist = models.TextField(_("checklist"), help_text=_("Eén punt per regel."))
    may_share = models.TextField(_("wat je met het team mag delen"), blank=True,
                                 help_text=_("Eén punt per regel."))
    may_not_share = models.TextField(_("wat je niet met het team deelt"), blank=True,
                                     help_text=_("Eén punt per regel."))
    care_duty = models.TextField(_("je zorgplicht"), blank=True)
    conversation = models.TextField(_("het gesprek met de betrokkene"), blank=True,
                                    help_text=_("Eén tip per regel."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fase van de handreiking voor leidinggevenden")
        verbose_name_plural = _("handreiking voor leidinggevenden")

    def __str__(self) -> str:
        return str(self.get_stage_display())

    @property
    def position(self) -> int:
        return list(self.Stage.values).index(self.stage)
