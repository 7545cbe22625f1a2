"""The rules of confidential work (the `confidential.*` actions of `vik.policy`).

The reporting channel, the advisors' register and the complaints procedure are compartments: a
report is for its recipients (routing and conflicts of interest in `vik.policy.routing`), the
register for the advisor who keeps it (the central advisor sees aggregates only), a complaint for
its committee and the chief who decides on the committee's advice. Every rule takes `(user, obj)`;
`vik.policy.can` has already refused anonymous and inactive users.
"""

from vik.accounts.models import Role

from .routing import _confidential, deciding_chiefs, is_conflicted_on_complaint, recipients

ADVISOR_ROLES = (Role.CONFIDENTIAL_ADVISOR, Role.CONFIDENTIAL_ADVISOR_CENTRAL)
RECIPIENT_ROLES = (Role.INTEGRITY_OFFICE, *ADVISOR_ROLES, Role.OMBUDSMAN)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def receivable_report_kinds(user) -> list[str]:
    """The kinds of report (`Report.Recipient`) whose recipients may include this user: the integrity
    office's reports for its staff and the ombudsman, the ombudsman's for the ombudsman, the
    advisors' for the advisors. Which reports of those kinds reach him is `can_receive`."""
    (Report,) = _confidential("Report")
    kinds = []
    if user.has_role(Role.INTEGRITY_OFFICE, Role.OMBUDSMAN):
        kinds.append(Report.Recipient.INTEGRITY_OFFICE)
    if user.has_role(Role.OMBUDSMAN):
        kinds.append(Report.Recipient.OMBUDSMAN)
    if user.has_role(*ADVISOR_ROLES):
        kinds.append(Report.Recipient.CONFIDENTIAL_ADVISOR)
    return kinds


def is_recipient(user, obj=None) -> bool:
    """`confidential.inbox`: the integrity office, the advisors and the ombudsman have an inbox."""
    return _active(user) and user.has_role(*RECIPIENT_ROLES)


def can_receive(user, report) -> bool:
    """`confidential.report.view` / `.handle`: the recipients of this report after routing and
    conflicts of interest (`vik.policy.routing.recipients`); cached per report on the user."""
    if not is_recipient(user):
        return False
    cache = getattr(user, "_vik_report_access", None)
    if cache is None:
        cache = user._vik_report_access = {}
    if report.pk not in cache:
        cache[report.pk] = any(u.pk == user.pk for u in recipients(report))
    return cache[report.pk]


def can_forward(user, report) -> bool:
    """`confidential.report.forward`: a recipient sends an open report to triage once; a report to
    an advisor only with the reporter's consent."""
    (Report,) = _confidential("Report")
    if report.signal_id or report.closed_on or not can_receive(user, report):
        return False
    if report.recipient == Report.Recipient.CONFIDENTIAL_ADVISOR:
        return report.consent_on is not None
    return True


def is_own_report(user, report) -> bool:
    """`confidential.report.own`: named and confidential reporters follow their own report;
    anonymous ones use the code."""
    (Report,) = _confidential("Report")
    return bool(_active(user) and user.employee_id and report.reporter_id == user.employee_id
                and report.mode != Report.Mode.ANONYMOUS)


def is_advisor(user, obj=None) -> bool:
    """`confidential.register`: confidential advisors (local and central) keep a register."""
    return _active(user) and user.has_role(*ADVISOR_ROLES)


def is_central_advisor(user, obj=None) -> bool:
    """`confidential.coordinate` / `.annual_report`: the central advisor sees the totals."""
    return _active(user) and user.has_role(Role.CONFIDENTIAL_ADVISOR_CENTRAL)


def sees_repeat_signals(user, obj=None) -> bool:
    """`confidential.repeat`: the central advisor is told when several contacts in the register,
    possibly of different advisors, concern the same person, so that he can bring the advisors
    involved together; the decentral advisors never see each other's contacts. An advisor sees them
    only when a signal about the central advisor himself is his (`can_view_repeat_signal`)."""
    if is_central_advisor(user):
        return True
    if not is_advisor(user):
        return False
    from .routing import signals_for_other_advisors

    # (closed ones too: the advisor who handled one reads it again afterwards; tester t36 got a 500)
    employee_id = getattr(user, "employee_id", None)
    return any(not s.concerns_employee(employee_id) for s in signals_for_other_advisors().only("pseudonym")[:100])


def can_view_repeat_signal(user, signal) -> bool:
    """`confidential.repeat.view`: whoever `routing.repeat_signal_recipients` names — a central
    advisor, or when the signal concerns the only one, the other advisors — never one the signal
    concerns (VIK knows that from the pseudonym alone, without ever showing whom it concerns)."""
    from .routing import repeat_signal_recipients

    concerns = getattr(signal, "concerns_employee", None)
    if not is_advisor(user) or concerns is None or concerns(getattr(user, "employee_id", None)):
        return False
    return is_central_advisor(user) or any(u.pk == user.pk for u in repeat_signal_recipients(signal))


def sees_evaluations(user, obj=None) -> bool:
    """`confidential.evaluations`: the central advisor sees the evaluations of complaints as counts
    and averages (whether the complaints procedure works), never one complaint."""
    return is_central_advisor(user)


def owns_contact(user, contact) -> bool:
    """`confidential.contact`: a register entry is its advisor's alone."""
    return is_advisor(user) and contact.advisor_id == user.pk


def is_committee_member(user, obj=None) -> bool:
    """`confidential.complaints`: members of a complaints committee see its complaints list."""
    (Committee,) = _confidential("Committee")
    return (_active(user) and user.has_role(Role.COMPLAINTS_COMMITTEE)
            and Committee.objects.filter(members=user).exists())


def can_handle_complaint(user, complaint) -> bool:
    """`confidential.complaint.handle`: a member of the complaint's committee who is not named in it."""
    return (_active(user) and user.has_role(Role.COMPLAINTS_COMMITTEE)
            and complaint.committee.members.filter(pk=user.pk).exists()
            and not is_conflicted_on_complaint(user, complaint))


def can_decide_complaint(user, complaint) -> bool:
    """`confidential.complaint.decide`: the chief responsible for the complaint's unit (see
    `deciding_chiefs`), once the committee has advised."""
    if not (_active(user) and user.has_role(Role.CHIEF)) or complaint.advice_on is None:
        return False
    return any(u.pk == user.pk for u in deciding_chiefs(complaint))


def can_view_complaint(user, complaint) -> bool:
    """`confidential.complaint.view`: whoever handles or decides it."""
    return can_handle_complaint(user, complaint) or can_decide_complaint(user, complaint)


def is_chief(user, obj=None) -> bool:
    """`confidential.decisions`: chiefs see the complaints awaiting their decision."""
    return _active(user) and user.has_role(Role.CHIEF)


def can_file_complaint(user, obj=None) -> bool:
    """`confidential.complaint.file`: every active employee may file a formal complaint about
    undesirable behaviour with the committee of his unit."""
    return bool(_active(user) and user.employee_id)
