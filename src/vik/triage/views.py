from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vik.accounts.models import Role
from vik.audit import services as audit
from vik.core import policy
from vik.core.errors import DomainError
from vik.core.forms import apply_errors
from vik.signals.selectors import triage_queue
from vik.signals.views import get_visible_signal_or_404

from . import selectors, services
from .forms import DecisionForm, LineReportForm, triage_members


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
        context["decision_form"] = decision_form or DecisionForm(
            initial={"version": signal.version},
            participants_qs=triage_members(signal.region),
        )
        from vik.investigations.forms import OpenCaseForm
        from vik.investigations.services import ROUTE_TRACKS

        if current is not None and current.route in ROUTE_TRACKS:
            context["case_form"] = case_form or OpenCaseForm(signal=signal, route=current.route)
    if context["can_line_report"]:
        context["line_form"] = line_form or LineReportForm()
    return context


@login_required
def queue(request):
    if not request.user.has_role(Role.TRIAGE):
        audit.record_denied(request.user, object_type="triage.queue", why="queue")
        raise Http404
    signals = triage_queue(request.user).prefetch_related("subjects")[:500]
    return render(request, "triage/queue.html", {"signals": signals})


@login_required
def decide(request, pk: int):
    signal = get_visible_signal_or_404(request, pk)
    if request.method != "POST":
        return redirect("signals:detail", pk=pk)
    form = DecisionForm(request.POST, participants_qs=triage_members(signal.region))
    if form.is_valid():
        data = services.DecisionInput(
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
            return redirect("signals:detail", pk=pk)
    messages.error(request, _("Het triagebesluit is niet opgeslagen; zie de meldingen bij de "
                              "velden."))
    return _render_signal(request, signal, decision_form=form)


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
    return _render_signal(request, signal, line_form=form)


def _render_signal(request, signal, **forms):
    from vik.investigations.selectors import cases_of_signal_summary

    context = {
        "signal": signal,
        "subjects": signal.subjects.select_related("unit"),
        "attachments": signal.attachments.all(),
        "cases": cases_of_signal_summary(request.user, signal),
    }
    context.update(triage_context(request, signal, **forms))
    return render(request, "signals/detail.html", context, status=400)
