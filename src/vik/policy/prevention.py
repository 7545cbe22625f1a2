"""The rules of prevention work (the `prevention.session.*`, `prevention.climate.*` and
`prevention.activity.*` actions of `vik.policy`).

A team's climate check belongs to that team: its members may read the results (once shown), and
its line manager (or an editor, the prevention coordinator) manages it. Nobody gets an overview
across teams: the check is a mirror for the team, not a ranking. The register of integrity
activities is likewise the team's: policy staff see how many teams of a unit held one this year,
never which.
"""

from vik.accounts.models import Role


def _unit_id(user):
    employee = getattr(user, "employee", None) if getattr(user, "employee_id", None) else None
    return employee.unit_id if employee else None


def is_editor(user, obj=None) -> bool:
    """`prevention.edit`: editors maintain dilemma sets; as prevention coordinators they also start
    and manage every team's climate check."""
    return user.has_role(Role.EDITOR)


def runs_session(user, session) -> bool:
    """`prevention.session.run`: a dilemma session is run by its facilitator only."""
    return session is not None and session.facilitator_id == user.pk


def may_hold_session_for(user, team) -> bool:
    """`prevention.session.team`: a dilemma session run in VIK counts in its team's register of
    integrity activities, so a line manager ties one to his own team only (or to none); editors
    (prevention coordinators) and confidential advisors facilitate for any team that asks them."""
    if user.has_role(Role.EDITOR, Role.CONFIDENTIAL_ADVISOR, Role.CONFIDENTIAL_ADVISOR_CENTRAL):
        return True
    return user.has_role(Role.LINE_MANAGER) and (team is None or _unit_id(user) == team.pk)


def may_start_climate_check(user, team) -> bool:
    """`prevention.climate.start`: an editor for any team, a line manager for his own team."""
    if user.has_role(Role.EDITOR):
        return True
    if not user.has_role(Role.LINE_MANAGER):
        return False
    return team is None or _unit_id(user) == team.pk


def manages_climate_check(user, check) -> bool:
    """`prevention.climate.manage`: an editor, whoever started the check, or the team's manager."""
    if check is None:
        return False
    if user.has_role(Role.EDITOR) or check.created_by_id == user.pk:
        return True
    return user.has_role(Role.LINE_MANAGER) and _unit_id(user) == check.team_id


def follows_up_climate_check(user, check) -> bool:
    """`prevention.climate.follow_up`: who comes back to the agreements of a check on their date (in
    "my tasks"): whoever started it and the team's line manager — not every editor."""
    if check is None or not user.is_active:
        return False
    if check.created_by_id == user.pk:
        return True
    return user.has_role(Role.LINE_MANAGER) and _unit_id(user) == check.team_id


def sees_climate_check(user, check) -> bool:
    """`prevention.climate.view`: whoever manages it and the members of the team."""
    return check is not None and (manages_climate_check(user, check) or _unit_id(user) == check.team_id)


def may_answer_climate_check(user, check) -> bool:
    """`prevention.climate.answer`: a member of the team, once, while the check is open."""
    if check is None or _unit_id(user) != check.team_id or not check.is_open():
        return False
    return not check.participations.filter(user=user).exists()


def may_register_activity(user, team) -> bool:
    """`prevention.activity.register`: an integrity activity of a team (a theatre show, a
    masterclass) is registered by the team's line manager or by an editor, the prevention
    coordinator, for any team. With `team` None: whether he may register for some team."""
    return may_start_climate_check(user, team)


def manages_activity(user, activity) -> bool:
    """`prevention.activity.manage`: a registered activity (to read it with its evaluation results,
    and to correct it) is for whoever registered it, the team's line manager and editors; not for
    other teams, and not for policy staff (they see counts, `prevention.coverage`)."""
    if activity is None or not user.is_active:
        return False
    if user.has_role(Role.EDITOR) or getattr(activity, "registered_by_id", None) == user.pk:
        return True
    return user.has_role(Role.LINE_MANAGER) and _unit_id(user) == getattr(activity, "team_id", None)
