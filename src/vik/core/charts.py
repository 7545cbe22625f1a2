"""Small server-rendered SVG charts (no JavaScript): horizontal bars, time series, stacked shares
and ranges against a norm.

Every chart can be read on its own: a visible title, a title on each axis with its unit, category
labels that are shortened (never inside an escaped character) with the full text as a tooltip, and
a text alternative. All text is escaped, so the SVG is well-formed XML whatever a label contains.
Hidden (suppressed) values are drawn as an empty bar labelled with their symbol, so nothing small
can be read off a bar length."""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .disclosure import Cell, Table, cell_rows, withheld

PALETTE = ["#1f5fa8", "#e0861a", "#2e8b57", "#b23a48", "#6b4fa0", "#5b8fb9", "#8c6d31", "#7f7f7f"]
WIDTH = 640
TITLE_H = 26  # the chart title above the plot
LABEL_CHARS = 30  # category labels longer than this are shortened (full text in the tooltip)


def _fmt(value: float | None, percent: bool) -> str:
    if value is None:
        return _("afgeschermd")
    if percent:
        return f"{value * 100:.0f}%"
    if abs(value) >= 10:
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",").rstrip("0").rstrip(",")


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """The text cut to `limit` characters with an ellipsis (before escaping, so never inside an
    entity)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(x: float, y: float, text: str, *, anchor: str = "end", size: float = 12, limit: int = LABEL_CHARS) -> str:
    """A text element, shortened when long, with the full text as its tooltip."""
    full = str(text)
    tip = f"<title>{escape(full)}</title>" if len(full) > limit else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}">{tip}'
            f"{escape(short(full, limit))}</text>")


def _lines(text: str, limit: int, most: int = 2) -> list[str]:
    """`text` broken between words into at most `most` lines of `limit` characters; what does not
    fit is shortened with an ellipsis on the last line."""
    lines: list[str] = []
    current = ""
    words = str(text).split()
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
            continue
        lines.append(current)
        if len(lines) == most - 1:
            current = short(" ".join(words[i:]), limit)
            break
        current = word
    lines.append(short(current, limit))
    return lines


def _category_label(x: float, y: float, text: str, *, limit: int = LABEL_CHARS) -> str:
    """A category label right-aligned before its bar, on two lines when long (so "Disciplinair
    onderzoek – Eenheid Noordkust" and "– Eenheid Rivierenrand" stay apart), the full text as
    its tooltip when it still had to be shortened."""
    full = str(text)
    if " – " in full and len(full) > limit:
        # "<type> – <unit>": the part after the dash tells the bars apart, so it keeps its own line.
        head, tail = full.rsplit(" – ", 1)
        lines = [short(f"{head} –", limit), short(tail, limit)]
    else:
        lines = _lines(full, limit)
    if len(lines) == 1:
        return _label(x, y, full, limit=limit, size=10.5)
    tip = f"<title>{escape(full)}</title>" if " ".join(lines) != " ".join(full.split()) else ""
    spans = "".join(f'<tspan x="{x:.1f}" dy="{-5 if i == 0 else 11}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" font-size="10.5">{tip}{spans}</text>'


TITLE_CHARS = 68  # a title line at 14 px bold fits the chart's width (tester t40: "— <team>" was cut off)
TITLE_LINE_H = 18


def _svg(height: int, title: str, body: list[str], width: int = WIDTH) -> SafeString:
    t = escape(title)
    lines = _lines(title, TITLE_CHARS)
    head = TITLE_H + TITLE_LINE_H * (len(lines) - 1)
    spans = "".join(f'<tspan x="0" dy="{0 if i == 0 else TITLE_LINE_H}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return mark_safe(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + head}" '
        f'width="100%" style="max-width:{width}px" role="img" aria-label="{t}">'
        f"<title>{t}</title>"
        f'<text class="chart-title" x="0" y="17" font-size="14" font-weight="bold">{spans}</text>'
        f'<g transform="translate(0,{head})">' + "".join(body) + "</g></svg>"
    )


def _axis_title(x: float, y: float, text: str, *, vertical: bool = False, anchor: str = "middle") -> str:
    rotate = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if vertical else ""
    return (f'<text class="axis-title" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="11" '
            f'font-style="italic"{rotate}>{escape(text)}</text>')


def _nice_max(value: float) -> float:
    """The axis' end: 2, 4, 6, 10, 20, 50, 100 ... at or above `value`, so that the middle tick of
    a count axis is a whole number (testers t24, t25: "0,5" and "2,5 meldingen")."""
    for candidate in (2, 4, 6, 10):
        if candidate >= value:
            return candidate
    for exp in range(1, 12):
        for step in (2, 5, 10):
            candidate = step * 10 ** exp
            if candidate >= value:
                return candidate
    return value


def bars(items: list[tuple[str, float | None]], title: str, *, percent: bool = False,
         value_title: str = "", category_title: str = "") -> SafeString:
    """Horizontal bars, one per category; None is a hidden value."""
    label_w, row_h, top = 200, 22, 20
    plot_h = row_h * max(1, len(items))
    height = top + plot_h + 34
    peak = 1.0 if percent else _nice_max(max([v or 0 for _l, v in items] or [0]))
    span = WIDTH - label_w - 60
    body = [_axis_title(label_w - 6, 12, category_title, anchor="end")] if category_title else []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        body.append(_category_label(label_w - 6, y + 15, label))
        if value is None:
            body.append(f'<rect class="hidden" x="{label_w}" y="{y + 4}" width="24" height="14" '
                        f'fill="none" stroke="#999" stroke-dasharray="2,2"/>')
            width = 24
        else:
            width = max(1.0, span * (value / peak)) if value else 0
            body.append(f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{width:.1f}" height="14" '
                        f'fill="{PALETTE[0]}"><title>{escape(str(label))}: {_fmt(value, percent)}</title></rect>')
        body.append(f'<text x="{label_w + width + 4:.1f}" y="{y + 15}" font-size="12">'
                    f"{escape(_fmt(value, percent))}</text>")
    if not items:
        body.append(f'<text x="{label_w}" y="{top + 15}" font-size="12">{escape(_("Geen gegevens"))}</text>')
    axis_y = top + plot_h + 4
    body.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + span}" y2="{axis_y}" stroke="#888"/>')
    for frac in (0, 0.5, 1):
        x = label_w + span * frac
        body.append(f'<text x="{x:.1f}" y="{axis_y + 12}" text-anchor="middle" font-size="10">'
                    f"{escape(_fmt(peak * frac, percent))}</text>")
    if value_title:
        body.append(_axis_title(label_w + span / 2, axis_y + 27, value_title))
    return _svg(height, title, body)


def series(labels: list[str], lines: list[tuple[str, list[float | None]]], title: str, *,
           percent: bool = False, columns: bool = False, value_title: str = "",
           category_title: str = "") -> SafeString:
    """A time series: columns for one count series, lines for shares or several series."""
    left, right, top, bottom = 58, 12, 12, 48
    legend_h = 16 * ((len(lines) + 2) // 3)
    plot_h = 180
    height = top + plot_h + bottom + legend_h
    plot_w = WIDTH - left - right
    values = [v for _n, vs in lines for v in vs if v is not None]
    peak = 1.0 if percent else _nice_max(max(values or [0]))
    n = max(1, len(labels))
    step = plot_w / n
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#888"/>']
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#e3e3e3"/>'
                    f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">'
                    f"{escape(_fmt(peak * frac, percent))}</text>")
    if value_title:
        body.append(_axis_title(14, top + plot_h / 2, value_title, vertical=True))
    every = max(1, math.ceil(n / 8))  # at most 8 labels on the time axis, so none run together
    for i, label in enumerate(labels):
        if i % every == 0:
            body.append(_label(left + step * (i + 0.5), top + plot_h + 14, label, anchor="middle", size=10,
                               limit=12))
    if category_title:
        body.append(_axis_title(left + plot_w / 2, top + plot_h + 32, category_title))
    for k, (name, vs) in enumerate(lines):
        color = PALETTE[k % len(PALETTE)]
        if columns:
            for i, v in enumerate(vs):
                x = left + step * i + step * 0.15
                if v is None:
                    body.append(f'<rect class="hidden" x="{x:.1f}" y="{top + plot_h - 10}" width="{step * 0.7:.1f}" '
                                f'height="10" fill="none" stroke="#999" stroke-dasharray="2,2"/>')
                    continue
                h = plot_h * (v / peak)
                body.append(f'<rect class="bar" x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" '
                            f'height="{h:.1f}" fill="{color}"><title>{escape(labels[i])}: '
                            f"{escape(_fmt(v, percent))}</title></rect>")
        else:
            points = []
            for i, v in enumerate(vs):
                if v is None:
                    if len(points) > 1:
                        body.append(_polyline(points, color))
                    points = []
                    continue
                points.append((left + step * (i + 0.5), top + plot_h * (1 - v / peak)))
                body.append(f'<circle cx="{points[-1][0]:.1f}" cy="{points[-1][1]:.1f}" r="2.5" fill="{color}">'
                            f"<title>{escape(name)} {escape(labels[i])}: {escape(_fmt(v, percent))}</title></circle>")
            if len(points) > 1:
                body.append(_polyline(points, color))
        lx = 10 + (k % 3) * 210
        ly = top + plot_h + bottom + 16 * (k // 3)
        body.append(f'<rect x="{lx}" y="{ly - 10}" width="10" height="10" fill="{color}"/>'
                    + _label(lx + 14, ly - 1, name, anchor="start", size=11, limit=28))
    return _svg(height, title, body)


def _polyline(points: list[tuple[float, float]], color: str) -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline class="line" points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>'


def _none_at_all(values: list[float | None]) -> bool:
    """Every part published as zero: only then is a row "geen" (tester t18 read "geen" beside a
    hidden "<5" as a zero); a row with any hidden part is "afgeschermd"."""
    return all(v == 0 for v in values)


def stacked(rows: list[tuple[str, list[float | None]]], categories: list[str], title: str, *,
            value_title: str = "", category_title: str = "", totals: list | None = None) -> SafeString:
    """100% stacked horizontal bars: the distribution of categories per row. A row with any hidden
    value is drawn as an outline only. `totals`: each row's published total (the table's row
    total): the shares are of that total, as the table gives them (tester t20: 32% in the tooltip
    beside 35% in the table, the parts' noisy sum against the published total)."""
    label_w, row_h, top = 200, 24, 20
    plot_h = row_h * max(1, len(rows))
    legend_h = 18 * ((len(categories) + 2) // 3)
    height = top + plot_h + 34 + legend_h + 6
    span = WIDTH - label_w - 20
    body = [_axis_title(label_w - 6, 12, category_title, anchor="end")] if category_title else []
    for i, (label, values) in enumerate(rows):
        y = top + i * row_h
        body.append(_category_label(label_w - 6, y + 16, label))
        total = sum(v for v in values if v is not None)
        given = totals[i] if totals is not None else None
        if any(v is None for v in values) or total <= 0 or (totals is not None and not given):
            body.append(f'<rect class="hidden" x="{label_w}" y="{y + 4}" width="{span}" height="16" fill="none" '
                        f'stroke="#999" stroke-dasharray="2,2"/><text x="{label_w + 6}" y="{y + 16}" '
                        f'font-size="11">{escape(_("geen") if _none_at_all(values) else _("afgeschermd"))}</text>')
            continue
        x = float(label_w)
        scale = max(total, given or 0)  # the parts' sum may exceed the published total by the noise
        for k, v in enumerate(values):
            w = span * v / scale
            if w <= 0:
                continue
            body.append(f'<rect class="bar" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="16" '
                        f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(str(label))} – '
                        f"{escape(categories[k])}: {round(v / (given or total), 2) * 100:.0f}%</title></rect>")
            x += w
    axis_y = top + plot_h + 4
    body.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + span}" y2="{axis_y}" stroke="#888"/>')
    for frac in (0, 0.5, 1):
        body.append(f'<text x="{label_w + span * frac:.1f}" y="{axis_y + 12}" text-anchor="middle" '
                    f'font-size="10">{frac * 100:.0f}%</text>')
    if value_title:
        body.append(_axis_title(label_w + span / 2, axis_y + 27, value_title))
    for k, cat in enumerate(categories):
        lx = 10 + (k % 3) * 210
        ly = axis_y + 36 + 18 * (k // 3)
        body.append(f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>'
                    + _label(lx + 14, ly + 9, cat, anchor="start", size=11, limit=28))
    return _svg(height, title, body)


def ranges(items: list[tuple[str, float | None, float | None, float | None]], title: str, *,
           value_title: str = "", category_title: str = "") -> SafeString:
    """Per row: a bar to the median, a whisker to the 90th percentile and a tick at the norm."""
    label_w, row_h, top = 200, 26, 20
    plot_h = row_h * max(1, len(items))
    height = top + plot_h + 34 + 24
    peak = _nice_max(max([max(m or 0, p or 0, n or 0) for _l, m, p, n in items] or [0]))
    span = WIDTH - label_w - 60
    body = [_axis_title(label_w - 6, 12, category_title, anchor="end")] if category_title else []

    def x_of(v):
        return label_w + span * v / peak

    for i, (label, median, p90, norm) in enumerate(items):
        y = top + i * row_h
        body.append(_category_label(label_w - 6, y + 16, label))
        if median is None:
            body.append(f'<text x="{label_w + 4}" y="{y + 16}" font-size="11">{escape(_("afgeschermd"))}</text>')
        else:
            body.append(f'<rect class="bar" x="{label_w}" y="{y + 5}" width="{x_of(median) - label_w:.1f}" '
                        f'height="14" fill="{PALETTE[0]}"><title>{escape(str(label))}: {escape(_("mediaan"))} '
                        f"{escape(_fmt(median, False))}</title></rect>")
            if p90 is not None:
                body.append(f'<line x1="{x_of(median):.1f}" y1="{y + 12}" x2="{x_of(p90):.1f}" y2="{y + 12}" '
                            f'stroke="{PALETTE[1]}" stroke-width="2"/><line x1="{x_of(p90):.1f}" y1="{y + 6}" '
                            f'x2="{x_of(p90):.1f}" y2="{y + 18}" stroke="{PALETTE[1]}" stroke-width="2"/>')
        if norm is not None:
            body.append(f'<line class="norm" x1="{x_of(norm):.1f}" y1="{y + 2}" x2="{x_of(norm):.1f}" '
                        f'y2="{y + 22}" stroke="{PALETTE[3]}" stroke-width="2" stroke-dasharray="3,2"/>')
    axis_y = top + plot_h + 4
    body.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + span}" y2="{axis_y}" stroke="#888"/>')
    for frac in (0, 0.5, 1):
        body.append(f'<text x="{label_w + span * frac:.1f}" y="{axis_y + 12}" text-anchor="middle" '
                    f'font-size="10">{escape(_fmt(peak * frac, False))}</text>')
    if value_title:
        body.append(_axis_title(label_w + span / 2, axis_y + 27, value_title))
    ly = axis_y + 36
    body.append(f'<rect x="10" y="{ly}" width="10" height="10" fill="{PALETTE[0]}"/>'
                f'<text x="24" y="{ly + 9}" font-size="11">{escape(_("mediaan"))}</text>'
                f'<line x1="110" y1="{ly + 5}" x2="130" y2="{ly + 5}" stroke="{PALETTE[1]}" stroke-width="2"/>'
                f'<text x="134" y="{ly + 9}" font-size="11">{escape(_("90e percentiel"))}</text>'
                f'<line x1="250" y1="{ly}" x2="250" y2="{ly + 10}" stroke="{PALETTE[3]}" stroke-width="2" '
                f'stroke-dasharray="3,2"/><text x="256" y="{ly + 9}" font-size="11">{escape(_("norm"))}</text>')
    return _svg(height, title, body)


@dataclass(frozen=True)
class ChartSpec:
    """Which chart to draw from which columns of a table. Values are read after suppression.
    `unit` names the unit of the value axis (default: per kind of chart and column); `axis` replaces
    the whole axis title."""

    kind: str  # bars | series | stacked | ranges
    title: str
    table: str
    label: str
    values: tuple[str, ...]
    percent: bool = False
    columns: bool = False
    unit: str = ""
    axis: str = ""  # the whole title of the value axis, when the default does not fit


def value_title(spec: ChartSpec, table: Table) -> str:
    """The title of the value axis: what is measured and in which unit."""
    if spec.axis:
        return spec.axis
    if spec.kind == "stacked":
        return _("Aandeel (%)")
    if spec.kind == "ranges":
        return _("Werkdagen")
    if spec.percent:
        unit = spec.unit or "%"
    else:
        unit = spec.unit or (_("aantal") if table.column(spec.values[0]).kind == "count" else "")
    if len(spec.values) == 1:
        name = str(table.column(spec.values[0]).label)
        return f"{name} ({unit})" if unit else name
    return f"{_('Aandeel') if spec.percent else _('Waarde')} ({unit})"


def render(spec: ChartSpec, table: Table, cells: list[list[Cell]] | None = None) -> SafeString:
    """The chart of `spec`; `cells` are the table's cells from its release's `disclosure.protect`."""
    if cells is not None and withheld(table, cells):
        # Nothing to draw: say why, not "Geen gegevens" (there are records, too few to break down).
        # The same reason as its table gives (tester t19: "fewer than 10" beside 35 decisions).
        # The same words as its table (and every table): never a reason that tells the size.
        from .disclosure import withheld_message

        note = withheld_message(table).split(". ")[0] + "."
        return _svg(30, spec.title, [f'<text class="withheld" x="0" y="18" font-size="12">{escape(note)}</text>'])
    rows = cell_rows(table, cells)
    labels = [str(r[spec.label].value) for r in rows]
    titles = {"value_title": value_title(spec, table), "category_title": str(table.column(spec.label).label)}
    if spec.kind == "bars":
        return bars([(lab, r[spec.values[0]].value) for lab, r in zip(labels, rows, strict=True)],
                    spec.title, percent=spec.percent, **titles)
    if spec.kind == "series":
        lines = [(str(table.column(key).label), [r[key].value for r in rows]) for key in spec.values]
        return series(labels, lines, spec.title, percent=spec.percent, columns=spec.columns, **titles)
    if spec.kind == "stacked":
        totals = [r[table.row_total].value for r in rows] if table.row_total else None
        return stacked([(lab, [r[k].value for k in spec.values]) for lab, r in zip(labels, rows, strict=True)],
                       [str(table.column(k).label) for k in spec.values], spec.title, totals=totals, **titles)
    if spec.kind == "ranges":
        median, p90, norm = spec.values
        return ranges([(lab, r[median].value, r[p90].value, r[norm].value if norm else None)
                       for lab, r in zip(labels, rows, strict=True)], spec.title, **titles)
    raise ValueError(spec.kind)
