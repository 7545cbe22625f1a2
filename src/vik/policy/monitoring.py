"""The rules of protective monitoring's governance (the `monitoring.govern` action of `vik.policy`).

Detection at individual level is switched on or off by a recorded decision of a competent body
(e.g. after the works council's consent). Recording it is not the SOC's own call: only an
administrator or policy staff records it, and the SOC analysts who work with the alerts cannot.
"""

from vik.accounts.models import Role


def records_detection_decision(user, obj=None) -> bool:
    """`monitoring.govern`: functional administrators record the decisions. Switching detection at
    individual level on is the most far-reaching act of the module, so it is not for a role that
    signs in with a password alone (tester t40: policy staff could, without a second factor)."""
    return user.has_role(Role.ADMIN)


def reads_detection_decisions(user, obj=None) -> bool:
    """`monitoring.govern.view`: administrators and policy staff read the decisions and their
    history (policy staff answer for the mode the module runs in)."""
    return user.has_role(Role.ADMIN, Role.POLICY)
