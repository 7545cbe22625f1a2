"""Minimum population (issue 12 item 4, tester): a one-day selection showed "Totaal <5" beside
breakdowns with exact zeros (kanaal: telefoon "<5", e-mail 0, ...), which told how, when, by which
route and with which punishment one person's signal went. A breakdown of fewer than
MIN_POPULATION records is now not published at all, in the page, the CSV, the XLSX and the PDF;
and a cell the all-units view hides stays hidden when the user filters on that unit."""

import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from vik.core.cellkey import Tally
from vik.core.disclosure import (
    FEW,
    HIDDEN,
    MIN_POPULATION,
    Column,
    Identity,
    Table,
    cell_rows,
    hidden_records,
    protect,
    withheld,
)
from vik.dashboard import services
from vik.dashboard.forms import Filters


def _one_day(org, make_signal, triage_to, today):
    triage_to(make_signal(received_ago=10))
    day = today - dt.timedelta(days=10)
    return Filters(day, day), Filters(day, day, region_id=org.region_a.pk)


def test_a_one_day_selection_publishes_no_breakdown(org, make_signal, triage_to, today):
    for f in _one_day(org, make_signal, triage_to, today):
        result, shown = services.release("instroom", f)
        # (the one month of a one-day period is no breakdown: it is the total itself)
        for key in ("per_theme", "per_channel", "per_unit", "routes", "routes_per_month"):
            table = result.table(key)
            texts = [c.text for r in shown[key] for c, col in zip(r, table.columns, strict=True) if col.kind == "count"]
            if set(texts) == {"0"}:  # nothing in this selection (the decision fell on another day)
                continue
            if len(shown[key]) == 1 and key != "routes_per_month":  # the filtered unit: the total itself
                continue
            assert withheld(table, shown[key]), (key, [[c.text for c in r] for r in shown[key]])
            assert "0" not in texts, key
        for view in ("doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg"):
            result, shown = services.release(view, f)  # no view breaks the one signal down either
            for t in result.tables:
                for row in shown[t.key]:
                    texts = [c.text for c, col in zip(row, t.columns, strict=True) if col.kind == "count"]
                    assert not (HIDDEN in texts and "0" in texts), (view, t.key, texts)


def test_the_page_csv_xlsx_and_pdf_say_why_and_show_no_breakdown(client, org, make_signal, triage_to, today):
    from openpyxl import load_workbook

    _all, unit = _one_day(org, make_signal, triage_to, today)
    client.force_login(org.policy)
    query = unit.as_query()
    page = client.get("/dashboard/instroom/", query).content.decode()
    assert "Niet uitgesplitst" in page and "Kies een langere periode of een grotere eenheid" in page
    csv = client.get("/dashboard/instroom/",
                     {**query, "export": "csv", "tabel": "per_channel"}).content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert "Niet uitgesplitst" in lines[1]
    assert not any(line.endswith(";0") or ";0;" in line for line in lines)
    assert any(line.startswith("<5:") for line in lines) and any(line.startswith("×:") for line in lines)
    book = load_workbook(io.BytesIO(client.get("/dashboard/instroom/", {**query, "export": "xlsx"}).content))
    sheet = next(ws for ws in book.worksheets if ws.title.startswith("Meldingen per kanaal"))
    assert "Niet uitgesplitst" in str(sheet.cell(2, 1).value)
    assert book.worksheets[-1].title == "Toelichting"
    html = services.report_html("r", unit, {k: services.VIEWS[k](unit) for k in services.REPORT_VIEWS}, [])
    assert "Niet uitgesplitst" in html


def test_filtering_on_a_unit_keeps_its_cell_hidden(org, make_signal, today):
    """All units: unit A many signals, unit B 7 and a third unit's 2 make B's count secondary (×).
    Filtered on B, the total of the page was 7 again."""
    from vik.accounts.models import Unit

    other = Unit.objects.filter(kind=Unit.Kind.REGION).exclude(pk__in=[org.region_a.pk, org.region_b.pk]).first()
    for ago in range(3, 40):
        make_signal(received_ago=ago)
    for ago in range(3, 10):
        make_signal(received_ago=ago, region=org.region_b, actor=org.triage_b)
    if other is not None:
        for ago in (4, 5):
            make_signal(received_ago=ago, region=other)
    f = Filters(today - dt.timedelta(days=60), today)
    result, shown = services.release("instroom", f)
    per_unit = {r["label"].text: r["n"] for r in cell_rows(result.table("per_unit"), shown["per_unit"])}
    b = per_unit[str(org.region_b.name)]
    narrowed = Filters(f.start, f.end, region_id=org.region_b.pk)
    result_b, shown_b = services.release("instroom", narrowed)
    key = cell_rows(result_b.table("key"), shown_b["key"])[0]
    if b.hidden:
        assert key["total"].hidden, (b.text, key["total"].text)


def test_a_reference_hides_the_same_records_in_a_narrower_view():
    """Core rule 5, without a database: the all-units table hides B's 7 (×) beside C's 2; the
    view filtered on B holds the same records as its total and must hide them too."""
    a, b, c = Tally(30, 11), Tally(7, 22), Tally(2, 33)
    wide = Table("per_unit", "", [Column("label", "", "label"), Column("n", "")],
                 [{"label": "A", "n": a}, {"label": "B", "n": b}, {"label": "C", "n": c}],
                 sums=[Identity((("per_unit", 0, "n"), ("per_unit", 1, "n"), ("per_unit", 2, "n")),
                                ("key", 0, "total"))])
    key = Table("key", "", [Column("label", "", "label"), Column("total", "")], [{"label": "", "total": a + b + c}])
    wide_cells = protect([wide, key])
    assert wide_cells["per_unit"][2][1].text == HIDDEN and wide_cells["per_unit"][1][1].hidden
    narrow = Table("key", "", [Column("label", "", "label"), Column("total", "")], [{"label": "", "total": b}])
    assert not protect([narrow])["key"][0][1].hidden  # on its own: 7 is shown
    assert protect([narrow], [hidden_records([wide, key])])["key"][0][1].hidden


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=6), st.booleans())
def test_no_breakdown_of_a_small_population_is_published(parts, in_another_table):
    """For any breakdown whose published total is below MIN_POPULATION, every part is hidden (no
    exact 0 beside a "<5"); with a total of at least MIN_POPULATION the rules of cell suppression
    alone apply. A table's own rows are a breakdown even when there is only one (its label is a
    category); a single cell summed up in another table is a link."""
    total = sum(parts)
    rows = [{"label": f"c{i}", "n": n} for i, n in enumerate(parts)]
    if in_another_table:
        table = Table("t", "", [Column("label", "", "label"), Column("n", "")], rows,
                      sums=[Identity(tuple(("t", i, "n") for i in range(len(rows))), ("k", 0, "n"))])
        tables = [table, Table("k", "", [Column("label", "", "label"), Column("n", "")], [{"label": "", "n": total}])]
    else:
        table = Table("t", "", [Column("label", "", "label"), Column("n", "")],
                      [*rows, {"label": "Totaal", "n": total}], additive=("n",), total_row=True)
        tables = [table]
    cells = protect(tables)["t"]
    body = cells[:len(parts)]
    if 0 < total < MIN_POPULATION and not (in_another_table and len(parts) == 1):
        assert all(row[1].hidden and row[1].text == FEW for row in body), [r[1].text for r in body]
        assert withheld(table, cells)
    else:
        assert not any(row[1].text == FEW for row in body)


def _unit_names_shown(result, shown) -> set[str]:
    """The unit names a release shows in row labels with a published count, or in column labels."""
    from vik.accounts.models import Unit

    names = {str(n) for n in Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL])
             .values_list("name", flat=True)}
    out = set()
    for t in result.tables:
        if withheld(t, shown[t.key]):
            continue
        out |= {n for n in names for c in t.columns if str(c.label) == n or str(c.label).startswith(f"{n}:")}
        counts = [k for k, c in enumerate(t.columns) if c.kind == "count"]
        for row in shown[t.key]:
            label = row[0].text
            if label in names and any(row[k].text not in ("0", FEW) for k in counts):
                out.add(label)
    return out


def test_no_table_tells_which_unit_the_few_records_of_a_day_came_from(org, make_signal, triage_to, today):
    """Tester t13: the all-units view of one day withheld "Meldingen per eenheid", but "Tijd van
    ontvangst tot triage" (table, chart, CSV) listed only "Eenheid Noordkust <5", and the quality
    view likewise. Every table of every view lists every unit or none, and publishes no count of a
    unit beside the others' absence."""
    from vik.accounts.models import Unit

    signal = make_signal(received_ago=10)
    triage_to(signal)
    day = today - dt.timedelta(days=10)
    f = Filters(day, day)
    every = {str(n) for n in Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL])
             .values_list("name", flat=True)}
    for view in services.VIEWS:
        result, shown = services.release(view, f)
        named = _unit_names_shown(result, shown)
        assert not named or named == every, (view, named)
        for t in result.tables:  # a unit's row with a published count: only beside every other unit
            for row in shown[t.key]:
                if row[0].text == str(org.region_a.name):
                    texts = [c.text for c, col in zip(row, t.columns, strict=True) if col.kind == "count"]
                    assert not texts or set(texts) <= {FEW, "0"} or withheld(t, shown[t.key]), (view, t.key, texts)


def test_a_single_row_of_a_table_is_a_breakdown_of_its_total():
    """Core rule: a table's own rows are categories, also when only one is there."""
    table = Table("time", "", [Column("label", "", "label"), Column("n", "")],
                  [{"label": "Eenheid Noordkust", "n": 3}, {"label": "Totaal", "n": 3}],
                  additive=("n",), total_row=True)
    cells = protect([table])["time"]
    assert cells[0][1].text == FEW and withheld(table, cells)
    # A referral desk with a zero "for the team": the zero is no published total of its own.
    desks = Table("desks", "", [Column("label", "", "label"), Column("n", ""), Column("team", "", rest_of="n")],
                  [{"label": "Psycholoog", "n": 2, "team": 0}], additive=("n", "team"))
    cells = protect([desks])["desks"]
    assert [c.text for c in cells[0][1:]] == [FEW, FEW]


def test_the_quality_drill_down_follows_the_same_rules(client, org, make_signal, today):
    """Tester t13: the drill-down of one unit had its own "<5" check; with one signal in the
    period it now withholds every count ("<10") as the other views do, and explains the symbols."""
    make_signal(received_ago=3, channel="protective_monitoring")
    client.force_login(org.policy)
    day = (today - dt.timedelta(days=3)).isoformat()
    html = client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_a.pk}/",
                      {"van": day, "tot": day}).content.decode()
    assert "Bronkenmerk ontbreekt" in html
    assert html.count("&lt;10</td>") == 7 and "&lt;5</td>" not in html
    assert "&lt;10: deel van een uitsplitsing" in html


def test_every_page_explains_the_symbols_it_can_show(client, org):
    client.force_login(org.policy)
    for url in ("/dashboard/", "/dashboard/instroom/"):
        html = client.get(url).content.decode()
        assert "&lt;10: deel van een uitsplitsing" in html and "×: hier afgeschermd" in html, url


def test_filters_cannot_rebuild_a_breakdown_the_wider_view_withholds(org, make_signal, triage_to, today):
    """Tester t14: the five signals of a day were "Niet uitgesplitst" over the units, but the view
    of each unit said 0 or "<5", and a theme filter on top placed the one signal: unit, theme and
    "no decision yet". A narrower selection of a table the wider view describes with fewer than ten
    records publishes none of its counts, zeros and totals included (a zero the wider view already
    published as zero stays)."""
    signals = [make_signal(received_ago=10) for _ in range(3)]
    for signal in signals:
        triage_to(signal)
    day = today - dt.timedelta(days=10)
    result, shown = services.release("instroom", Filters(day, day))
    assert withheld(result.table("per_unit"), shown["per_unit"])
    theme = signals[0].theme_id
    for f in (Filters(day, day, region_id=org.region_a.pk), Filters(day, day, region_id=org.region_b.pk),
              Filters(day, day, region_id=org.region_a.pk, theme_id=theme), Filters(day, day, theme_id=theme)):
        result, shown = services.release("instroom", f)
        key = cell_rows(result.table("key"), shown["key"])[0]
        assert key["total"].text == FEW, (f, key["total"].text)
        for table in ("per_theme", "per_channel", "per_unit", "per_month"):
            texts = {c.text for r in shown[table] for c, col in zip(r, result.table(table).columns, strict=True)
                     if col.kind == "count"}
            assert texts <= {FEW}, (f, table, texts)


def test_a_cell_hidden_in_the_wider_view_is_hidden_at_its_address_in_a_narrower_one():
    """Tester t15: a theme's "<5" in a unit's view was 0 under every case type but one, which
    told the route of those few signals. The same cell (table, row, column) of a narrower
    selection is hidden whatever it holds, a zero as "<5"."""
    def table(counts):
        return Table("per_theme", "", [Column("label", "", "label"), Column("n", "")],
                     [{"label": label, "n": n} for label, n in counts.items()])

    wide = table({"Corruptie": Tally(40, 1), "Geschenken": Tally(3, 2), "Lekken": Tally(30, 3)})
    assert protect([wide])["per_theme"][1][1].text == HIDDEN
    for narrow_gifts in (0, Tally(3, 2)):
        narrow = table({"Corruptie": Tally(12, 4), "Geschenken": narrow_gifts, "Lekken": Tally(11, 5)})
        cells = protect([narrow], [hidden_records([wide])])["per_theme"]
        assert cells[1][1].text == HIDDEN and cells[0][1].text not in (HIDDEN, FEW)


def test_a_table_the_wider_view_withholds_is_withheld_also_without_rows(org, disciplinary_case, today):
    """Tester t15: "Niet uitgesplitst" in one filter state beside "Geen gegevens" in another told
    where the few records were (a table that lists only the categories present has no rows)."""
    f = Filters(today - dt.timedelta(days=30), today)
    result, shown = services.release("doorlooptijden", f)
    assert withheld(result.table("open"), shown["open"])  # one running case over all units
    for region in (org.region_a, org.region_b):  # the case's unit, and one without any
        result, shown = services.release("doorlooptijden", Filters(f.start, f.end, region_id=region.pk))
        item = next(i for i in services.table_items(result, shown) if i["table"].key == "open")
        assert item["withheld"] and not item["rows"], region


def test_the_drill_down_with_a_theme_filter_tells_no_theme(client, org, make_signal, today):
    from vik.signals.models import Theme

    signal = make_signal(received_ago=3, channel="protective_monitoring")
    other = Theme.objects.exclude(pk=signal.theme_id).first()
    client.force_login(org.policy)
    day = (today - dt.timedelta(days=3)).isoformat()
    pages = [client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_a.pk}/",
                        {"van": day, "tot": day, "thema": theme}).content.decode()
             for theme in (signal.theme_id, other.pk)]
    assert all(page.count("&lt;10</td>") == 7 for page in pages)


def test_a_share_of_fewer_than_ten_records_is_not_published():
    """Tester t14 (Zorg, national unit): "Aanzeggingen 5 · op vrijdagmiddag <10 · vóór een feestdag
    <10 · ongelukkig getimed 0%": the share told the withheld parts (none of the five). A share of a
    count outside the table is a part of its base's breakdown: below MIN_POPULATION it is hidden."""
    columns = [Column("label", "", "label"), Column("aanz", "", population=True),
               Column("friday", "", rest_of="aanz"),
               Column("offered", "", "share", base="aanz", count_ratio=True),
               Column("badly", "", "share", base="aanz", count_ratio=True)]
    table = Table("care", "", columns, [
        {"label": "Landelijk", "aanz": 6, "friday": 0, "offered": 1.0, "badly": 0.0},
        {"label": "Noord", "aanz": 40, "friday": 0, "offered": 0.5, "badly": 0.0}])
    small, large = cell_rows(table, protect([table])["care"])
    assert small["friday"].text == FEW
    assert small["offered"].hidden and small["badly"].hidden
    assert small["offered"].text == small["badly"].text == "–"
    # Forty records: a share of them is published, zero included (as the parts of such a breakdown).
    assert large["offered"].text == "50%" and large["badly"].text == "0%"


def test_shares_of_fewer_than_ten_and_a_score_of_what_is_shown():
    """Tester t16 (Registratiekwaliteit): "8 meldingen · 100%", a share of updates on time whose base
    nobody saw (5 of 6: the one late update the care view hides) and a score of 88% beside parts whose
    mean was 94.5% (the hidden part was in it)."""
    from vik.core.cellkey import Ratio

    columns = [Column("label", "", "label"), Column("n", ""),
               Column("done", "", "share", base="n"),
               Column("updates_n", "", population=True),
               Column("updates", "", "share", base="updates_n", count_ratio=True),
               Column("score", "", "share", base="n", mean_of=("done", "updates"))]
    table = Table("q", "", columns, [
        {"label": "A", "n": 8, "done": Ratio(8, 8), "updates_n": 20, "updates": Ratio(10, 20), "score": 0.75},
        {"label": "B", "n": 40, "done": Ratio(30, 40), "updates_n": 6, "updates": Ratio(5, 6), "score": 0.79}])
    small, large = cell_rows(table, protect([table])["q"])
    assert small["done"].hidden and small["score"].hidden  # eight records: no share of them
    assert large["done"].text == "75%" and large["updates"].hidden  # one of six late: hidden
    # Not the mean of 75% and 83% (t16), nor of the parts shown only (75%): a score beside a hidden
    # part is hidden too (tester t22: the unit whose missing items were hidden came out on top).
    assert large["score"].hidden and large["score"].text == "–"
    table.rows[1]["updates"] = Ratio(15, 20)
    table.rows[1]["updates_n"] = 20
    _small, large = cell_rows(table, protect([table])["q"])
    assert large["score"].text == "75%"  # both parts shown: their mean


def _outcomes(rows, selection=False):
    return Table("o", "", [Column("label", "", "label"), Column("n", ""), Column("a", "", in_total=True),
                           Column("b", "", in_total=True)], rows, row_total="n", additive=("n", "a", "b"),
                 selection=selection)


def test_the_filtered_units_own_row_and_zeros_a_zero_total_states_are_no_breakdown():
    """Tester t16 (Rechtsgelijkheid, one unit): "Besluiten 41" beside "Geen plichtsverzuim <10" and a
    table per function "withheld: fewer than 10 cases" because the 9 no-breach decisions were
    taken as a breakdown by unit (the unit the user chose) and by function (the managers had none,
    as their published 0 says)."""
    unit = [{"label": "Noordkust", "n": 41, "a": 9, "b": 32}]
    assert cell_rows(_outcomes(unit), protect([_outcomes(unit)])["o"])[0]["a"].text == FEW
    alone = _outcomes(unit, selection=True)
    assert cell_rows(alone, protect([alone])["o"])[0]["a"].text == "9"
    functions = _outcomes([{"label": "Leidinggevenden", "n": 0, "a": 0, "b": 0}, *unit])
    managers, staff = cell_rows(functions, protect([functions])["o"])
    assert [managers[k].text for k in ("n", "a", "b")] == ["0", "0", "0"]
    assert staff["a"].text == "9" and not withheld(functions, protect([functions])["o"])


def test_a_zero_total_that_is_itself_withheld_implies_nothing():
    """One day, three decisions, all of staff: the managers' 0 is a part of the breakdown of three
    by function, so it is withheld, and the staff's parts are not freed by it."""
    day = _outcomes([{"label": "Leidinggevenden", "n": 0, "a": 0, "b": 0},
                     {"label": "Medewerkers", "n": 3, "a": 1, "b": 2}])
    managers, staff = cell_rows(day, protect([day])["o"])
    assert managers["n"].text == FEW and staff["n"].text == FEW
    assert staff["a"].text == FEW and staff["b"].text == FEW


def test_the_message_of_a_withheld_table_says_why_truthfully_and_never_the_size():
    """Tester t18: "deze selectie telt minder dan 10 gevallen" beside a unit's 35 decisions.
    Tester t21: "minder dan 10" on one table and "groepen te klein" on another of the same selection
    told whether its hidden total was below or above 10. One message, true for both."""
    from vik.core.disclosure import withheld_message

    large = _outcomes([{"label": "Leidinggevenden", "n": 5, "a": 2, "b": 3},
                       {"label": "Medewerkers", "n": 30, "a": 4, "b": 26}])
    small = _outcomes([{"label": "Medewerkers", "n": 6, "a": 2, "b": 4}])
    assert withheld_message(large) == withheld_message(small) == withheld_message()
    assert "te weinig gevallen of te kleine groepen" in withheld_message(small)
    assert "minder dan 10" not in withheld_message(small)


def test_a_share_near_all_or_nothing_does_not_tell_the_few_it_leaves_out():
    """Tester t19: "84 meldingen · tijdig geregistreerd 99%" told that exactly one was late (the
    drill-down said "<5"). A share of counts outside the table is hidden when its numerator or the
    rest of its base is 1-4."""
    from vik.core.cellkey import Ratio

    table = Table("q", "", [Column("label", "", "label"), Column("n", ""),
                            Column("on_time", "", "share", base="n")],
                  [{"label": "Rivierenrand", "n": 84, "on_time": Ratio(83, 84)},
                   {"label": "Noordkust", "n": 60, "on_time": Ratio(30, 60)}])
    late, half = cell_rows(table, protect([table])["q"])
    assert late["on_time"].hidden and half["on_time"].text == "50%"
