"""The one permission policy of VIK.

Views, the API, selectors and services all ask this module: `can(user, action, obj)` for one
object and `visible_signals` / `visible_cases` for lists. Rules, in short:

* least privilege: a role grants nothing by itself beyond its own work list;
* need-to-know: a case is open only to its members; a signal to the triage team of its region,
  to the members of its cases and to the manager it was sent back to;
* conflict of interest: whoever is a betrokkene or the reporter of a signal, or the line manager
  of a betrokkene, is excluded from it and its cases, whatever his roles;
* separation of tracks: documents of a criminal case are only for its investigators.
"""

from django.db.models import Q, QuerySet

from vik.accounts.models import Role

SIGNAL_CREATORS = (
    Role.TRIAGE,
    Role.LINE_MANAGER,
    Role.INVESTIGATOR_DISCIPLINARY,
    Role.INVESTIGATOR_CRIMINAL,
    Role.COMPETENT_AUTHORITY,
    Role.SOC_ANALYST,
)


def _employee_id(user) -> int | None:
    return getattr(user, "employee_id", None)


def _region_id(user) -> int | None:
    cached = getattr(user, "_vik_region_id", "unset")
    if cached == "unset":
        cached = None
        if _employee_id(user):
            cached = user.employee.unit.region.id
        user._vik_region_id = cached
    return cached


def _is_national(user) -> bool:
    from vik.accounts.models import Unit

    region = _region_id(user)
    return region is not None and Unit.objects.filter(id=region, kind=Unit.Kind.NATIONAL).exists()


def _conflict_exclusion(employee_id: int | None, *, managers: bool = True) -> Q:
    """Q matching the signals an employee is conflicted on: as betrokkene or reporter, and (with
    `managers`) as line manager of a betrokkene."""
    if not employee_id:
        return Q(pk__in=[])
    q = Q(subjects=employee_id) | Q(reporter=employee_id)
    if managers:
        q |= Q(subjects__manager=employee_id)
    return q


def visible_signals(user, qs: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    model = qs.model
    employee_id = _employee_id(user)
    work = Q(cases__members__user=user)
    if user.has_role(Role.TRIAGE) and _region_id(user):
        work |= Q() if _is_national(user) else Q(region_id=_region_id(user))
    allowed = model.objects.filter(work).exclude(
        pk__in=model.objects.filter(_conflict_exclusion(employee_id)).values("pk")
    )
    if employee_id:
        # The manager a signal was sent back to handles it in the line, even as the betrokkene's
        # own manager; he is still excluded when he is a betrokkene or the reporter himself.
        line = model.objects.filter(
            triage_decisions__current=True, triage_decisions__line_manager=employee_id
        ).exclude(
            pk__in=model.objects.filter(
                _conflict_exclusion(employee_id, managers=False)
            ).values("pk")
        )
        allowed = model.objects.filter(
            Q(pk__in=allowed.values("pk")) | Q(pk__in=line.values("pk"))
        )
    return qs.filter(pk__in=allowed.values("pk"))


def visible_cases(user, qs: QuerySet) -> QuerySet:
    """Cases the user is a member of, minus conflicts of interest. A care-only member (usually the
    betrokkene's line manager) is not excluded for being that manager."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    employee_id = _employee_id(user)
    model = qs.model
    work_ids = model.objects.filter(members__user=user, members__kind__in=[
        "lead", "investigator", "authority"]).values("pk")
    care_ids = model.objects.filter(members__user=user, members__kind="care").values("pk")
    if not employee_id:
        return qs.filter(Q(pk__in=work_ids) | Q(pk__in=care_ids))
    base = model.objects.exclude(subject_id=employee_id).exclude(
        signal__in=_conflicted_signals(employee_id, managers=False))
    as_worker = base.filter(pk__in=work_ids).exclude(subject__manager_id=employee_id).exclude(
        signal__in=_conflicted_signals(employee_id))
    as_care = base.filter(pk__in=care_ids)
    return qs.filter(Q(pk__in=as_worker.values("pk")) | Q(pk__in=as_care.values("pk")))


def _conflicted_signals(employee_id: int, *, managers: bool = True):
    from vik.signals.models import Signal

    return Signal.objects.filter(_conflict_exclusion(employee_id, managers=managers)).values("pk")


def is_conflicted(user, signal, *, managers: bool = True) -> bool:
    employee_id = _employee_id(user)
    if not employee_id:
        return False
    if signal.reporter_id == employee_id:
        return True
    q = Q(pk=employee_id) | Q(manager_id=employee_id) if managers else Q(pk=employee_id)
    return signal.subjects.filter(q).exists()


def _member_kinds(user, case) -> set[str]:
    cache = getattr(user, "_vik_member_kinds", None)
    if cache is None:
        cache = user._vik_member_kinds = {}
    if case.pk not in cache:
        cache[case.pk] = set(case.members.filter(user=user).values_list("kind", flat=True))
    return cache[case.pk]


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
    return visible_signals(user, type(signal).objects.filter(pk=signal.pk)).exists()


def _signal_triage(user, signal) -> bool:
    if not user.has_role(Role.TRIAGE) or is_conflicted(user, signal):
        return False
    region = _region_id(user)
    return region is not None and (region == signal.region_id or _is_national(user))


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
    from vik.investigations.models import Member, Track

    kinds = set(Member.INVESTIGATING)
    if case.track != Track.CRIMINAL:
        kinds |= {Member.Kind.COMPETENT_AUTHORITY}
    return bool(_member_kinds(user, case) & kinds) and not is_conflicted_case(user, case)


def _role(*roles: str):
    def rule(user, obj) -> bool:
        return user.has_role(*roles)

    return rule


def _investigating():
    from vik.investigations.models import Member

    return _case_kinds(*Member.INVESTIGATING)


_RULES = {
    "signal.create": _signal_create,
    "signal.view": _signal_view,
    "signal.triage": _signal_triage,
    "signal.line_report": _signal_line_report,
    "case.view": _case_member_any,
    "case.work": lambda u, c: _investigating()(u, c),
    "case.authority": _case_kinds("authority"),
    "case.assign": _case_kinds("lead", "authority"),
    "case.manage": _case_kinds("lead", "investigator", "authority"),
    "case.care": _case_kinds("lead", "investigator", "authority", "care"),
    "case.documents": _case_documents,
    "audit.view": _role(Role.AUDITOR),
    "stats.view": _role(Role.POLICY),
    "config.manage": _role(Role.ADMIN),
    "monitoring.prevention": _role(Role.SOC_ANALYST, Role.POLICY),
    "monitoring.review": _role(Role.SOC_ANALYST),
}
