"""Reminders and escalations. `run_reminders` is called by the scheduler that `vik serve` starts
(and by `vik send_reminders` from cron in production): nobody has to start it by hand."""

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik.accounts.models import User
from vik.core.notify import notify
from vik.core.tasks import escalation_recipients
from vik.core.workdays import add_working_days

from .models import Reminder
from .selectors import my_tasks

logger = logging.getLogger("vik.tasks")
ESCALATE_AFTER_WORKING_DAYS = 10


def run_reminders(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    sent = {"reminder": 0, "escalation": 0}
    users = User.objects.filter(is_active=True, groups__isnull=False).distinct()
    for user in users.iterator():
        for task in my_tasks(user, today):
            if task.due is None or task.due >= today:
                continue
            level = "reminder"
            if add_working_days(task.due, ESCALATE_AFTER_WORKING_DAYS) <= today:
                level = "escalation"
            if _mark(task.key, user, level):
                _send(user, task, level)
                sent[level] += 1
    logger.info("reminders sent: %s", sent)
    return sent


def _mark(key: str, user, level: str) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(key=key, user=user, level=level)
        return True
    except IntegrityError:
        return False


def _send(user, task, level: str) -> None:
    recipients = [user]
    if level == "escalation":
        recipients += [u for u in escalation_recipients(task) if u not in recipients]
    subject = (_("Geëscaleerd: %(t)s (%(r)s)") if level == "escalation"
               else _("Herinnering: %(t)s (%(r)s)")) % {"t": task.title, "r": task.reference}
    body = _("De taak ‘%(t)s’ voor %(r)s had %(d)s klaar moeten zijn.") % {
        "t": task.title, "r": task.reference, "d": task.due.strftime("%d-%m-%Y")}
    notify(recipients, subject, body)
