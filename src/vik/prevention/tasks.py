"""Agreements from a team climate check, as tasks (registered in `vik.core.tasks`): on the date
the team agreed to come back to one, whoever manages the check (who started it, and the team's
line manager) finds it in "my tasks" until he marks it done. "Wie" on the agreement names who
does the work; these two are responsible that the team comes back to it (tester t35: agreements
reached nobody)."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from vik import policy
from vik.core.tasks import Task, register

from .models import AgreedAction


def open_agreements_for(user) -> list[AgreedAction]:
    """Open agreements of the climate checks the user follows up (`prevention.climate.follow_up`:
    who started the check, and the team's line manager)."""
    if not user.is_authenticated or not policy.can(user, "prevention.climate.start"):
        return []
    mine = Q(check_run__created_by=user)
    unit_id = user.employee.unit_id if getattr(user, "employee_id", None) else None
    if unit_id:
        mine |= Q(check_run__team_id=unit_id)
    candidates = (AgreedAction.objects.filter(mine, done_on__isnull=True)
                  .select_related("check_run__team").order_by("follow_up_on", "pk")[:200])
    return [item for item in candidates if policy.can(user, "prevention.climate.follow_up", item.check_run)]


@register
def agreement_tasks(user, today: date) -> list[Task]:
    return [Task(key=f"climate-agreement:{item.pk}", kind="prevention",
                 title=_("Terugkomen op afspraak uit de teamklimaatcheck: %(what)s")
                 % {"what": item.description if len(item.description) <= 80 else item.description[:79] + "…"},
                 reference=str(item.check_run.team), due=item.follow_up_on,
                 url=reverse("prevention:climate", args=[item.check_run_id]) + "#afspraken")
            for item in open_agreements_for(user)]
