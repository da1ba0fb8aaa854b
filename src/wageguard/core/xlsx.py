"""Excel ledgers (台账) at province scale, one way for every app (clues, cases).

openpyxl's write-only workbook spools each appended row to a temporary file, the finished
workbook goes to a temporary file of its own (deleted when closed) and the response streams that
file, so neither the rows nor the workbook are ever held in memory. Callers read their rows with
`queryset.iterator(chunk_size=CHUNK)`. Amounts are numbers in a money format and dates real
dates, so a bureau can sum and sort them in Excel; headers are bold and stay in view.

Every spreadsheet the product writes goes through here, because its text comes from people the
bureau does not control (an anonymous reporter types the employer's name): a text that a
spreadsheet would run as a formula (`=HYPERLINK(...)`, `@SUM(...)`) is written as text, and
characters a workbook cannot hold are dropped rather than failing the whole ledger.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows per database round trip while a ledger is written.
CHUNK = 2000
MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
PERCENT = "0.0%"
# What a spreadsheet reads as the start of a formula (or, for tab and CR, of a shifted cell).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell Excel or WPS shows as text, never evaluates (CSV/formula injection): such a
    text gets a leading apostrophe, which the spreadsheet hides; numbers and other text pass
    unchanged. In a workbook the cell type says "text" instead (`Ledger.append`)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Ledger:
    """A write-only workbook of one sheet (or more, `add_sheet`), each with a bold, frozen header
    row and set column widths. Write rows with `append` (to the sheet added last), then `save()`
    gives the rewound temporary file. `rows` counts the rows written to every sheet."""

    def __init__(self, title: str, columns: Sequence[tuple[str, int]]) -> None:
        self.book = Workbook(write_only=True)
        self.rows = 0
        self.add_sheet(title, columns)

    def add_sheet(self, title: str, columns: Sequence[tuple[str, int]]) -> None:
        """Start another sheet; rows appended from now on go to it (a write-only workbook
        writes each sheet once, in order, so one table is finished before the next begins)."""
        self.sheet = self.book.create_sheet(title)
        for index, (_title, width) in enumerate(columns, 1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for name, _width in columns:
            cell = WriteOnlyCell(self.sheet, value=str(name))
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)

    def _formatted(self, value: Any, number_format: str) -> WriteOnlyCell | str:
        if value is None:
            return ""
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = number_format
        return cell

    def money(self, value: Decimal | None) -> WriteOnlyCell | str:
        """An amount in yuan as a number (never text) shown as 12,345.00; blank when unknown."""
        return self._formatted(value, MONEY)

    def date(self, value: dt.date | None) -> WriteOnlyCell | str:
        return self._formatted(value, DATE)

    def percent(self, value: Decimal | None) -> WriteOnlyCell | str:
        """A percentage (85.3 for 85.3%) as Excel's fraction 0.853 shown as 85.3%, so a bureau
        can average and chart it; blank when there is nothing to count."""
        return self._formatted(None if value is None else value / 100, PERCENT)

    def text(self, value: str) -> WriteOnlyCell | str:
        """A text cell that stays text: openpyxl would store `=...` as a formula, so a text
        that looks like one is typed as a string explicitly; control characters a workbook
        cannot hold (\\x00-\\x1f but tab, LF, CR) are dropped."""
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value.startswith(FORMULA_STARTS):
            return value
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"
        return cell

    def append(self, row: Iterable[Any]) -> None:
        self.sheet.append([self.text(v) if isinstance(v, str) else v for v in row])
        self.rows += 1

    def save(self) -> IO[bytes]:
        """The workbook in a temporary file, rewound; the response that streams it closes it."""
        out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
        try:
            self.book.save(out)
        except BaseException:
            out.close()
            raise
        out.seek(0)
        return out


def local_time(moment: dt.datetime | None) -> str:
    """A stored moment as the bureau reads it (Asia/Shanghai), to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def download(out: IO[bytes], name: str) -> FileResponse:
    """Streams a saved ledger as `<name>-<YYYYMMDD-HHMM>.xlsx`."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        out, as_attachment=True, filename=f"{name}-{stamp}.xlsx", content_type=CONTENT_TYPE
    )
