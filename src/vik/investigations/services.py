"""Writes on cases. Every act of the investigation process is one function here: it checks the
policy, validates, changes the case in one transaction, writes the audit record and notifies."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from vik import policy
from vik.accounts.models import Employee, Role, User
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.anonymity import case_identifying_details
from vik.core.concurrency import bump_version, check_state, state_token
from vik.core.errors import ConcurrentEditError, DomainError, PermissionDeniedError
from vik.core.notify import notify
from vik.core.text import visible_length
from vik.core.workdays import (
    aanzegging_warnings,
    add_working_days,
    holiday_name,
    is_working_day,
    working_day_on_or_after,
    working_day_on_or_before,
    working_days_between,
)
from vik.signals import services as signal_services
from vik.signals.models import Signal
from vik.triage.models import Route

from .models import (
    Aanzegging,
    AcceleratingFactor,
    AccessRequest,
    Case,
    CaseAccelerator,
    CaseType,
    Closure,
    Decision,
    DelayReason,
    Document,
    ExpectedEndDate,
    Hearing,
    Measure,
    Member,
    Outcome,
    Pause,
    Review,
    RightsRequest,
    StatusChange,
    StatusType,
    StatusUpdate,
    Step,
    Track,
    Voornemen,
)

ROUTE_TRACKS = {
    Route.ORIENTING: {Track.ORIENTING},
    Route.DISCIPLINARY: {Track.DISCIPLINARY, Track.ORIENTING},
    Route.CRIMINAL: {Track.CRIMINAL},
    Route.NATIONAL: {Track.DISCIPLINARY, Track.CRIMINAL, Track.ORIENTING},
}
INVESTIGATOR_ROLE = policy.INVESTIGATOR_ROLE  # which investigators work on which track
WARNING_TEXT = {
    "friday_afternoon": _("Het gekozen moment is een vrijdagmiddag: in het weekend is er "
                          "nauwelijks zorg of ondersteuning bereikbaar."),
    "before_holiday": _("Het gekozen moment valt op de werkdag vóór een feestdag: daarna is er "
                        "nauwelijks zorg of ondersteuning bereikbaar."),
    "non_working_day": _("Het gekozen moment valt in een weekend of op een feestdag."),
    "outside_office_hours": _("Het gekozen moment valt buiten kantoortijd (vóór 8.00 of vanaf 18.00 uur): "
                              "zorg en ondersteuning zijn dan nauwelijks bereikbaar."),
}
HOLIDAY_TEXT = {
    "before_holiday": _("Het gekozen moment valt op de werkdag vóór een feestdag (%(name)s, %(day)s): daarna "
                        "is er nauwelijks zorg of ondersteuning bereikbaar."),
    "non_working_day": _("Het gekozen moment valt op een feestdag (%(name)s): zorg en ondersteuning zijn dan "
                         "nauwelijks bereikbaar."),
}
WEEKEND_TEXT = _("Het gekozen moment valt in het weekend: zorg en ondersteuning zijn dan nauwelijks bereikbaar.")


def _deny(actor, case, why: str, message: str):
    audit.record_denied(actor, case, why=why)
    raise PermissionDeniedError(message)


def _require(actor, action: str, case: Case, message: str) -> None:
    if not policy.can(actor, action, case):
        _deny(actor, case, action, message)


def _require_open(case: Case) -> None:
    if case.is_closed:
        raise DomainError(_("Dit onderzoek is afgesloten en kan niet meer worden gewijzigd."))


def _needs_hearing(case: Case, on: date) -> bool:
    """True when the process template has a hearings step and no hearing of the betrokkene was
    held, or waived by him, on or before `on` (a planned hearing is neither)."""
    has_step = StatusType.objects.filter(case_type_id=case.case_type_id,
                                         step=Step.HEARINGS).exists()
    if not has_step:
        return False
    hearings = case.hearings.filter(kind=Hearing.Kind.HEARING)
    held = [timezone.localtime(h.scheduled_at).date() for h in hearings.filter(held=True)]
    waived = list(hearings.filter(waived_on__isnull=False).values_list("waived_on", flat=True))
    return not any(day <= on for day in held + waived)


def hearings_ahead(case_ids) -> dict[int, Hearing]:
    """Per case id, the betrokkene's next planned hearing that is still to come (neither held nor
    declined by him); cases without one are absent. One query for many cases (`tasks`)."""
    ahead: dict[int, Hearing] = {}
    for hearing in Hearing.objects.filter(case_id__in=case_ids, kind=Hearing.Kind.HEARING, held=False,
                                          waived_on__isnull=True, scheduled_at__gt=timezone.now()
                                          ).order_by("scheduled_at"):
        ahead.setdefault(hearing.case_id, hearing)
    return ahead


def zienswijze_terms_running(case_ids) -> dict[int, date]:
    """Per case id, the last day of the zienswijze term of its newest voornemen while that term
    still runs and no zienswijze came in; other cases are absent. A punishment waits for the
    zienswijze or the day after this date (`_voornemen_errors`, BARP art. 80); one query for many
    cases (`tasks`; tester t55: the decision task fell due on the term's last day)."""
    today = timezone.localdate()
    newest: dict[int, Voornemen] = {}
    for voornemen in Voornemen.objects.filter(case_id__in=case_ids).order_by("-id"):
        newest.setdefault(voornemen.case_id, voornemen)
    return {case_id: v.term_ends_on for case_id, v in newest.items()
            if not v.answered and v.term_ends_on >= today}


def zienswijze_term_running(case: Case) -> date | None:
    """The last day of the running zienswijze term of the case's voornemen, or None."""
    return zienswijze_terms_running([case.pk]).get(case.pk)


def hearing_ahead(case: Case) -> Hearing | None:
    """The betrokkene's next planned hearing that is still to come, or None. A voornemen or a
    decision before it would take his hearing away (tester t41: a punishment was intended and
    decided while his hearing was planned a week later)."""
    return hearings_ahead([case.pk]).get(case.pk)


def _hearing_ahead_message(hearing: Hearing) -> str:
    return _("De betrokkene wordt op %(when)s nog gehoord. Een voornemen of besluit volgt op het "
             "hoorgesprek: wacht het gesprek af, of leg vast dat de betrokkene ervan afziet.") % {
        "when": timezone.localtime(hearing.scheduled_at).strftime("%d-%m-%Y %H:%M")}


def hearing_ahead_message(case: Case) -> str:
    """Why the voornemen and decision forms are not offered when a hearing is still to come
    ("" when none is): the page said "record the report first" (tester t42)."""
    ahead = hearing_ahead(case) if not case.is_closed else None
    return _hearing_ahead_message(ahead) if ahead is not None else ""


def _missing_before_decision(case: Case, outcome: str) -> list[str]:
    """The steps of the case's process template that must be recorded before the authority
    decides and were not: the report (the betrokkene's zienswijze on an intended punishment is
    checked on the voornemen itself, `_voornemen_errors`). Names of the steps, in template order."""
    template = [st for st in _status_types(case) if st.step == Step.REPORT]
    done = {change.status.step for change in _status_changes(case)}
    return [st.get_step_display() for st in template if st.step not in done]


def _status_changes(case: Case):
    """The case's status changes with their step: those the case page prefetched (one read for
    the page), else a query of their own."""
    prefetched = getattr(case, "_prefetched_objects_cache", {})
    if "status_changes" in prefetched:
        return prefetched["status_changes"]
    return case.status_changes.select_related("status")


def _status_types(case: Case) -> list[StatusType]:
    """The steps of the case's process template in order; read once per page (GET, `policy.memo`):
    the case page asks for them five times (timeline, aanzegging, decision and voornemen forms)."""
    from vik.policy.memo import remembered

    return remembered(("investigations.status_types", case.case_type_id),
                      lambda: list(StatusType.objects.filter(case_type_id=case.case_type_id).order_by("order")))


def decision_ready(case: Case) -> bool:
    """Whether the decision form is offered: after the aanzegging and the report (every outcome
    needs them; the other conditions are checked with their own messages on submit)."""
    return (not hasattr(case, "decision") and not needs_aanzegging(case)
            and not _missing_before_decision(case, Outcome.NO_BREACH) and hearing_ahead(case) is None)


def voornemen_ready(case: Case) -> bool:
    """Whether the authority may record a voornemen now (the form is offered): after the
    aanzegging and the report, before a decision."""
    return (not hasattr(case, "decision") and not needs_aanzegging(case) and case.track != Track.ORIENTING
            and not _missing_before_decision(case, Outcome.BREACH_MEASURE) and hearing_ahead(case) is None)


NO_PUNISHMENT_AFTER_ORIENTING = gettext_noop(
    "Na een oriënterend onderzoek volgt geen straf: de betrokkene had geen aanzegging en geen "
    "hoorgesprek. Voor een straf is een disciplinair onderzoek nodig, na een nieuw triagebesluit op "
    "de melding; hier besluit het bevoegd gezag zonder straf.")


# BARP art. 77 lists the disciplinary punishments from the lightest to the heaviest; `Measure`
# keeps that order.
MEASURE_SEVERITY = {measure: rank for rank, measure in enumerate(Measure.values)}


def _heavier(measure: str, conditional: bool, than: Voornemen) -> bool:
    """Is (measure, conditional) heavier than the intended punishment? The same measure
    unconditionally is heavier than it conditionally."""
    rank, intended = MEASURE_SEVERITY.get(measure, -1), MEASURE_SEVERITY[than.measure]
    return rank > intended or (rank == intended and than.conditional and not conditional)


def current_voornemen(case: Case) -> Voornemen | None:
    """The newest voornemen of the case (a newer one replaces an older one), or None."""
    return case.voornemens.order_by("-id").first()


def _fmt(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _voornemen_errors(case: Case, data: "DecisionInput") -> dict[str, list[str]]:
    """A disciplinary punishment follows a voornemen sent to the betrokkene, after his
    zienswijze (or his waiving it) or the end of its term, and is not heavier than intended
    (BARP art. 80: the employee is heard before he is punished)."""
    errors: dict[str, list[str]] = {}
    if data.outcome != Outcome.BREACH_MEASURE or not data.measure:
        return errors
    voornemen = current_voornemen(case)
    if voornemen is None:
        errors["outcome"] = [_(
            "Een disciplinaire straf volgt op een schriftelijk voornemen: leg eerst het voornemen "
            "tot straf vast, zodat de betrokkene een zienswijze kan geven.")]
        return errors
    if _heavier(data.measure, data.conditional, voornemen):
        errors["measure"] = [_(
            "Deze straf is zwaarder dan het voornemen (%(intended)s). Een zwaardere straf vraagt "
            "een nieuw voornemen met een nieuwe termijn voor de zienswijze.") % {
                "intended": voornemen.get_measure_display().lower()
                + (" " + _("voorwaardelijk") if voornemen.conditional else "")}]
    if voornemen.answered:
        if data.decided_on < voornemen.response_on:
            errors["decided_on"] = [_("Het besluit kan niet vóór de zienswijze (%(date)s) "
                                      "liggen.") % {"date": _fmt(voornemen.response_on)}]
    elif data.decided_on <= voornemen.term_ends_on:
        errors["outcome"] = [_(
            "De betrokkene kan tot en met %(date)s een zienswijze op het voornemen geven. Leg "
            "eerst de zienswijze vast (of dat de betrokkene ervan afziet), of besluit na die datum.") % {
                "date": _fmt(voornemen.term_ends_on)}]
    return errors


def upcoming_step(case: Case) -> StatusType | None:
    """The step that follows the case's current one in its process template (None at the end)."""
    return next((st for st in _status_types(case) if st.order > case.status.order), None)


def step_holder(upcoming: StatusType | None, kinds: set[str], has_lead: bool, may_record: bool = True) -> str:
    """Whose the ``upcoming`` step is, for a viewer with these memberships (``Member.Kind`` values):
    ``"yours"`` when the process template makes his role responsible for it (the authority's steps
    are the authority's; the others the lead investigator's, or every investigator's in a case
    without a lead, as in "my tasks"), ``"also"`` when it is not his but he may record it all the
    same (``may_record``: the page offers him the form for that step), ``""`` otherwise. Tester
    t49: the closing step named the authority while the investigator could close, without a word
    why; tester t50: the authority was told he might record an investigator's step he cannot."""
    if upcoming is None:
        return ""
    authority_step = upcoming.responsible_role == Role.COMPETENT_AUTHORITY
    is_authority = Member.Kind.COMPETENT_AUTHORITY in kinds
    is_investigator = Member.Kind.LEAD_INVESTIGATOR in kinds or (
        Member.Kind.INVESTIGATOR in kinds and not has_lead)
    if (authority_step and is_authority) or (not authority_step and is_investigator):
        return "yours"
    return "also" if may_record else ""


def needs_aanzegging(case: Case) -> bool:
    """True while the process template has an aanzegging step that has not been recorded."""
    has_step = any(st.step == Step.AANZEGGING for st in _status_types(case))
    return has_step and not hasattr(case, "aanzegging")


def _aanzegging_first(case: Case) -> str:
    """Why a step must wait for the aanzegging, naming what comes before it: before the plan is
    approved the aanzegging cannot be recorded either (session-18 note: "Leg eerst de aanzegging
    vast" was the answer while only the authority could act)."""
    if plan_approved_on(case) is None and any(st.step == Step.PLAN_APPROVED for st in _status_types(case)):
        if not has_plan(case):
            return _("Eerst komt het onderzoeksplan (bij Documenten, soort ‘Onderzoeksplan’); na de "
                     "goedkeuring door het bevoegd gezag volgt de aanzegging, daarna de volgende stappen.")
        return _("Het onderzoeksplan wacht op de goedkeuring van het bevoegd gezag; daarna volgt de "
                 "aanzegging en pas dan de volgende stappen.")
    return _("Leg eerst de aanzegging vast.")


def check_step_date(case: Case, on: date, field: str = "on") -> None:
    """A step is dated on or after the step before it, and not in the future: the timeline of a
    case reads in order."""
    if on < case.status_since:
        raise ValidationError({field: [
            _("Deze datum ligt vóór de vorige stap (‘%(step)s’ op %(date)s); kies %(date)s of "
              "later.") % {"step": case.status.get_step_display(),
                           "date": case.status_since.strftime("%d-%m-%Y")}]})
    if on > timezone.localdate():
        raise ValidationError({field: [_("De datum ligt in de toekomst.")]})


def paused_working_days(periods) -> int:
    """Working days the clock stood still over (start, end) periods; a day covered by several
    (overlapping) pauses counts once. A period counts the days after its start up to and
    including its end, like `working_days_between`."""
    days: set[date] = set()
    for start, end in periods:
        day = start
        while day < end:
            day += timedelta(days=1)
            if is_working_day(day):
                days.add(day)
    return len(days)


def _set_step(actor, case: Case, step: str, on: date, note: str = "") -> None:
    status = StatusType.objects.get(case_type_id=case.case_type_id, step=step)
    if status.order < case.status.order:
        raise DomainError(_("Een onderzoek kan niet terug naar een eerdere stap."))
    if on < case.status_since:
        raise DomainError(_("Een stap kan niet gedateerd zijn vóór de vorige stap."))
    if status.pk == case.status_id:
        return
    case.status = status
    case.status_since = on
    Case.objects.filter(pk=case.pk).update(status=status, status_since=on)
    StatusChange.objects.create(case=case, status=status, on=on, by=actor, note=note)
    if status.is_review_moment:
        notify(
            [m.user for m in case.members.select_related("user")],
            _("Vast evaluatiemoment in %(ref)s") % {"ref": case.reference},
            _("Onderzoek %(ref)s heeft de stap ‘%(step)s’ bereikt: plan het evaluatiemoment.")
            % {"ref": case.reference, "step": status.get_step_display()},
        )


@dataclass
class OpenCaseInput:
    case_type: CaseType
    subject: Employee
    authority: User
    lead_investigator: User
    opened_on: date
    suspected_breach: str = ""


def open_case(actor, signal: Signal, data: OpenCaseInput) -> Case:
    """Open an investigation after triage; the competent authority's commission is its first
    step. The betrokkene's line manager is the default care contact unless he is conflicted."""
    if not policy.can(actor, "signal.triage", signal):
        audit.record_denied(actor, signal, why="open_case")
        raise PermissionDeniedError(_("U mag voor deze melding geen onderzoek starten."))
    decision = signal.triage_decisions.filter(current=True).first()
    errors: dict[str, list[str]] = {}
    if decision is None or decision.route not in ROUTE_TRACKS:
        errors.setdefault("case_type", []).append(
            _("Start een onderzoek pas na een triagebesluit met een onderzoeksroute.")
        )
    elif data.case_type.track not in ROUTE_TRACKS[decision.route]:
        errors.setdefault("case_type", []).append(
            _("Dit onderzoekstype past niet bij de gekozen triageroute.")
        )
    if not data.case_type.active:
        errors.setdefault("case_type", []).append(_("Dit onderzoekstype is niet meer actief."))
    if not signal.subjects.filter(pk=data.subject.pk).exists():
        errors.setdefault("subject", []).append(_("De betrokkene moet in de melding genoemd zijn."))
    elif Case.objects.filter(
        signal=signal, subject=data.subject, track=data.case_type.track, closed_on__isnull=True
    ).exists():
        errors.setdefault("subject", []).append(
            _("Voor deze betrokkene loopt al een onderzoek in dit spoor.")
        )
    if not policy.can(data.authority, "case.serve.authority"):
        errors.setdefault("authority", []).append(_("Kies iemand met de rol bevoegd gezag."))
    if not policy.can(data.lead_investigator, "case.serve.investigator", data.case_type):
        errors.setdefault("lead_investigator", []).append(
            _("Kies een onderzoeker van het juiste spoor.")
        )
    if (signal.status == Signal.Status.NATIONAL_TEAM
            and not policy.works_nationally(data.lead_investigator)):
        errors.setdefault("lead_investigator", []).append(
            _("De landelijke triage heeft deze melding opgepakt voor het landelijk team: kies een "
              "onderzoeker van de landelijke eenheid (LTIO)."))
    for field_name, user in (("authority", data.authority),
                             ("lead_investigator", data.lead_investigator)):
        if policy.is_conflicted(user, signal):
            errors.setdefault(field_name, []).append(
                _("Deze persoon is betrokkene, melder of leidinggevende van een betrokkene en is "
                  "daarom uitgesloten.")
            )
    if data.opened_on > timezone.localdate():
        errors.setdefault("opened_on", []).append(_("De startdatum ligt in de toekomst."))
    elif data.opened_on < signal.received_on:
        errors.setdefault("opened_on", []).append(
            _("De startdatum ligt vóór de ontvangst van de melding (%(day)s).")
            % {"day": signal.received_on.strftime("%d-%m-%Y")})
    elif decision is not None and data.opened_on < timezone.localtime(decision.decided_at).date():
        # An investigation follows its triage decision (issue 12, tester t15: started 20 days
        # before the decision that chose the route).
        errors.setdefault("opened_on", []).append(
            _("De startdatum ligt vóór het triagebesluit (%(day)s).")
            % {"day": timezone.localtime(decision.decided_at).strftime("%d-%m-%Y")})
    if Signal.Status.UNDER_INVESTIGATION not in signal_services.ALLOWED_TRANSITIONS.get(signal.status, ()):
        errors.setdefault("case_type", []).append(
            _("De melding staat op ‘%(status)s’: leg eerst een nieuw triagebesluit vast.")
            % {"status": signal.get_status_display()})
    first = data.case_type.status_types.order_by("order").first()
    if first is None:
        errors.setdefault("case_type", []).append(_("Dit onderzoekstype heeft geen stappen."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = Case(
            reference="tmp",
            signal=signal,
            case_type=data.case_type,
            track=data.case_type.track,
            subject=data.subject,
            status=first,
            status_since=data.opened_on,
            opened_on=data.opened_on,
            deadline=add_working_days(data.opened_on, data.case_type.throughput_norm_days),
            suspected_breach=data.suspected_breach.strip(),
        )
        manager_user = _default_care_contact(data.subject, signal)
        case.care_contact = manager_user
        case.save()
        prefix = {"criminal": "S", "disciplinary": "D", "orienting": "O"}[case.track]
        case.reference = f"{prefix}{data.opened_on.year}-{case.pk:06d}"
        case.save(update_fields=["reference"])
        StatusChange.objects.create(case=case, status=first, on=data.opened_on, by=actor,
                                    note=_("Onderzoek geopend"))
        Member.objects.create(case=case, user=data.authority, kind=Member.Kind.COMPETENT_AUTHORITY)
        Member.objects.create(case=case, user=data.lead_investigator,
                              kind=Member.Kind.LEAD_INVESTIGATOR)
        if manager_user:
            Member.objects.create(case=case, user=manager_user, kind=Member.Kind.CARE_CONTACT)
        signal_services.start_investigation(signal, by=actor)
        audit.record(actor, AuditAction.CREATE, case, summary=_("Onderzoek geopend"),
                     detail={"signal": signal.pk, "type": data.case_type.code,
                             "subject": data.subject.pk})
        notify([data.authority, data.lead_investigator],
               _("Nieuw onderzoek %(ref)s") % {"ref": case.reference},
               _("U bent toegevoegd aan onderzoek %(ref)s.") % {"ref": case.reference})
    return case


def _default_care_contact(subject: Employee, signal: Signal) -> User | None:
    manager = subject.manager
    if manager is None or manager == signal.reporter or signal.subjects.filter(pk=manager.pk).exists():
        return None
    return getattr(manager, "user", None)


def add_member(actor, case: Case, user: User, kind: str) -> Member:
    _require(actor, "case.assign", case, _("U mag geen mensen aan dit onderzoek toevoegen."))
    _require_open(case)
    errors: dict[str, list[str]] = {}
    if kind in Member.INVESTIGATING and not policy.can(user, "case.serve.investigator", case):
        errors.setdefault("user", []).append(_("Deze persoon is geen onderzoeker van dit spoor."))
    if kind == Member.Kind.COMPETENT_AUTHORITY and not policy.can(user, "case.serve.authority"):
        errors.setdefault("user", []).append(_("Deze persoon heeft de rol bevoegd gezag niet."))
    if policy.is_conflicted(user, case.signal):
        errors.setdefault("user", []).append(
            _("Deze persoon is betrokkene, melder of leidinggevende van een betrokkene.")
        )
    if case.members.filter(user=user, kind=kind).exists():
        errors.setdefault("user", []).append(_("Deze persoon heeft deze rol al in dit onderzoek."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = Member(case=case, user=user, kind=kind)
        member.save()  # enforces the separation of tracks
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Teamlid toegevoegd"),
                     detail={"user": user.pk, "kind": kind})
    return member


def update_suspected_breach(actor, case: Case, text: str, expected_version: int | None) -> Case:
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if hasattr(case, "aanzegging"):
        raise DomainError(_("Na de aanzegging ligt de omschrijving vast; leg wijzigingen vast in "
                            "een statusupdate aan de betrokkene."))
    if visible_length(text) < 20:
        raise ValidationError({"suspected_breach": [
            _("Beschrijf concreet welk plichtsverzuim wordt vermoed (gedraging, tijd, plaats).")]})
    with transaction.atomic():
        bump_version(case, expected_version)
        Case.objects.filter(pk=case.pk).update(suspected_breach=text.strip())
        case.suspected_breach = text.strip()
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Omschrijving verdenking"))
    return case


def commission(actor, case: Case, on: date, note: str = "") -> Case:
    """The competent authority commissions the investigation: until then the case waits in its
    first step, and the clock of that step runs for the authority."""
    _require(actor, "case.authority", case, _("Alleen het bevoegd gezag geeft de opdracht."))
    _require_open(case)
    if case.commissioned_on is not None:
        raise DomainError(_("De opdracht is al verleend."))
    if on < case.opened_on or on > timezone.localdate():
        raise ValidationError({"on": [_("De datum ligt vóór de start van het onderzoek of in de "
                                        "toekomst.")]})
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(commissioned_on=on)
        case.commissioned_on = on
        StatusChange.objects.create(case=case, status=case.status, on=on, by=actor,
                                    note=note or _("Opdracht verleend"))
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Opdracht verleend"))
    return case


def plan_approved_on(case: Case) -> date | None:
    """The day the authority approved the investigation plan (None: not yet)."""
    return min((change.on for change in _status_changes(case) if change.status.step == Step.PLAN_APPROVED),
               default=None)


PLAN_MISSING = gettext_noop(
    "Er is nog geen onderzoeksplan om goed te keuren: de onderzoeker voegt het toe bij Documenten (soort "
    "‘Onderzoeksplan’), daarna keurt het bevoegd gezag het goed.")


def has_plan(case: Case) -> bool:
    """The investigation plan is among the case's documents (`Document.Kind.PLAN`)."""
    return case.documents.filter(kind=Document.Kind.PLAN).exists()


def approve_plan(actor, case: Case, on: date, note: str = "") -> Case:
    """The competent authority approves the investigation plan, which must be among the documents."""
    _require(actor, "case.authority", case, _("Alleen het bevoegd gezag keurt het plan goed."))
    _require_open(case)
    approved = plan_approved_on(case)
    if approved is not None:  # offered again after approval (tester finding): once is enough
        raise DomainError(_("Het onderzoeksplan is al goedgekeurd op %(d)s.") % {"d": approved.strftime("%d-%m-%Y")})
    if case.commissioned_on is None:
        raise DomainError(_("Verleen eerst de opdracht tot het onderzoek."))
    if not has_plan(case):
        # Approval of nothing was possible, and nobody had a task to write the plan (tester t41).
        raise DomainError(_(PLAN_MISSING))
    if on < case.commissioned_on:
        raise ValidationError({"on": [_("Het plan kan niet vóór de opdracht (%(d)s) zijn "
                                        "goedgekeurd.") % {
            "d": case.commissioned_on.strftime("%d-%m-%Y")}]})
    check_step_date(case, on)
    with transaction.atomic():
        _set_step(actor, case, Step.PLAN_APPROVED, on, note)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Onderzoeksplan goedgekeurd"))
    return case


def plan_aanzegging_warnings(moment: datetime) -> list[str]:
    """Dutch warnings for a planned aanzegging moment (empty when the moment is fine); a public
    holiday is named (tester t60: "weekend of op een feestdag" for Christmas Day)."""
    from vik.core.workdays import holiday_name

    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    texts = []
    for code in aanzegging_warnings(local):
        if code == "non_working_day":
            name = holiday_name(local.date())
            texts.append(HOLIDAY_TEXT[code] % {"name": name} if name else WEEKEND_TEXT)
        elif code == "before_holiday":
            following = local.date() + timedelta(days=1)
            while following.weekday() >= 5:
                following += timedelta(days=1)
            name = holiday_name(following)
            texts.append(HOLIDAY_TEXT[code] % {"name": name, "day": _fmt(following)} if name else WARNING_TEXT[code])
        else:
            texts.append(WARNING_TEXT[code])
    return texts


def record_aanzegging(
    actor, case: Case, held_at: datetime, *, care_offered: bool, note: str = "",
    accept_warnings: bool = False, accept_no_care: bool = False, info_folder: bool = False,
) -> Aanzegging:
    """Record that the betrokkene was told of the suspicion. Requires the written description of
    the suspected breach; a badly timed moment must be confirmed explicitly (`accept_warnings`),
    and so must care not offered (`accept_no_care`), each on its own (tester t57: one tick
    accepted both). `info_folder`: the information folder was handed over at the aanzegging
    (dated the aanzegging's day)."""
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if hasattr(case, "aanzegging"):
        raise DomainError(_("De aanzegging is al vastgelegd."))
    if not StatusType.objects.filter(case_type_id=case.case_type_id, step=Step.AANZEGGING).exists():
        raise DomainError(_("Dit onderzoekstype kent geen aanzegging."))
    if case.status.order < StatusType.objects.get(
        case_type_id=case.case_type_id, step=Step.PLAN_APPROVED
    ).order:
        raise DomainError(_("Eerst moet het bevoegd gezag het onderzoeksplan goedkeuren."))
    if visible_length(case.suspected_breach) < 20:
        raise ValidationError({"held_at": [
            _("Leg eerst schriftelijk en concreet vast welk plichtsverzuim wordt vermoed; zonder "
              "die omschrijving kan de aanzegging niet worden vastgelegd.")]})
    # The moment's own errors are said together with a missing care contact, not on a second try
    # (tester t65).
    moment_errors: list[str] = []
    try:
        check_step_date(case, timezone.localtime(held_at).date(), "held_at")
    except ValidationError as error:
        moment_errors = error.message_dict["held_at"]
    if not moment_errors and held_at > timezone.now():
        # Recorded afterwards only: a moment later today made the betrokkene "told" before the talk,
        # and care for the team and the home front opened (tester t62).
        moment_errors = [_("De aanzegging wordt achteraf vastgelegd: dit moment ligt nog in de toekomst.")]
    if case.care_contact_id is None:
        # He hears at the aanzegging who gives him care (tester t50: recorded with nobody named,
        # the care section then read "nog niet aangewezen" under an aanzegging "zorg aangeboden").
        # A form error, so that what was typed stays (tester t53 lost his report of the talk).
        missing = _("Wijs eerst een zorgcontactpersoon aan (sectie Zorg): bij de aanzegging hoort de betrokkene "
                    "wie zorg biedt.")
        raise ValidationError({NON_FIELD_ERRORS: [missing], **({"held_at": moment_errors} if moment_errors else {})})
    if moment_errors:
        raise ValidationError({"held_at": moment_errors})
    codes = aanzegging_warnings(timezone.localtime(held_at))
    if care_offered and accept_no_care:
        # Both ticked read as offered on the case page (tester t60): one of the two is true.
        raise ValidationError({"accept_no_care": [
            _("U vinkte zowel ‘Zorg aangeboden’ als ‘bewust zonder zorg’ aan: kies één van beide.")]})
    if (codes and not accept_warnings) or (not care_offered and not accept_no_care):
        errors: dict[str, list[str]] = {}
        if codes and not accept_warnings:
            errors["held_at"] = plan_aanzegging_warnings(held_at)
            # what to do about it, at the box to tick (tester t60: the red text only repeated the warning)
            errors["accept_warnings"] = [_("Klopt het moment, vink dit dan aan: de aanzegging wordt "
                                           "vastgelegd als ongunstig getimed en telt zo mee in het dashboard.")]
        if not care_offered and not accept_no_care:
            # Care reachable right after the aanzegging is the point of the timing rules (tester t53:
            # not offering it passed without a word).
            errors["care_offered"] = [_("Zorg is niet aangeboden. Bied bij de aanzegging zorg aan (BMW, "
                                        "vertrouwenspersoon, geestelijk verzorger); weigerde de betrokkene, "
                                        "vink dan aan dat u bewust zonder zorg doorgaat.")]
        raise ValidationError(errors, code="timing")
    with transaction.atomic():
        record = Aanzegging.objects.create(
            case=case, held_at=held_at, by=actor, care_offered=care_offered, warnings=codes,
            note=note.strip(),
            info_folder_on=timezone.localtime(held_at).date() if info_folder else None,
        )
        _set_step(actor, case, Step.AANZEGGING, timezone.localtime(held_at).date())
        Case.objects.filter(pk=case.pk).update(last_update_on=timezone.localtime(held_at).date())
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Aanzegging vastgelegd"),
                     detail={"warnings": codes})
    return record


def _aanzegging_day(case: Case) -> date | None:
    aanzegging = getattr(case, "aanzegging", None)
    return timezone.localtime(aanzegging.held_at).date() if aanzegging else None


def _check_after_aanzegging(case: Case, on: date, field: str, what: str) -> None:
    """`on` lies on or after the aanzegging (or the case's start where the process has none) and
    not in the future: the betrokkene learns of the case at the aanzegging."""
    since = _aanzegging_day(case) or case.opened_on
    if on > timezone.localdate():
        raise ValidationError({field: [_("De datum ligt in de toekomst.")]})
    if on < since:
        raise ValidationError({field: [
            _("%(what)s kan niet vóór de aanzegging (%(d)s) liggen; kies %(d)s of later.")
            % {"what": what, "d": since.strftime("%d-%m-%Y")}]})


def record_info_folder(actor, case: Case, on: date, expected_state: str = "") -> Aanzegging:
    """Record (or correct) the day the information folder was handed to the betrokkene: at the
    aanzegging or later, never before it. `expected_state` is the aanzegging's `state_token` the
    form was loaded with (another tab may have recorded it meanwhile)."""
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    aanzegging = getattr(case, "aanzegging", None)
    if aanzegging is None:
        raise DomainError(_("De informatiemap wordt bij de aanzegging overhandigd; leg eerst de "
                            "aanzegging vast."))
    _check_after_aanzegging(case, on, "on", _("De overhandiging van de informatiemap"))
    with transaction.atomic():
        check_state(aanzegging, expected_state)
        Aanzegging.objects.filter(pk=aanzegging.pk).update(info_folder_on=on)
        aanzegging.info_folder_on = on
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Informatiemap overhandigd"),
                     detail={"on": on.isoformat()})
    return aanzegging


def _check_informed(case: Case, informed_on: date, hearing_day: date) -> None:
    """The betrokkene is informed about the process and the findings before his hearing."""
    if informed_on >= hearing_day:
        raise ValidationError({"informed_on": [
            _("De betrokkene moet vóór het hoorgesprek (%(d)s) geïnformeerd zijn over het proces "
              "en de bevindingen; kies een datum vóór %(d)s.")
            % {"d": hearing_day.strftime("%d-%m-%Y")}]})
    _check_after_aanzegging(case, informed_on, "informed_on",
                            _("Het informeren vóór het hoorgesprek"))


def record_hearing_informed(actor, hearing: Hearing, on: date, expected_state: str = "") -> Hearing:
    """Record (or correct) the day the betrokkene was informed as fully as possible about the
    process and the findings so far: before his hearing's day, not before the aanzegging."""
    case = hearing.case
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if hearing.kind != Hearing.Kind.HEARING:
        raise DomainError(_("Alleen vóór het hoorgesprek wordt de betrokkene geïnformeerd over "
                            "proces en bevindingen."))
    if hearing.informed_on and (hearing.held or hearing.waived_on):
        # Recorded late when it was missing, yes; rewritten after the hearing, no (tester t51).
        raise DomainError(_("Het hoorgesprek is voorbij en het vooraf informeren is al vastgelegd; "
                            "dat wordt niet meer gewijzigd."))
    try:
        _check_informed(case, on, timezone.localtime(hearing.scheduled_at).date())
    except ValidationError as error:
        raise ValidationError({"on": error.message_dict["informed_on"]}) from error
    with transaction.atomic():
        check_state(hearing, expected_state)
        Hearing.objects.filter(pk=hearing.pk).update(informed_on=on)
        hearing.informed_on = on
        audit.record(actor, AuditAction.CHANGE, case,
                     summary=_("Betrokkene geïnformeerd vóór het hoorgesprek"),
                     detail={"hearing": hearing.pk, "on": on.isoformat()})
    return hearing


def record_rights_request(actor, case: Case, *, kind: str, requested_on: date,
                          request: str) -> RightsRequest:
    """The betrokkene asks for additional investigation, a witness or documents to be added;
    whoever of the team receives it records it, and the lead investigator or the competent
    authority decides."""
    _require(actor, "case.manage", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if needs_aanzegging(case):
        raise DomainError(_("Leg eerst de aanzegging vast: pas daarna kent de betrokkene de "
                            "verdenking en kan de betrokkene om aanvullend onderzoek vragen."))
    errors: dict[str, list[str]] = {}
    if kind not in RightsRequest.Kind.values:
        errors.setdefault("kind", []).append(_("Kies de soort verzoek."))
    if visible_length(request) < 10:
        errors.setdefault("request", []).append(
            _("Beschrijf wat de betrokkene vraagt (welk onderzoek, welke getuige, welke stukken)."))
    try:
        _check_after_aanzegging(case, requested_on, "requested_on", _("Het verzoek"))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        req = RightsRequest.objects.create(case=case, kind=kind, requested_on=requested_on,
                                           request=request.strip())
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Verzoek van de betrokkene"),
                     detail={"request": req.pk, "kind": kind})
        deciders = [m.user for m in case.members.filter(
            kind__in=[Member.Kind.LEAD_INVESTIGATOR, Member.Kind.COMPETENT_AUTHORITY])
            .select_related("user") if m.user_id != actor.pk]
        notify(deciders, _("Verzoek van de betrokkene in %(ref)s") % {"ref": case.reference},
               _("De betrokkene in %(ref)s vraagt: %(kind)s. Beslis met een motivering.")
               % {"ref": case.reference, "kind": req.get_kind_display()})
    return req


def decide_rights_request(actor, req: RightsRequest, *, decision: str, reason: str,
                          decided_on: date) -> RightsRequest:
    """The lead investigator or the competent authority grants or refuses a request of the
    betrokkene, always with a reason he can be told."""
    case = req.case
    _require(actor, "case.rights.decide", case,
             _("Alleen de hoofdonderzoeker of het bevoegd gezag beslist op een verzoek van de "
               "betrokkene."))
    _require_open(case)
    errors: dict[str, list[str]] = {}
    if decision not in (RightsRequest.Decision.GRANTED, RightsRequest.Decision.REFUSED):
        errors.setdefault("decision", []).append(_("Kies toewijzen of afwijzen."))
    if visible_length(reason) < 10:
        errors.setdefault("reason", []).append(
            _("Motiveer de beslissing; de betrokkene krijgt de motivering te horen."))
    if decided_on > timezone.localdate():
        errors.setdefault("decided_on", []).append(_("De datum ligt in de toekomst."))
    elif decided_on < req.requested_on:
        errors.setdefault("decided_on", []).append(
            _("De beslissing kan niet vóór het verzoek (%(d)s) liggen.")
            % {"d": req.requested_on.strftime("%d-%m-%Y")})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Only a pending request is decided: a second tab finds it decided and changes nothing.
        updated = RightsRequest.objects.filter(
            pk=req.pk, decision=RightsRequest.Decision.PENDING).update(
            decision=decision, reason=reason.strip(), decided_on=decided_on, decided_by=actor)
        if not updated:
            raise DomainError(_("Over dit verzoek is al beslist."))
        req.refresh_from_db()
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Beslissing op verzoek van de betrokkene"),
                     detail={"request": req.pk, "decision": decision})
    return req


def advance(actor, case: Case, step: str, on: date, note: str = "") -> Case:
    """Move an investigation to one of the investigators' own steps. The report step needs the
    report itself (a document of kind "Onderzoeksrapport"); the zienswijze step begins with the
    authority's voornemen (`record_voornemen`)."""
    if step == Step.ZIENSWIJZE:
        raise DomainError(_("De stap ‘Zienswijze’ begint met het voornemen tot straf van het "
                            "bevoegd gezag; zonder straf volgt direct het besluit."))
    if step not in (Step.INTAKE, Step.HEARINGS, Step.WITNESSES, Step.REPORT):
        raise DomainError(_("Deze stap wordt via een eigen handeling vastgelegd."))
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if needs_aanzegging(case):
        raise DomainError(_aanzegging_first(case))
    status = next((st for st in _status_types(case) if st.step == step), None)
    if status is None:
        raise DomainError(_("Dit onderzoekstype kent deze stap niet."))
    if status.order <= case.status.order:
        # A field error keeps what was typed (tester t30: a second tab's note was dropped while
        # the page said "Stap bijgewerkt").
        raise ValidationError({"step": [
            _("Het onderzoek staat al op de stap ‘%(step)s’.") % {"step": status.get_step_display()}
            if status.pk == case.status_id else _("Een onderzoek kan niet terug naar een eerdere stap.")]})
    if step == Step.REPORT and not case.documents.filter(kind=Document.Kind.REPORT).exists():
        raise ValidationError({"step": [_(
            "Voeg eerst het onderzoeksrapport toe (bij Documenten, soort ‘Onderzoeksrapport’): de "
            "stap ‘Rapportage’ legt vast dat het rapport er is.")]})
    check_step_date(case, on)
    with transaction.atomic():
        _set_step(actor, case, step, on, note)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Stap bijgewerkt"),
                     detail={"step": step})
    return case


# When the betrokkene's hearing may begin, on a working day (not a weekend or public holiday).
HEARING_HOURS = (time(8, 0), time(18, 0))


def _clock(moment: time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _check_moment(case: Case, invited_on: date, scheduled_at: datetime, preparation_waived: bool,
                  errors: dict[str, list[str]], moving: Hearing | None = None) -> None:
    """The moment of the betrokkene's hearing (planned, or `moving` to a new one): no second one
    that day, a working day in office hours when ahead, and his preparation time unless waived."""
    local = timezone.localtime(scheduled_at)
    local_day = local.date()
    others = case.hearings.filter(kind=Hearing.Kind.HEARING, waived_on__isnull=True)
    if moving is not None:
        others = others.exclude(pk=moving.pk)
    same_day = [h for h in others
                if timezone.localtime(h.scheduled_at).date() == local_day]
    if same_day:
        errors.setdefault("scheduled_at", []).append(
            _("Er staat die dag al een hoorgesprek gepland: %(when)s.") % {
                "when": timezone.localtime(same_day[0].scheduled_at).strftime("%d-%m-%Y %H:%M")})
    odd = not is_working_day(local_day) or not HEARING_HOURS[0] <= local.time() <= HEARING_HOURS[1]
    if odd and scheduled_at > timezone.now():
        # He has the right to bring a representative (a lawyer, a union's counsel, a
        # confidential advisor): a hearing planned at night or on a Sunday takes that right away
        # (tester t41: 03:00 on a Sunday was accepted without a word). A hearing recorded
        # afterwards is a fact and is kept as it happened.
        errors.setdefault("scheduled_at", []).append(
            _("Een hoorgesprek van de betrokkene vindt plaats op een werkdag, te beginnen tussen "
              "%(start)s en %(end)s, zodat een raadsman of vertrouwenspersoon erbij kan zijn; "
              "%(when)s is dat niet.") % {
                "start": _clock(HEARING_HOURS[0]), "end": _clock(HEARING_HOURS[1]),
                "when": local.strftime("%d-%m-%Y %H:%M")})
        if local_day.weekday() >= 5:  # say why (tester t47: Saturday 26-12 was refused without it)
            errors["scheduled_at"].append(_("%(d)s valt in het weekend (%(day)s).") % {
                "d": local_day.strftime("%d-%m-%Y"), "day": date_format(local_day, "l").lower()})
        if (holiday := holiday_name(local_day)) is not None:
            # Name it: a Monday that is Tweede paasdag does not look like a day off (session-18 note).
            errors["scheduled_at"].append(_("%(d)s is een feestdag: %(name)s.") % {
                "d": local_day.strftime("%d-%m-%Y"), "name": holiday})
    needed = case.case_type.hearing_preparation_days
    available = working_days_between(invited_on, local_day)
    if available < needed and not preparation_waived:
        errors.setdefault("scheduled_at", []).append(
            ngettext("De betrokkene heeft recht op ten minste %(n)d werkdag voorbereidingstijd; "
                     "nu zijn het er %(a)d. Kies %(d)s of later.",
                     "De betrokkene heeft recht op ten minste %(n)d werkdagen voorbereidingstijd; "
                     "nu zijn het er %(a)d. Kies %(d)s of later.", needed)
            % {"n": needed, "a": available,
               "d": add_working_days(invited_on, needed).strftime("%d-%m-%Y")}
        )


def plan_hearing(
    actor, case: Case, *, kind: str, invited_on: date, scheduled_at: datetime,
    representative: str = "", person: str = "", preparation_waived: bool = False,
    informed_on: date | None = None,
) -> Hearing:
    """Plan a hearing. The betrokkene gets at least the configured preparation time (working days
    between invitation and hearing) unless he waives it himself, which is recorded; a hearing of his
    planned ahead begins on a working day between 08:00 and 18:00 (`HEARING_HOURS`). `informed_on`:
    the day he was informed about the process and the findings, before the hearing."""
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    errors: dict[str, list[str]] = {}
    local = timezone.localtime(scheduled_at)
    local_day = local.date()
    if invited_on > timezone.localdate():
        # "Verstuurd op" is a fact; a date to come would count preparation time not yet given.
        errors.setdefault("invited_on", []).append(_("De uitnodiging kan niet in de toekomst verstuurd zijn."))
    if kind == Hearing.Kind.HEARING and case.track == Track.ORIENTING:
        # An orienting investigation gathers facts without the betrokkene: no aanzegging, no
        # hearing, and so no punishment (tester t50: a hearing planned here then blocked the decision).
        errors.setdefault("kind", []).append(_(
            "In een oriënterend onderzoek wordt de betrokkene niet gehoord: er is geen aanzegging. "
            "Hoor getuigen; is een hoorgesprek nodig, dan is een disciplinair onderzoek nodig, na een "
            "nieuw triagebesluit op de melding."))
    elif kind == Hearing.Kind.HEARING:
        # The betrokkene learns of the case at the aanzegging; he cannot be invited before it, nor
        # be said to waive his preparation time (tester t41: a hearing the next morning, "waived",
        # for a case he could not see yet).
        if needs_aanzegging(case):
            errors.setdefault("kind", []).append(_(
                "Het hoorgesprek volgt op de aanzegging: de betrokkene weet nog niet van het onderzoek. "
                "Leg eerst de aanzegging vast; getuigen kunnen wel al worden gehoord."))
        told = _aanzegging_day(case)
        if told is not None and invited_on < told:
            errors.setdefault("invited_on", []).append(
                _("De uitnodiging voor het hoorgesprek kan niet vóór de aanzegging (%(d)s) liggen.")
                % {"d": told.strftime("%d-%m-%Y")})
        disputed = case.hearings.filter(waiver_disputed_on__isnull=False).order_by("waiver_disputed_on").first()
        if preparation_waived and disputed is not None:
            # Once he said a recorded waiver was not his, the team cannot record another for him
            # (tester t44: a second hearing two days ahead, "waived", next to the moved one).
            errors.setdefault("preparation_waived", []).append(
                _("De betrokkene liet op %(d)s weten niet af te zien van de voorbereidingstijd; in dit "
                  "onderzoek kan het team die afstand niet meer vastleggen. Kies een dag die de betrokkene die tijd "
                  "geeft.") % {"d": disputed.waiver_disputed_on.strftime("%d-%m-%Y")})
            preparation_waived = False
        _check_moment(case, invited_on, scheduled_at, preparation_waived, errors)
    if kind == Hearing.Kind.WITNESS and not person.strip():
        errors.setdefault("person", []).append(_("Noem de getuige."))
    if local_day < invited_on:
        errors.setdefault("scheduled_at", []).append(
            _("Het gesprek kan niet vóór de uitnodiging plaatsvinden."))
    if informed_on is not None:
        if kind != Hearing.Kind.HEARING:
            errors.setdefault("informed_on", []).append(
                _("Alleen vóór het hoorgesprek wordt de betrokkene geïnformeerd over "
                  "proces en bevindingen."))
        else:
            try:
                _check_informed(case, informed_on, local_day)
            except ValidationError as error:
                errors.setdefault("informed_on", []).extend(error.message_dict["informed_on"])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hearing = Hearing.objects.create(
            case=case, kind=kind, invited_on=invited_on, scheduled_at=scheduled_at,
            representative=representative.strip(), person=person.strip(),
            preparation_waived=preparation_waived, informed_on=informed_on,
        )
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Gesprek gepland"),
                     detail={"hearing": hearing.pk, "kind": kind,
                             "waived": preparation_waived})
    return hearing


def reschedule_hearing(actor, hearing: Hearing, *, scheduled_at: datetime, preparation_waived: bool = False,
                       state: str = "") -> Hearing:
    """Move a planned hearing to another moment (illness, a representative who cannot come, or
    the betrokkene who said he did not waive his preparation time). The new moment is checked as a
    planned one (`plan_hearing`); once he disputed a waiver, only he can waive again, so the new
    day must give him his preparation time. `state`: the hearing's state token when the form was
    loaded (ConcurrentEditError when it changed since)."""
    case = hearing.case
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if hearing.held or hearing.waived_on:
        raise DomainError(_("Dit gesprek is al gehouden of de betrokkene zag ervan af; het kan niet meer "
                            "worden verplaatst."))
    disputed = hearing.waiver_disputed_on is not None
    waived = preparation_waived and hearing.kind == Hearing.Kind.HEARING and not disputed
    errors: dict[str, list[str]] = {}
    if preparation_waived and disputed:
        errors.setdefault("preparation_waived", []).append(
            _("De betrokkene liet op %(d)s weten niet af te zien van de voorbereidingstijd; kies een dag "
              "die de betrokkene die tijd geeft.") % {"d": hearing.waiver_disputed_on.strftime("%d-%m-%Y")})
    if scheduled_at <= timezone.now():
        errors.setdefault("scheduled_at", []).append(_("Verplaats het gesprek naar een moment in de toekomst."))
    if timezone.localtime(scheduled_at).date() < hearing.invited_on:
        errors.setdefault("scheduled_at", []).append(_("Het gesprek kan niet vóór de uitnodiging plaatsvinden."))
    if hearing.kind == Hearing.Kind.HEARING:
        _check_moment(case, hearing.invited_on, scheduled_at, waived, errors, moving=hearing)
        if hearing.informed_on is not None and hearing.informed_on >= timezone.localtime(scheduled_at).date():
            errors.setdefault("scheduled_at", []).append(
                _("De betrokkene is op %(d)s geïnformeerd; het gesprek moet daarna liggen.")
                % {"d": hearing.informed_on.strftime("%d-%m-%Y")})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check_state(hearing, state)
        before = timezone.localtime(hearing.scheduled_at).strftime("%d-%m-%Y %H:%M")
        hearing.scheduled_at = scheduled_at
        hearing.preparation_waived = waived
        hearing.save(update_fields=["scheduled_at", "preparation_waived"])
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Gesprek verplaatst van %(before)s naar %(after)s") % {
            "before": before, "after": timezone.localtime(scheduled_at).strftime("%d-%m-%Y %H:%M")},
            detail={"hearing": hearing.pk, "waived": waived})
    return hearing


def dispute_preparation_waiver(actor, hearing: Hearing) -> Hearing:
    """The betrokkene says, in "Mijn zaak", that he did not waive his preparation time for his
    hearing (the investigator recorded the waiver). The lead investigator and the authority are
    told; the hearing cannot be recorded as held until it is moved to a day that gives him the
    time (`reschedule_hearing`, a task of the lead)."""
    case = hearing.case
    if not policy.can(actor, "case.own", case):
        raise PermissionDeniedError(_("Alleen de betrokkene zelf kan dit laten weten."))
    if (hearing.kind != Hearing.Kind.HEARING or not hearing.preparation_waived or hearing.held
            or hearing.waived_on or hearing.scheduled_at <= timezone.now() or case.closed_on):
        raise DomainError(_("Bij dit gesprek staat geen afstand van voorbereidingstijd die u nog kunt aanvechten."))
    if hearing.waiver_disputed_on is not None:
        raise DomainError(_("U hebt dit al laten weten op %(d)s.")
                          % {"d": hearing.waiver_disputed_on.strftime("%d-%m-%Y")})
    with transaction.atomic():
        # His word covers every open hearing recorded as waived for him, not only the one he
        # clicked: a second waived hearing planned before the dispute would otherwise stay valid
        # (session-18 note).
        others = list(case.hearings.filter(
            kind=Hearing.Kind.HEARING, preparation_waived=True, held=False, waived_on__isnull=True,
            waiver_disputed_on__isnull=True, scheduled_at__gt=timezone.now()).exclude(pk=hearing.pk))
        today = timezone.localdate()
        for disputed in [hearing, *others]:
            disputed.waiver_disputed_on = today
            disputed.save(update_fields=["waiver_disputed_on"])
        audit.record(actor, AuditAction.CHANGE, case,
                     summary=_("Betrokkene ziet niet af van voorbereidingstijd voor het hoorgesprek"),
                     detail={"hearing": hearing.pk, "also": [other.pk for other in others]})
        told = [m.user for m in case.members.filter(
            kind__in=[Member.Kind.LEAD_INVESTIGATOR, Member.Kind.COMPETENT_AUTHORITY]).select_related("user")]
        notify(told, _("Hoorgesprek verplaatsen in %(ref)s") % {"ref": case.reference},
               _("De betrokkene in %(ref)s laat weten niet af te zien van de voorbereidingstijd voor het "
                 "hoorgesprek van %(when)s. Verplaats het gesprek naar een dag die de betrokkene die tijd geeft.") % {
                   "ref": case.reference,
                   "when": timezone.localtime(hearing.scheduled_at).strftime("%d-%m-%Y %H:%M")})
    return hearing


def record_hearing_held(actor, hearing: Hearing, note: str) -> Hearing:
    """Record that a planned hearing took place, with a short report."""
    case = hearing.case
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if hearing.held or hearing.waived_on:
        raise DomainError(_("Dit gesprek is al als gehouden vastgelegd."))
    if hearing.needs_moving:
        raise DomainError(_("De betrokkene liet op %(d)s weten niet af te zien van de voorbereidingstijd; "
                            "verplaats het gesprek eerst naar een dag die de betrokkene die tijd geeft.")
                          % {"d": hearing.waiver_disputed_on.strftime("%d-%m-%Y")})
    if hearing.scheduled_at > timezone.now():
        raise DomainError(_("Een gesprek kan pas na het geplande moment als gehouden worden "
                            "vastgelegd."))
    if visible_length(note) < 5:
        raise ValidationError({"note": [_("Vat kort samen wat er is besproken.")]})
    with transaction.atomic():
        hearing.held = True
        hearing.note = note.strip()
        hearing.save(update_fields=["held", "note"])
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Gesprek gehouden"),
                     detail={"hearing": hearing.pk})
    return hearing


def record_hearing_waived(actor, hearing: Hearing, on: date, note: str) -> Hearing:
    """Record that the betrokkene, invited to his hearing, declined to be heard."""
    case = hearing.case
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if hearing.kind != Hearing.Kind.HEARING:
        raise DomainError(_("Alleen de betrokkene kan afzien van het eigen hoorgesprek."))
    if hearing.held or hearing.waived_on:
        raise DomainError(_("Van dit gesprek is al vastgelegd dat het is gehouden of dat de "
                            "betrokkene ervan afzag."))
    if on > timezone.localdate():
        raise ValidationError({"on": [_("De datum ligt in de toekomst.")]})
    if on < hearing.invited_on:
        raise ValidationError({"on": [
            _("Deze datum ligt vóór de uitnodiging (%(d)s); de betrokkene kan pas afzien van een "
              "gesprek na de uitnodiging ervoor.") % {"d": hearing.invited_on.strftime("%d-%m-%Y")}]})
    if visible_length(note) < 5:
        raise ValidationError({"note": [_("Leg kort vast hoe de betrokkene liet weten af te zien.")]})
    with transaction.atomic():
        hearing.waived_on = on
        hearing.note = note.strip()
        hearing.save(update_fields=["waived_on", "note"])
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Betrokkene zag af van het hoorgesprek"),
                     detail={"hearing": hearing.pk})
    return hearing


def pause_clock(actor, case: Case, reason: DelayReason, on: date, note: str = "") -> Pause:
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if not reason.active:
        raise ValidationError({"reason": [_("Deze vertrager is niet meer in gebruik.")]})
    if case.pauses.filter(ended_on__isnull=True).exists():
        raise DomainError(_("De klok staat al stil."))
    if reason.code == ZIENSWIJZE_PAUSE:
        voornemen = current_voornemen(case)
        if voornemen is None or voornemen.answered or voornemen.term_ends_on < on:
            # (tester t14: the clock stood still "for the zienswijze" at the step Getuigen)
            raise ValidationError({"reason": [_(
                "De klok staat alleen stil voor de zienswijze zolang de termijn van een voornemen "
                "loopt en er nog geen zienswijze is.")]})
    if on < case.opened_on:
        raise ValidationError({"on": [_("De pauze kan niet vóór de start van het onderzoek "
                                        "(%(d)s) beginnen.") % {
            "d": case.opened_on.strftime("%d-%m-%Y")}]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("De pauze kan niet in de toekomst beginnen.")]})
    last_end = case.pauses.order_by("-ended_on").values_list("ended_on", flat=True).first()
    if last_end is not None and on < last_end:
        raise ValidationError({"on": [
            _("Deze pauze overlapt met de vorige (tot %(d)s): een periode telt maar één keer. "
              "Kies %(d)s of later.") % {"d": last_end.strftime("%d-%m-%Y")}]})
    with transaction.atomic():
        pause = Pause.objects.create(case=case, reason=reason, started_on=on, note=note, by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Klok gepauzeerd"),
                     detail={"reason": reason.code})
    return pause


def resume_clock(actor, case: Case, on: date) -> Pause:
    """Resume the clock; the deadline moves by the paused working days."""
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    pause = case.pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        raise DomainError(_("De klok staat niet stil."))
    if on < pause.started_on:
        raise ValidationError({"on": [_("Hervatten kan niet vóór het begin van de pauze.")]})
    if on > timezone.localdate():
        # A date to come would count paused days that have not passed (tester t41).
        raise ValidationError({"on": [_("Hervatten kan niet in de toekomst; kies vandaag of eerder.")]})
    return _resume(actor, case, pause, on)


def _resume(actor, case: Case, pause: Pause, on: date) -> Pause:
    with transaction.atomic():
        others = [(p.started_on, p.ended_on) for p in case.pauses.exclude(pk=pause.pk)
                  if p.ended_on is not None]
        pause.ended_on = on
        pause.save(update_fields=["ended_on"])
        # Only the days no earlier pause already counted move the deadline.
        lost = (paused_working_days([*others, (pause.started_on, on)])
                - paused_working_days(others))
        case.deadline = add_working_days(case.deadline, lost)
        Case.objects.filter(pk=case.pk).update(deadline=case.deadline)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Klok hervat"),
                     detail={"paused_working_days": lost})
    return pause


ZIENSWIJZE_PAUSE = "zienswijze_term"


def _end_zienswijze_pause(actor, case: Case, on: date) -> date | None:
    """The pause "Termijn voor zienswijze loopt" ends when the zienswijze is in (or waived) or the
    authority decides: the clock runs again from that day (never before the pause began), which is
    returned (None: no such pause ran)."""
    pause = case.pauses.filter(ended_on__isnull=True, reason__code=ZIENSWIJZE_PAUSE).first()
    if pause is None:
        return None
    resumed = max(on, pause.started_on)
    _resume(actor, case, pause, resumed)
    return resumed


# A status update or review note is a short record of a conversation, not a document.
MAX_NOTE_CHARS = 4000


def _not_before_opening(case: Case, day: date, field: str) -> None:
    """Contact about a case happens after it was opened."""
    if day < case.opened_on:
        raise ValidationError({field: [_("De datum ligt vóór de start van het onderzoek (%(d)s).")
                                       % {"d": case.opened_on.strftime("%d-%m-%Y")}]})


def record_status_update(actor, case: Case, *, given_on: date, channel: str, summary: str):
    """Contact with the betrokkene, also when there is no news."""
    _require(actor, "case.care", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if visible_length(summary) < 5:
        raise ValidationError({"summary": [_("Noteer kort wat met de betrokkene is gedeeld.")]})
    if len(summary.strip()) > MAX_NOTE_CHARS:
        raise ValidationError({"summary": [_("Houd het kort: ten hoogste %(n)d tekens.") % {"n": MAX_NOTE_CHARS}]})
    if needs_aanzegging(case):
        # The betrokkene learns of the case at the aanzegging (tester t47: an update "to the
        # betrokkene" was recorded on a case he could not know of yet).
        # Said to the care contact too, who does not record the aanzegging (tester t49).
        raise DomainError(_("De betrokkene weet nog niet van het onderzoek: statusupdates aan de "
                            "betrokkene volgen na de aanzegging door het onderzoeksteam."))
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": [_("De datum ligt in de toekomst.")]})
    _not_before_opening(case, given_on, "given_on")
    if _aanzegging_day(case) is not None:
        _check_after_aanzegging(case, given_on, "given_on", _("Een statusupdate"))
    # The end date in force on the day of the update: a backdated update did not tell a date
    # recorded later (tester t64: an update of 28-11 "told" a date set on 04-12).
    promised = max((p for p in case.expected_end_dates.all() if timezone.localtime(p.recorded_at).date() <= given_on),
                   key=lambda p: p.pk, default=None)
    with transaction.atomic():
        # The same update twice (tester t47: sent from two tabs, it was listed twice).
        if StatusUpdate.objects.select_for_update().filter(
                case=case, given_on=given_on, channel=channel, summary=summary.strip()).exists():
            raise DomainError(_("Deze statusupdate is al vastgelegd."))
        update = StatusUpdate.objects.create(
            case=case, given_on=given_on, channel=channel, summary=summary.strip(), by=actor,
            expected_end_on=promised.end_on if promised else None)
        if case.last_update_on is None or given_on > case.last_update_on:
            Case.objects.filter(pk=case.pk).update(last_update_on=given_on)
            case.last_update_on = given_on
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Statusupdate betrokkene"))
    return update


# --- throughput you can explain and promise (issue 15, item 6) ----------------------------------


def _paused_until_today(case: Case) -> int:
    """Working days the clock stood still so far; a running pause counts up to today."""
    today = timezone.localdate()
    return paused_working_days([(p.started_on, p.ended_on or max(today, p.started_on))
                                for p in case.pauses.all()])


def suggest_end_date(case: Case) -> date:
    """The end date the type's throughput norm gives: its working days from the opening date,
    plus the working days the clock stood still."""
    return add_working_days(case.opened_on,
                            case.case_type.throughput_norm_days + _paused_until_today(case))


def current_expected_end(case: Case) -> ExpectedEndDate | None:
    """The end date the betrokkene was last told (the newest record), or None."""
    return max(case.expected_end_dates.all(), key=lambda promise: promise.pk, default=None)


def expected_end_told(case: Case, promise: ExpectedEndDate | None) -> bool:
    """Whether a status update given on or after the day `promise` was recorded carried its date
    to the betrokkene (tester t63: "meegedeeld aan de betrokkene" right after recording it, while
    the page still asked for the update that tells it)."""
    if promise is None:
        return False
    recorded = timezone.localtime(promise.recorded_at).date()
    return case.status_updates.filter(expected_end_on=promise.end_on, given_on__gte=recorded).exists()


def expected_end_state(case: Case) -> str:
    """The state token of the case's promised end dates: the form carries it, so that a second
    tab does not silently replace a promise made in the first."""
    return state_token(case, ("expected_end_dates",))


def earliest_end(case: Case) -> tuple[date, str] | None:
    """The first day the case can end given what must still happen, with why: the betrokkene's
    hearing still ahead, or the term for his zienswijze on the current voornemen still running
    (the decision waits for both). None when nothing holds it back."""
    reasons: list[tuple[date, str]] = []
    if (ahead := hearing_ahead(case)) is not None:
        reasons.append((timezone.localtime(ahead.scheduled_at).date(),
                        _("dan wordt de betrokkene nog gehoord")))
    if (term_end := zienswijze_term_running(case)) is not None:
        # The decision comes the working day after the term at the earliest (`_voornemen_errors`;
        # tester t62: a Saturday was told to the betrokkene as the expected end).
        reasons.append((working_day_on_or_after(term_end + timedelta(days=1)),
                        _("de betrokkene mag tot en met %(d)s een zienswijze geven") % {"d": _fmt(term_end)}))
    return max(reasons, default=None)


def set_expected_end_date(actor, case: Case, *, end_on: date, reason: str,
                          expected_state: str = "") -> ExpectedEndDate:
    """Record the end date told to the betrokkene. Every change is a new record with its reason;
    nothing earlier is overwritten."""
    _require(actor, "case.expected_end", case,
             _("Alleen de hoofdonderzoeker of het bevoegd gezag legt de verwachte einddatum vast."))
    _require_open(case)
    errors: dict[str, list[str]] = {}
    if end_on < case.opened_on:
        errors.setdefault("end_on", []).append(
            _("De verwachte einddatum ligt vóór de start van het onderzoek (%(d)s).")
            % {"d": case.opened_on.strftime("%d-%m-%Y")})
    elif end_on < timezone.localdate():
        # The case still runs: a date already past tells the betrokkene nothing (tester t50).
        errors.setdefault("end_on", []).append(
            _("De verwachte einddatum ligt in het verleden, terwijl het onderzoek nog loopt; noem "
              "een datum vanaf vandaag (%(d)s).") % {"d": timezone.localdate().strftime("%d-%m-%Y")})
    elif not is_working_day(end_on):
        # An end on a weekend or public holiday is no date anyone can keep (tester t62: Saturday);
        # the holiday named (tester t63).
        errors.setdefault("end_on", []).append(
            _("%(d)s is geen werkdag (%(why)s); noem de betrokkene een werkdag, bijvoorbeeld %(next)s.")
            % {"d": end_on.strftime("%d-%m-%Y"), "why": holiday_name(end_on) or _("weekend"),
               "next": working_day_on_or_after(end_on).strftime("%d-%m-%Y")})
    elif (earliest := earliest_end(case)) is not None and end_on < earliest[0]:
        # Not before what must still happen (tester t53: today, while his term for a zienswijze
        # ran two weeks more and the authority could not decide before it).
        errors.setdefault("end_on", []).append(
            _("Het onderzoek kan niet eerder eindigen dan %(d)s: %(why)s.")
            % {"d": earliest[0].strftime("%d-%m-%Y"), "why": earliest[1]})
    text = reason.strip()
    if len(text) < 10:
        errors.setdefault("reason", []).append(
            _("Geef de reden; de betrokkene krijgt haar te horen."))
    elif len(text) > MAX_NOTE_CHARS:
        errors.setdefault("reason", []).append(
            _("Houd het kort: ten hoogste %(n)d tekens.") % {"n": MAX_NOTE_CHARS})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check_state(case, expected_state, ("expected_end_dates",))
        previous = current_expected_end(case)
        promise = ExpectedEndDate.objects.create(case=case, end_on=end_on, reason=text,
                                                 suggested_on=suggest_end_date(case), by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Verwachte einddatum vastgelegd"),
                     detail={"end_on": end_on.isoformat(),
                             "previous": previous.end_on.isoformat() if previous else None})
    return promise


def record_accelerator(actor, case: Case, *, factor: AcceleratingFactor, on: date,
                       note: str = "") -> CaseAccelerator:
    """An accelerating factor (versneller) that applied to the case, beside the delaying ones."""
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    errors: dict[str, list[str]] = {}
    if not factor.active:
        errors.setdefault("factor", []).append(_("Kies een versneller uit de lijst."))
    if on > timezone.localdate():
        errors.setdefault("on", []).append(_("De datum ligt in de toekomst."))
    elif on < case.opened_on:
        errors.setdefault("on", []).append(
            _("De datum ligt vóór de start van het onderzoek (%(d)s).")
            % {"d": case.opened_on.strftime("%d-%m-%Y")})
    if len(note.strip()) > 255:
        errors.setdefault("note", []).append(_("Houd het kort: ten hoogste %(n)d tekens.") % {"n": 255})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rec = CaseAccelerator.objects.create(case=case, factor=factor, on=on, note=note.strip(),
                                             by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Versneller vastgelegd"),
                     detail={"factor": factor.code, "on": on.isoformat()})
    return rec


def record_review(actor, case: Case, *, held_on: date, notes: str) -> Review:
    _require(actor, "case.manage", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if visible_length(notes) < 5:
        raise ValidationError({"notes": [_("Noteer de afspraken van het evaluatiemoment.")]})
    if len(notes.strip()) > MAX_NOTE_CHARS:
        raise ValidationError({"notes": [_("Houd het kort: ten hoogste %(n)d tekens.") % {"n": MAX_NOTE_CHARS}]})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("De datum ligt in de toekomst.")]})
    _not_before_opening(case, held_on, "held_on")
    with transaction.atomic():
        review = Review.objects.create(case=case, held_on=held_on, notes=notes.strip(), by=actor)
        Case.objects.filter(pk=case.pk).update(last_review_on=held_on)
        case.last_review_on = held_on
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Evaluatiemoment"))
    return review


def record_access_request(actor, case: Case, *, requested_on: date, request: str):
    """The betrokkene asks to see (part of) his file; the lead investigator decides within
    `tasks.ACCESS_TERM_WORKING_DAYS` ("my tasks"), and the case is not closed before he has."""
    _require(actor, "case.work", case, _("U mag dit onderzoek niet wijzigen."))
    _require_open(case)
    if needs_aanzegging(case):
        # He learns of the case at the aanzegging; a request to see a file he does not know of
        # was recordable, while his other requests were not (session-18 note).
        raise DomainError(_("Leg eerst de aanzegging vast: pas daarna kent de betrokkene het onderzoek en kan "
                            "de betrokkene vragen het dossier in te zien."))
    if not visible_length(request):
        raise ValidationError({"request": [_("Beschrijf wat de betrokkene wil inzien.")]})
    _check_after_aanzegging(case, requested_on, "requested_on", _("Het inzageverzoek"))
    with transaction.atomic():
        req = AccessRequest.objects.create(case=case, requested_on=requested_on,
                                           request=request.strip())
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Inzageverzoek ontvangen"))
    return req


def decide_access_request(actor, req: AccessRequest, *, decision: str, reason: str):
    """The lead investigator or the competent authority grants, partly grants or refuses the
    betrokkene's request to see his file (a refusal with a reason); as for his other requests, not
    any investigator of the team (tester t43)."""
    case = req.case
    _require(actor, "case.rights.decide", case,
             _("Alleen de hoofdonderzoeker of het bevoegd gezag beslist op een inzageverzoek."))
    if req.decision != AccessRequest.Decision.PENDING:
        raise DomainError(_("Over dit verzoek is al beslist."))
    if decision == AccessRequest.Decision.PENDING or decision not in AccessRequest.Decision.values:
        raise ValidationError({"decision": [_("Kies een beslissing.")]})
    if decision != AccessRequest.Decision.GRANTED and visible_length(reason) < 10:
        raise ValidationError({"reason": [
            _("Motiveer waarom (een deel van) de inzage wordt geweigerd.")]})
    with transaction.atomic():
        req.decision = decision
        req.reason = reason.strip()
        req.decided_on = timezone.localdate()
        req.save(update_fields=["decision", "reason", "decided_on"])
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Inzageverzoek beslist"),
                     detail={"request": req.pk, "decision": decision})
    return req


def upload_document(actor, case: Case, *, title: str, upload,
                    kind: str = Document.Kind.OTHER) -> Document:
    _require(actor, "case.work", case, _("U mag geen documenten aan dit onderzoek toevoegen."))
    _require_open(case)
    from vik.signals.services import validate_attachment

    errors: dict[str, list[str]] = {}
    if not visible_length(title):
        errors.setdefault("title", []).append(_("Geef het document een titel."))
    if kind not in Document.Kind.values:
        errors.setdefault("kind", []).append(_("Kies de soort document."))
    validate_attachment(upload, errors)
    if errors:
        raise ValidationError({("file" if k == "attachments" else k): v for k, v in errors.items()})
    with transaction.atomic():
        doc = Document.objects.create(case=case, kind=kind, title=title.strip(), file=upload,
                                      uploaded_by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Document toegevoegd"),
                     detail={"document": doc.pk, "kind": kind})
    return doc


@dataclass
class DecisionInput:
    outcome: str
    reasoning: str
    decided_on: date
    measure: str = ""
    conditional: bool = False
    personal_circumstances: str = ""
    learning_points: str = ""


def record_decision(actor, case: Case, data: DecisionInput) -> Decision:
    """The competent authority decides: no breach, breach with a BARP art. 77 measure, or a
    corrective/learning measure."""
    _require(actor, "case.authority", case, _("Alleen het bevoegd gezag neemt het besluit."))
    _require_open(case)
    if hasattr(case, "decision"):
        raise DomainError(_("Er is al een besluit vastgelegd."))
    errors: dict[str, list[str]] = {}
    if data.outcome not in Outcome.values:
        errors.setdefault("outcome", []).append(_("Kies een uitkomst."))
    if data.outcome == Outcome.BREACH_MEASURE and case.track == Track.ORIENTING:
        errors.setdefault("outcome", []).append(_(NO_PUNISHMENT_AFTER_ORIENTING))
    elif data.outcome == Outcome.BREACH_MEASURE and not data.measure:
        errors.setdefault("measure", []).append(_("Kies de disciplinaire straf."))
    if data.outcome != Outcome.BREACH_MEASURE and data.measure:
        errors.setdefault("measure", []).append(
            _(NO_PUNISHMENT_AFTER_ORIENTING) if case.track == Track.ORIENTING
            else _("Een straf hoort alleen bij de uitkomst plichtsverzuim met straf."))
    if data.conditional and not data.measure:
        errors.setdefault("conditional", []).append(_("‘Voorwaardelijk’ hoort alleen bij een straf."))
    if visible_length(data.reasoning) < 20:
        # Say how much (tester t31: "Motiveer het besluit." beside a short motivation said nothing).
        errors.setdefault("reasoning", []).append(
            _("Motiveer het besluit in ten minste 20 tekens (nu %(n)d).") % {"n": visible_length(data.reasoning)})
    if data.decided_on > timezone.localdate():
        errors.setdefault("decided_on", []).append(_("De datum ligt in de toekomst."))
    if needs_aanzegging(case):
        errors.setdefault("outcome", []).append(
            _("Zonder vastgelegde aanzegging kan geen besluit worden genomen."))
    if (ahead := hearing_ahead(case)) is not None:
        errors.setdefault("outcome", []).append(_hearing_ahead_message(ahead))
    # Every outcome, "no breach" included, closes an investigation in which the betrokkene has
    # the right to be heard (and to give his view on the findings) before the authority decides.
    if _needs_hearing(case, data.decided_on):
        errors.setdefault("outcome", []).append(
            _("Dit onderzoekstype vraagt een gehouden hoorgesprek met de betrokkene (of zijn "
              "afzien ervan) vóór het besluit, ook bij geen plichtsverzuim. Leg eerst vast dat het "
              "hoorgesprek is gehouden of dat de betrokkene ervan heeft afgezien."))
    missing = _missing_before_decision(case, data.outcome)
    if missing:
        errors.setdefault("outcome", []).append(
            _("Leg eerst de stap(pen) %(steps)s vast: het besluit volgt op het rapport.") % {
                "steps": ", ".join(f"‘{name}’" for name in missing)})
    for field, messages in _voornemen_errors(case, data).items():
        errors.setdefault(field, []).extend(messages)
    # One message per date: "before the zienswijze" already says what "before the previous step" would.
    if data.decided_on < case.status_since and "decided_on" not in errors:
        errors.setdefault("decided_on", []).append(
            _("Deze datum ligt vóór de vorige stap (‘%(step)s’ op %(date)s); kies %(date)s of "
              "later.") % {"step": case.status.get_step_display(),
                           "date": case.status_since.strftime("%d-%m-%Y")})
    # Learning points are shared with the organisation: nothing in them may lead to a person.
    if problems := case_identifying_details(case, data.learning_points):
        errors.setdefault("learning_points", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = Decision.objects.create(
            case=case, outcome=data.outcome, measure=data.measure,
            conditional=data.conditional and bool(data.measure),
            reasoning=data.reasoning.strip(),
            personal_circumstances=data.personal_circumstances.strip(),
            learning_points=data.learning_points.strip(), decided_on=data.decided_on,
            decided_by=actor,
        )
        _set_step(actor, case, Step.DECISION, data.decided_on)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Besluit vastgelegd"),
                     detail={"outcome": data.outcome, "measure": data.measure})
        _end_zienswijze_pause(actor, case, data.decided_on)
        users = _own_case_users(case)
        if users:
            transaction.on_commit(lambda: notify(
                users, _("Besluit in uw zaak %(ref)s") % {"ref": case.reference},
                _("Het bevoegd gezag heeft besloten in het onderzoek naar u. U ziet het besluit in "
                  "VIK onder ‘Mijn zaak’; u hoort het ook van uw contactpersoon.")))
    return decision


@dataclass
class VoornemenInput:
    measure: str
    grounds: str
    sent_on: date
    conditional: bool = False
    # A send date whose term has already ended: the authority confirms the betrokkene had it.
    term_passed_confirmed: bool = False
    # The voornemen the form was filled in against (None: none yet); ANY skips the check (code).
    replaces: object = "any"


def _own_case_users(case: Case) -> list[User]:
    """The betrokkene's account, when he may follow his own case in VIK (`case.own`)."""
    user = User.objects.filter(employee_id=case.subject_id, is_active=True).first()
    return [user] if user is not None and policy.can(user, "case.own", case) else []


def record_voornemen(actor, case: Case, data: VoornemenInput) -> Voornemen:
    """The competent authority intends a disciplinary punishment and sends it, with its grounds,
    to the betrokkene: his term for a zienswijze (the case type's working days, Dutch public
    holidays excluded) starts the day it is sent, and the case moves to the step "Zienswijze".
    A newer voornemen replaces an older one (e.g. for a heavier punishment) with a new term.
    Raises PermissionDeniedError (not the authority), DomainError (closed, decided, before the
    aanzegging or the report) or ValidationError per field (measure, grounds, sent_on)."""
    _require(actor, "case.authority", case,
             _("Alleen het bevoegd gezag maakt een voornemen tot straf."))
    _require_open(case)
    if hasattr(case, "decision"):
        raise DomainError(_("Er is al een besluit vastgelegd."))
    if case.track == Track.ORIENTING:  # tester t49: a voornemen on an orienting case was saved
        raise DomainError(_(NO_PUNISHMENT_AFTER_ORIENTING))
    if needs_aanzegging(case):
        raise DomainError(_aanzegging_first(case))
    if _missing_before_decision(case, Outcome.BREACH_MEASURE):
        raise DomainError(_("Een voornemen volgt op het rapport: leg eerst de stap ‘Rapportage’ "
                            "vast, met het onderzoeksrapport bij de documenten."))
    if (ahead := hearing_ahead(case)) is not None:
        raise DomainError(_hearing_ahead_message(ahead))
    current = current_voornemen(case)
    if data.replaces != "any" and (current.pk if current else None) != data.replaces:
        # A second tab still showing the old page must not silently replace what was sent (t14).
        raise ConcurrentEditError(_("Er is intussen een ander voornemen vastgelegd. Bekijk het eerst; wilt u "
                                    "het vervangen, maak dan opnieuw een voornemen."))
    errors: dict[str, list[str]] = {}
    if data.measure not in Measure.values:
        errors["measure"] = [_("Kies de voorgenomen straf.")]
    # Counted without runs of spaces: "x", 25 spaces and "y" are no grounds (tester t14).
    if visible_length(data.grounds) < 20:
        errors["grounds"] = [_("Geef de gronden in ten minste %(n)d tekens: welk plichtsverzuim het bevoegd "
                               "gezag bewezen acht en waarom deze straf.") % {"n": 20}]
    try:
        check_step_date(case, data.sent_on, "sent_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    term_ends_on = add_working_days(data.sent_on, case.case_type.zienswijze_term_days)
    if "sent_on" not in errors and term_ends_on < timezone.localdate() and not data.term_passed_confirmed:
        # A backdated voornemen would skip the betrokkene's term altogether (tester t14).
        errors["sent_on"] = [_(
            "Met deze datum is de termijn voor de zienswijze al verstreken (op %(date)s): de betrokkene "
            "kan dan niet meer reageren. Kies de werkelijke datum van uitreiking; klopt deze datum, "
            "bevestig dan dat de betrokkene het voornemen toen heeft ontvangen.") % {"date": _fmt(term_ends_on)}]
    previous = current_voornemen(case)
    if previous is not None and data.sent_on < previous.sent_on and "sent_on" not in errors:
        errors["sent_on"] = [_("Een nieuw voornemen kan niet vóór het vorige (%(date)s) liggen.")
                             % {"date": _fmt(previous.sent_on)}]
    if errors:
        raise ValidationError(errors)
    term = case.case_type.zienswijze_term_days
    with transaction.atomic():
        voornemen = Voornemen.objects.create(
            case=case, measure=data.measure, conditional=data.conditional,
            grounds=data.grounds.strip(), sent_on=data.sent_on, term_days=term,
            term_ends_on=add_working_days(data.sent_on, term), by=actor)
        if StatusType.objects.filter(case_type_id=case.case_type_id, step=Step.ZIENSWIJZE).exists():
            _set_step(actor, case, Step.ZIENSWIJZE, data.sent_on)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Voornemen tot straf vastgelegd"),
                     detail={"measure": data.measure, "conditional": data.conditional,
                             "term_ends_on": voornemen.term_ends_on.isoformat()})
        users = _own_case_users(case)
        if users:
            transaction.on_commit(lambda: notify(
                users, _("Voornemen in uw zaak %(ref)s") % {"ref": case.reference},
                _("Het bevoegd gezag heeft u een voornemen tot straf gestuurd. U kunt tot en met "
                  "%(date)s uw zienswijze geven, in VIK onder ‘Mijn zaak’ of schriftelijk.")
                % {"date": _fmt(voornemen.term_ends_on)}))
    return voornemen


def _check_response(voornemen: Voornemen, response: str, received_on: date, text: str) -> None:
    errors: dict[str, list[str]] = {}
    if response not in Voornemen.Response.values:
        errors["response"] = [_("Kies hoe de betrokkene heeft gereageerd.")]
    elif response != Voornemen.Response.WAIVED and visible_length(text) < 10:
        errors["text"] = [_("Geef de zienswijze weer (ten minste een zin).")]
    if received_on < voornemen.sent_on:
        errors["received_on"] = [_("De zienswijze kan niet vóór het voornemen (%(date)s) liggen.")
                                 % {"date": _fmt(voornemen.sent_on)}]
    elif received_on > timezone.localdate():
        errors["received_on"] = [_("De datum ligt in de toekomst.")]
    if errors:
        raise ValidationError(errors)


def _save_response(actor, voornemen: Voornemen, response: str, received_on: date,
                   text: str) -> Voornemen:
    case = voornemen.case
    _require_open(case)
    if hasattr(case, "decision"):
        raise DomainError(_("Er is al besloten; een zienswijze kan niet meer worden vastgelegd."))
    current = current_voornemen(case)
    if current is None or current.pk != voornemen.pk:
        raise DomainError(_("Er is een nieuwer voornemen; geef de zienswijze op dat voornemen."))
    _check_response(voornemen, response, received_on, text)
    with transaction.atomic():
        # Conditional on "not answered yet": two tabs (or the betrokkene and the investigator at
        # once) cannot both record a zienswijze; the second gets a message, nothing is overwritten.
        updated = Voornemen.objects.filter(pk=voornemen.pk, response_on__isnull=True).update(
            response=response, response_on=received_on, response_text=text.strip(),
            response_by=actor)
        if not updated:
            raise DomainError(_("De zienswijze op dit voornemen is al vastgelegd."))
        voornemen.refresh_from_db()
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Zienswijze vastgelegd"),
                     detail={"voornemen": voornemen.pk, "response": response})
        # For the message to the user: the throughput clock runs again from this day.
        voornemen.clock_resumed_on = _end_zienswijze_pause(actor, case, received_on)
        authorities = [m.user for m in case.members.filter(
            kind=Member.Kind.COMPETENT_AUTHORITY).select_related("user")]
        transaction.on_commit(lambda: notify(
            authorities, _("Zienswijze in %(ref)s") % {"ref": case.reference},
            _("De zienswijze van de betrokkene op het voornemen is vastgelegd; u kunt besluiten.")))
    return voornemen


def record_zienswijze(actor, voornemen: Voornemen, *, response: str, received_on: date,
                      text: str = "") -> Voornemen:
    """An investigator or the authority records the betrokkene's zienswijze received in writing
    or orally, or that he waived it. Once per voornemen; ValidationError per field."""
    _require(actor, "case.manage", voornemen.case, _("U mag dit onderzoek niet wijzigen."))
    return _save_response(actor, voornemen, response, received_on, text)


def submit_own_zienswijze(actor, case: Case, *, text: str, waive: bool = False,
                          voornemen_id: object = "any") -> Voornemen:
    """The betrokkene gives his zienswijze on the current voornemen himself ("Mijn zaak"),
    dated today, or says he waives it. `voornemen_id`: the voornemen his page showed; a newer one
    meanwhile is refused on the text field (his text is kept), never answered in his name."""
    _require(actor, "case.own", case, _("Dit is niet uw zaak."))
    voornemen = current_voornemen(case)
    if voornemen is None:
        raise DomainError(_("Er is geen voornemen waarop u een zienswijze kunt geven."))
    if voornemen_id != "any" and voornemen_id != voornemen.pk:
        # (tester t15: his answer to a berisping was filed under the newer, heavier voornemen)
        raise ValidationError({"text": [_(
            "Het bevoegd gezag heeft intussen een nieuw voornemen gestuurd. Lees het hieronder; uw "
            "tekst staat nog hier, pas hem zo nodig aan en verstuur opnieuw.")]})
    if waive and text.strip():  # "Ik ben het er niet mee eens" and "ik zie af": ask, never guess (t14)
        raise ValidationError({"waive": [_(
            "U schreef een zienswijze én vinkte aan dat u ervan afziet. Haal het vinkje weg om uw "
            "zienswijze te geven, of maak de tekst leeg als u afziet.")]})
    response = Voornemen.Response.WAIVED if waive else Voornemen.Response.WRITTEN
    return _save_response(actor, voornemen, response, timezone.localdate(), text)


def close_case(
    actor, case: Case, *, communicated_on: date, communication: str, team_informed: bool,
    rehabilitation_plan: str = "",
) -> Case:
    """Close after the decision: the outcome is communicated; when the suspicion proved unfounded
    a rehabilitation plan is required. The destruction date follows from the retention period."""
    _require(actor, "case.manage", case, _("U mag dit onderzoek niet afsluiten."))
    _require_open(case)
    errors: dict[str, list[str]] = {}
    decision = getattr(case, "decision", None)
    if decision is None:
        raise DomainError(_("Een onderzoek wordt pas afgesloten na het besluit."))
    # A request of the betrokkene is answered before the case closes; closing took its task away
    # and left it "in behandeling" for good (tester t41).
    open_requests = (case.access_requests.filter(decision=AccessRequest.Decision.PENDING).count()
                     + case.rights_requests.filter(decision=RightsRequest.Decision.PENDING).count())
    if open_requests:
        raise DomainError(ngettext(
            "Er staat nog %(n)d verzoek van de betrokkene open. Beslis er eerst op; daarna kan het onderzoek "
            "worden afgesloten.",
            "Er staan nog %(n)d verzoeken van de betrokkene open. Beslis er eerst op; daarna kan het "
            "onderzoek worden afgesloten.", open_requests) % {"n": open_requests})
    if visible_length(communication) < 10:
        errors.setdefault("communication", []).append(
            _("Beschrijf hoe de uitkomst aan de betrokkene is meegedeeld."))
    if decision.outcome == Outcome.NO_BREACH and visible_length(rehabilitation_plan) < 10:
        errors.setdefault("rehabilitation_plan", []).append(
            _("Het vermoeden is ongegrond gebleken: leg een rehabilitatieplan vast."))
    if communicated_on < decision.decided_on:
        errors.setdefault("communicated_on", []).append(
            _("De mededeling kan niet vóór het besluit liggen."))
    elif communicated_on > timezone.localdate():
        errors.setdefault("communicated_on", []).append(_("De datum ligt in de toekomst."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Closure.objects.create(case=case, communicated_on=communicated_on,
                               communication=communication.strip(), team_informed=team_informed,
                               rehabilitation_plan=rehabilitation_plan.strip(), by=actor)
        _set_step(actor, case, Step.CLOSED, communicated_on)
        open_pause = case.pauses.filter(ended_on__isnull=True).first()
        if open_pause:
            open_pause.ended_on = communicated_on
            open_pause.save(update_fields=["ended_on"])
        case.closed_on = communicated_on
        case.destruction_due = _years_later(communicated_on, case.case_type.retention_years)
        Case.objects.filter(pk=case.pk).update(closed_on=case.closed_on,
                                               destruction_due=case.destruction_due)
        if not case.signal.cases.filter(closed_on__isnull=True).exclude(pk=case.pk).exists():
            signal_services.close_signal(case.signal, by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Onderzoek afgesloten"),
                     detail={"destruction_due": case.destruction_due})
    return case


def standard_destruction_due(case: Case) -> date | None:
    """The destruction date the case type's retention period gives a closed case (closure +
    `retention_years`), or None while it is open; the page tells when the recorded date differs."""
    return _years_later(case.closed_on, case.case_type.retention_years) if case.closed_on else None


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def next_update_due(case: Case) -> date | None:
    """The day the next status update to the betrokkene is due: the case type's interval in weeks
    after the last one (or the aanzegging), on the working day on or before it (tester t62: due on
    Nieuwjaarsdag and Eerste kerstdag). None before the aanzegging."""
    if not hasattr(case, "aanzegging") and case.last_update_on is None:
        return None
    base = case.last_update_on or timezone.localtime(case.aanzegging.held_at).date()
    return working_day_on_or_before(base + timedelta(weeks=case.case_type.update_interval_weeks))
