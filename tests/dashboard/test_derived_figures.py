"""Derived figures (means, percentiles, scores) that must not undo the hiding of a count: the
findings of tester t20, each as the example that failed, and the rule behind it."""

import datetime as dt
import io

from openpyxl import load_workbook

from vik.core.cellkey import Mean, Ratio
from vik.core.disclosure import Column, Table, protect
from vik.dashboard import selectors, services
from vik.dashboard.forms import Filters


def test_a_mean_is_published_as_shown_not_as_a_fraction_that_tells_its_count():
    # 282 / 23 = 12.26086956521739: its denominator is the true count beside a perturbed 22.
    table = Table("t", "", [Column("label", "", "label"), Column("n", "n"),
                            Column("mean", "Gemiddeld", "number", base="n"),
                            Column("share", "Aandeel", "share", base="n")],
                  [{"label": "a", "n": 23, "mean": 282 / 23, "share": 17 / 23}])
    cells = protect([table])["t"][0]
    assert cells[2].value == 12.3 and cells[2].text == "12,3"
    assert cells[3].value == 0.74 and cells[3].text == "74%"
    rows = services._plain_rows(table, [cells])
    assert rows[1][2] == 12.3 and rows[1][3] == 0.74


def test_the_xlsx_export_holds_no_full_fractions(client, org, disciplinary_case, make_signal):
    for _ in range(12):
        make_signal(received_ago=10)
    client.force_login(org.policy)
    response = client.get("/dashboard/doorlooptijden/", {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, float):
                    assert round(value, 2) == value, (sheet.title, value)


def test_a_score_over_shares_not_shown_is_shown_only_when_each_share_could_be():
    # A month of 10 signals: 100% registered in time, 9 of 10 complete. The 90% part would be
    # hidden (the one incomplete record), so the score must not be 95% (tester t20: 98% told it),
    # nor 100% from the other part alone (tester t21 read that as "all complete").
    table = Table("trend", "", [Column("label", "", "label"), Column("n", "n"),
                                Column("score", "Score", "share", base="n")],
                  [{"label": "07-2026", "n": 10, "score": Mean([Ratio(10, 10), Ratio(9, 10)])},
                   {"label": "08-2026", "n": 10, "score": Mean([Ratio(9, 10), Ratio(1, 10)])},
                   {"label": "09-2026", "n": 20, "score": Mean([Ratio(20, 20), Ratio(10, 20)])}])
    cells = protect([table])["trend"]
    assert cells[0][2].hidden and cells[0][2].text == "–"
    assert cells[1][2].hidden and cells[1][2].text == "–"
    assert cells[2][2].text == "75%"


def test_a_percentile_is_hidden_with_the_share_or_count_it_would_reveal():
    table = Table("t", "", [Column("label", "", "label"), Column("n", "Afgesloten"),
                            Column("median", "Mediaan", "number", base="n"),
                            Column("p90", "P90", "number", base="n", hidden_with=("within",)),
                            Column("within", "Binnen norm", "share", base="n", count_ratio=True)],
                  [{"label": "Strafrechtelijk", "n": 14, "median": 120.0, "p90": 207.0, "within": Ratio(13, 14)},
                   {"label": "Disciplinair", "n": 30, "median": 80.0, "p90": 150.0, "within": Ratio(20, 30)}])
    cells = protect([table])["t"]
    assert cells[0][4].hidden and cells[0][3].hidden and not cells[0][2].hidden
    assert not cells[1][3].hidden and cells[1][3].text == "150,0"


def test_the_throughput_view_declares_what_its_percentiles_would_reveal(org, today):
    result = selectors.throughput(Filters(today - dt.timedelta(days=365), today))
    assert result.table("throughput").column("p90").hidden_with == ("within",)
    assert result.table("open").column("p90").hidden_with == ("over",)
    assert result.table("open").column("median").hidden_with == ("over",)
    # No sums of working days: they carry no noise and difference between filters (tester t20).
    assert [c.key for c in result.table("pauses").columns] == ["label", "n", "median", "time_share"]


def test_a_single_hidden_share_of_a_whole_is_not_the_rest_of_the_others():
    """Tester t21: the other six shares of the time stood still added up to 95%, so the hidden one
    was 5%. The smallest other share of the same whole is hidden with it."""
    rows = [{"label": "a", "n": 20, "s": 0.50}, {"label": "b", "n": 20, "s": 0.30},
            {"label": "c", "n": 10, "s": 0.15}, {"label": "d", "n": 3, "s": 0.05}]
    table = Table("p", "", [Column("label", "", "label"), Column("n", "Pauzes"),
                            Column("s", "Aandeel", "share", base="n", whole=True)], rows)
    cells = protect([table])["p"]
    assert [row[2].hidden for row in cells] == [False, False, True, True]
    assert cells[0][2].text == "50%" and cells[1][2].text == "30%"


def test_the_throughput_view_declares_its_shares_of_a_whole(org, today):
    result = selectors.throughput(Filters(today - dt.timedelta(days=365), today))
    assert result.table("pauses").column("time_share").whole
    # The shares of time per step follow from the means beside them: no complement to hide there.
    assert not result.table("steps").column("time_share").whole


def test_a_figure_that_tells_a_hidden_cell_elsewhere_is_hidden_with_it():
    """Tester t22: "Triagebesluiten ×" in the key figures, but 78 signals triaged in the table of
    the time to triage and the route shares of that number gave it back."""
    key = Table("key", "", [Column("label", "", "label"), Column("decided", "Triagebesluiten")],
                [{"label": "periode", "decided": 3}])
    time = Table("time", "", [Column("label", "", "label"),
                              Column("n", "Meldingen", hidden_with_cell=(("key", 0, "decided"),)),
                              Column("median", "Mediaan", "number", base="n")],
                 [{"label": "Eenheid", "n": 12, "median": 3.0}])
    routes = Table("routes", "", [Column("label", "", "label"), Column("n", "Besluiten"),
                                  Column("share", "Aandeel", "share", base="n",
                                         hidden_with_cell=(("key", 0, "decided"),))],
                   [{"label": "lijn", "n": 12, "share": 0.4}])
    cells = protect([key, time, routes])
    assert cells["key"][0][1].text == "<5"
    assert cells["time"][0][1].hidden and cells["time"][0][2].hidden
    assert cells["routes"][0][2].hidden and not cells["routes"][0][1].hidden


def test_the_inflow_view_declares_what_tells_its_decisions(org, today):
    result = selectors.inflow(Filters(today - dt.timedelta(days=365), today))
    assert result.table("time_to_triage").column("n").hidden_with_cell == (("key", 0, "decided"),)
    assert result.table("routes").column("share").hidden_with_cell == (("key", 0, "decided"),)
    assert result.table("per_theme").column("share").hidden_with_cell == (("key", 0, "total"),)
