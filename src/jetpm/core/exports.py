"""Spreadsheet downloads: CSV in UTF-8 with a BOM (so Excel in Japan opens it) and XLSX (openpyxl).

Every export of personal or organisation data is audited by the service that prepares the rows; this module
only turns rows into bytes and bytes into a download.

Spreadsheets must never run what someone typed (CSV/formula injection): every cell that leaves the platform
goes through :func:`safe_cell` (CSV) or :func:`append_row` (XLSX). Text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` in CSV; in XLSX it is stored as text (never a formula)
with Excel's own "quote prefix" mark, so the cell shows and keeps what was typed. Numbers stay numbers, and
text that is just a number (``-3``, ``+81``) is left alone: a spreadsheet reads it as that number, not a
formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
Rows = Iterable[Sequence[Any]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Text a spreadsheet would read as a formula (or a command) rather than as text."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value)


def safe_cell(value: Any) -> Any:
    """The value for a CSV cell: formula-like text with a leading ``'``; anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


def append_row(sheet: Worksheet, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet with every text stored as text: openpyxl turns a string that starts
    with ``=`` into a formula, so formula-like text is appended as a cell made here, typed as text, with
    Excel's quote prefix (shown as typed, not evaluated when the cell is edited either). Other values go in
    as they are (a cell per value, or reading the row back through ``sheet.max_row``, costs seconds to
    minutes for 10,000 rows)."""
    values: list[Any] = []
    for value in row:
        if is_formula_like(value):
            cell = Cell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            values.append(cell)
        else:
            values.append(value)
    sheet.append(values)


def csv_bytes(rows: Rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(safe_row(r) for r in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_chunks(rows: Rows, *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """The CSV of :func:`csv_bytes` in pieces (the BOM first, then ``rows_per_chunk`` rows at a time), for a
    streamed download: the first bytes leave before the last rows are read."""
    yield "\ufeff".encode()
    out = io.StringIO()
    writer = csv.writer(out)
    for n, row in enumerate(rows, 1):
        writer.writerow(safe_row(row))
        if n % rows_per_chunk == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Rows]], *, freeze: str = "A2") -> bytes:
    """One sheet per (title, rows); the first row of each is a bold, frozen header."""
    book = Workbook()
    default = book.active
    for index, (title, rows) in enumerate(sheets):
        sheet = default if index == 0 and default is not None else book.create_sheet()
        sheet.title = title[:31]  # Excel's limit
        for n, row in enumerate(rows):
            append_row(sheet, row)
            if n == 0:
                for cell in sheet[1]:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = freeze
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_bytes(fmt: str, title: str, rows: Rows) -> tuple[bytes, str]:
    """One table as CSV or XLSX: (content, content type)."""
    if fmt == "csv":
        return csv_bytes(rows), CSV_CONTENT_TYPE
    return xlsx_bytes([(title, rows)]), XLSX_CONTENT_TYPE


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def download_any(
    content: bytes | Iterable[bytes], *, filename: str, content_type: str
) -> HttpResponse | StreamingHttpResponse:
    """A download of bytes made whole, or of an iterator of bytes streamed while it is produced."""
    if isinstance(content, bytes):
        return download(content, filename=filename, content_type=content_type)
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
