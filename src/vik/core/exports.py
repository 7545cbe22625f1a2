"""Spreadsheet exports whose every cell is inert text or a number (no formula injection).

A cell that starts with = + - @, a tab or a carriage return is taken as a formula by Excel and
LibreOffice, also when it comes from a CSV file. Every CSV and XLSX export of VIK goes through
this module:

* CSV (`csv_bytes`): such a text cell gets a leading apostrophe, as OWASP recommends
  (https://owasp.org/www-community/attacks/CSV_Injection); numbers stay numbers.
* XLSX (`xlsx_bytes`): text is written as a string cell (type "s"), never as a formula, whatever it
  starts with; numbers and dates stay typed.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+([.,]\d+)*%?")


def inert(value) -> str:
    """The text of a CSV cell, neutralised when a spreadsheet could take it as a formula."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(rows: Iterable[Sequence], *, delimiter: str = ";") -> bytes:
    """CSV for Excel: UTF-8 with a byte order mark, every cell passed through `inert`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([inert(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass
class Sheet:
    title: str
    rows: list[Sequence]  # the first row is the header (bold)
    number_formats: dict[int, str] = field(default_factory=dict)  # column index (0-based) -> format
    footer: list[str] = field(default_factory=list)  # lines below the table (notes)


_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, limit: int = 31) -> str:
    """A sheet name within Excel's 31 characters, cut at a word with "…" rather than mid-word
    ("Tijd van ontvangst tot triage (" read as a broken title)."""
    if not title:
        return "Blad"
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" (-,;") + "…"


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per `Sheet`; text cells are strings, never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for spec in sheets:
        full = _SHEET_TITLE.sub("-", spec.title).strip()
        title = _sheet_name(full)
        footer = list(spec.footer)
        if title != full:  # Excel allows 31 characters: the full title goes below the table
            footer.insert(0, spec.title)
        base, n = title, 2
        while title.lower() in used:
            suffix = f" ({n})"
            title, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(title.lower())
        sheet = book.create_sheet(title=title)
        lines = [*spec.rows, [], *[[line] for line in footer]] if footer else list(spec.rows)
        for r, values in enumerate(lines, start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c)
                if value is None or isinstance(value, int | float) and not isinstance(value, bool):
                    cell.value = value
                    if r > 1 and (c - 1) in spec.number_formats and value is not None:
                        cell.number_format = spec.number_formats[c - 1]
                else:
                    cell.value = str(value)
                    cell.data_type = "s"  # openpyxl would make a formula of a text starting with "="
                if r == 1:
                    cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
