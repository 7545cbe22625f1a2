"""Who may do what in prevention work; `vik.policy` delegates its prevention rules here.

A team's climate check belongs to that team: its members may read the results (once shown), and
its line manager (or an editor, the prevention coordinator) manages it. Nobody gets an overview
across teams: the check is a mirror for the team, not a ranking.
"""

from vik.accounts.models import Role


def _unit_id(user):
    employee = getattr(user, "employee", None) if getattr(user, "employee_id", None) else None
    return employee.unit_id if employee else None


def runs_session(user, session) -> bool:
    return session is not None and session.facilitator_id == user.pk


def may_start_climate_check(user, team) -> bool:
    if user.has_role(Role.EDITOR):
        return True
    if not user.has_role(Role.LINE_MANAGER):
        return False
    return team is None or _unit_id(user) == team.pk


def manages_climate_check(user, check) -> bool:
    if check is None:
        return False
    if user.has_role(Role.EDITOR) or check.created_by_id == user.pk:
        return True
    return user.has_role(Role.LINE_MANAGER) and _unit_id(user) == check.team_id


def sees_climate_check(user, check) -> bool:
    return check is not None and (manages_climate_check(user, check) or _unit_id(user) == check.team_id)


def may_answer_climate_check(user, check) -> bool:
    if check is None or _unit_id(user) != check.team_id or not check.is_open():
        return False
    return not check.participations.filter(user=user).exists()
