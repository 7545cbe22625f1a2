from vik.dashboard.disclosure import HIDDEN, Column, Table, cell_rows, suppress


def _table(rows):
    return Table("t", "T", [
        Column("label", "Label", "label"), Column("n", "Totaal"),
        Column("a", "A", in_total=True), Column("b", "B", in_total=True), Column("c", "C", in_total=True),
        Column("share", "Aandeel", "share", base="n"), Column("median", "Mediaan", "number", base="a"),
    ], rows)


def test_small_counts_are_hidden_and_zero_is_not():
    rows = cell_rows(_table([{"label": "x", "n": 20, "a": 0, "b": 5, "c": 15, "share": 0.5, "median": 3.0}]))[0]
    assert rows["a"].text == "0" and not rows["a"].hidden
    assert rows["b"].text == "5" and rows["c"].text == "15"
    assert rows["share"].text == "50%"
    assert rows["median"].hidden  # based on a = 0 cases


def test_secondary_suppression_hides_the_next_smallest_count_of_the_row():
    rows = cell_rows(_table([{"label": "x", "n": 30, "a": 3, "b": 7, "c": 20, "share": 0.1, "median": 4.0}]))[0]
    assert rows["a"].text == HIDDEN
    # With the total shown, a alone could be recovered as 30 - 7 - 20: b is hidden too.
    assert rows["b"].hidden and rows["b"].value is None
    assert not rows["c"].hidden
    assert rows["median"].hidden  # a figure computed from fewer than 5 cases


def test_figures_based_on_a_small_total_are_hidden():
    cells = suppress(_table([{"label": "x", "n": 4, "a": 0, "b": 0, "c": 4, "share": 0.25, "median": None}]))[0]
    assert [c.text for c in cells] == ["x", HIDDEN, "0", "0", HIDDEN, "–", "–"]
