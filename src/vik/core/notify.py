"""E-mail notifications, sent after the surrounding transaction commits."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger("vik.notify")


def notify(users, subject: str, body: str) -> None:
    recipients = sorted({u.email for u in users if getattr(u, "email", "")})
    if not recipients:
        return

    def _send() -> None:
        try:
            send_mail(f"[VIK] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:
            logger.exception("Notification could not be sent: %s", subject)

    transaction.on_commit(_send)
