"""Where confidential work goes: the recipients of a report, the committee and the chief of a
complaint, and the conflicts of interest that exclude someone. Part of the policy because it
decides who may see a report: the `confidential.*` rules (`vik.policy.confidential`) ask this
module who the recipients are; the confidential app asks it where to send a report.

Routing: a report goes to the recipients of the kind the reporter chose (the integrity office of
the region, the chosen or the region's confidential advisors, the ombudsman). Conflict of interest:
a recipient who is named in the report (as a person concerned or by name in the text), who is the
line manager of a named person, or who is the reporter himself never sees it. When that excludes
every recipient of the chosen kind, the report falls back to the next circle (all advisors of the
region, then the central advisors; the ombudsman for the integrity office), so no report is lost.
"""

from django.db.models import Q

from vik.accounts.models import Role, Unit, User
from vik.accounts.selectors import unit_ids_under, users_with_role_in


def _confidential(*names: str) -> tuple:
    """The confidential app's model classes, through the app registry (see `vik.policy._models`)."""
    from . import _models

    return _models("confidential", *names)


def region_of(user):
    if not getattr(user, "employee_id", None):
        return None
    return user.employee.unit.region


def _named_in_text(user: User, *texts: str) -> bool:
    if not user.employee_id:
        return False
    name = user.employee.full_name.casefold()
    return any(name in (text or "").casefold() for text in texts)


def is_conflicted_on_report(user: User, report) -> bool:
    employee_id = user.employee_id
    if not employee_id:
        return False
    if report.reporter_id == employee_id:
        return True
    if report.persons_named.filter(Q(pk=employee_id) | Q(manager_id=employee_id)).exists():
        return True
    return _named_in_text(user, report.description)


def _users(role: str, region=None):
    if region is None:
        return User.objects.filter(groups__name=role, is_active=True).distinct()
    return users_with_role_in(region, role)


def escalation_chain(region: Unit) -> list[Unit]:
    """The region, the units above it, then the national units: where responsibility goes when a
    level has nobody for a task. A region of the demo has no parent, yet the national unit is the
    level above it in the organisation, so national units are always in the chain."""
    chain: list[Unit] = []
    unit = region
    while unit is not None and unit not in chain:
        chain.append(unit)
        unit = unit.parent
    chain += [u for u in Unit.objects.filter(kind=Unit.Kind.NATIONAL).order_by("code") if u not in chain]
    return chain


def _own_level_ids(unit: Unit) -> list[int]:
    """The unit and the units below it, except the regions below it (and their units): a national
    unit's own staff, not every region's."""
    ids = set(unit_ids_under(unit))
    for child in Unit.objects.filter(pk__in=ids, kind=Unit.Kind.REGION).exclude(pk=unit.pk):
        ids -= set(unit_ids_under(child))
    return list(ids)


def users_at_level(role: str, unit: Unit):
    """Active users with `role` working in `unit` itself or below it, but not in a region below it."""
    return User.objects.filter(groups__name=role, is_active=True,
                               employee__unit_id__in=_own_level_ids(unit)).distinct().select_related("employee")


def _chain_circles(role: str, region: Unit) -> list:
    return [users_at_level(role, unit) for unit in escalation_chain(region)]


def recipient_circles(recipient: str, region: Unit, advisor_id: int | None = None) -> list:
    """The circles of possible recipients in the order they are tried. The integrity office of the
    region, then up the unit tree, then the ombudsman. A chosen advisor, the advisors of the
    region (then up the tree), then the central advisors. The ombudsman, then the central
    advisors (confidential and independent of the line, as the reporter chose)."""
    (Report,) = _confidential("Report")
    circles: list = []
    if recipient == Report.Recipient.INTEGRITY_OFFICE:
        circles = [*_chain_circles(Role.INTEGRITY_OFFICE, region), _users(Role.OMBUDSMAN)]
    elif recipient == Report.Recipient.CONFIDENTIAL_ADVISOR:
        if advisor_id:
            circles.append(User.objects.filter(pk=advisor_id, is_active=True))
        circles += [*_chain_circles(Role.CONFIDENTIAL_ADVISOR, region), _users(Role.CONFIDENTIAL_ADVISOR_CENTRAL)]
    else:
        circles = [_users(Role.OMBUDSMAN), _users(Role.CONFIDENTIAL_ADVISOR_CENTRAL)]
    return circles


def recipients(report) -> list[User]:
    """The users who receive `report`, after excluding conflicts of interest (with fallback)."""
    for circle in recipient_circles(report.recipient, report.region, report.advisor_id):
        chosen = [u for u in circle.select_related("employee") if not is_conflicted_on_report(u, report)]
        if chosen:
            return chosen
    return []


def repeat_signal_recipients(signal) -> list[User]:
    """Who is told of a repeat-concern signal, and handles it: the active central advisors, except
    one the signal concerns. When it concerns the only central advisor, the other confidential
    advisors take it (again except one it concerns), so that a signal about the coordinator is not
    a dead end (tester t34)."""
    central = [u for u in _users(Role.CONFIDENTIAL_ADVISOR_CENTRAL) if not signal.concerns_employee(u.employee_id)]
    if central:
        return central
    return [u for u in _users(Role.CONFIDENTIAL_ADVISOR) if not signal.concerns_employee(u.employee_id)]


def signals_for_other_advisors():
    """The repeat signals no central advisor may take (`repeat_signal_recipients` falls back to the
    other advisors): all of them without a central advisor, those about him when there is one, none
    when there are two or more. Two queries, whatever the number of signals (an advisor's "my tasks"
    asks this)."""
    (RepeatSignal,) = _confidential("RepeatSignal")
    employee_ids = _users(Role.CONFIDENTIAL_ADVISOR_CENTRAL).values_list("employee_id", flat=True)
    central = RepeatSignal.pseudonyms_of(employee_ids)
    if not central:
        return RepeatSignal.objects.all()
    if len(central) > 1:
        return RepeatSignal.objects.none()
    return RepeatSignal.objects.filter(pseudonym__in=central)


def is_conflicted_on_complaint(user, complaint) -> bool:
    """Named in the complaint, as complainant or as the one complained about."""
    return _named_in_text(user, complaint.complainant, complaint.accused)


def deciding_chiefs(complaint) -> list[User]:
    """Who decides on the committee's advice: the chief of the complaint's unit; when that unit has
    no (unconflicted) chief, the chief one level up (in the end the national chief, the korpschef)."""
    for unit in escalation_chain(complaint.region):
        chiefs = [u for u in users_at_level(Role.CHIEF, unit) if not is_conflicted_on_complaint(u, complaint)]
        if chiefs:
            return chiefs
    return []


def committee_for(region: Unit):
    """The committee that takes a complaint from `region`, and a chair for it from another unit:
    (committee, chair) or None when no committee can (a dead end `checks.py` reports)."""
    (Committee,) = _confidential("Committee")
    for committee in Committee.objects.filter(regions=region).order_by("name"):
        members = [m for m in committee.members.filter(is_active=True, groups__name=Role.COMPLAINTS_COMMITTEE)
                   .select_related("employee__unit").order_by("last_name", "pk")]
        chairs = [m for m in members if (r := region_of(m)) is not None and r.pk != region.pk]
        if chairs:
            return committee, chairs[0]
    return None
