"""Thin views of the Dashboard Integriteit: check the policy, read the filters, call a selector or
service, render. Policy staff (`stats.view`) see every view; the drill-down of registration
quality is also open to a unit's own staff (`stats.quality`), who see references only of the
records they may open themselves."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vik.accounts.models import Role, Unit
from vik.audit import services as audit
from vik.core import policy
from vik.core.errors import DomainError

from . import charts, selectors, services
from .disclosure import suppress
from .forms import FilterForm
from .models import Report, ReportSubscription

SECTIONS = [
    ("instroom", gettext_lazy("Instroom en triage")),
    ("doorlooptijden", gettext_lazy("Doorlooptijden")),
    ("registratiekwaliteit", gettext_lazy("Registratiekwaliteit")),
    ("rechtsgelijkheid", gettext_lazy("Rechtsgelijkheid")),
    ("zorg", gettext_lazy("Zorg en rechten")),
    ("effect", gettext_lazy("Effect van interventies")),
]
DEFAULT_MONTHS = {"effect": 36}


def _guard(request, action: str = "stats.view") -> None:
    if not policy.can(request.user, action):
        audit.record_denied(request.user, object_type="dashboard", why=action)
        raise Http404


def _common(request, active: str) -> dict:
    return {"sections": [(key, str(label)) for key, label in SECTIONS], "active": active,
            "monitoring": policy.can(request.user, "monitoring.prevention")}


@login_required
def index(request):
    _guard(request)
    return render(request, "dashboard/index.html", {
        **_common(request, ""), "reports": Report.objects.all()[:5],
    })


@login_required
def section(request, view: str):
    if view not in services.VIEWS:
        raise Http404
    _guard(request)
    form = FilterForm(request.GET, default_months=DEFAULT_MONTHS.get(view, 12))
    filters = form.filters()
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        result_keys = request.GET.get("tabel") or None
        try:
            content, ctype, name = services.export_view(request.user, view, filters, fmt, result_keys)
        except StopIteration:
            raise Http404 from None
        response = HttpResponse(content, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if view == "effect":
        services.ensure_recurrence()
    result = services.VIEWS[view](filters)
    tables = {t.key: t for t in result.tables}
    query = urlencode(filters.as_query())
    return render(request, "dashboard/section.html", {
        **_common(request, view), "view": view, "form": form, "filters": filters, "result": result,
        "charts": [charts.render(spec, tables[spec.table]) for spec in result.charts],
        "tables": [{"table": t, "rows": suppress(t),
                    "csv": f"?{query}&export=csv&tabel={t.key}"} for t in result.tables],
        "xlsx": f"?{query}&export=xlsx", "query": query,
    })


def _own_region_id(user) -> int | None:
    employee = getattr(user, "employee", None)
    return employee.unit.region.pk if employee else None


@login_required
def quality_unit(request, unit_id: int):
    """The missing items of one unit. Counts for everyone allowed; references only of records the
    user may see through the policy (a unit's triage members and investigators their own work;
    policy staff none, so they see counts only)."""
    _guard(request, "stats.quality")
    unit = get_object_or_404(Unit, pk=unit_id, kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL])
    if not request.user.has_role(Role.POLICY) and _own_region_id(request.user) != unit.pk:
        audit.record_denied(request.user, unit, why="stats.quality")
        raise Http404
    form = FilterForm(request.GET)
    filters = form.filters()
    unit_filters = selectors.Filters(filters.start, filters.end, unit.pk, filters.case_type_id, filters.theme_id)
    counts = services.source().gap_counts(unit_filters, timezone.localdate())
    # Every gap is a subset of the unit's signals or cases in the period: when the user may see
    # none of those, no gap can show a reference (one query instead of one per gap).
    sees = {"signals": policy.visible_signals(request.user, selectors.signals_in(unit_filters)).exists(),
            "cases": policy.visible_cases(request.user, selectors.cases_in(unit_filters)).exists()}
    items = []
    for gap in selectors.quality_gaps(filters, unit.pk):
        kind = "signals" if "signals" in gap else "cases"
        qs = gap[kind]
        count = counts[gap["key"]]
        visible = policy.visible_signals(request.user, qs) if kind == "signals" else policy.visible_cases(
            request.user, qs)
        references = (list(visible.order_by("reference").values_list("pk", "reference")[:100])
                      if count and sees[kind] else [])
        items.append({"label": gap["label"], "count": count, "hidden": 0 < count < 5 and not references,
                      "references": references, "kind": "signal" if "signals" in gap else "case"})
    return render(request, "dashboard/quality_unit.html", {
        **_common(request, "registratiekwaliteit"), "unit": unit, "form": form, "filters": filters,
        "items": items, "policy_view": policy.can(request.user, "stats.view"),
    })


@login_required
def reports(request):
    _guard(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "subscribe":
            services.subscribe(request.user)
            messages.success(request, _("U ontvangt voortaan een bericht als er een nieuwe rapportage is."))
        elif action == "unsubscribe":
            services.unsubscribe(request.user)
            messages.success(request, _("U bent afgemeld voor rapportages."))
        elif action == "generate":
            form = FilterForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Kies een geldige periode."))
            else:
                filters = form.filters()
                try:
                    services.build_report(request.user, filters.start, filters.end, filters=filters)
                    messages.success(request, _("De rapportage is gemaakt."))
                except DomainError as error:
                    messages.error(request, str(error))
        return redirect("dashboard:reports")
    return render(request, "dashboard/reports.html", {
        **_common(request, "rapportages"), "reports": Report.objects.all()[:50],
        "subscribed": ReportSubscription.objects.filter(user=request.user).exists(),
        "form": FilterForm(None),
    })


@login_required
def report_download(request, pk: int):
    _guard(request)
    report = get_object_or_404(Report, pk=pk)
    content = services.download_report(request.user, report)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="vik-rapportage-{report.period_start:%Y%m%d}-' \
                                      f'{report.period_end:%Y%m%d}.pdf"'
    return response

