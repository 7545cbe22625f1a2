"""The rules of learning from cases (the `learning.*` actions of `vik.policy`).

The case library is for every employee (prevention is for everyone); the link back to a case only
for whoever may see the case (`case.view`). A learning point is written by policy staff or by the
case's lead investigator; learning circles are organised by policy staff, editors (prevention
coordinators) and line managers; an improvement is closed by its owner or the circle's organiser.
"""

from vik.accounts.models import Role

ORGANISER_ROLES = (Role.POLICY, Role.EDITOR, Role.LINE_MANAGER)


def reads_library(user, obj=None) -> bool:
    """`learning.library`: every employee with an account."""
    return True


def writes_point(user, case) -> bool:
    """`learning.point.write`: policy staff, or the lead investigator of the case (not conflicted)."""
    if user.has_role(Role.POLICY):
        return True
    if case is None:
        return False
    from . import _member_kinds, _models, is_conflicted_case

    (Member,) = _models("investigations", "Member")
    return (Member.Kind.LEAD_INVESTIGATOR in _member_kinds(user, case)
            and not is_conflicted_case(user, case))


def manages_point(user, point) -> bool:
    """`learning.point.manage` (publish, withdraw): policy staff, or who wrote it."""
    return point is not None and (user.has_role(Role.POLICY) or point.created_by_id == user.pk)


def organises_circles(user, obj=None) -> bool:
    """`learning.circle.organise`: policy staff, editors and line managers."""
    return user.has_role(*ORGANISER_ROLES)


def manages_circle(user, circle) -> bool:
    """`learning.circle.manage`: policy staff and editors for every circle, its organiser for his own."""
    if circle is None:
        return False
    return user.has_role(Role.POLICY, Role.EDITOR) or circle.created_by_id == user.pk


def sees_circle(user, circle) -> bool:
    """`learning.circle.view`: who manages it, its participants and the owners of its improvements."""
    if circle is None:
        return False
    if manages_circle(user, circle):
        return True
    employee_id = getattr(user, "employee_id", None)
    if employee_id and circle.participants.filter(pk=employee_id).exists():
        return True
    return circle.improvements.filter(owner=user).exists()


def completes_improvement(user, improvement) -> bool:
    """`learning.improvement.done`: its owner, or who manages the circle."""
    return improvement is not None and (improvement.owner_id == user.pk
                                        or manages_circle(user, improvement.circle))
