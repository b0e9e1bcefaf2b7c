"""Spreadsheet downloads: CSV in UTF-8 with a BOM (so Excel in Japan opens it) and XLSX (openpyxl).

Every export of personal or organisation data is audited by the service that prepares the rows; this module
only turns rows into bytes and bytes into a download."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
Rows = Iterable[Sequence[Any]]


def csv_bytes(rows: Rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Rows]], *, freeze: str = "A2") -> bytes:
    """One sheet per (title, rows); the first row of each is a bold, frozen header."""
    book = Workbook()
    default = book.active
    for index, (title, rows) in enumerate(sheets):
        sheet = default if index == 0 and default is not None else book.create_sheet()
        sheet.title = title[:31]  # Excel's limit
        for n, row in enumerate(rows):
            sheet.append(list(row))
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
