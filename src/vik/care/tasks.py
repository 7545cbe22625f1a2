"""Care's open work for "my tasks" (registered in `vik.core.tasks`): the aftercare of a closed
case, for its care contact, until they end it (`services.end_aftercare`)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from vik.core.tasks import Task, register
from vik.core.workdays import add_working_days
from vik.investigations.models import Closure

# House default, no source in the seeds: the care contact looks back on the aftercare with the
# betrokkene within four weeks (20 working days) of the outcome being told, and ends it or goes on.
AFTERCARE_REVIEW_WORKING_DAYS = 20


@register
def aftercare_tasks(user, today: date) -> list[Task]:
    """One task per closed case whose aftercare this user, as its care contact, has not ended;
    due 20 working days after the outcome was told."""
    closures = Closure.objects.filter(case__care_contact=user, case__closed_on__isnull=False,
                                      aftercare_ended_on__isnull=True).select_related("case")
    return [
        Task(key=f"aftercare:{c.case_id}", kind="aftercare",
             title=(_("Nazorg volgens het rehabilitatieplan; rond haar af als zij klaar is")
                    if c.rehabilitation_plan.strip() else
                    _("Nazorg na de afsluiting (vervolggesprek, het team); rond haar af als zij klaar is")),
             reference=c.case.reference,
             due=add_working_days(c.communicated_on, AFTERCARE_REVIEW_WORKING_DAYS),
             url=reverse("investigations:detail", args=[c.case_id]))
        for c in closures
    ]
