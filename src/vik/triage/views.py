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
from vik.signals.access import get_visible_signal_or_404
from vik.signals.prg import forget_kept_form, keep_invalid_form, restore_invalid_form
from vik.signals.selectors import triage_queue

from . import selectors, services
from .forms import DecisionForm, LineReportForm, NationalDecisionForm, SessionForm, triage_members
from .models import TriageSession


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
    forget_kept_form(request, "triage:session")
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
    # Only decisions on signals the viewer may see: a member with a conflict of interest (or the
    # reporter, as participant) must not learn the route of a signal that is closed to him.
    decided = [d for d in session.decisions.select_related("signal").order_by("decided_at")
               if policy.can(request.user, "signal.view", d.signal)]
    queue_signals = [] if session.closed else triage_queue(request.user)[:200]
    return render(request, "triage/session.html", {
        "session": session, "decided": decided, "queue": queue_signals,
        "participants": session.participants.all()})


@login_required
def decide(request, pk: int):
    signal = get_visible_signal_or_404(request, pk)
    if request.method != "POST":
        return redirect("signals:detail", pk=pk)
    forget_kept_form(request, f"signal:{pk}:decision")
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
            decided_on=form.cleaned_data["decided_on"],
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
    forget_kept_form(request, f"signal:{pk}:line")
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


@login_required
def national_queue(request):
    """The national triage's queue: waiting for its decision, taken on for the national team
    (case still to open), and what it decided."""
    policy.require(request.user, "triage.national", object_type="triage.national", why="national")
    return render(request, "triage/national.html", {
        "waiting": selectors.national_queue(request.user)[:500],
        "taken_on": selectors.national_taken_on(request.user)[:500],
        "decisions": selectors.national_decisions(request.user),
    })


@login_required
@require_POST
def national_decide(request, pk: int):
    signal = get_visible_signal_or_404(request, pk)
    forget_kept_form(request, f"signal:{pk}:national")
    form = NationalDecisionForm(request.POST)
    if form.is_valid():
        data = services.NationalDecisionInput(
            outcome=form.cleaned_data["outcome"], reason=form.cleaned_data["reason"],
            handover_on=form.cleaned_data["handover_on"],
            handover_reference=form.cleaned_data["handover_reference"])
        try:
            decision = services.record_national_decision(
                request.user, signal, data, expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("signals:detail", pk=pk)
        else:
            messages.success(request, _("Besluit van de landelijke triage vastgelegd: %(outcome)s.")
                             % {"outcome": decision.get_outcome_display()})
            if decision.outcome == decision.Outcome.TAKE_ON:
                return redirect("signals:detail", pk=pk)  # the form to open the LTIO case is here
            return redirect("triage:national")
    messages.error(request, _("Het besluit is niet opgeslagen; zie de meldingen bij de velden."))
    keep_invalid_form(request, f"signal:{pk}:national", form)
    return _back_to_signal(pk)


def _back_to_signal(pk: int, session: str | None = None):
    """Back to the signal page (in the triage session the user works in). No #fragment: the page
    script focuses the first field with an error, which scrolls to it."""
    url = reverse("signals:detail", args=[pk])
    if session and str(session).isdigit() and len(str(session)) < 19:
        url += f"?sessie={session}"
    return redirect(url)

