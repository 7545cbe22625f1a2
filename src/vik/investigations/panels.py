"""Investigations' panels on the signal page (see `vik.signals.panels`): the cases of the signal
beside its data, and the form to start a case once triage chose an investigation route. An
invalid form comes back here with the typed input and its errors (`signals.prg`)."""

from vik import policy
from vik.signals import panels
from vik.signals.models import Signal
from vik.signals.prg import restore_invalid_form

from .forms import OpenCaseForm
from .selectors import cases_of_signal_summary
from .services import ROUTE_TRACKS


@panels.register("investigations.cases", slot="summary", order=20,
                 template="investigations/_signal_cases.html")
def cases(request, signal) -> dict:
    return {"cases": cases_of_signal_summary(request.user, signal)}


@panels.register("investigations.open_case", slot="actions", order=20,
                 template="investigations/_signal_open_case.html")
def open_case(request, signal) -> dict | None:
    if not policy.can(request.user, "signal.triage", signal):
        return None
    from vik.triage.selectors import current_decision

    current = current_decision(signal)
    if current is None or current.route not in ROUTE_TRACKS:
        return None
    if signal.status in (Signal.Status.NATIONAL_TRIAGE, Signal.Status.RETURNED):
        return None  # the national triage decides first; a returned signal is triaged again first
    from vik.triage.models import Route

    from .models import Case, Track

    # Every betrokkene has a running case on the route's own track: nothing left to start (tester
    # t12). (The national route has no single track: a criminal case beside a disciplinary one.)
    track = {Route.ORIENTING: Track.ORIENTING, Route.DISCIPLINARY: Track.DISCIPLINARY,
             Route.CRIMINAL: Track.CRIMINAL}.get(current.route)
    subjects = set(signal.subjects.values_list("pk", flat=True))
    busy = set(Case.objects.filter(signal=signal, closed_on__isnull=True, track=track)
               .values_list("subject_id", flat=True)) if track else set()
    if subjects and subjects <= busy:
        return {"all_started": True}
    return {"case_form": restore_invalid_form(
        request, f"signal:{signal.pk}:case", OpenCaseForm, signal=signal, route=current.route,
    ) or OpenCaseForm(signal=signal, route=current.route)}
