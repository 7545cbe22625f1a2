"""Tables of aggregates and the small-cell rule that keeps individuals unrecognisable.

Selectors return exact numbers in a `Table`; before anything is shown or exported,
`suppress(table)` replaces counts from 1 to `MIN_CELL - 1` by "<5" and hides every figure computed
from fewer than `MIN_CELL` cases (a median of three cases describes three people). In a row with a
total, a single hidden count could be recovered by subtraction, so the next smallest count of that
row is hidden too (secondary suppression).
"""

from dataclasses import dataclass, field

MIN_CELL = 5
HIDDEN = "<5"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # label | count | share (0..1) | number | text
    base: str | None = None  # the count column a derived figure is computed from
    in_total: bool = False  # part of the row's total (for secondary suppression)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    note: str = ""
    meta: dict = field(default_factory=dict)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Cell:
    value: object  # the number, or None when hidden / not available
    text: str
    hidden: bool = False
    kind: str = "count"


def _format(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "share":
        return f"{value * 100:.0f}%".replace(".", ",")
    if kind == "number":
        return f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
    if kind == "count":
        return f"{value:,}".replace(",", ".")
    return str(value)


def is_small(value) -> bool:
    return isinstance(value, int | float) and 0 < value < MIN_CELL


def suppress(table: Table) -> list[list[Cell]]:
    """The displayable cells of a table, small cells hidden."""
    out: list[list[Cell]] = []
    for row in table.rows:
        hidden: set[str] = set()
        for col in table.columns:
            value = row.get(col.key)
            if col.kind == "count" and is_small(value):
                hidden.add(col.key)
        parts = [c for c in table.columns if c.in_total]
        if parts and len(hidden & {c.key for c in parts}) == 1:
            candidates = [c for c in parts if c.key not in hidden and (row.get(c.key) or 0) > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda c: row.get(c.key)).key)
        for col in table.columns:
            base = row.get(col.base) if col.base else None
            if col.base and (base is None or base < MIN_CELL or col.base in hidden):
                hidden.add(col.key)
        cells = []
        for col in table.columns:
            value = row.get(col.key)
            if col.key in hidden:
                cells.append(Cell(None, HIDDEN if col.kind == "count" else "–", True, col.kind))
            else:
                cells.append(Cell(value, _format(value, col.kind), False, col.kind))
        out.append(cells)
    return out


def cell_rows(table: Table) -> list[dict[str, Cell]]:
    """The suppressed cells of each row by column key; charts read their numbers from here."""
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, cells, strict=True)) for cells in suppress(table)]
