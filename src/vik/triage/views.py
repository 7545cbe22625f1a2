from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vik import policy
from vik.core.errors import DomainError
from vik.core.forms import apply_errors
from vik.signals.prg import keep_invalid_form, restore_invalid_form
from vik.signals.selectors import triage_queue
from vik.signals.views import get_visible_signal_or_404

from . import selectors, services
from .forms import DecisionForm, LineReportForm, SessionForm, triage_members
from .models import TriageSession


def triage_context(request, signal, decision_form=None, line_form=None, case_form=None):
    """What the signal page shows of triage, and the forms the user may use there."""
    user = request.user
    can_triage = policy.can(user, "signal.triage", signal)
    current = signal.triage_decisions.filter(current=True).first()
    context = {
        "history": selectors.decision_history(signal),
        "current_decision": current,
        "can_triage": can_triage,
        "can_line_report": policy.can(user, "signal.line_report", signal)
        and current is not None and current.line_reported_at is None,
    }
    if can_triage:
        session = _open_session(request, signal.region_id)
        initial = {"version": signal.version, "line_manager": default_line_manager(signal)}
        if session is not None:
            initial.update(session=session.pk, participants=list(session.participants.all()))
            context["session"] = session
        context["decision_form"] = decision_form or restore_invalid_form(
            request, f"signal:{signal.pk}:decision", DecisionForm,
            participants_qs=triage_members(signal.region),
        ) or DecisionForm(initial=initial, participants_qs=triage_members(signal.region))
        from vik.investigations.forms import OpenCaseForm
        from vik.investigations.services import ROUTE_TRACKS

        if current is not None and current.route in ROUTE_TRACKS:
            context["case_form"] = case_form or restore_invalid_form(
                request, f"signal:{signal.pk}:case", OpenCaseForm, signal=signal,
                route=current.route,
            ) or OpenCaseForm(signal=signal, route=current.route)
    if context["can_line_report"]:
        context["line_form"] = line_form or restore_invalid_form(
            request, f"signal:{signal.pk}:line", LineReportForm) or LineReportForm()
    return context


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


def _open_session(request, region_id):
    """The triage session the user is working in (from ?sessie=), when it is open and his."""
    raw = request.GET.get("sessie") or request.POST.get("session")
    if not raw or not str(raw).isdigit():
        return None
    return TriageSession.objects.filter(pk=int(raw), region_id=region_id, closed=False,
                                        participants=request.user).first()


def _require_triage(request):
    policy.require(request.user, "triage.queue", object_type="triage.queue", why="queue")


@login_required
def queue(request):
    _require_triage(request)
    region = request.user.employee.unit.region
    signals = triage_queue(request.user).prefetch_related("subjects")[:500]
    sessions = TriageSession.objects.filter(region=region).prefetch_related("participants")[:10]
    form = restore_invalid_form(request, "triage:session", SessionForm,
                                participants_qs=triage_members(region)) or SessionForm(
        initial={"held_on": timezone.localdate(), "participants": [request.user]},
        participants_qs=triage_members(region))
    return render(request, "triage/queue.html",
                  {"signals": signals, "sessions": sessions, "session_form": form})


@login_required
@require_POST
def session_start(request):
    _require_triage(request)
    region = request.user.employee.unit.region
    form = SessionForm(request.POST, participants_qs=triage_members(region))
    if not form.is_valid():
        messages.error(request, _("Kies een geldige datum voor het triageoverleg."))
        keep_invalid_form(request, "triage:session", form)
        return redirect("triage:queue")
    session = services.open_session(request.user, region, form.cleaned_data["held_on"],
                                    form.cleaned_data["participants"])
    messages.success(request, _("Triageoverleg geopend."))
    return redirect("triage:session", pk=session.pk)


@login_required
def session_detail(request, pk: int):
    _require_triage(request)
    region = request.user.employee.unit.region
    session = TriageSession.objects.filter(pk=pk, region=region).first()
    if session is None:
        raise Http404
    if request.method == "POST" and request.POST.get("do") == "close":
        try:
            services.close_session(request.user, session)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Triageoverleg afgesloten."))
        return redirect("triage:session", pk=pk)
    decided = session.decisions.select_related("signal").order_by("decided_at")
    queue_signals = [] if session.closed else triage_queue(request.user)[:200]
    return render(request, "triage/session.html", {
        "session": session, "decided": decided, "queue": queue_signals,
        "participants": session.participants.all()})


@login_required
def decide(request, pk: int):
    signal = get_visible_signal_or_404(request, pk)
    if request.method != "POST":
        return redirect("signals:detail", pk=pk)
    form = DecisionForm(request.POST, participants_qs=triage_members(signal.region))
    if form.is_valid():
        data = services.DecisionInput(
            session=form.cleaned_data["session"],
            route=form.cleaned_data["route"],
            rationale=form.cleaned_data["rationale"],
            scores=form.scores(),
            participants=list(form.cleaned_data["participants"]),
            retriage_reason=form.cleaned_data["retriage_reason"],
            line_manager=form.cleaned_data["line_manager"],
            follow_up_due=form.cleaned_data["follow_up_due"],
            handover_to=form.cleaned_data["handover_to"],
            handover_on=form.cleaned_data["handover_on"],
            handover_reference=form.cleaned_data["handover_reference"],
        )
        try:
            decision = services.record_triage_decision(
                request.user, signal, data, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("signals:detail", pk=pk)
        else:
            messages.success(request, _("Triagebesluit vastgelegd: %(route)s.")
                             % {"route": decision.get_route_display()})
            if decision.session_id and decision.route not in ("orienting", "disciplinary"):
                return redirect("triage:session", pk=decision.session_id)
            return redirect("signals:detail", pk=pk)
    messages.error(request, _("Het triagebesluit is niet opgeslagen; zie de meldingen bij de "
                              "velden."))
    keep_invalid_form(request, f"signal:{pk}:decision", form)
    return _back_to_signal(pk, request.POST.get("session"))


@login_required
def line_report(request, pk: int):
    signal = get_visible_signal_or_404(request, pk)
    if request.method != "POST":
        return redirect("signals:detail", pk=pk)
    form = LineReportForm(request.POST)
    decision = signal.triage_decisions.filter(current=True).first()
    if form.is_valid() and decision is not None:
        try:
            services.record_line_report(request.user, decision, form.cleaned_data["line_report"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("signals:detail", pk=pk)
        else:
            messages.success(request, _("Uw terugkoppeling is vastgelegd. Dank u."))
            return redirect("signals:detail", pk=pk)
    messages.error(request, _("De terugkoppeling is niet opgeslagen; zie de meldingen bij de "
                              "velden."))
    keep_invalid_form(request, f"signal:{pk}:line", form)
    return _back_to_signal(pk)


def _back_to_signal(pk: int, session: str | None = None):
    """Back to the signal page (in the triage session the user works in). No #fragment: the page
    script focuses the first field with an error, which scrolls to it."""
    url = reverse("signals:detail", args=[pk])
    if session and str(session).isdigit() and len(str(session)) < 19:
        url += f"?sessie={session}"
    return redirect(url)

