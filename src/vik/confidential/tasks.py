"""Open work of confidential work for "my tasks": the legal terms of the reporting channel
(acknowledgement within 7 days, feedback within 3 months), the advisors' follow-up appointments,
every step of the complaints procedure, and the central advisor's open repeat-concern signals.

`confidential_tasks(user, today)` is registered in `vik.core.tasks`, the registry "my tasks" is
collected from.
"""

from datetime import date

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register

from . import selectors, services
from .models import Complaint, Contact, Report, ReportMessage


@register
def confidential_tasks(user, today: date | None = None) -> list[Task]:
    today = today or timezone.localdate()
    tasks: list[Task] = []
    inbox = [report for report in selectors.inbox(user) if not report.closed_on]
    last = _last_messages([report.pk for report in inbox])
    for report in inbox:
        url = reverse("confidential:report", args=[report.pk])
        author, _kind, _sent_on = last.get(report.pk, (None, None, None))
        if author == ReportMessage.Author.REPORTER:
            # The reporter (also the anonymous one, who has no other way to be heard) wrote last:
            # somebody answers (tester t34: a reply reached nobody's tasks).
            tasks.append(Task(f"meldpunt-reply:{report.pk}", "confidential", _("Bericht van de melder beantwoorden"),
                              report.reference, None, url))
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
    mine = list(selectors.my_reports(user).filter(closed_on__isnull=True))
    asked = _last_messages([report.pk for report in mine])
    for report in mine:
        author, kind, _sent_on = asked.get(report.pk, (None, None, None))
        if author == ReportMessage.Author.RECIPIENT and kind == ReportMessage.Kind.QUESTION:
            tasks.append(Task(f"report-question:{report.pk}", "confidential", _("Vraag over uw melding beantwoorden"),
                              report.reference, None, reverse("confidential:my_report", args=[report.pk])))
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


def _last_messages(report_ids: list[int]) -> dict[int, tuple[str, str, date]]:
    """Per report: the author, kind and date of its last message (one query)."""
    if not report_ids:
        return {}
    last = ReportMessage.objects.filter(report=OuterRef("pk")).order_by("-id")
    rows = Report.objects.filter(pk__in=report_ids).annotate(
        last_author=Subquery(last.values("author")[:1]), last_kind=Subquery(last.values("kind")[:1]),
        last_on=Subquery(last.values("sent_on")[:1])).values_list("pk", "last_author", "last_kind", "last_on")
    return {pk: (author, kind, on) for pk, author, kind, on in rows if author}


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
