"""Who needs a second factor at sign-in (issue 14, item 4), and who may reset one.

A local account (demo, break-glass) whose role lets it see people's names signs in with a password
and a time-based code (TOTP) from an authenticator app. Roles that only see counts (policy staff)
and the plain employee, who sees his own reports and declarations, do not need one; anyone may
enrol. Single sign-on through the force's provider does its own multi-factor authentication.
"""

from vik.accounts.models import Role

NAME_ROLES = (
    # Signals and cases: betrokkenen, reporters, witnesses.
    Role.TRIAGE,
    Role.INVESTIGATOR_DISCIPLINARY,
    Role.INVESTIGATOR_CRIMINAL,
    Role.COMPETENT_AUTHORITY,
    # Signals sent back to the line, the care view of a case, declarations to decide on.
    Role.LINE_MANAGER,
    Role.CARE_CONTACT,
    # The audit trail names every actor.
    Role.AUDITOR,
    # Alerts under pseudonyms, but reveals and the declared relations name people.
    Role.SOC_ANALYST,
    # Reports, the advisors' register and complaints name reporters and those they are about.
    Role.CONFIDENTIAL_ADVISOR,
    Role.CONFIDENTIAL_ADVISOR_CENTRAL,
    Role.INTEGRITY_OFFICE,
    Role.OMBUDSMAN,
    Role.COMPLAINTS_COMMITTEE,
    Role.CHIEF,
    # Screenings and declarations.
    Role.VETTING,
    # Accounts, employees and the retention runs.
    Role.ADMIN,
)
"""Roles that see people's names. Not here: policy staff (counts only, cells under 5 suppressed)
and editors (help desks, theme sheets and dilemmas, no case data)."""


def needs_second_factor(user) -> bool:
    """Must this user give a code after his password before he sees any page?"""
    return user.has_role(*NAME_ROLES)


def may_reset(user, obj=None) -> bool:
    """`account.second_factor.reset`: a functional administrator resets a colleague's lost
    authenticator (the colleague then enrols a new one at his next sign-in)."""
    return user.has_role(Role.ADMIN)
