"""Writes of the dashboard: exports (audited), periodic PDF reports, subscriptions, the scheduled
half-year report and the nightly recurrence figures.

Everything that leaves the system (CSV, XLSX, PDF, e-mail) passes the small-cell rule first and is
recorded in the audit trail with action "export".
"""

import logging
import os
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import User
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core import cellkey, charts
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.exports import Sheet, csv_bytes, xlsx_bytes
from vik.core.notify import notify

from . import beyond, facts, selectors
from .disclosure import (
    Cell,
    Table,
    cell_rows,
    few_tables,
    hidden_records,
    legend,
    protect,
    withheld,
    withheld_message,
)
from .forms import Filters
from .models import RecurrenceFact, Report, ReportSubscription

logger = logging.getLogger("vik.dashboard")

# The figures come from the pre-aggregated facts (`facts.FactSource`); with
# VIK_DASHBOARD_SOURCE=live (or REFERENCE = True) from the reference selectors on the live tables.
REFERENCE = os.environ.get("VIK_DASHBOARD_SOURCE", "") == "live"


def source():
    """The source of the figures for a request: the facts as the scheduler last made them (never
    refreshed here: no request waits on that work), or the live tables before the first build."""
    if REFERENCE:
        return selectors.LIVE
    if not facts.built():
        return selectors.LIVE
    return facts.FactSource()


def _sourced(selector):
    def view(filters: Filters) -> selectors.Result:
        src = source()
        with transaction.atomic():
            if src is not selectors.LIVE and connection.vendor == "postgresql":
                # The fact queries are short; compiling them (JIT) costs more than it saves.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            result = selector(filters, src)
        result.extra["stamp"] = src.stamp()
        return result

    view.__name__ = selector.__name__
    return view


VIEWS = {
    "instroom": _sourced(selectors.inflow),
    "doorlooptijden": _sourced(selectors.throughput),
    "registratiekwaliteit": _sourced(selectors.quality),
    "rechtsgelijkheid": _sourced(selectors.equality),
    "zorg": _sourced(selectors.care),
    "effect": selectors.effect,
    # Beyond investigations (issue 15 item 8): live reads of small registers, same protection.
    "klachten": beyond.complaints,
    "vertrouwenswerk": beyond.confidential_work,
    "preventie": beyond.prevention,
    "informatiegebruik": beyond.monitoring,
}
# The views the investigation type and theme filters do not apply to (their form offers neither).
UNIT_ONLY_VIEWS = ("klachten", "vertrouwenswerk", "preventie", "informatiegebruik")
REPORT_VIEWS = ("instroom", "doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg")
# The annual report (jaarbeeld) brings every part of the integrity work together in one release.
ANNUAL_VIEWS = (*REPORT_VIEWS, "effect", "klachten", "vertrouwenswerk", "preventie", "informatiegebruik")


def wider(filters: Filters) -> list[Filters]:
    """The filter states a view with `filters` narrows: every set unit, type or theme filter left
    out, alone or together (the same period)."""
    from itertools import combinations

    names = [n for n in ("region_id", "case_type_id", "theme_id") if getattr(filters, n)]
    out = []
    for k in range(1, len(names) + 1):
        for dropped in combinations(names, k):
            out.append(Filters(filters.start, filters.end,
                               **{n: None if n in dropped else getattr(filters, n)
                                  for n in ("region_id", "case_type_id", "theme_id")}))
    return out


def reference(view: str, filters: Filters, memo: dict | None = None) -> list[set]:
    """The records hidden in the wider views of `filters` (`disclosure.protect`'s reference): a
    cell the all-units view hides secondarily stays hidden when the user filters on that unit."""
    memo = {} if memo is None else memo
    out = []
    for f in wider(filters):
        if (view, f) not in memo:
            memo[(view, f)] = hidden_records(VIEWS[view](f).tables, reference(view, f, memo))
        out.append(memo[(view, f)])
    return out


def release(view: str, filters: Filters) -> tuple[selectors.Result, dict[str, list[list[Cell]]]]:
    """The result of a view and its protected cells, consistent with the wider views."""
    result = VIEWS[view](filters)
    wider_hidden = reference(view, filters)
    _flag_few(result.tables, wider_hidden)
    return result, protect(result.tables, wider_hidden)


def _flag_few(tables, wider_hidden) -> None:
    """Mark the tables a wider view describes with too few records: withheld here as a whole,
    also when they have no rows (see `disclosure.few_tables`)."""
    few = few_tables(wider_hidden)
    for t in tables:
        if t.key in few:
            t.meta["withheld"] = True


def table_items(result: selectors.Result, shown: dict[str, list[list[Cell]]]) -> list[dict]:
    """Per table: the table, its rows as published (none when its breakdown is withheld) and the
    message that says why."""
    out = []
    for t in result.tables:
        gone = withheld(t, shown[t.key])
        out.append({"table": t, "rows": [] if gone else shown[t.key], "withheld": withheld_message(t) if gone else ""})
    return out


def _require_stats(actor) -> None:
    if not policy.can(actor, "stats.view"):
        audit.record_denied(actor, object_type="dashboard", why="stats.view")
        raise PermissionDeniedError(_("U heeft geen toegang tot het dashboard."))


# ------------------------------------------------------------------------------------ exports


def _plain_rows(table: Table, cells: list[list[Cell]]) -> list[list]:
    """Header plus suppressed rows; hidden cells become their symbol, shares stay fractions."""
    rows = [[str(c.label) for c in table.columns]]
    for row in cells:
        # A share as the page shows it (whole percents): its full fraction (0.8333 = 5/6) told
        # the counts behind it (tester t16).
        rows.append([cell.text if cell.hidden or cell.value is None
                     else round(cell.value, 2) if cell.kind == "share" and isinstance(cell.value, int | float)
                     else cell.value if isinstance(cell.value, int | float) else str(cell.value) for cell in row])
    return rows


def table_csv(table: Table, cells: list[list[Cell]]) -> bytes:
    """One table as CSV with the texts shown on the page (cells from the release's `protect`); a
    withheld breakdown as its message; then an empty row and the legend of the symbols."""
    body = ([[withheld_message(table)]] if withheld(table, cells) else [[cell.text for cell in row] for row in cells]
            or [[_empty_message()]])
    return csv_bytes([[str(c.label) for c in table.columns], *body, [], *[[line] for line in legend()]])


def _empty_message() -> str:
    """What the page says of a table without rows (an export said nothing: tester t14)."""
    return _("Geen gegevens in deze selectie.")


def tables_xlsx(tables: list[Table], shown: dict[str, list[list[Cell]]]) -> bytes:
    """One sheet per table (a withheld breakdown or an empty table as the page's message) and a
    last sheet with the legend."""
    sheets = [Sheet(
        title=table.title,
        rows=[[str(c.label) for c in table.columns], [withheld_message(table)]] if withheld(table, shown[table.key])
        else [[str(c.label) for c in table.columns], [_empty_message()]] if not shown[table.key]
        else _plain_rows(table, shown[table.key]),
        number_formats={i: "0%" for i, c in enumerate(table.columns) if c.kind == "share"},
        footer=[table.note] if table.note else [],
    ) for table in tables]
    lines = legend()
    sheets.append(Sheet(title=lines[0], rows=[[line] for line in lines]))
    return xlsx_bytes(sheets)


def scope(filters: Filters) -> list[str]:
    """The names of the unit, type and theme a filter narrows to (for titles and file names)."""
    from vik.accounts.models import Unit
    from vik.investigations.models import CaseType
    from vik.signals.models import Theme

    out = []
    for model, pk in ((Unit, filters.region_id), (CaseType, filters.case_type_id), (Theme, filters.theme_id)):
        if pk:
            obj = model.objects.filter(pk=pk).first()
            if obj is not None:
                out.append(str(obj.name))
    return out


def _slug(filters: Filters) -> str:
    from django.utils.text import slugify

    parts = [slugify(name) for name in scope(filters)]
    return "".join(f"-{p}" for p in parts if p)


def export_view(actor, view: str, filters: Filters, fmt: str, table_key: str | None = None) -> tuple[bytes, str, str]:
    """The (suppressed) tables of one dashboard view as CSV (one table) or XLSX (all tables).
    Returns (content, content type, file name); writes the audit record."""
    _require_stats(actor)
    result, shown = release(view, filters)  # one release: the same cells as on the page
    if fmt == "csv":
        table = result.table(table_key) if table_key else result.tables[0]
        content, ctype = table_csv(table, shown[table.key]), "text/csv; charset=utf-8"
        name = f"vik-{view}-{table.key}{_slug(filters)}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
        exported = [table.key]
    elif fmt == "xlsx":
        content = tables_xlsx(result.tables, shown)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"vik-{view}{_slug(filters)}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"
        exported = [t.key for t in result.tables]
    else:
        raise ValueError(fmt)
    audit.record(actor, AuditAction.EXPORT, object_type="dashboard", object_id=view,
                 summary=_("Dashboard geëxporteerd"),
                 detail={"view": view, "format": fmt, "tables": exported, "filters": filters.as_query()})
    return content, ctype, name


# ------------------------------------------------------------------------------------ reports


def half_year_of(day: date) -> tuple[date, date]:
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def previous_half_year(day: date) -> tuple[date, date]:
    start, _end = half_year_of(day)
    return half_year_of(start - timedelta(days=1))


def _change(label: str, now, before, *, percent: bool, higher_is_better: bool | None = None) -> str | None:
    if now is None or before is None:
        return None
    if percent:
        delta = (now - before) * 100
        if abs(delta) < 5:
            return None
        text = _("%(l)s: %(n).0f%% (vorige periode %(b).0f%%)") % {"l": label, "n": now * 100, "b": before * 100}
    else:
        if before == 0 or abs(now - before) / before < 0.15:
            return None
        text = _("%(l)s: %(n)s (vorige periode %(b)s)") % {"l": label, "n": _num(now), "b": _num(before)}
    up = now > before
    if higher_is_better is None:
        return text + " — " + (_("gestegen") if up else _("gedaald")) + "."
    good = up == higher_is_better
    return text + " — " + (_("een verbetering") if good else _("een verslechtering")) + "."


def _num(value) -> str:
    return f"{value:,.0f}".replace(",", ".") if isinstance(value, int) or value >= 10 else f"{value:.1f}"


def published(result: selectors.Result, shown: dict | None = None) -> dict[str, list[dict]]:
    """The rows of every table of a result as they are published: hidden figures are None.
    `shown`: the cells of the release the result is part of (default: the result alone)."""
    shown = shown or protect(result.tables)
    return {t.key: [{k: None if c.hidden else c.value for k, c in row.items()} for row in cell_rows(t, shown[t.key])]
            for t in result.tables}


def commentary(current: dict, previous: dict) -> list[str]:
    """Short automatic remarks on notable changes against the previous period. Remarks read only
    published figures: a hidden figure (a small number, or one that would reveal one) never
    produces a remark, and remarks never name a unit with a hidden figure."""
    notes = []
    release = report_tables(current) if set(REPORT_VIEWS) <= set(current) else None
    now = {key: published(result, release) for key, result in current.items() if key != "rechtsgelijkheid"}
    before = {key: published(result) for key, result in previous.items()}
    key_now, key_before = now["instroom"]["key"][0], before["instroom"]["key"][0]
    for text in (
        _change(_("Aantal meldingen"), key_now["total"], key_before["total"], percent=False),
        _change(_("Aandeel afgehandeld in de lijn"), key_now["share_line"], key_before["share_line"],
                percent=True, higher_is_better=True),
        _change(_("Aandeel naar een onderzoek"), key_now["share_investigation"], key_before["share_investigation"],
                percent=True),
    ):
        if text and (key_now["total"] or 0) >= 5 and (key_before["total"] or 0) >= 5:
            notes.append(text)
    old_rows = {r["label"]: r for r in before["doorlooptijden"]["throughput"]}
    for row in now["doorlooptijden"]["throughput"]:
        old = old_rows.get(row["label"])
        if old and (row["n"] or 0) >= 5 and (old["n"] or 0) >= 5:
            for text in (_change(_("Mediane doorlooptijd %(t)s (werkdagen)") % {"t": row["label"]},
                                 row["median"], old["median"], percent=False, higher_is_better=False),
                         _change(_("%(t)s binnen de norm") % {"t": row["label"]}, row["within"], old["within"],
                                 percent=True, higher_is_better=True)):
                if text:
                    notes.append(text)
    old_rows = {r["label"]: r for r in before["registratiekwaliteit"]["units"]}
    for row in now["registratiekwaliteit"]["units"]:
        old = old_rows.get(row["label"])
        if old and (row["n"] or 0) >= 5 and (old["n"] or 0) >= 5:
            text = _change(_("Registratiescore %(u)s") % {"u": row["label"]}, row["score"], old["score"],
                           percent=True, higher_is_better=True)
            if text:
                notes.append(text)
    for test in current["rechtsgelijkheid"].extra["tests"].values():
        result = test["result"]
        if result.verdict in ("real", "likely"):
            notes.append(_("Rechtsgelijkheid (%(t)s): %(r)s") % {"t": test["title"].lower(), "r": result.reading})
    if not notes:
        notes.append(_("Geen opvallende veranderingen ten opzichte van de vorige periode."))
    return notes


def _svg_image(svg: str, title: str) -> str:
    import base64

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    data = base64.b64encode(svg.replace(' width="100%"', ' width="640"').encode()).decode()
    return mark_safe(f'<img class="chart" alt="{escape(title)}" src="data:image/svg+xml;base64,{data}">')


def report_tables(results: dict, filters: Filters | None = None) -> dict[str, list[list[Cell]]]:
    """The cells of every table of a report: each view exactly as its page publishes it (its own
    release, consistent with the wider views of its filters). The report tells no more than the
    pages do. (One release over every view, with the signals per unit of the inflow and quality
    views declared equal, hid a whole year's inflow in the 2025 annual report while the pages
    published it: tester t21.)"""
    filters = filters or results["instroom"].extra.get("filters")
    shown: dict[str, list[list[Cell]]] = {}
    for key in [key for key in ANNUAL_VIEWS if key in results]:
        tables = results[key].tables
        wider_hidden = reference(key, filters) if filters else []
        _flag_few(tables, wider_hidden)
        shown.update(protect(tables, wider_hidden))
    return shown


def report_html(title: str, filters: Filters, results: dict, notes: list[str]) -> str:
    """The HTML of the PDF report: every table whole (a long table continues on the next page
    with its header repeated), every chart of the report views."""
    shown = report_tables(results, filters)
    sections = []
    for key in [key for key in ANNUAL_VIEWS if key in results]:
        result = results[key]
        tables = {t.key: t for t in result.tables}
        sections.append({
            "result": result,
            # As images: WeasyPrint then draws each chart once instead of styling every SVG node.
            "charts": [_svg_image(charts.render(spec, tables[spec.table], shown[spec.table]), spec.title)
                       for spec in result.charts],
            "tables": table_items(result, shown),
        })
    return render_to_string("dashboard/report_pdf.html", {
        "title": title, "filters": filters, "sections": sections, "notes": notes,
        "generated": timezone.localtime(), "legend": legend()[1:],
    })


def _render_pdf(title: str, filters: Filters, results: dict, notes: list[str]) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(title, filters, results, notes), base_url=str(settings.BASE_DIR)).write_pdf()


def build_report(actor, start: date, end: date, *, kind: str = Report.Kind.AD_HOC,
                 filters: Filters | None = None, progress=None) -> Report:
    """Compute the figures for the period and the one before it, write the PDF and store it.
    `progress(percent, phase)`, when given, hears how far it is (the job runner shows it)."""
    if actor is not None:
        _require_stats(actor)
    filters = filters or Filters(start, end)
    filters = Filters(start, end, filters.region_id, filters.case_type_id, filters.theme_id)
    previous = filters.previous()
    if kind == Report.Kind.HALF_YEAR:
        prev_start, prev_end = previous_half_year(start)
        previous = Filters(prev_start, prev_end, filters.region_id, filters.case_type_id, filters.theme_id)
    # Every view, as the annual report (tester t22: five views left out without a word).
    current = _all_views(filters, progress)
    earlier = {key: VIEWS[key](previous) for key in ("instroom", "doorlooptijden", "registratiekwaliteit")}
    notes = [_compared_with(previous), *commentary(current, earlier)]
    if kind == Report.Kind.HALF_YEAR:
        title = _("Halfjaarrapportage integriteit %(h)s %(y)d") % {
            "h": _("eerste halfjaar") if start.month == 1 else _("tweede halfjaar"), "y": start.year}
    else:
        title = _adhoc_title(filters)
    return _store(actor, kind, start, end, title, filters, current, notes, progress)


def _adhoc_title(filters: Filters) -> str:
    """"Rapportage integriteit <start> – <end>", with the unit, type and theme it is about."""
    title = _("Rapportage integriteit %(s)s – %(e)s") % {"s": filters.start.strftime("%d-%m-%Y"),
                                                          "e": filters.end.strftime("%d-%m-%Y")}
    if named := scope(filters):  # a report about one unit (type, theme) says so on its cover
        title = f"{title} ({', '.join(named)})"
    return title


def _annual_title(year: int, today: date) -> str:
    end = min(date(year, 12, 31), today)
    if end < date(year, 12, 31):
        return _("Jaarbeeld integriteit %(y)d (tot en met %(d)s)") % {"y": year, "d": end.strftime("%d-%m-%Y")}
    return _("Jaarbeeld integriteit %(y)d") % {"y": year}


def build_annual_report(actor, year: int, today: date | None = None, progress=None) -> Report:
    """The annual report (jaarbeeld) of calendar `year`: every view of the dashboard, from
    signals and investigations to complaints, confidential work, prevention and protective
    monitoring, protected as one release. For the running year it covers the year up to today
    and says so in its title. Raises DomainError for a year that has not begun or is before 2000."""
    if actor is not None:
        _require_stats(actor)
    today = today or timezone.localdate()
    _check_annual_year(year, today)
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    filters = Filters(start, end)
    current = _all_views(filters, progress)
    previous = Filters(date(year - 1, 1, 1), date(year - 1, end.month, end.day) if (end.month, end.day) != (2, 29)
                       else date(year - 1, 2, 28))
    earlier = {key: VIEWS[key](previous) for key in ("instroom", "doorlooptijden", "registratiekwaliteit")}
    notes = [_compared_with(previous), *commentary(current, earlier)]
    return _store(actor, Report.Kind.ANNUAL, start, end, _annual_title(year, today), filters, current, notes,
                  progress)


def _check_annual_year(year: int, today: date) -> None:
    first = first_year(today)
    if year < first:
        # Not a report of zeros for a year before anything was registered (tester t21: 2000).
        raise DomainError(_("Kies een jaar van %(a)d tot en met %(b)d: van eerdere jaren zijn er geen gegevens.")
                          % {"a": first, "b": today.year})
    if year > today.year:
        raise DomainError(_("Kies een jaar van %(a)d tot en met %(b)d: %(y)d is nog niet begonnen.")
                          % {"a": first, "b": today.year, "y": year})


# The share of a report's making spent on the figures (the rest: the PDF and storing it).
_FIGURES_SHARE = 70


def _all_views(filters: Filters, progress=None) -> dict:
    """Every view of a report for `filters`; a view the investigation type or theme does not
    apply to says so in its introduction when one is chosen."""
    current = {}
    for number, key in enumerate(ANNUAL_VIEWS):
        if progress:
            progress(_FIGURES_SHARE * number // len(ANNUAL_VIEWS),
                     _("Cijfers berekenen (%(n)d van %(t)d)") % {"n": number + 1, "t": len(ANNUAL_VIEWS)})
        current[key] = VIEWS[key](filters)
    current["instroom"].extra["filters"] = filters  # the report's release is consistent with wider views
    if filters.case_type_id or filters.theme_id:
        for key in UNIT_ONLY_VIEWS:
            current[key].intro = f"{current[key].intro} {_('Onderzoekstype en thema gelden niet voor dit onderdeel.')}"
    return current


def _compared_with(previous: Filters) -> str:
    """Which period the remarks compare with (tester t22 could not tell)."""
    return _("Vergeleken met %(s)s – %(e)s.") % {"s": previous.start.strftime("%d-%m-%Y"),
                                                  "e": previous.end.strftime("%d-%m-%Y")}


def first_year(today: date | None = None) -> int:
    """The first year with a signal, complaint or report registered (this year when there is none):
    the first year an annual report can be made of."""
    today = today or timezone.localdate()
    from django.db.models import Min

    from vik.confidential.models import Complaint
    from vik.confidential.models import Report as ChannelReport
    from vik.signals.models import Signal

    firsts = [model.objects.aggregate(m=Min("received_on"))["m"] for model in (Signal, Complaint, ChannelReport)]
    return min([d.year for d in firsts if d] or [today.year])


def _store(actor, kind: str, start: date, end: date, title: str, filters: Filters, current: dict,
           notes: list[str], progress=None) -> Report:
    """Render the PDF of `current` (one release) and store it as a report, with its audit event."""
    if progress:
        progress(_FIGURES_SHARE, _("PDF opmaken"))
    pdf = _render_pdf(title, filters, current, notes)
    if progress:
        progress(95, _("Opslaan"))
    with transaction.atomic():
        report = Report(kind=kind, period_start=start, period_end=end, title=title, commentary=notes,
                        created_by=actor if getattr(actor, "is_authenticated", False) else None)
        report.file.save(f"{kind}{_slug(filters)}-{start:%Y%m%d}-{end:%Y%m%d}-{timezone.now():%Y%m%d%H%M%S}.pdf",
                         ContentFile(pdf), save=False)
        report.save()
        audit.record(actor, AuditAction.CREATE, report, summary=_("Rapportage gemaakt"),
                     detail={"kind": kind, "start": start, "end": end})
    return report


def download_report(actor, report: Report) -> bytes:
    _require_stats(actor)
    with transaction.atomic():
        audit.record(actor, AuditAction.EXPORT, report, summary=_("Rapportage gedownload"))
    with report.file.open("rb") as handle:
        return handle.read()


# ------------------------------------------------------------------------------ reports as jobs
# A report takes seconds (a quarter) to a minute (an annual report on a force's data): it is made
# by the job runner (vik.jobs), never in the request, and the page shows its progress (issue 14).
REPORT_JOBS = ("dashboard.report", "dashboard.annual")
RECENT_FAILURES = timedelta(days=1)  # how long a failed report of a user stays on his page


RECENTLY_MADE = timedelta(hours=1)  # the same report is not made again within this time


def request_report(actor, filters: Filters):
    """Queue the ad-hoc report of `filters` for `actor`; returns the job (vik.jobs.models.Job).
    Raises PermissionDeniedError without `stats.view`, DomainError while the same report of this
    user is still being made (a double click, a second tab) or was made in the last hour."""
    _require_stats(actor)
    if filters.start > timezone.localdate() or filters.end > timezone.localdate():
        # A report is about what happened (tester t25: a future month gave 27 empty pages, and a
        # year ending in December compared eleven months with twelve).
        raise DomainError(_("Een rapportage gaat over wat er is gebeurd: kies een periode tot en met vandaag "
                            "(%(d)s).") % {"d": timezone.localdate().strftime("%d-%m-%Y")})
    return _queue_report(actor, "dashboard.report", Report.Kind.AD_HOC, _adhoc_title(filters), filters.end, {
        "start": filters.start.isoformat(), "end": filters.end.isoformat(), "region_id": filters.region_id,
        "case_type_id": filters.case_type_id, "theme_id": filters.theme_id})


def request_annual_report(actor, year: int, today: date | None = None):
    """Queue the annual report of `year` for `actor`; refuses a year `build_annual_report` would
    refuse at once, so the form can say so. Raises as `request_report`."""
    _require_stats(actor)
    today = today or timezone.localdate()
    _check_annual_year(year, today)
    return _queue_report(actor, "dashboard.annual", Report.Kind.ANNUAL, _annual_title(year, today),
                         min(date(year, 12, 31), today), {"year": year})


class AlreadyMade(DomainError):
    """The same report was made a moment ago (not an error: the list has it)."""


def _queue_report(actor, kind: str, report_kind: str, title: str, period_end: date, params: dict):
    from vik.jobs import services as jobs

    params = {"actor_id": actor.pk, **params}
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one request of a user at a time
        if any(job.params == params for job in pending_reports(actor) if job.kind == kind):
            raise DomainError(_("Deze rapportage wordt al gemaakt; u ziet de voortgang hieronder."))
        # The same report of a past period made a moment ago (tester t24: a second click after it
        # was done made a twin with the same title): the list has it. A period up to today is made
        # again: registrations of today may have come in since (tester t25).
        made = None
        if period_end < timezone.localdate():
            made = Report.objects.filter(kind=report_kind, title=title, created_at__gte=timezone.now() - RECENTLY_MADE
                                         ).order_by("-created_at").first()
        if made is not None:
            raise AlreadyMade(_("Deze rapportage is om %(t)s al gemaakt en staat in de lijst hieronder.")
                              % {"t": time_format(timezone.localtime(made.created_at))})
        return jobs.enqueue(kind, actor=actor, **params)


def pending_reports(actor) -> list:
    """The report jobs of `actor` still waiting or running, and those that failed in the last day
    (with their Dutch message), newest first; each with a Dutch `description` of what it makes."""
    from vik.jobs.models import Job

    jobs = list(Job.objects.filter(kind__in=REPORT_JOBS, started_by=actor).filter(
        Q(state__in=[Job.State.QUEUED, Job.State.RUNNING])
        | Q(state=Job.State.FAILED, finished_at__gte=timezone.now() - RECENT_FAILURES))[:20])
    for job in jobs:
        job.description = _describe_report_job(job)
        # A waiting job tells how much is before it (one runner: a long import delays a report).
        job.ahead = Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING],
                                       enqueued_at__lt=job.enqueued_at).count() if job.state == Job.State.QUEUED else 0
    return jobs


def _describe_report_job(job) -> str:
    """The title the report will have (with its unit, type and theme: tester t24 could not tell
    two reports of one period apart)."""
    params = job.params
    try:
        if job.kind == "dashboard.annual":
            return _annual_title(int(params["year"]), timezone.localdate())
        return _adhoc_title(Filters(date.fromisoformat(params["start"]), date.fromisoformat(params["end"]),
                                    params.get("region_id"), params.get("case_type_id"), params.get("theme_id")))
    except (KeyError, TypeError, ValueError):
        return _("Rapportage")


def _report_author(actor_id: int) -> User:
    actor = User.objects.filter(pk=actor_id, is_active=True).first()
    if actor is None:
        raise DomainError(_("De aanvrager van deze rapportage heeft geen account meer."))
    return actor


def run_report_job(actor_id: int, start: str, end: str, region_id: int | None = None,
                   case_type_id: int | None = None, theme_id: int | None = None, progress=None) -> Report:
    """The job of `request_report` (registered by vik.site.jobs): the author's rights are checked
    again when it runs (they may have changed while it waited)."""
    filters = Filters(date.fromisoformat(start), date.fromisoformat(end), region_id, case_type_id, theme_id)
    return build_report(_report_author(actor_id), filters.start, filters.end, filters=filters, progress=progress)


def run_annual_report_job(actor_id: int, year: int, progress=None) -> Report:
    """The job of `request_annual_report` (registered by vik.site.jobs)."""
    return build_annual_report(_report_author(actor_id), year, progress=progress)


def subscribe(actor) -> ReportSubscription:
    _require_stats(actor)
    with transaction.atomic():
        subscription, created = ReportSubscription.objects.get_or_create(user=actor)
        if created:
            audit.record(actor, AuditAction.CREATE, subscription, summary=_("Aangemeld voor rapportages"))
    return subscription


def unsubscribe(actor) -> None:
    with transaction.atomic():
        deleted, _rows = ReportSubscription.objects.filter(user=actor).delete()
        if deleted:
            audit.record(actor, AuditAction.DELETE, object_type="dashboard.reportsubscription",
                         summary=_("Afgemeld voor rapportages"))


def _subscribers() -> list[User]:
    return [s.user for s in ReportSubscription.objects.select_related("user")
            if policy.can(s.user, "stats.view")]


def run_scheduled_reports(today: date | None = None) -> Report | None:
    """Make the report of the last completed half-year once and mail its subscribers once.

    Safe to call as often as the scheduler likes: a report that exists is not made again, and a
    report that was mailed (`mailed_at`) is not mailed again. Also refreshes the recurrence figures
    once a day, and the dashboard facts on every call (the days touched since the last call and
    today's state; a full rebuild on the first call of a day, see `facts.refresh_all`). Returns the
    report it made or mailed, else None."""
    today = today or timezone.localdate()
    ensure_recurrence(today)
    if not REFERENCE:
        facts.refresh_all(today)
    start, end = previous_half_year(today)
    report = Report.objects.filter(kind=Report.Kind.HALF_YEAR, period_start=start, period_end=end).first()
    made = None
    if report is None:
        try:
            report = build_report(None, start, end, kind=Report.Kind.HALF_YEAR)
            made = report
        except IntegrityError:  # another process made it at the same moment
            report = Report.objects.get(kind=Report.Kind.HALF_YEAR, period_start=start, period_end=end)
    if report.mailed_at is not None:
        return made
    with transaction.atomic():
        claimed = Report.objects.filter(pk=report.pk, mailed_at__isnull=True).update(mailed_at=timezone.now())
        if not claimed:
            return made
        recipients = _subscribers()
        link = reverse("dashboard:report_download", args=[report.pk])
        notify(recipients, _("Nieuwe rapportage: %(t)s") % {"t": report.title},
               _("De %(t)s staat klaar in het Dashboard Integriteit: %(link)s\n\nDe rapportage bevat alleen "
                 "geaggregeerde cijfers; aantallen kleiner dan 5 zijn afgeschermd. Downloaden wordt "
                 "vastgelegd in de audittrail.") % {"t": report.title, "link": link})
        audit.record(None, AuditAction.CHANGE, report, summary=_("Rapportage verstuurd aan abonnees"),
                     detail={"recipients": len(recipients)})
    report.refresh_from_db()
    return report


# --------------------------------------------------------------------------------- recurrence


def refresh_recurrence(today: date | None = None) -> int:
    """Recompute the recurrence figures: for every current triage decision (per betrokkene) and
    every case decision, is there a later signal about the same employee within one and two years?
    Pulls only id and date columns and joins them in Polars (as-of join per employee)."""
    import polars as pl
    from django.db.models.functions import TruncDate

    from vik.investigations.models import Decision, Outcome
    from vik.signals.models import Signal
    from vik.triage.models import TriageDecision

    today = today or timezone.localdate()
    through = Signal.subjects.through
    later = pl.DataFrame(
        list(through.objects.values_list("employee_id", "signal__received_on")),
        schema={"employee": pl.Int64, "next_day": pl.Date}, orient="row",
    ).sort("next_day")
    subjects = pl.DataFrame(list(through.objects.values_list("signal_id", "employee_id")),
                            schema={"signal": pl.Int64, "employee": pl.Int64}, orient="row")
    routes = pl.DataFrame(
        list(TriageDecision.objects.filter(current=True).values_list(
            "signal_id", "route", TruncDate("decided_at"), "signal__region_id", "signal__theme_id")),
        schema={"signal": pl.Int64, "key": pl.Utf8, "day": pl.Date, "region_id": pl.Int64, "theme_id": pl.Int64},
        orient="row",
    ).join(subjects, on="signal").rename({"signal": "signal_key"}).with_columns(
        kind=pl.lit("route"), case_type_id=pl.lit(None, dtype=pl.Int64))
    measures = pl.DataFrame(
        list(Decision.objects.values_list(
            "id", "case__subject_id", "outcome", "measure", "decided_on", "case__signal__region_id",
            "case__signal__theme_id", "case__case_type_id")),
        schema={"rid": pl.Int64, "employee": pl.Int64, "outcome": pl.Utf8, "measure": pl.Utf8, "day": pl.Date,
                "region_id": pl.Int64, "theme_id": pl.Int64, "case_type_id": pl.Int64}, orient="row",
    ).with_columns(
        key=pl.when(pl.col("outcome") == Outcome.BREACH_MEASURE.value).then(pl.col("measure"))
        .otherwise(pl.col("outcome")), kind=pl.lit("measure"),
    ).drop("outcome", "measure")
    # Record keys of the events (cell-key noise, `vik.core.cellkey`): a route event is a signal and
    # one of its betrokkenen, a measure event a decision.
    a_route, b_route = cellkey.coefficients("dashboard.recurrence.route")
    a_measure, b_measure = cellkey.coefficients("dashboard.recurrence.measure")
    m = cellkey.MODULUS
    routes = routes.with_columns(
        rk=((pl.col("signal_key") * 1_000_003 + pl.col("employee")) % m * a_route + b_route) % m).drop("signal_key")
    measures = measures.with_columns(rk=(pl.col("rid") % m * a_measure + b_measure) % m).drop("rid")
    columns = ["kind", "key", "employee", "day", "region_id", "theme_id", "case_type_id", "rk"]
    events = pl.concat([routes.select(columns), measures.select(columns)]).sort("day")
    joined = events.join_asof(later, left_on="day", right_on="next_day", by="employee",
                              strategy="forward", allow_exact_matches=False, check_sortedness=False)
    gap = (pl.col("next_day") - pl.col("day")).dt.total_days()
    t = pl.lit(today)
    facts = joined.with_columns(
        month=pl.col("day").dt.truncate("1mo"),
        f1=((t - pl.col("day")).dt.total_days() >= 365).cast(pl.Int64),
        f2=((t - pl.col("day")).dt.total_days() >= 730).cast(pl.Int64),
    ).with_columns(
        r1=(pl.col("f1") * (gap <= 365).fill_null(False).cast(pl.Int64)),
        r2=(pl.col("f2") * (gap <= 730).fill_null(False).cast(pl.Int64)),
    ).group_by(["kind", "key", "month", "region_id", "theme_id", "case_type_id"]).agg(
        events=pl.len(), followed_1y=pl.col("f1").sum(), recurred_1y=pl.col("r1").sum(),
        followed_2y=pl.col("f2").sum(), recurred_2y=pl.col("r2").sum(),
        k_events=pl.col("rk").sum() % m, k_followed_1y=(pl.col("rk") * pl.col("f1")).sum() % m,
        k_recurred_1y=(pl.col("rk") * pl.col("r1")).sum() % m,
        k_followed_2y=(pl.col("rk") * pl.col("f2")).sum() % m,
        k_recurred_2y=(pl.col("rk") * pl.col("r2")).sum() % m)
    rows = [RecurrenceFact(computed_on=today, **row) for row in facts.iter_rows(named=True)]
    with transaction.atomic():
        RecurrenceFact.objects.all().delete()
        RecurrenceFact.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def ensure_recurrence(today: date | None = None) -> None:
    """Refresh the recurrence figures when they are from an earlier day (or missing)."""
    today = today or timezone.localdate()
    latest = RecurrenceFact.objects.order_by("-computed_on").values_list("computed_on", flat=True).first()
    if latest is None or latest < today:
        refresh_recurrence(today)
