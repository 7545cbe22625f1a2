"""Pages of vetting and the reporting duty: thin views over the services and selectors. Every
successful POST answers with a redirect (post/redirect/get)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vik import policy
from vik.audit import services as audit
from vik.core.disclosure import legend as disclosure_legend
from vik.core.errors import DomainError
from vik.core.forms import apply_errors

from . import export, forms, selectors, services
from .models import Declaration, Screening


def _invalid(form) -> int:
    return 400 if form.is_bound and form.errors else 200


# --- the employee's own declarations ----------------------------------------------------------------


def _own_declaration(user, pk) -> Declaration | None:
    """One of the user's own declarations by a pk from a form or query string (anything else: None)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**31:
        return None
    return selectors.own_declarations(user).filter(pk=pk).first()


@login_required
def index(request):
    user = request.user
    policy.require(user, "vetting.declare")
    return render(request, "vetting/index.html", {
        "declarations": selectors.own_declarations(user).select_related("employee"),
        "can_inbox": policy.can(user, "vetting.inbox"),
        "can_screenings": policy.can(user, "vetting.screenings"),
        "can_export": policy.can(user, "vetting.relations.export"),
    })


@login_required
def declare(request):
    user = request.user
    policy.require(user, "vetting.declare")
    initial = {}
    earlier = _own_declaration(user, request.GET.get("vernieuw"))
    if earlier is not None:  # renewing: the earlier declaration's content to start from
        initial = {name: getattr(earlier, name) for name in forms.DeclarationForm.RENEWED_FIELDS}
        initial["renews"] = earlier.pk
    form = forms.DeclarationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.submit_declaration(user, services.DeclarationInput(
                kind=data["kind"], description=data["description"], political=data["political"],
                counterparty=data["counterparty"], relation=data["relation"],
                subject_type=data["subject_type"], subject_id=data["subject_id"],
                value_eur=data["value_eur"], event_on=data["event_on"],
                renews=_own_declaration(user, data["renews"])))
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Uw melding %(reference)s is verstuurd naar %(handler)s.") % {
                "reference": declaration.reference, "handler": declaration.get_handler_display().lower()})
            return redirect("vetting:declaration", pk=declaration.pk)
    return render(request, "vetting/declare.html", {"form": form}, status=_invalid(form))


@login_required
def declaration_detail(request, pk: int):
    user = request.user
    declaration = policy.get_or_404(user, "vetting.declaration.view",
                                    Declaration.objects.select_related("employee", "employee__unit"), pk=pk)
    audit.record_view(user, declaration)
    may_decide = policy.can(user, "vetting.declaration.decide", declaration)
    return render(request, "vetting/declaration.html", {
        "d": declaration, "form": forms.DecisionForm(declaration=declaration) if may_decide else None,
        "is_own": declaration.employee_id == user.employee_id,
        "renewed": declaration.renewals.order_by("-pk").first(),
    })


@require_POST
@login_required
def decide(request, pk: int):
    user = request.user
    declaration = policy.get_or_404(user, "vetting.declaration.view", Declaration, pk=pk)
    form = forms.DecisionForm(request.POST, declaration=declaration)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_declaration(user, declaration, data["decision"], data["reason"],
                                        data.get("renewal_on"), data["screening_relevant"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("vetting:declaration", pk=pk)
        else:
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect("vetting:declaration", pk=pk)
    return render(request, "vetting/declaration.html", {
        "d": declaration, "form": form, "is_own": False}, status=400)


@login_required
def inbox(request):
    user = request.user
    policy.require(user, "vetting.inbox")
    return render(request, "vetting/inbox.html", {
        "open": selectors.to_decide(user), "decided": selectors.decided_by_me(user)[:50]})


# --- screenings (vetting staff only) ------------------------------------------------------------------


def _repeat_of(user, pk) -> dict:
    """The plan form filled in for the repeat of a screening (from the task "plan repeat")."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return {}
    earlier = selectors.screenings(user).filter(pk=pk).first() if 0 < pk < 2**31 else None
    if earlier is None:
        return {}
    return {"employee": earlier.employee, "level": earlier.level, "kind": Screening.Kind.REPEAT,
            "due_on": earlier.valid_until}


@login_required
def screening_list(request):
    user = request.user
    policy.require(user, "vetting.screenings")
    form = forms.ScreeningForm(request.POST if request.method == "POST" else None,
                               initial=_repeat_of(user, request.GET.get("herhaal")))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            screening = services.plan_screening(user, data["employee"], data["level"], data["kind"],
                                                data["due_on"], data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Het onderzoek is gepland."))
            return redirect("vetting:screening", pk=screening.pk)
    today = timezone.localdate()
    return render(request, "vetting/screenings.html", {
        "form": form, "open": selectors.open_screenings(user)[:200],
        "repeats": selectors.repeats_due(user, today)[:200],
        "completed": selectors.screenings(user).filter(completed_on__isnull=False)
        .order_by("-completed_on", "-pk")[:100],
        "today": today,
    }, status=_invalid(form))


@login_required
def screening_detail(request, pk: int):
    user = request.user
    screening = policy.get_or_404(user, "vetting.screening.view",
                                  Screening.objects.select_related("employee", "employee__unit", "declaration"),
                                  pk=pk)
    form = forms.OutcomeForm(request.POST if request.method == "POST" else None) if screening.is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Dit onderzoek is al afgerond."))
            return redirect("vetting:screening", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_outcome(user, screening, data["outcome"], data["completed_on"], data["reason"])
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("vetting:screening", pk=pk)
            else:
                messages.success(request, _("De uitkomst is vastgelegd."))
                return redirect("vetting:screening", pk=pk)
    else:
        audit.record_view(user, screening)
    return render(request, "vetting/screening.html", {
        "s": screening, "form": form, "history": selectors.employee_screenings(user, screening.employee),
    }, status=_invalid(form) if form is not None else 200)


# --- policy staff: aggregates only; the SOC: declared relations ---------------------------------------


@login_required
def overview(request):
    user = request.user
    policy.require(user, "vetting.aggregates")
    form = forms.YearForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_bound and form.is_valid() and form.cleaned_data["jaar"]:
        year = form.cleaned_data["jaar"]
    report = selectors.aggregates(user, year)
    labels = {"open": _("Nog open"), **dict(Declaration.Decision.choices)}
    # A year that is no year is said, not silently replaced by this one (tester t35: ?jaar=abc).
    refused = form.is_bound and not form.is_valid()
    return render(request, "vetting/overview.html", {
        "report": report, "year": year, "headers": [labels[k] for k in report["keys"]],
        "refused_year": refused, "this_year": timezone.localdate().year, "legend": disclosure_legend()[1:],
    }, status=400 if refused else 200)


@login_required
def relations_export(request):
    """The declared relations as `declared_relations.csv` of the protective-monitoring contract."""
    user = request.user
    policy.require(user, "vetting.relations.export")
    buffer = io.StringIO()
    export.write_declared_relations(user, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="declared_relations.csv"'
    return response
