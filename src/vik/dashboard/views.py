"""Thin views of the Dashboard Integriteit: check the policy, read the filters, call a selector or
service, render. Policy staff (`stats.view`) see every view; the drill-down of registration
quality is also open to a unit's own staff (`stats.quality`), who see references only of the
records they may open themselves."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vik import policy
from vik.accounts.models import Unit
from vik.core import charts
from vik.core.disclosure import Column, Table, legend, protect
from vik.core.errors import DomainError
from vik.jobs.models import Job

from . import selectors, services
from .forms import AnnualForm, FilterForm
from .models import Report, ReportSubscription

SECTIONS = [
    ("instroom", gettext_lazy("Instroom en triage")),
    ("doorlooptijden", gettext_lazy("Doorlooptijden")),
    ("registratiekwaliteit", gettext_lazy("Registratiekwaliteit")),
    ("rechtsgelijkheid", gettext_lazy("Rechtsgelijkheid")),
    ("zorg", gettext_lazy("Zorg en rechten")),
    ("effect", gettext_lazy("Effect van interventies")),
    ("klachten", gettext_lazy("Klachten en meldingen")),
    ("vertrouwenswerk", gettext_lazy("Vertrouwenswerk")),
    ("preventie", gettext_lazy("Preventie")),
    ("informatiegebruik", gettext_lazy("Informatiegebruik")),
]
DEFAULT_MONTHS = {"effect": 36}
MAX_REFERENCES = 100  # references listed per missing item in the drill-down


def _guard(request, action: str = "stats.view") -> None:
    policy.require(request.user, action, object_type="dashboard")


FILTER_KEYS = ("van", "tot", "eenheid", "type", "thema")


def _common(request, active: str) -> dict:
    return {"sections": [(key, str(label)) for key, label in SECTIONS], "active": active,
            "monitoring": policy.can(request.user, "monitoring.prevention"), "legend": legend()[1:]}


@login_required
def index(request):
    """The overview: the key figures of the default period and the inflow per month, protected
    as on the inflow page (the same release)."""
    _guard(request)
    form = FilterForm(None)
    filters = form.filters()
    result, shown = services.release("instroom", filters)
    key = result.table("key")
    figures = [(col.label, cell) for col, cell in zip(key.columns, shown["key"][0], strict=True)
               if col.kind != "label"]
    month_chart = next(spec for spec in result.charts if spec.table == "per_month")
    return render(request, "dashboard/index.html", {
        **_common(request, ""), "reports": Report.objects.all()[:5], "filters": filters, "figures": figures,
        "chart": charts.render(month_chart, result.table("per_month"), shown["per_month"]),
        "stamp": result.extra.get("stamp", ""),
    })


@login_required
def section(request, view: str):
    if view not in services.VIEWS:
        raise Http404
    _guard(request)
    form = FilterForm(request.GET or None, default_months=DEFAULT_MONTHS.get(view, 12),
                      unit_only=view in services.UNIT_ONLY_VIEWS)
    filters = form.filters()
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx") and form.errors:
        # Never an export of another period than asked: back to the page, which shows the error.
        messages.error(request, _("De export is niet gemaakt: de filters bevatten een fout. Verbeter ze en "
                                  "exporteer opnieuw."))
        rest = request.GET.copy()
        for key in ("export", "tabel"):
            rest.pop(key, None)
        return redirect(f"{request.path}?{rest.urlencode()}")
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
    result, shown = services.release(view, filters)  # one release: every table, chart and export
    tables = {t.key: t for t in result.tables}
    # Links to the other views, the exports and the drill-down carry what the user chose, as typed:
    # not the default period of this view (tester t16: "Effect" opened from another view got its
    # twelve months instead of its own 36, and the dates came back as 2026-01-01).
    query = urlencode({k: request.GET[k] for k in FILTER_KEYS if request.GET.get(k)})
    return render(request, "dashboard/section.html", {
        **_common(request, view), "view": view, "form": form, "filters": filters, "result": result,
        "charts": [charts.render(spec, tables[spec.table], shown[spec.table]) for spec in result.charts],
        "tables": [{**item, "csv": f"?{query}&export=csv&tabel={item['table'].key}"}
                   for item in services.table_items(result, shown)],
        "xlsx": f"?{query}&export=xlsx", "query": query,
    })


def _gap_cell(cells, base: int):
    """A gap's count as published in the counts-only view, also protected as a part of its base:
    "<10" when the base is below the minimum population (a 0 of 3 open cases told "all on time"),
    "×" when the rest of the base is below 5 (7 of 8 without a care contact told the one with)."""
    from vik.core.disclosure import FEW, MIN_CELL, MIN_POPULATION, SECONDARY, Cell

    count = cells[1]
    if 0 < base < MIN_POPULATION:
        return [cells[0], Cell(None, FEW, True, "count")]
    if not count.hidden and 0 < base - (count.value or 0) < MIN_CELL:
        return [cells[0], Cell(None, SECONDARY, True, "count")]
    return cells


def _drill_down_population(unit_filters, counts):
    """The population that decides whether the drill-down is broken down: the unit's signals of
    the period, or, when that is below the minimum with the theme and type filters left out, that
    smaller whole (tester t15: a theme filter on a day's few signals showed "<10" for one theme
    and 0 for all others, which told the theme)."""
    from vik.core.cellkey import publish
    from vik.core.disclosure import MIN_POPULATION

    if not (unit_filters.theme_id or unit_filters.case_type_id):
        return counts["signals"]
    whole = selectors.Filters(unit_filters.start, unit_filters.end, unit_filters.region_id, None, None)
    wide = services.source().gap_counts(whole, timezone.localdate())["signals"]
    return wide if 0 < (publish(wide) or 0) < MIN_POPULATION else counts["signals"]


@login_required
def quality_unit(request, unit_id: int):
    """The missing items of one unit. Counts for everyone allowed; references only of records the
    user may see through the policy (a unit's triage members and investigators their own work;
    policy staff none, so they see counts only)."""
    _guard(request, "stats.quality")
    unit = get_object_or_404(Unit, pk=unit_id, kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL])
    policy.require(request.user, "stats.quality.unit", unit, why="stats.quality")
    form = FilterForm(request.GET or None)
    # The unit is the page's own (in its heading and address): no second unit choice that says
    # "Alle eenheden" beside it (tester t14).
    del form.fields["eenheid"]
    filters = form.filters()
    unit_filters = selectors.Filters(filters.start, filters.end, unit.pk, filters.case_type_id, filters.theme_id)
    counts = services.source().gap_counts(unit_filters, timezone.localdate())
    # Every gap is a subset of the unit's signals or cases in the period: when the user may see
    # none of those, no gap can show a reference (one query instead of one per gap).
    sees = {"signals": policy.visible_signals(request.user, selectors.signals_in(unit_filters)).exists(),
            "cases": policy.visible_cases(request.user, selectors.cases_in(unit_filters)).exists()}
    gaps = selectors.quality_gaps(filters, unit.pk)
    # Counts only (no references): one release through the disclosure control of every other
    # view — noise, "<5", and "<10" for all of them when the unit's signals of the period are
    # fewer than the minimum population.
    table = Table("gaps", "", [Column("label", "", "label"), Column("n", "")],
                  [{"label": gap["label"], "n": counts[gap["key"]]} for gap in gaps],
                  population=_drill_down_population(unit_filters, counts))
    shown = protect([table])["gaps"]
    bases = selectors.quality_gap_bases(filters, unit.pk)
    items = []
    for gap, cells in zip(gaps, shown, strict=True):
        cells = _gap_cell(cells, bases[gap["key"]])
        kind = "signals" if "signals" in gap else "cases"
        qs = gap[kind]
        count = counts[gap["key"]]
        visible = policy.visible_signals(request.user, qs) if kind == "signals" else policy.visible_cases(
            request.user, qs)
        references = (list(visible.order_by("reference").values_list("pk", "reference")[:MAX_REFERENCES])
                      if count and sees[kind] else [])
        # Never a silent cut: the page says how many more records the user may see.
        more = visible.count() - len(references) if len(references) == MAX_REFERENCES else 0
        # With references the user sees the records themselves: the exact count.
        text = str(int(count)) if references else cells[1].text
        items.append({"label": gap["label"], "count": text, "hidden": not references and cells[1].hidden,
                      "references": references, "more": more, "kind": "signal" if "signals" in gap else "case"})
    return render(request, "dashboard/quality_unit.html", {
        **_common(request, "registratiekwaliteit"), "unit": unit, "form": form, "filters": filters,
        "items": items, "policy_view": policy.can(request.user, "stats.view"),
        # A column of dashes for whoever may open none of the unit's records says nothing.
        "sees_records": any(sees.values()),
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
            # Post/redirect/get: the form comes back with what was typed, as it was typed (tester
            # t26: dd-mm-jjjj came back as jjjj-mm-dd), also after an error.
            typed = {k: request.POST.get(k, "")[:100] for k in form.fields if request.POST.get(k)}
            if not form.is_valid():
                messages.error(request, _("Controleer de periode en de filters van de rapportage."))
                return redirect(f"{reverse('dashboard:reports')}?{urlencode(typed)}")
            filters = form.filters()
            try:
                services.request_report(request.user, filters)
                messages.success(request, _("De rapportage wordt gemaakt. Hieronder ziet u hoe ver het is; de PDF "
                                            "verschijnt in de lijst zodra hij klaar is."))
            except services.AlreadyMade as made:
                messages.info(request, str(made))
            except DomainError as error:
                messages.error(request, str(error))
            # The form keeps what was chosen (tester t25: the same report for another unit meant
            # typing the period again).
            return redirect(f"{reverse('dashboard:reports')}?{urlencode(typed)}")
        elif action == "annual":
            annual = AnnualForm(request.POST, first_year=services.first_year())
            if not annual.is_valid():
                messages.error(request, " ".join(annual.errors["jaar"]))
                typed = urlencode({"jaar": request.POST.get("jaar", "")[:10]})
                return redirect(f"{reverse('dashboard:reports')}?{typed}")
            try:
                services.request_annual_report(request.user, annual.cleaned_data["jaar"])
                messages.success(request, _("Het jaarbeeld wordt gemaakt. Hieronder ziet u hoe ver het is; de PDF "
                                            "verschijnt in de lijst zodra hij klaar is."))
            except services.AlreadyMade as made:
                messages.info(request, str(made))
            except DomainError as error:
                messages.error(request, str(error))
        return redirect("dashboard:reports")
    pending = services.pending_reports(request.user)
    polling = any(job.state in (Job.State.QUEUED, Job.State.RUNNING) for job in pending)
    # Newest first: a report just made is at the top (tester t24 could not find it).
    listing = {"reports": Report.objects.order_by("-created_at", "-pk")[:50], "pending": pending,
               "polling": polling}
    if request.htmx:
        # The list and the progress of the user's reports being made, polled while any is; the poll
        # that finds them all done also replaces the "wordt gemaakt" message (tester t24).
        finished = not polling and not any(job.state == Job.State.FAILED for job in pending)
        return render(request, "dashboard/_reports_list.html", {**listing, "finished": finished})
    typed = {k: v for k, v in request.GET.items() if k in FilterForm.base_fields}
    form = FilterForm(typed or None)
    if typed:
        form.is_valid()  # show the errors of what was typed
    return render(request, "dashboard/reports.html", {
        **_common(request, "rapportages"), **listing,
        "subscribed": ReportSubscription.objects.filter(user=request.user).exists(),
        "form": form,
        "annual": AnnualForm({"jaar": request.GET["jaar"]} if request.GET.get("jaar") else None,
                             first_year=services.first_year()),
    })


@login_required
def report_download(request, pk: int):
    _guard(request)
    report = get_object_or_404(Report, pk=pk)
    content = services.download_report(request.user, report)
    response = HttpResponse(content, content_type="application/pdf")
    # The title names the period and, for a report about one unit (type, theme), its scope.
    response["Content-Disposition"] = f'attachment; filename="vik-{slugify(report.title)}.pdf"'
    return response

