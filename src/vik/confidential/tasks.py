"""Open work of confidential work for "my tasks": the legal terms of the reporting channel
(acknowledgement within 7 days, feedback within 3 months), the advisors' follow-up appointments,
every step of the complaints procedure, and the central advisor's open repeat-concern signals.

`confidential_tasks(user, today)` is registered in `vik.core.tasks`, the registry "my tasks" is
collected from.
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register

from . import selectors, services
from .models import Complaint, Contact


@register
def confidential_tasks(user, today: date | None = None) -> list[Task]:
    today = today or timezone.localdate()
    tasks: list[Task] = []
    for report in selectors.inbox(user):
        if report.closed_on:
            continue
        url = reverse("confidential:report", args=[report.pk])
        if not report.acknowledged_on:
            tasks.append(Task(f"meldpunt-ack:{report.pk}", "confidential",
                                          _("Ontvangst melding bevestigen"), report.reference,
                                          services.acknowledgement_due(report), url))
        if not report.feedback_on:
            tasks.append(Task(f"meldpunt-feedback:{report.pk}", "confidential",
                                          _("Terugkoppeling aan melder (uiterlijk drie maanden)"),
                                          report.reference, services.feedback_due(report), url))
    if policy.can(user, "confidential.register"):
        for contact in Contact.objects.for_advisor(user).filter(follow_up_on__isnull=False,
                                                               outcome=Contact.Outcome.ONGOING):
            tasks.append(Task(f"register-follow-up:{contact.pk}", "confidential", _("Vervolgafspraak"),
                                          str(contact), contact.follow_up_on,
                                          reverse("confidential:contact", args=[contact.pk])))
    for signal in selectors.open_repeat_signals(user):
        tasks.append(Task(f"repeat-signal:{signal.pk}", "confidential",
                          _("Meerdere contacten betreffen dezelfde persoon"), signal.reference, None,
                          reverse("confidential:repeat_signal", args=[signal.reference])))
    for complaint in selectors.complaints_for(user):
        task = _complaint_task(user, complaint)
        if task:
            tasks.append(task)
    tasks.sort(key=lambda t: (t.due or date.max, t.reference))
    return tasks


def _complaint_task(user, complaint: Complaint) -> Task | None:
    S = Complaint.Stage
    due = services.complaint_deadlines(complaint)
    url = reverse("confidential:complaint", args=[complaint.pk])
    if policy.can(user, "confidential.complaint.decide", complaint):
        if complaint.stage == S.ADVISED:
            return Task(f"complaint-decision:{complaint.pk}", "confidential", _("Besluit op klacht"),
                                    complaint.reference, due["decision"], url)
        return None
    if not policy.can(user, "confidential.complaint.handle", complaint):
        return None
    if complaint.needs_follow_up:
        return Task(f"complaint-follow-up:{complaint.pk}", "confidential", _("Nadere actie na de evaluatie met klager"),
                    complaint.reference, None, url + "#action-follow_up")
    step = {
        S.RECEIVED: (_("Ontvangst klacht bevestigen"), due["acknowledgement"]),
        S.ACKNOWLEDGED: (_("Besluiten over ontvankelijkheid"), due["admissibility"]),
        S.ADMISSIBLE: (_("Hoor en wederhoor in besloten zitting"), due["advice"]),
        S.HEARD: (_("Advies aan de korpschef"), due["advice"]),
        S.DECIDED: (_("Evaluatie met klager"), due["evaluation"]),
        S.RESOLVED: (_("Evaluatie met klager"), due["evaluation"]),
        S.MEDIATION: (_("Bemiddeling afronden"), None),
    }.get(complaint.stage)
    if step is None:
        return None
    return Task(f"complaint:{complaint.pk}:{complaint.stage}", "confidential", step[0],
                            complaint.reference, step[1], url)
