"""Every exported cell is inert: a name that starts like a formula stays text in the CSV and XLSX
exports of every dashboard view (and in the shared helper every export uses)."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from vik.core.exports import Sheet, csv_bytes, inert, xlsx_bytes
from vik.investigations import services as inv
from vik.investigations.models import DelayReason
from vik.signals.models import Theme

FORMULA = '=HYPERLINK("https://example.invalid/x","x")'
VIEWS = ["instroom", "doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg", "effect"]


@pytest.mark.parametrize("text", [FORMULA, "+31 6 1234", "-x", "@SUM(A1)", "\tTab", "\rCR"])
def test_csv_cells_that_look_like_formulas_get_an_apostrophe(text):
    assert inert(text) == "'" + text
    (row,) = csv.reader(io.StringIO(csv_bytes([[text, 1]]).decode("utf-8-sig"), newline=""), delimiter=";")
    assert row == ["'" + text, "1"]


def test_numbers_and_plain_text_are_left_alone():
    assert [inert(v) for v in (5, -3, 0.25, "-3", "86%", "<5", "×", "Omgaan met informatie")] == [
        "5", "-3", "0.25", "-3", "86%", "<5", "×", "Omgaan met informatie"]


def test_xlsx_text_is_never_a_formula():
    book = load_workbook(io.BytesIO(xlsx_bytes([Sheet("a:b/c", [["Kop"], [FORMULA], ["=1+1"], [7]])])))
    cells = [row[0] for row in book.active.iter_rows()]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n"]
    assert cells[1].value == FORMULA


@pytest.fixture
def formula_names(org, disciplinary_case, make_signal):
    """A delay reason and a theme whose names are formulas, used in the period."""
    reason = DelayReason.objects.create(code="formule", name=FORMULA)
    start = disciplinary_case.opened_on + dt.timedelta(days=1)
    inv.pause_clock(org.investigator, disciplinary_case, reason, start)
    inv.resume_clock(org.investigator, disciplinary_case, start + dt.timedelta(days=7))
    # Ten pauses and twelve signals more than before: a breakdown of fewer than 10 is not published
    # at all (minimum population), and then the names would not be in the export either.
    from vik.investigations.models import Pause

    for _ in range(11):
        Pause.objects.create(case=disciplinary_case, reason=reason, started_on=start,
                             ended_on=start + dt.timedelta(days=7), by=org.investigator)
    Theme.objects.filter(code="gifts").update(name="@" + FORMULA)
    for _ in range(12):
        make_signal(received_ago=5, theme="gifts")
    return reason


def _formula_cells(book):
    return [(sheet.title, cell.coordinate, cell.value) for sheet in book for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f"]


@pytest.mark.parametrize("view", VIEWS)
def test_every_xlsx_export_holds_no_formula(client, org, formula_names, view):
    client.force_login(org.policy)
    response = client.get(f"/dashboard/{view}/", {"export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert _formula_cells(book) == []
    texts = {cell.value for sheet in book for row in sheet.iter_rows() for cell in row}
    if view == "doorlooptijden":
        assert FORMULA in texts  # the name is there, as text
    if view == "instroom":
        assert "@" + FORMULA in texts


@pytest.mark.parametrize("view", VIEWS)
def test_every_csv_export_is_inert(client, org, formula_names, view):
    from vik.dashboard import services
    from vik.dashboard.forms import FilterForm

    client.force_login(org.policy)
    keys = [t.key for t in services.VIEWS[view](FilterForm(None).filters()).tables]
    for key in keys:
        response = client.get(f"/dashboard/{view}/", {"export": "csv", "tabel": key})
        assert response.status_code == 200, key
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (key, cell)
                assert not cell.startswith("-") or cell == "–" or cell.lstrip("-").replace(",", "").isdigit()
    if view == "doorlooptijden":
        response = client.get("/dashboard/doorlooptijden/", {"export": "csv", "tabel": "pauses"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[1][0] == "'" + FORMULA


def test_a_long_table_title_is_cut_at_a_word_and_kept_in_full_on_its_sheet():
    """Tester t13: sheet names were cut mid-word at Excel's 31 characters ("Tijd van ontvangst
    tot triage (")."""
    title = "Tijd van ontvangst tot triage (werkdagen)"
    book = load_workbook(io.BytesIO(xlsx_bytes([Sheet(title, [["Eenheid", "Meldingen"], ["Totaal", 12]]),
                                                Sheet(title, [["Eenheid"]])])))
    first, second = book.worksheets
    assert first.title == "Tijd van ontvangst tot triage…" and len(second.title) <= 31
    assert first.title != second.title
    assert title in [c.value for row in first.iter_rows() for c in row]
