"""The rules of protective monitoring's governance (the `monitoring.govern` action of `vik.policy`).

Detection at individual level is switched on or off by a recorded decision of a competent body
(e.g. after the works council's consent). Recording it is not the SOC's own call: only an
administrator or policy staff records it, and the SOC analysts who work with the alerts cannot.
"""

from vik.accounts.models import Role


def records_detection_decision(user, obj=None) -> bool:
    """`monitoring.govern`: administrators and policy staff record (and read) the decisions."""
    return user.has_role(Role.ADMIN, Role.POLICY)
