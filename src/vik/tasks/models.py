"""Reminders that were sent, so the background scheduler mails each one once (and escalates once)."""

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    key = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10, default="reminder")  # reminder | escalation
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "user", "level"], name="unique_reminder")
        ]
