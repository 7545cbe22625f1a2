"""Triage's panels on the signal page (see `vik.signals.panels`): the current decision and its
history beside the signal's data, and below it the forms of triage (the line manager's report
back, the (re-)triage decision). An invalid form comes back here with the typed input and its
errors (`signals.prg`)."""

from vik import policy
from vik.knowledge import selectors as knowledge
from vik.signals import panels
from vik.signals.models import Signal
from vik.signals.prg import restore_invalid_form

from . import selectors
from .forms import DecisionForm, LineReportForm, NationalDecisionForm, triage_members
from .models import Route, TriageSession
from .services import conflicted_participants


@panels.register("triage.summary", slot="summary", order=10,
                 template="triage/_signal_summary.html")
def summary(request, signal) -> dict:
    return {"history": selectors.decisions(signal),
            "current_decision": selectors.current_decision(signal),
            "national_history": selectors.national_history(signal)}


@panels.register("triage.actions", slot="actions", order=10,
                 template="triage/_signal_actions.html")
def actions(request, signal) -> dict:
    """The forms the user may use on this signal."""
    user = request.user
    current = selectors.current_decision(signal)
    context = {"current_decision": current}
    if policy.can(user, "signal.line_report", signal) and current is not None \
            and current.line_reported_at is None:
        context["line_form"] = restore_invalid_form(
            request, f"signal:{signal.pk}:line", LineReportForm) or LineReportForm()
    if policy.can(user, "signal.national_decide", signal):
        context["national_form"] = restore_invalid_form(
            request, f"signal:{signal.pk}:national", NationalDecisionForm,
        ) or NationalDecisionForm(initial={"version": signal.version})
    # While the signal waits in the national queue, the national triage's own three decisions
    # replace the unit's routing form.
    if policy.can(user, "signal.triage", signal) \
            and signal.status != Signal.Status.NATIONAL_TRIAGE:
        session = open_session_of(request, signal.region_id)
        initial = {"version": signal.version, "line_manager": default_line_manager(signal)}
        if session is not None:
            initial.update(session=session.pk, participants=list(session.participants.all()))
            context["session"] = session
        # Members with a conflict of interest on this signal are not offered as participants.
        members = triage_members(signal.region)
        members = members.exclude(pk__in=[u.pk for u in conflicted_participants(signal, members)])
        if "participants" in initial:
            initial["participants"] = [u for u in initial["participants"] if u in members]
        context["decision_form"] = restore_invalid_form(
            request, f"signal:{signal.pk}:decision", DecisionForm, participants_qs=members,
        ) or DecisionForm(initial=initial, participants_qs=members)
    return context


@panels.register("triage.manager_guide", slot="actions", order=20,
                 template="knowledge/_manager_guide.html")
def manager_guide(request, signal) -> dict | None:
    """The guide for line managers at the signal stage, for the line manager the triage sent
    this signal back to (route "Terug naar de lijn")."""
    employee_id = getattr(request.user, "employee_id", None)
    if not employee_id:
        return None
    current = selectors.current_decision(signal)
    if current is None or current.route != Route.LINE or current.line_manager_id != employee_id:
        return None
    guide = knowledge.manager_guide_stage("signal")
    return {"guide": guide} if guide is not None else None


def default_line_manager(signal):
    """The manager of the first betrokkene who can handle the signal in the line: not himself a
    betrokkene or the reporter, and with an account (else the task would be a dead end)."""
    subjects = list(signal.subjects.select_related("manager__user"))
    excluded = {s.pk for s in subjects} | {signal.reporter_id}
    for subject in subjects:
        manager = subject.manager
        while manager is not None and (manager.pk in excluded
                                       or not getattr(getattr(manager, "user", None),
                                                      "is_active", False)):
            manager = manager.manager
        if manager is not None:
            return manager
    return None


def open_session_of(request, region_id):
    """The triage session the user is working in (from ?sessie=), when it is open and his."""
    raw = request.GET.get("sessie") or request.POST.get("session")
    if not raw or not str(raw).isdigit():
        return None
    return TriageSession.objects.filter(pk=int(raw), region_id=region_id, closed=False,
                                        participants=request.user).first()
