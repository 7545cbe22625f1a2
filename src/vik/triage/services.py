"""Writes on triage: sessions, (re-)triage decisions and the line manager's report back."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import Employee
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.concurrency import bump_version
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.notify import notify
from vik.core.text import visible_length
from vik.signals import services as signal_services
from vik.signals.fields import latest
from vik.signals.models import Signal

from .models import Criterion, NationalDecision, Route, TriageDecision, TriageSession
from .selectors import national_triage_members, triage_members_of


@dataclass
class DecisionInput:
    route: str
    rationale: str
    scores: dict[str, int]
    participants: list = field(default_factory=list)
    session: TriageSession | None = None
    retriage_reason: str = ""
    line_manager: Employee | None = None
    follow_up_due: date | None = None
    handover_to: str = ""
    handover_on: date | None = None
    handover_reference: str = ""
    # The day the decision was taken, when it is recorded later (after the meeting); None: the
    # day of the triage meeting (`session`), else today.
    decided_on: date | None = None


def decision_day(data: DecisionInput) -> date:
    """The day a triage decision counts from: as given, else its meeting's day, else today."""
    if data.decided_on is not None:
        return data.decided_on
    if data.session is not None:
        return data.session.held_on
    return timezone.localdate()


def decided_day(decision: TriageDecision) -> date:
    """The local day of a recorded triage decision."""
    return timezone.localtime(decision.decided_at).date()


def open_session(actor, region, held_on: date, participants) -> TriageSession:
    if not policy.can(actor, "triage.session.open"):
        raise PermissionDeniedError(_("Alleen triageleden kunnen een triageoverleg openen."))
    with transaction.atomic():
        session = TriageSession.objects.create(region=region, held_on=held_on, chair=actor)
        session.participants.set({actor, *participants})
        audit.record(actor, AuditAction.CREATE, session, summary=_("Triageoverleg geopend"))
    return session


def close_session(actor, session: TriageSession) -> TriageSession:
    if session.closed:
        raise DomainError(_("Dit triageoverleg is al afgesloten."))
    if not session.participants.filter(pk=actor.pk).exists():
        raise PermissionDeniedError(_("Alleen deelnemers sluiten het triageoverleg af."))
    with transaction.atomic():
        TriageSession.objects.filter(pk=session.pk).update(closed=True)
        session.closed = True
        audit.record(actor, AuditAction.CHANGE, session, summary=_("Triageoverleg afgesloten"),
                     detail={"decisions": session.decisions.count()})
    return session


def conflicted_participants(signal: Signal, users) -> list:
    """The users among `users` with a conflict of interest on this signal (betrokkene, reporter,
    or line manager of a betrokkene: `policy.conflicted_signal_ids`); they take no part in its
    triage decision."""
    conflicted = policy.conflicted_employee_ids(signal)
    return [u for u in users if u.employee_id in conflicted]


def _validate(signal: Signal, data: DecisionInput, has_current: bool) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    for user in conflicted_participants(signal, data.participants):
        errors.setdefault("participants", []).append(
            _("%(name)s heeft een belangenconflict bij deze melding en kan niet deelnemen aan het "
              "besluit.") % {"name": user.display_name})
    if data.route not in Route.values:
        errors.setdefault("route", []).append(_("Kies een route."))
    # The process keeps its order (issue 12): a decision lies between the signal's receipt and
    # today, and a re-triage not before the decision it replaces.
    day = decision_day(data)
    previous = signal.triage_decisions.filter(current=True).first() if has_current else None
    earliest = max(signal.received_on, decided_day(previous)) if previous else signal.received_on
    if day > timezone.localdate():
        errors.setdefault("decided_on", []).append(_("De datum van het besluit ligt in de toekomst."))
    elif day < earliest:
        errors.setdefault("decided_on", []).append(
            _("Het besluit ligt vóór %(what)s (%(d)s).")
            % {"what": _("het vorige triagebesluit") if previous and earliest > signal.received_on
               else _("de ontvangst van de melding"), "d": earliest.strftime("%d-%m-%Y")})
    if visible_length(data.rationale) < 10:
        errors.setdefault("rationale", []).append(
            _("Motiveer het besluit (ten minste een volledige zin).")
        )
    clean_scores: dict[str, int] = {}
    for criterion in Criterion.objects.filter(active=True):
        value = data.scores.get(criterion.code)
        if value is None or value == "":
            errors.setdefault(f"score_{criterion.code}", []).append(
                _("Geef een score voor ‘%(c)s’.") % {"c": criterion.label}
            )
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= criterion.max_score:
            errors.setdefault(f"score_{criterion.code}", []).append(
                _("De score voor ‘%(c)s’ moet tussen 0 en %(m)d liggen.")
                % {"c": criterion.label, "m": criterion.max_score}
            )
        else:
            clean_scores[criterion.code] = number
    # A signal the national triage sent back carries its reason; that is the new fact.
    returned = signal.status == Signal.Status.RETURNED
    if has_current and not returned and not data.retriage_reason.strip():
        errors.setdefault("retriage_reason", []).append(
            _("Deze melding is al getrieerd. Beschrijf de nieuwe feiten die hertriage nodig maken.")
        )
    if data.session is not None and (
        data.session.closed or data.session.region_id != signal.region_id
    ):
        errors.setdefault("route", []).append(
            _("Het gekozen triageoverleg is afgesloten of hoort bij een andere eenheid."))
    if data.route == Route.LINE:
        if data.line_manager is None:
            errors.setdefault("line_manager", []).append(
                _("Kies de leidinggevende die de melding in de lijn afhandelt.")
            )
        elif data.line_manager in signal.subjects.all() or data.line_manager == signal.reporter:
            errors.setdefault("line_manager", []).append(
                _("Deze leidinggevende is zelf betrokkene of melder; kies een ander.")
            )
        elif not _has_active_account(data.line_manager):
            errors.setdefault("line_manager", []).append(
                _("Deze leidinggevende heeft geen actief account in VIK en zou de taak dus nooit "
                  "zien; kies een leidinggevende met een account.")
            )
        if data.follow_up_due is None or data.follow_up_due <= timezone.localdate():
            errors.setdefault("follow_up_due", []).append(
                _("Kies een datum in de toekomst waarop de leidinggevende terugkoppelt.")
            )
        elif data.follow_up_due > latest():
            errors.setdefault("follow_up_due", []).append(
                _("Kies een terugkoppeldatum vóór %(d)s.") % {"d": latest().strftime("%d-%m-%Y")})
    if data.route == Route.NATIONAL and not national_triage_members():
        errors.setdefault("route", []).append(
            _("Er is geen landelijk triageteam dat deze melding kan oppakken; kies een andere "
              "route of laat de beheerder eerst een landelijk triagelid aanwijzen.")
        )
    if data.route == Route.CRIMINAL:
        if not visible_length(data.handover_to):
            errors.setdefault("handover_to", []).append(
                _("Leg vast aan wie is overgedragen (OM of Rijksrecherche).")
            )
        if data.handover_on is None:
            errors.setdefault("handover_on", []).append(_("Leg de datum van overdracht vast."))
        elif not signal.received_on <= data.handover_on <= timezone.localdate():
            errors.setdefault("handover_on", []).append(
                _("De overdracht ligt tussen de ontvangst van de melding (%(d)s) en vandaag.")
                % {"d": signal.received_on.strftime("%d-%m-%Y")})
    if errors:
        raise ValidationError(errors)
    return clean_scores


def _moment(day: date):
    """Now for a decision of today; noon of an earlier day for one recorded afterwards."""
    from datetime import datetime, time

    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _has_active_account(employee: Employee) -> bool:
    user = getattr(employee, "user", None)
    return user is not None and user.is_active


def record_triage_decision(
    actor, signal: Signal, data: DecisionInput, expected_version: int | None = None
) -> TriageDecision:
    """Record a reasoned routing decision. A second decision on the same signal is a re-triage:
    the previous one stays in the history, marked as superseded."""
    if not policy.can(actor, "signal.triage", signal):
        audit.record_denied(actor, signal, why="triage")
        raise PermissionDeniedError(_("U mag deze melding niet trieren."))
    previous = signal.triage_decisions.filter(current=True).first()
    scores = _validate(signal, data, previous is not None)
    with transaction.atomic():
        bump_version(signal, expected_version)
        if previous:
            TriageDecision.objects.filter(pk=previous.pk).update(current=False)
        decision = TriageDecision.objects.create(
            signal=signal,
            session=data.session,
            decided_at=_moment(decision_day(data)),
            decided_by=actor,
            route=data.route,
            rationale=data.rationale.strip(),
            scores=scores,
            current=True,
            supersedes=previous,
            retriage_reason=data.retriage_reason.strip(),
            line_manager=data.line_manager if data.route == Route.LINE else None,
            follow_up_due=data.follow_up_due if data.route == Route.LINE else None,
            handover_to=data.handover_to.strip() if data.route == Route.CRIMINAL else "",
            handover_on=data.handover_on if data.route == Route.CRIMINAL else None,
            handover_reference=data.handover_reference.strip()
            if data.route == Route.CRIMINAL else "",
        )
        decision.participants.set({actor, *data.participants})
        signal_services.route_signal(signal, data.route, by=actor)
        audit.record(
            actor, AuditAction.CREATE, decision,
            summary=_("Hertriage") if previous else _("Triagebesluit"),
            detail={"signal": signal.pk, "route": data.route, "scores": scores,
                    "supersedes": previous.pk if previous else None},
        )
        if data.route == Route.NATIONAL:
            notify(
                [u for u in national_triage_members() if not policy.is_conflicted(u, signal)],
                _("Melding %(ref)s naar de landelijke triage") % {"ref": signal.reference},
                _("Melding %(ref)s staat in de wachtrij van de landelijke triage.")
                % {"ref": signal.reference},
            )
        if data.route == Route.LINE and data.line_manager and hasattr(data.line_manager, "user"):
            notify(
                [data.line_manager.user],
                _("Melding %(ref)s terug naar de lijn") % {"ref": signal.reference},
                _("De triage vraagt u melding %(ref)s in de lijn af te handelen en uiterlijk "
                  "%(due)s terug te koppelen.")
                % {"ref": signal.reference, "due": data.follow_up_due.strftime("%d-%m-%Y")},
            )
    return decision


def record_line_report(actor, decision: TriageDecision, report: str) -> TriageDecision:
    """The line manager reports back how he handled a signal the triage sent to the line."""
    signal = decision.signal
    if not decision.current or not policy.can(actor, "signal.line_report", signal):
        audit.record_denied(actor, signal, why="line_report")
        raise PermissionDeniedError(_("U kunt voor deze melding geen terugkoppeling geven."))
    if visible_length(report) < 10:
        raise ValidationError({"line_report": [_("Beschrijf hoe de melding is afgehandeld.")]})
    if decision.line_reported_at:
        raise ValidationError({"line_report": [_("Er is al teruggekoppeld over deze melding.")]})
    with transaction.atomic():
        decision.line_report = report.strip()
        decision.line_reported_at = timezone.now()
        decision.save(update_fields=["line_report", "line_reported_at"])
        signal_services.close_signal(signal, by=actor)
        audit.record(actor, AuditAction.CHANGE, decision, summary=_("Terugkoppeling lijn"),
                     detail={"signal": signal.pk})
    return decision


@dataclass
class NationalDecisionInput:
    outcome: str
    reason: str
    handover_on: date | None = None
    handover_reference: str = ""


def _validate_national(signal: Signal, referral: TriageDecision | None,
                       data: NationalDecisionInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.outcome not in NationalDecision.Outcome.values:
        errors.setdefault("outcome", []).append(_("Kies een besluit."))
    if visible_length(data.reason) < 10:
        errors.setdefault("reason", []).append(
            _("Motiveer het besluit (ten minste een volledige zin); de eenheid ziet de motivering."))
    if data.outcome == NationalDecision.Outcome.PROSECUTOR:
        since = timezone.localtime(referral.decided_at).date() if referral else signal.received_on
        if data.handover_on is None:
            errors.setdefault("handover_on", []).append(_("Leg de datum van overdracht vast."))
        elif not since <= data.handover_on <= timezone.localdate():
            errors.setdefault("handover_on", []).append(
                _("De overdracht ligt tussen de verwijzing naar de landelijke triage (%(d)s) en "
                  "vandaag.") % {"d": since.strftime("%d-%m-%Y")})
    if errors:
        raise ValidationError(errors)


def record_national_decision(actor, signal: Signal, data: NationalDecisionInput,
                             expected_version: int | None = None) -> NationalDecision:
    """The national triage decides on a signal a unit routed to it: take it on (a case for the
    national team, LTIO, which the national triage then opens), send it back to the unit's
    triage with a reason, or hand it to the prosecutor (OM). The decision is kept on the signal
    (the unit sees it and the new status) and in the national queue; the unit's triage is told."""
    signal.refresh_from_db(fields=["status"])  # a second tab may hold an older status
    if (signal.status != Signal.Status.NATIONAL_TRIAGE and policy.can(actor, "triage.national")
            and policy.can(actor, "signal.view", signal)):
        raise DomainError(_("Over melding %(ref)s is landelijk al besloten; zij ligt niet meer bij "
                            "de landelijke triage.") % {"ref": signal.reference})
    if not policy.can(actor, "signal.national_decide", signal):
        audit.record_denied(actor, signal, why="national_decide")
        raise PermissionDeniedError(_("U kunt over deze melding geen landelijk besluit nemen."))
    referral = signal.triage_decisions.filter(current=True, route=Route.NATIONAL).first()
    _validate_national(signal, referral, data)
    prosecutor = data.outcome == NationalDecision.Outcome.PROSECUTOR
    with transaction.atomic():
        bump_version(signal, expected_version)
        decision = NationalDecision.objects.create(
            signal=signal, referral=referral, outcome=data.outcome, reason=data.reason.strip(),
            decided_at=timezone.now(), decided_by=actor,
            handover_on=data.handover_on if prosecutor else None,
            handover_reference=data.handover_reference.strip() if prosecutor else "",
        )
        signal_services.settle_nationally(signal, data.outcome, by=actor)
        audit.record(actor, AuditAction.CREATE, decision, summary=_("Besluit landelijke triage"),
                     detail={"signal": signal.pk, "outcome": data.outcome,
                             "referral": referral.pk if referral else None})
        unit_triage = [u for u in triage_members_of(signal.region)
                       if not policy.is_conflicted(u, signal)]
        notify(
            unit_triage,
            _("Landelijke triage over melding %(ref)s: %(outcome)s")
            % {"ref": signal.reference, "outcome": decision.get_outcome_display()},
            _("De landelijke triage heeft over melding %(ref)s besloten: %(outcome)s. De motivering "
              "staat bij de melding.")
            % {"ref": signal.reference, "outcome": decision.get_outcome_display()},
        )
    return decision
