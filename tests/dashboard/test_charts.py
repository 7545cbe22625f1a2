"""Every chart can be read without knowing the code: well-formed SVG whatever its labels hold, a
visible title, axis titles with units, long labels shortened with the full text as a tooltip."""

import xml.etree.ElementTree as ET

import pytest

from vik.core import charts
from vik.dashboard import services
from vik.dashboard.forms import FilterForm

NS = "{http://www.w3.org/2000/svg}"
LONG = "abcdefghijklmnopqrstuvwxyzabcd & b"  # 30 letters, then an entity once escaped


def _parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # raises on a broken entity or unescaped text


def _texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def _axis_titles(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text") if t.get("class") == "axis-title"]


@pytest.mark.parametrize("chart", [
    lambda: charts.bars([(LONG, 3), ("<b>", None)], "Titel & meer", value_title="Meldingen (aantal)",
                        category_title="Thema"),
    lambda: charts.series([LONG, "02-2026"], [(LONG, [1, None])], "Titel & meer", value_title="Aantal",
                          category_title="Maand"),
    lambda: charts.stacked([(LONG, [1, 2])], [LONG, "b"], "Titel & meer", value_title="Aandeel (%)",
                           category_title="Eenheid"),
    lambda: charts.ranges([(LONG, 3, 5, 4)], "Titel & meer", value_title="Werkdagen", category_title="Type"),
])
def test_charts_are_well_formed_with_title_axes_and_full_labels(chart):
    root = _parse(chart())
    assert root.find(f"{NS}title").text == "Titel & meer"
    assert "Titel & meer" in _texts(root)  # visible, not only for screen readers
    assert len(_axis_titles(root)) == 2
    # The long label is shown in full on two lines, or shortened on screen with its full text as a
    # tooltip; never cut without a way to read it.
    wrapped = [" ".join(sp.text for sp in t.iter(f"{NS}tspan")) for t in root.iter(f"{NS}text")]
    assert LONG in wrapped or (any(t.endswith("…") and t.startswith("abcdefghij") for t in _texts(root))
                               and LONG in [t.text for t in root.iter(f"{NS}title")])


def test_a_long_title_wraps_onto_two_lines_within_the_width():
    """Tester t40: "Onverklaarde opvragingen per 1.000 gebruikersdagen — <team>" ran off the chart."""
    title = "Onverklaarde opvragingen per 1.000 gebruikersdagen — Basisteam Havenmond-Centrum Noord"
    root = _parse(charts.series(["01-2026", "02-2026"], [("a", [1, 2])], title, value_title="Aantal",
                                category_title="Run"))
    shown = next(t for t in root.iter(f"{NS}text") if t.get("class") == "chart-title")
    lines = [span.text for span in shown.iter(f"{NS}tspan")]
    assert len(lines) == 2 and " ".join(lines) == title
    assert all(len(line) <= charts.TITLE_CHARS for line in lines)
    plot = next(g for g in root.iter(f"{NS}g") if (g.get("transform") or "").startswith("translate(0,"))
    assert plot.get("transform") == f"translate(0,{charts.TITLE_H + charts.TITLE_LINE_H})"


def test_hidden_values_are_not_drawn_as_a_length():
    root = _parse(charts.bars([("a", None), ("b", 7)], "T"))
    assert len([r for r in root.iter(f"{NS}rect") if r.get("class") == "hidden"]) == 1
    assert "afgeschermd" in _texts(root)


@pytest.mark.parametrize("view", list(services.VIEWS))
def test_every_chart_of_every_view_has_a_title_and_axis_titles(org, disciplinary_case, make_signal, view):
    from vik.dashboard.disclosure import protect, withheld

    for _ in range(12):  # at least ten: a smaller selection is not broken down (minimum population)
        make_signal(received_ago=10)
    result = services.VIEWS[view](FilterForm(None).filters())
    tables = {t.key: t for t in result.tables}
    shown = protect(result.tables)
    for spec in result.charts:
        root = _parse(charts.render(spec, tables[spec.table], shown[spec.table]))
        assert root.find(f"{NS}title").text == spec.title
        if withheld(tables[spec.table], shown[spec.table]):  # (one case): says why, draws no axes
            assert "Niet uitgesplitst" in "".join(root.itertext()), spec.title
            continue
        titles = _axis_titles(root)
        assert len(titles) == 2, (spec.title, titles)
        assert any("(" in t or t == "Werkdagen" for t in titles), (spec.title, titles)  # a unit


def test_the_overview_shows_key_figures_and_a_chart(client, org, make_signal):
    for _ in range(6):
        make_signal(received_ago=5)
    make_signal(received_ago=5, theme="gifts")
    client.force_login(org.policy)
    html = client.get("/dashboard/").content.decode()
    assert "Kerncijfers" in html and '<svg class="chart"' in html
    figures = html.split('class="key-figures"')[1].split("</dl>")[0]
    # Seven signals, published with the cell-key noise (which depends on the database's ids).
    shown = int(figures.split("<dt>Meldingen</dt><dd>")[1].split("</dd>")[0])
    assert abs(shown - 7) <= 2
    assert "<dt>Triagebesluiten</dt><dd>0</dd>" in figures


def test_long_category_labels_wrap_instead_of_running_together():
    """Found by a newcomer: four bars all read "Disciplinair onderzoek – Eenh…"."""
    labels = ["Disciplinair onderzoek – Eenheid Noordkust", "Disciplinair onderzoek – Eenheid Rivierenrand",
              "Strafrechtelijk onderzoek (ondersteuning OM/RR) – Eenheid Noordkust"]
    svg = ET.fromstring(str(charts.bars([(label, 7.0) for label in labels], "Leeftijd",
                                        value_title="aantal", category_title="type en eenheid")))
    shown = []
    for text in svg.iter("{http://www.w3.org/2000/svg}text"):
        spans = [t.text for t in text.iter("{http://www.w3.org/2000/svg}tspan")]
        if spans and text.get("class") != "chart-title":
            shown.append(" ".join(spans))
    assert shown[:2] == labels[:2]
    # A long type is shortened, never the unit that tells the bars apart.
    assert shown[2].endswith("Eenheid Noordkust") and shown[2].startswith("Strafrechtelijk onderzoek")


def test_a_long_time_axis_keeps_its_labels_apart():
    months = [f"{m % 12 + 1:02d}-{2021 + m // 12}" for m in range(71)]
    svg = str(charts.series(months, [("Meldingen", [1.0] * 71)], "Meldingen per maand",
                           value_title="aantal", category_title="maand"))
    assert sum(svg.count(f">{m}<") for m in months) <= 8


def test_a_stacked_row_with_hidden_parts_is_shielded_not_none():
    """Tester t18: a row whose parts were all hidden read "geen" (none), which said zero."""
    from vik.core.charts import stacked

    svg = str(stacked([("Medewerkers", [None, None, None]), ("Leidinggevenden", [0, 0, 0])], ["a", "b", "c"], "T"))
    first, second = svg.split("Leidinggevenden")
    assert "afgeschermd" in first and "geen" not in first
    assert "geen" in second


def test_a_stacked_row_gives_the_shares_of_its_published_total_as_the_table_does():
    """Tester t20: 32% in the tooltip beside 35% in the table (the parts' noisy sum against the
    published number of decisions)."""
    from vik.core.charts import stacked

    svg = str(stacked([("Eenheid A", [13, 7, 3])], ["geen", "corrigerend", "straf"], "T", totals=[20]))
    assert "straf: 15%" in svg and "corrigerend: 35%" in svg  # 3/20 and 7/20, not 3/23 and 7/23
