"""The rules of the national triage (the `triage.national` and `signal.national_decide` actions
of `vik.policy`).

A unit routes a complex or cross-unit signal to the national triage; the national triage team
(triage members of the national unit) works it from its own queue and decides: take it on as a
case for the national team (LTIO), send it back to the unit's triage, or hand it to the prosecutor
(OM). Until it has decided, the signal is the national team's alone (`vik.policy._signal_triage`).
"""

from vik.accounts.models import Role


def is_national_triage(user, obj=None) -> bool:
    """`triage.national`: the national queue is for the triage members of the national unit."""
    from . import _employee_id, _is_national

    return user.has_role(Role.TRIAGE) and bool(_employee_id(user)) and _is_national(user)


def may_decide(user, signal) -> bool:
    """`signal.national_decide`: a national triage member decides on a signal waiting in the
    national queue, unless he has a conflict of interest on it (betrokkene, reporter, or line
    manager of a betrokkene)."""
    from . import _models, is_conflicted

    (Signal,) = _models("signals", "Signal")
    return (signal is not None and signal.status == Signal.Status.NATIONAL_TRIAGE
            and is_national_triage(user) and not is_conflicted(user, signal))


def works_nationally(user) -> bool:
    """Does this user work in the national unit (e.g. an investigator of the LTIO)? Not a
    permission: who may lead a case the national team took on."""
    from . import _is_national

    return _is_national(user)
