"""The one permission policy of VIK.

Views, the API, selectors and services all ask this module: `can(user, action, obj)` for one
object and `visible_signals` / `visible_cases` for lists. Rules, in short:

* least privilege: a role grants nothing by itself beyond its own work list;
* need-to-know: a case is open only to its members; a signal to the triage team of its region,
  to the members of its cases and to the manager it was sent back to;
* conflict of interest: whoever is a betrokkene or the reporter of a signal, or the line manager
  of a betrokkene, is excluded from it and its cases, whatever his roles;
* separation of tracks: documents of a criminal case are only for its investigators.

Every action is a named rule in `_RULES` (the set of them is `ACTIONS`); the rules of confidential
work, of prevention and of vetting are in `vik.policy.confidential`, `vik.policy.prevention` and
`vik.policy.vetting`. No other module
checks a role to decide a permission (a test greps for it). Views fetch what they show with
`get_or_404(user, action, queryset, pk=...)` and guard a page with `require(user, action)`: a refusal
is recorded in the audit trail and answered with 404.

The policy sits above the foundation (`core`, `accounts`, `audit`, `formats`) and reads the domain
apps' models; the domain apps' services, selectors and views ask it.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from vik.accounts.models import Role


def _models(app_label: str, *names: str) -> tuple:
    """Classes of a domain app's models module (models and their choices), found through Django's
    app registry rather than imported: the policy reads the domain apps' models, and the domain apps
    ask the policy, so an import would make every app a loop with the policy. Raises AttributeError
    for a name the app's models module does not define."""
    from django.apps import apps

    module = apps.get_app_config(app_label).models_module
    return tuple(getattr(module, name) for name in names)

SIGNAL_CREATORS = (
    Role.TRIAGE,
    Role.LINE_MANAGER,
    Role.INVESTIGATOR_DISCIPLINARY,
    Role.INVESTIGATOR_CRIMINAL,
    Role.COMPETENT_AUTHORITY,
    Role.SOC_ANALYST,
    # Recipients of the reporting channel forward a report to triage by an explicit act.
    Role.INTEGRITY_OFFICE,
    Role.CONFIDENTIAL_ADVISOR,
    Role.CONFIDENTIAL_ADVISOR_CENTRAL,
    Role.OMBUDSMAN,
)


def _employee_id(user) -> int | None:
    return getattr(user, "employee_id", None)


def _region_id(user) -> int | None:
    return _region_of(user)[0]


def _region_of(user) -> tuple[int | None, bool]:
    """The id of the user's region (the region or national unit above his own unit) and whether
    it is the national unit; read with his employee record, kept on the user object (one request)."""
    cached = getattr(user, "_vik_region", None)
    if cached is None:
        cached = (None, False)
        if _employee_id(user):
            from vik.accounts.models import Employee, Unit, User

            # The employee, his team, district and region in one query (the walk up to the region
            # reads further only for a deeper tree); the employee stays on the user for the page.
            if not User.employee.is_cached(user):
                user.employee = Employee.objects.select_related("unit__parent__parent").get(pk=user.employee_id)
            region = user.employee.unit.region
            cached = (region.id, region.kind == Unit.Kind.NATIONAL)
        user._vik_region = cached
    return cached


def _is_national(user) -> bool:
    return _region_of(user)[1]


def conflicted_signal_ids(user, *, managers: bool = True) -> frozenset[int]:
    """Ids of the signals the user is conflicted on: as betrokkene or reporter and (with
    `managers`) as line manager of a betrokkene. Three indexed look-ups; a short id list excludes
    far faster than OR-ed joins over every signal."""
    employee_id = _employee_id(user)
    if not employee_id:
        return frozenset()
    from .memo import remembered

    # The user's own part (betrokkene, reporter) is asked with and without the managers' part
    # within one request (visible_signals asks both): it is read once.
    own = remembered(("conflicts", employee_id, False), lambda: _own_conflicts(employee_id))
    if not managers:
        return own
    return remembered(("conflicts", employee_id, True), lambda: own | _managed_conflicts(employee_id))


def _own_conflicts(employee_id: int) -> frozenset[int]:
    (Signal,) = _models("signals", "Signal")

    ids = set(Signal.subjects.through.objects.filter(employee_id=employee_id).values_list("signal_id", flat=True))
    ids |= set(Signal.objects.filter(reporter_id=employee_id).order_by().values_list("pk", flat=True))
    return frozenset(ids)


def _managed_conflicts(employee_id: int) -> frozenset[int]:
    (Signal,) = _models("signals", "Signal")

    return frozenset(Signal.subjects.through.objects.filter(employee__manager_id=employee_id)
                     .values_list("signal_id", flat=True))


def conflicted_employee_ids(signal) -> frozenset[int]:
    """The employees with a conflict of interest on `signal`, seen from the signal's side of the
    rule `conflicted_signal_ids` applies from the user's side: its betrokkenen, their line
    managers and the reporter. One query for a whole list of candidates (triage participants)."""
    ids: set[int] = set()
    for employee_id, manager_id in signal.subjects.values_list("pk", "manager_id"):
        ids.add(employee_id)
        if manager_id:
            ids.add(manager_id)
    if signal.reporter_id:
        ids.add(signal.reporter_id)
    return frozenset(ids)


def visible_signals(user, qs: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    (Member,) = _models("investigations", "Member")
    (TriageDecision,) = _models("triage", "TriageDecision")

    employee_id = _employee_id(user)
    # Care is not the case file: a care-only member of a case does not see its signal.
    member_signals = Member.objects.filter(user=user).exclude(kind=Member.Kind.CARE_CONTACT).values(
        "case__signal_id")
    work = Q(pk__in=member_signals)
    if user.has_role(Role.TRIAGE) and _region_id(user):
        work |= Q(region_id=_region_id(user))
        if _is_national(user):
            # Need to know: the national team sees what a region routed to it and what it
            # decided itself, not every region's signals.
            (Signal,) = _models("signals", "Signal")
            (Route,) = _models("triage", "Route")

            work |= Q(status=Signal.Status.NATIONAL_TRIAGE) | Q(pk__in=TriageDecision.objects.filter(
                Q(route=Route.NATIONAL) | Q(decided_by=user)).values("signal_id"))
    conflicts = conflicted_signal_ids(user)
    allowed = work & ~Q(pk__in=conflicts)
    if employee_id:
        # The manager a signal was sent back to handles it in the line, even as the betrokkene's
        # own manager; he is still excluded when he is a betrokkene or the reporter himself.
        line = TriageDecision.objects.filter(current=True, line_manager_id=employee_id).values(
            "signal_id")
        own = conflicted_signal_ids(user, managers=False)
        allowed |= Q(pk__in=line) & ~Q(pk__in=own)
    return qs.filter(allowed)


def visible_case_files(user, qs: QuerySet) -> QuerySet:
    """Cases whose file the user may read (`case.file`): visible cases he works on as lead,
    investigator or competent authority; not those where he is only the care contact, who sees the
    care part of the case page and nothing through the API."""
    (Member,) = _models("investigations", "Member")
    working = Member.objects.filter(user=user).exclude(kind=Member.Kind.CARE_CONTACT).values("case_id")
    return visible_cases(user, qs).filter(pk__in=working)


def visible_cases(user, qs: QuerySet) -> QuerySet:
    """Cases the user is a member of, minus conflicts of interest. A care-only member (usually the
    betrokkene's line manager) is not excluded for being that manager."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    (Member,) = _models("investigations", "Member")

    employee_id = _employee_id(user)
    mine = Member.objects.filter(user=user)
    work_ids = mine.filter(kind__in=["lead", "investigator", "authority"]).values("case_id")
    care_ids = mine.filter(kind="care").values("case_id")
    if not employee_id:
        return qs.filter(Q(pk__in=work_ids) | Q(pk__in=care_ids))
    conflicts = conflicted_signal_ids(user)
    own = conflicted_signal_ids(user, managers=False) if conflicts else conflicts
    as_worker = Q(pk__in=work_ids) & ~Q(subject__manager_id=employee_id) & ~Q(signal_id__in=conflicts)
    as_care = Q(pk__in=care_ids) & ~Q(signal_id__in=own)
    return qs.filter(as_worker | as_care).exclude(subject_id=employee_id)


def is_conflicted(user, signal, *, managers: bool = True) -> bool:
    """Is the user a betrokkene or the reporter of this signal, or (with `managers`) the line
    manager of a betrokkene? Cached per signal on the user object: a signal's betrokkenen and
    reporter do not change after registration, and a page asks this many times."""
    employee_id = _employee_id(user)
    if not employee_id:
        return False
    cache = getattr(user, "_vik_conflicted", None)
    if cache is None:
        cache = user._vik_conflicted = {}
    key = (signal.pk, managers)
    if key not in cache:
        q = Q(pk=employee_id) | Q(manager_id=employee_id) if managers else Q(pk=employee_id)
        cache[key] = signal.reporter_id == employee_id or signal.subjects.filter(q).exists()
    return cache[key]


def _member_kinds(user, case) -> set[str]:
    cache = getattr(user, "_vik_member_kinds", None)
    if cache is None:
        cache = user._vik_member_kinds = {}
    if case.pk not in cache:
        cache[case.pk] = set(case.members.filter(user=user).values_list("kind", flat=True))
    return cache[case.pk]


def forget_memberships(user) -> None:
    """Forget the case memberships read for `user` in this request (``_member_kinds``): after an
    act that changed them (care handed over), the next question reads them again."""
    try:
        del user._vik_member_kinds  # through a lazy request.user too (it forwards deletion)
    except AttributeError:
        pass


def can(user, action: str, obj=None) -> bool:
    """May `user` perform `action` (on `obj`)? Unknown actions are refused."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    rule = _RULES.get(action)
    if rule is None:
        return False
    return rule(user, obj)


def _signal_create(user, obj) -> bool:
    return user.has_role(*SIGNAL_CREATORS)


def _signal_view(user, signal) -> bool:
    from .memo import remembered

    return remembered(("signal.view", user.pk, signal.pk),
                      lambda: visible_signals(user, type(signal).objects.filter(pk=signal.pk)).exists())


def _signal_follow(user, signal) -> bool:
    """Reference and status only (no triage content): whoever may view the signal, and whoever
    registered it, e.g. the SOC analyst who sent a confirmed alert to triage, unless conflicted
    as betrokkene or reporter."""
    if signal.registered_by_id == user.pk and not is_conflicted(user, signal, managers=False):
        return True
    return _signal_view(user, signal)


def _signal_triage(user, signal) -> bool:
    """Triage members of the signal's region, and the national triage team. A signal routed to
    the national triage is theirs alone until they act on it: the region may no longer decide
    on it or open a case for it (found by a newcomer: the region started a case around them)."""
    if not user.has_role(Role.TRIAGE) or is_conflicted(user, signal):
        return False
    (Signal,) = _models("signals", "Signal")

    region = _region_id(user)
    status = getattr(signal, "status", None)
    if status in (Signal.Status.NATIONAL_TRIAGE, Signal.Status.NATIONAL_TEAM):
        return _is_national(user)
    if status == Signal.Status.RETURNED:
        # Sent back by the national triage: the unit's own triage decides again.
        return region is not None and region == signal.region_id
    return region is not None and (region == signal.region_id
                                   or (_is_national(user) and _signal_view(user, signal)))


def _signal_reporter(user, signal) -> bool:
    """Who reported is known only to those who need it: the triage team that weighs the signal
    and the investigators who may hear the reporter. A line manager the signal was sent back to,
    a care contact or the competent authority does not learn who reported his employee."""
    if not _signal_view(user, signal):
        return False
    if _signal_triage(user, signal):
        return True
    (Member,) = _models("investigations", "Member")

    return Member.objects.filter(user=user, case__signal=signal,
                                 kind__in=["lead", "investigator"]).exists()


def _signal_line_report(user, signal) -> bool:
    employee_id = _employee_id(user)
    if not employee_id or is_conflicted(user, signal, managers=False):
        return False
    return signal.triage_decisions.filter(current=True, line_manager_id=employee_id).exists()


def _case_member_any(user, case) -> bool:
    kinds = _member_kinds(user, case)
    if kinds - {"care"}:
        return not is_conflicted_case(user, case)
    return bool(kinds) and not is_conflicted_case(user, case, managers=False)


def is_care_only(user, case) -> bool:
    """Care contacts see the care part of a case, not the investigation file."""
    return _member_kinds(user, case) == {"care"}


def is_conflicted_case(user, case, *, managers: bool = True) -> bool:
    """The betrokkene, the reporter and (with `managers`) the betrokkene's line manager are
    excluded. The line manager may still be the care contact: care is the manager's duty."""
    employee_id = _employee_id(user)
    if not employee_id:
        return False
    if case.subject_id == employee_id:
        return True
    if managers and case.subject.manager_id == employee_id:
        return True
    return is_conflicted(user, case.signal, managers=managers)


def _case_kinds(*kinds: str):
    def rule(user, case) -> bool:
        held = _member_kinds(user, case) & set(kinds)
        if not held:
            return False
        return not is_conflicted_case(user, case, managers=held != {"care"})

    return rule


def _case_documents(user, case) -> bool:
    Member, Track = _models("investigations", "Member", "Track")

    kinds = set(Member.INVESTIGATING)
    if case.track != Track.CRIMINAL:
        kinds |= {Member.Kind.COMPETENT_AUTHORITY}
    return bool(_member_kinds(user, case) & kinds) and not is_conflicted_case(user, case)


def _own_case(user, case) -> bool:
    """`case.own`: the betrokkene follows his own case ("Mijn zaak") once he has been told of it
    (the aanzegging), never in the criminal track, whose information stays with the OM and the
    Rijksrecherche. He sees what concerns him, never the investigation file."""
    employee_id = _employee_id(user)
    if case is None or not employee_id or case.subject_id != employee_id:
        return False
    (Track,) = _models("investigations", "Track")
    return case.track != Track.CRIMINAL and hasattr(case, "aanzegging")


def _role(*roles: str):
    def rule(user, obj) -> bool:
        return user.has_role(*roles)

    return rule


def _investigating():
    (Member,) = _models("investigations", "Member")

    return _case_kinds(*Member.INVESTIGATING)


# Which investigators work on which track (the criminal track has investigators of its own).
INVESTIGATOR_ROLE = {
    "criminal": Role.INVESTIGATOR_CRIMINAL,
    "disciplinary": Role.INVESTIGATOR_DISCIPLINARY,
    "orienting": Role.INVESTIGATOR_DISCIPLINARY,
}


def _triage_member(user, obj=None) -> bool:
    """A member of a triage team (of a region, or the national one): he has a triage queue and
    opens triage sessions. Without an employee record he belongs to no region, so to no team."""
    return user.has_role(Role.TRIAGE) and bool(_employee_id(user))


def _national_triage(user, obj=None) -> bool:
    from .national import is_national_triage

    return is_national_triage(user, obj)


def _national_decide(user, signal) -> bool:
    from .national import may_decide

    return may_decide(user, signal)


def works_nationally(user) -> bool:
    """Asked by investigations: may this user lead a case the national team took on (does he work
    in the national unit, e.g. the LTIO)? See `vik.policy.national`."""
    from .national import works_nationally as works

    return works(user)


def _serves_as_authority(user, obj=None) -> bool:
    """May this user be named the competent authority of a case (not: may he act on one)?"""
    return user.has_role(Role.COMPETENT_AUTHORITY)


def _serves_as_investigator(user, obj) -> bool:
    """May this user investigate on the track of `obj` (a case or a case type)? Criminal cases
    have criminal investigators; disciplinary and orienting ones disciplinary investigators."""
    return obj is not None and user.has_role(INVESTIGATOR_ROLE[obj.track])


def _people_search(user, obj=None) -> bool:
    """The person picker's suggestions (name, unit, function): only roles whose forms choose people
    (registering a signal, triage, case members, care contacts), with an employee record of their
    own; not every account (policy staff, auditors and editors name nobody)."""
    return user.has_role(*SIGNAL_CREATORS, Role.CARE_CONTACT, Role.VETTING) and bool(_employee_id(user))


def _stats_quality_unit(user, unit) -> bool:
    """The registration-quality drill-down of one region: policy staff for every unit (they see
    counts only), a unit's own staff for their own region (`stats.quality` first)."""
    if not can(user, "stats.quality"):
        return False
    if user.has_role(Role.POLICY):
        return True
    return unit is not None and _region_id(user) == unit.pk


def require(user, action: str, obj=None, *, why: str | None = None, object_type: str = "",
            object_id: str = "") -> None:
    """Raise 404 unless `can(user, action, obj)`, after recording the refusal in the audit trail
    (reason `why`, the action itself by default). A 404, not a 403: the existence of what a user
    may not see is not disclosed."""
    if not can(user, action, obj):
        from vik.audit.services import record_denied

        record_denied(user, obj, object_type=object_type, object_id=object_id, why=why or action)
        raise Http404


def get_or_404(user, action: str, queryset, *, why: str | None = None, **lookup):
    """The object of `queryset` (a model or a queryset) matching `lookup` when `can(user, action,
    obj)`. The one "fetch → can → audit the refusal → 404" of every view: a missing object and a
    refused one answer the same 404, and only the refusal is audited (see `require`)."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    require(user, action, obj, why=why)
    return obj


from . import confidential as _confidential  # noqa: E402  (rules that read the policy's helpers above)
from . import learning as _learning  # noqa: E402
from . import monitoring as _monitoring  # noqa: E402
from . import prevention as _prevention  # noqa: E402
from . import second_factor as _second_factor  # noqa: E402
from . import vetting as _vetting  # noqa: E402

_RULES = {
    "signal.create": _signal_create,
    "signal.view": _signal_view,
    "signal.follow": _signal_follow,
    "signal.triage": _signal_triage,
    "signal.line_report": _signal_line_report,
    "people.search": _people_search,
    "triage.queue": _triage_member,
    "triage.session.open": _triage_member,
    # The national queue and the national triage's decisions (take on, send back, to the OM).
    "triage.national": _national_triage,
    "signal.national_decide": _national_decide,
    "signal.reporter": _signal_reporter,
    "case.view": _case_member_any,
    # The case file (everything but the care part; the API serves only this): its working members.
    "case.file": _case_kinds("lead", "investigator", "authority"),
    "case.work": lambda u, c: _investigating()(u, c),
    "case.authority": _case_kinds("authority"),
    "case.assign": _case_kinds("lead", "authority"),
    "case.manage": _case_kinds("lead", "investigator", "authority"),
    "case.care": _case_kinds("lead", "investigator", "authority", "care"),
    "case.documents": _case_documents,
    # A request of the betrokkene (more investigation, a witness, documents) is decided by the
    # case's lead investigator or its competent authority.
    "case.rights.decide": _case_kinds("lead", "authority"),
    # The expected end date told to the betrokkene: the case's lead investigator or its authority.
    "case.expected_end": _case_kinds("lead", "authority"),
    # The betrokkene's own view of his case (after the aanzegging, never the criminal track).
    "case.own": _own_case,
    # Who may be named to a case (asked of the candidate, not of the one who names him).
    "case.serve.authority": _serves_as_authority,
    "case.serve.investigator": _serves_as_investigator,
    "audit.view": _role(Role.AUDITOR),
    "stats.view": _role(Role.POLICY),
    # The registration-quality drill-down: policy staff (counts only) and a unit's own staff, who
    # see references only of records they may open (the dashboard view limits them to their unit).
    "stats.quality": _role(Role.POLICY, Role.TRIAGE, Role.INVESTIGATOR_DISCIPLINARY,
                           Role.INVESTIGATOR_CRIMINAL, Role.COMPETENT_AUTHORITY),
    "stats.quality.unit": _stats_quality_unit,
    "config.manage": _role(Role.ADMIN),
    "monitoring.prevention": _role(Role.SOC_ANALYST, Role.POLICY),
    "monitoring.review": _role(Role.SOC_ANALYST),
    "monitoring.govern": _monitoring.records_detection_decision,
    "monitoring.govern.view": _monitoring.reads_detection_decisions,
    "confidential.inbox": _confidential.is_recipient,
    "confidential.report.view": _confidential.can_receive,
    "confidential.report.handle": _confidential.can_receive,
    "confidential.report.forward": _confidential.can_forward,
    "confidential.report.own": _confidential.is_own_report,
    "confidential.register": _confidential.is_advisor,
    "confidential.contact": _confidential.owns_contact,
    "confidential.coordinate": _confidential.is_central_advisor,
    "confidential.annual_report": _confidential.is_central_advisor,
    "confidential.repeat": _confidential.sees_repeat_signals,
    "confidential.repeat.view": _confidential.can_view_repeat_signal,
    "confidential.evaluations": _confidential.sees_evaluations,
    "confidential.complaints": _confidential.is_committee_member,
    "confidential.complaint.view": _confidential.can_view_complaint,
    "confidential.complaint.handle": _confidential.can_handle_complaint,
    "confidential.complaint.decide": _confidential.can_decide_complaint,
    "confidential.decisions": _confidential.is_chief,
    # Every employee may file a formal complaint with the committee of his unit.
    "confidential.complaint.file": _confidential.can_file_complaint,
    # Prevention and knowledge: editors maintain the content; facilitators run dilemma sessions;
    # a team's climate check is for that team and its manager only (never compared across teams).
    "knowledge.edit": _role(Role.EDITOR),
    "learning.library": _learning.reads_library,
    "learning.point.write": _learning.writes_point,
    "learning.point.manage": _learning.manages_point,
    "learning.circle.organise": _learning.organises_circles,
    "learning.circle.manage": _learning.manages_circle,
    "learning.circle.view": _learning.sees_circle,
    "learning.improvement.done": _learning.completes_improvement,
    "prevention.edit": _prevention.is_editor,
    "prevention.facilitate": _role(Role.LINE_MANAGER, Role.EDITOR, *_confidential.ADVISOR_ROLES),
    "prevention.session.run": _prevention.runs_session,
    "prevention.session.team": _prevention.may_hold_session_for,
    "prevention.climate.start": _prevention.may_start_climate_check,
    "prevention.climate.manage": _prevention.manages_climate_check,
    "prevention.climate.follow_up": _prevention.follows_up_climate_check,
    "prevention.climate.view": _prevention.sees_climate_check,
    "prevention.climate.answer": _prevention.may_answer_climate_check,
    # The register of a team's integrity activities: the team's own manager and the prevention
    # coordinator; policy staff see only counts of teams with and without an activity per unit.
    "prevention.activity.register": _prevention.may_register_activity,
    "prevention.activity.manage": _prevention.manages_activity,
    "prevention.coverage": _role(Role.POLICY, Role.EDITOR),
    # Vetting and the reporting duty: screenings for vetting staff only; a declaration for its
    # declarant and handler; counts for policy staff; declared relations for the SOC's engine.
    "vetting.screenings": _vetting.is_vetting_staff,
    "vetting.screening.view": _vetting.works_on_screening,
    "vetting.screening.manage": _vetting.works_on_screening,
    "vetting.declare": _vetting.may_declare,
    "vetting.declaration.view": _vetting.sees_declaration,
    "vetting.declaration.decide": _vetting.may_decide,
    "vetting.inbox": _vetting.has_inbox,
    "vetting.aggregates": _role(Role.POLICY),
    "vetting.relations.export": _role(Role.SOC_ANALYST, Role.VETTING),
    # A lost authenticator: an administrator resets the second factor of a local account.
    "account.second_factor.reset": _second_factor.may_reset,
}
ACTIONS = frozenset(_RULES)
"""Every action the policy knows (the permission-matrix test has a row for each)."""

# Asked by the confidential selectors (which kinds of report to look through for an inbox).
receivable_report_kinds = _confidential.receivable_report_kinds
ADVISOR_ROLES = _confidential.ADVISOR_ROLES
# Asked at sign-in (vik.secondfactor): does this user's role see names, so need a second factor?
needs_second_factor = _second_factor.needs_second_factor
