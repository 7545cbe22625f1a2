"""Agreements from a team climate check, as tasks (registered in `vik.core.tasks`): on the date
the team agreed to come back to one, whoever manages the check (who started it, and the team's
line manager) finds it in "my tasks" until he marks it done. "Wie" on the agreement names who
does the work; these two are responsible that the team comes back to it (tester t35: agreements
reached nobody)."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from vik.accounts.models import Role
from vik.core.tasks import Task, register

from .models import AgreedAction


def open_agreements_for(user):
    """Open agreements of the climate checks the user started, and of his own team's checks when
    he is its line manager (the managers of `policy.prevention.manages_climate_check`, without
    the editors' role for every team)."""
    if not user.is_authenticated or not user.has_role(Role.LINE_MANAGER, Role.EDITOR):
        return AgreedAction.objects.none()
    mine = Q(check_run__created_by=user)
    unit_id = user.employee.unit_id if getattr(user, "employee_id", None) else None
    if unit_id and user.has_role(Role.LINE_MANAGER):
        mine |= Q(check_run__team_id=unit_id)
    return (AgreedAction.objects.filter(mine, done_on__isnull=True)
            .select_related("check_run__team").order_by("follow_up_on", "pk"))


@register
def agreement_tasks(user, today: date) -> list[Task]:
    return [Task(key=f"climate-agreement:{item.pk}", kind="prevention",
                 title=_("Terugkomen op afspraak uit de teamklimaatcheck: %(what)s")
                 % {"what": item.description if len(item.description) <= 80 else item.description[:79] + "…"},
                 reference=str(item.check_run.team), due=item.follow_up_on,
                 url=reverse("prevention:climate", args=[item.check_run_id]) + "#afspraken")
            for item in open_agreements_for(user)[:200]]
