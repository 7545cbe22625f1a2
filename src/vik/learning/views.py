"""Pages of learning from cases: the case library, writing and publishing learning points, and
learning circles with their improvements. Thin: a form, one service call, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vik import policy
from vik.core.concurrency import check_state, state_token
from vik.core.errors import ConcurrentEditError, DomainError
from vik.core.forms import keep_input_after_conflict
from vik.investigations.models import Case

from . import forms, selectors, services
from .models import Improvement, LearningCircle, LearningPoint


def _writable_cases(user):
    cases = Case.objects.filter(decision__isnull=False).select_related("decision").order_by("-decision__decided_on")
    return [case for case in cases[:200] if policy.can(user, "learning.point.write", case)][:50]


@login_required
def library(request):
    policy.require(request.user, "learning.library")
    form = forms.SearchForm(request.GET or None)
    query, theme = "", ""
    if form.is_bound and form.is_valid():
        query, theme = form.cleaned_data["q"], form.cleaned_data["theme"]
    found = selectors.library(query, theme).select_related("case")
    if form.is_bound and not form.is_valid():
        found = found.none()  # a refused search finds nothing, never everything (tester t35)
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    user = request.user
    return render(request, "learning/library.html", {
        "form": form, "page": page,
        "rows": [(point, selectors.case_link_visible(user, point)) for point in page],
        "writable_cases": _writable_cases(user),
        "drafts": selectors.drafts_of(user),
        "can_organise": policy.can(user, "learning.circle.organise"),
        "circles": selectors.circles_for(user),
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def point_detail(request, pk: int):
    point = policy.get_or_404(request.user, "learning.library", LearningPoint, pk=pk)
    can_manage = policy.can(request.user, "learning.point.manage", point)
    if not point.published and not can_manage:
        raise Http404
    return render(request, "learning/point.html", {
        "point": point, "can_manage": can_manage,
        "case_link": selectors.case_link_visible(request.user, point),
    })


@login_required
def point_new(request, case_pk: int):
    case = policy.get_or_404(request.user, "learning.point.write", Case, pk=case_pk)
    form = forms.PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _anonymous_fields(form, case):
        try:
            point = services.write_point(request.user, case, services.PointInput(**form.cleaned_data))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Het leerpunt is vastgelegd."))
            return redirect("learning:point", pk=point.pk)
    return render(request, "learning/point_new.html", {"form": form, "case": case},
                  status=400 if form.is_bound and form.errors else 200)


def _anonymous_fields(form, case) -> bool:
    """Put what leads to a person on the field where it was written (tester t38: one message above
    the form did not say which field); True when every field is anonymous. The service checks the
    whole text again."""
    for name in ("title", "what_happened", "lesson"):
        for problem in services.anonymity_problems(case, form.cleaned_data.get(name, "")):
            form.add_error(name, problem)
    return not form.errors


@login_required
def point_edit(request, pk: int):
    point = policy.get_or_404(request.user, "learning.point.manage", LearningPoint, pk=pk)
    form = forms.PointEditForm(request.POST or None, initial={
        "theme": point.theme, "title": point.title, "what_happened": point.what_happened,
        "lesson": point.lesson, "period": point.period, "state": state_token(point)})
    if request.method == "POST" and form.is_valid() and not _anonymous_fields(form, point.case):
        # Said in one round: what to remove and, from a stale tab, what is stored now (the names
        # were refused first and the conflict only after they were removed).
        try:
            with transaction.atomic():
                check_state(point, form.cleaned_data["state"])
        except ConcurrentEditError as error:
            keep_input_after_conflict(form, error.message, state_token(point), point)
    elif request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "state"}
        try:
            services.edit_point(request.user, point, services.PointInput(**data),
                                expected_state=form.cleaned_data["state"])
        except ConcurrentEditError as error:
            current = LearningPoint.objects.get(pk=point.pk)
            keep_input_after_conflict(form, error.message, state_token(current), current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Het leerpunt is gewijzigd."))
            return redirect("learning:point", pk=point.pk)
    return render(request, "learning/point_edit.html", {"form": form, "point": point},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def point_publish(request, pk: int):
    point = policy.get_or_404(request.user, "learning.point.manage", LearningPoint, pk=pk)
    publish = request.POST.get("publish") == "1"
    try:
        services.set_published(request.user, point, publish)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Het leerpunt is gepubliceerd.") if publish else _("Het leerpunt is ingetrokken."))
    return redirect("learning:point", pk=point.pk)


@login_required
def circle_new(request):
    policy.require(request.user, "learning.circle.organise")
    form = forms.CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        improvements = []
        if data.get("improvement"):
            improvements.append(services.ImprovementInput(data["improvement"], data["owner"], data["due_on"]))
        try:
            circle = services.record_circle(request.user, data["held_on"], data["unit"], data["participants"],
                                            list(data["points"]), data["notes"], improvements)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De lerende cirkel is vastgelegd."))
            return redirect("learning:circle", pk=circle.pk)
    return render(request, "learning/circle_new.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def circle_detail(request, pk: int):
    circle = policy.get_or_404(request.user, "learning.circle.view", LearningCircle, pk=pk)
    can_manage = policy.can(request.user, "learning.circle.manage", circle)
    form = forms.ImprovementForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            policy.require(request.user, "learning.circle.manage", circle)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_improvement(request.user, circle, services.ImprovementInput(
                    data["description"], data["owner"], data["due_on"]))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Het verbeterpunt is toegevoegd."))
                return redirect("learning:circle", pk=circle.pk)
    improvements = [(item, policy.can(request.user, "learning.improvement.done", item))
                    for item in circle.improvements.select_related("owner", "owner__employee")]
    return render(request, "learning/circle.html", {
        "circle": circle, "can_manage": can_manage, "form": form, "improvements": improvements,
        "points": circle.points.all(),
    }, status=400 if form is not None and form.is_bound and form.errors else 200)


@login_required
@require_POST
def improvement_done(request, pk: int):
    item = policy.get_or_404(request.user, "learning.improvement.done", Improvement, pk=pk)
    try:
        services.complete_improvement(request.user, item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Het verbeterpunt is afgerond."))
    return redirect(reverse("learning:circle", args=[item.circle_id]) + "#verbeteringen")
