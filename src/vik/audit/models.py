"""Audit events form a hash chain: each row stores the hash of its predecessor and its own hash
over its content, so any later change, insertion or deletion shows up in `vik audit_verify`.
Rows can be added, never changed or removed through the ORM (and on PostgreSQL a trigger refuses
UPDATE and DELETE at the database too)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Ingezien")
    CREATE = "create", _("Aangemaakt")
    CHANGE = "change", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    EXPORT = "export", _("Geëxporteerd")
    DENIED = "denied", _("Toegang geweigerd")
    LOGIN = "login", _("Ingelogd")
    REVEAL = "reveal", _("Identiteit onthuld")


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("gebruiker"),
    )
    actor_name = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("objectsoort"), max_length=40)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    summary = models.CharField(_("omschrijving"), max_length=255, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    remote_addr = models.CharField(_("vanaf"), max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
