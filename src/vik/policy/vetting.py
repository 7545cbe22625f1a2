"""The rules of vetting and the reporting duty (the `vetting.*` actions of `vik.policy`).

Screenings are need-to-know for the vetting staff of VIK only, and never their own screening. A
declaration (meldplicht) is seen by the employee who made it and by whoever handles it: his line
manager for side activities, gifts and invitations, the vetting staff for financial matters and
relations (and for every declaration whose handler found a change relevant for the screening).
Policy staff see counts only; the SOC receives the declared relations as the engine's input.
"""

from vik.accounts.models import Role


def _employee_id(user) -> int | None:
    return getattr(user, "employee_id", None)


def is_vetting_staff(user, obj=None) -> bool:
    """`vetting.screenings`: the register of screenings and its due dates, for vetting staff with an
    employee record of their own."""
    return user.has_role(Role.VETTING) and bool(_employee_id(user))


def works_on_screening(user, screening) -> bool:
    """`vetting.screening.view` / `.manage`: vetting staff, never on their own screening."""
    return (screening is not None and is_vetting_staff(user)
            and screening.employee_id != _employee_id(user))


def may_declare(user, obj=None) -> bool:
    """`vetting.declare`: every employee with an account reports for himself."""
    return bool(_employee_id(user))


def is_declarant(user, declaration) -> bool:
    return declaration is not None and bool(_employee_id(user)) and declaration.employee_id == _employee_id(user)


def handles_declaration(user, declaration) -> bool:
    """The handler of a declaration: the declarant's line manager when the manager handles it, vetting
    staff when VIK does; never the declarant himself."""
    if declaration is None or is_declarant(user, declaration) or not _employee_id(user):
        return False
    if declaration.handler == "vik":
        return user.has_role(Role.VETTING)
    return declaration.employee.manager_id == _employee_id(user)


def sees_declaration(user, declaration) -> bool:
    """`vetting.declaration.view`: the declarant, its handler, and vetting staff once the handler
    found it relevant for the screening."""
    if declaration is None:
        return False
    if is_declarant(user, declaration) or handles_declaration(user, declaration):
        return True
    return (declaration.screening_relevant and user.has_role(Role.VETTING)
            and bool(_employee_id(user)))


def may_decide(user, declaration) -> bool:
    """`vetting.declaration.decide`: the handler, while the declaration awaits its decision."""
    return declaration is not None and declaration.is_open and handles_declaration(user, declaration)


def has_inbox(user, obj=None) -> bool:
    """`vetting.inbox`: the list of declarations to decide, for line managers and vetting staff."""
    return user.has_role(Role.LINE_MANAGER, Role.VETTING) and bool(_employee_id(user))
