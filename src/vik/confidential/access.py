"""Who may see what in confidential work; the rules behind the `confidential.*` actions of
`vik.core.policy`.

Routing: a report goes to the recipients of the kind the reporter chose (the integrity office of
the region, the chosen or the region's confidential advisors, the ombudsman). Conflict of interest:
a recipient who is named in the report (as a person concerned or by name in the text), who is the
line manager of a named person, or who is the reporter himself never sees it. When that excludes
every recipient of the chosen kind, the report falls back to the next circle (all advisors of the
region, then the central advisors; the ombudsman for the integrity office), so no report is lost.
"""

from django.db.models import Q

from vik.accounts.models import Role, User
from vik.accounts.selectors import users_with_role_in

from .models import Complaint, Report

ADVISOR_ROLES = (Role.CONFIDENTIAL_ADVISOR, Role.CONFIDENTIAL_ADVISOR_CENTRAL)
RECIPIENT_ROLES = (Role.INTEGRITY_OFFICE, Role.CONFIDENTIAL_ADVISOR, Role.CONFIDENTIAL_ADVISOR_CENTRAL,
                   Role.OMBUDSMAN)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def region_of(user):
    if not getattr(user, "employee_id", None):
        return None
    return user.employee.unit.region


def _named_in_text(user: User, *texts: str) -> bool:
    if not user.employee_id:
        return False
    name = user.employee.full_name.casefold()
    return any(name in (text or "").casefold() for text in texts)


def is_conflicted_on_report(user: User, report: Report) -> bool:
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


def recipients(report: Report) -> list[User]:
    """The users who receive `report`, after excluding conflicts of interest (with fallback)."""
    circles: list = []
    if report.recipient == Report.Recipient.INTEGRITY_OFFICE:
        circles = [_users(Role.INTEGRITY_OFFICE, report.region), _users(Role.OMBUDSMAN)]
    elif report.recipient == Report.Recipient.CONFIDENTIAL_ADVISOR:
        if report.advisor_id:
            circles.append(User.objects.filter(pk=report.advisor_id, is_active=True))
        circles += [_users(Role.CONFIDENTIAL_ADVISOR, report.region), _users(Role.CONFIDENTIAL_ADVISOR_CENTRAL)]
    else:
        circles = [_users(Role.OMBUDSMAN)]
    for circle in circles:
        chosen = [u for u in circle.select_related("employee") if not is_conflicted_on_report(u, report)]
        if chosen:
            return chosen
    return []


def can_receive(user, report: Report) -> bool:
    if not _active(user) or not user.has_role(*RECIPIENT_ROLES):
        return False
    cache = getattr(user, "_vik_report_access", None)
    if cache is None:
        cache = user._vik_report_access = {}
    if report.pk not in cache:
        cache[report.pk] = any(u.pk == user.pk for u in recipients(report))
    return cache[report.pk]


def can_forward(user, report: Report) -> bool:
    if report.signal_id or report.closed_on or not can_receive(user, report):
        return False
    if report.recipient == Report.Recipient.CONFIDENTIAL_ADVISOR:
        return report.consent_on is not None
    return True


def is_own_report(user, report: Report) -> bool:
    """Named and confidential reporters follow their own report; anonymous ones use the code."""
    return bool(_active(user) and user.employee_id and report.reporter_id == user.employee_id
                and report.mode != Report.Mode.ANONYMOUS)


def is_advisor(user, obj=None) -> bool:
    return _active(user) and user.has_role(*ADVISOR_ROLES)


def is_central_advisor(user, obj=None) -> bool:
    return _active(user) and user.has_role(Role.CONFIDENTIAL_ADVISOR_CENTRAL)


def owns_contact(user, contact) -> bool:
    return is_advisor(user) and contact.advisor_id == user.pk


def is_recipient(user, obj=None) -> bool:
    return _active(user) and user.has_role(*RECIPIENT_ROLES)


def _complaint_conflicted(user, complaint: Complaint) -> bool:
    return _named_in_text(user, complaint.complainant, complaint.accused)


def is_committee_member(user, obj=None) -> bool:
    from .models import Committee

    return (_active(user) and user.has_role(Role.COMPLAINTS_COMMITTEE)
            and Committee.objects.filter(members=user).exists())


def can_handle_complaint(user, complaint: Complaint) -> bool:
    return (_active(user) and user.has_role(Role.COMPLAINTS_COMMITTEE)
            and complaint.committee.members.filter(pk=user.pk).exists()
            and not _complaint_conflicted(user, complaint))


def can_decide_complaint(user, complaint: Complaint) -> bool:
    """The chief of the complaint's unit, once the committee has advised."""
    if not (_active(user) and user.has_role(Role.CHIEF)) or complaint.advice_on is None:
        return False
    region = region_of(user)
    return region is not None and region.pk == complaint.region_id and not _complaint_conflicted(user, complaint)


def can_view_complaint(user, complaint: Complaint) -> bool:
    return can_handle_complaint(user, complaint) or can_decide_complaint(user, complaint)


def is_chief(user, obj=None) -> bool:
    return _active(user) and user.has_role(Role.CHIEF)
