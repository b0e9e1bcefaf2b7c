"""Spreadsheet exports never carry a formula written as text (CSV injection): text that starts with =, +, -,
@, a tab or a carriage return is neutralised; numbers (negative ones too) stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jetpm.core import exports

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_safe_cell_prefixes_dangerous_text(text: str) -> None:
    assert exports.safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-3, -2.5, Decimal("-1.25"), 0, "-3", "-2.5", "+81", "", "Smith", None, "a=b"]
)
def test_safe_cell_leaves_numbers_and_plain_text(value: object) -> None:
    assert exports.safe_cell(value) == value


def test_csv_bytes_neutralises_text_not_numbers() -> None:
    content = exports.csv_bytes([["name", "change"], ["=1+1", -3], ["@x", "-4"]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["name", "change"], ["'=1+1", "-3"], ["'@x", "-4"]]


def test_csv_bytes_of_normal_data_is_unchanged() -> None:
    table = [["jet_id", "fiscal_year"], ["UK-2024-0001", 2024], ["JP123", 2023]]
    assert (
        exports.csv_bytes(table) == "\ufeffjet_id,fiscal_year\r\nUK-2024-0001,2024\r\nJP123,2023\r\n".encode()
    )


def test_xlsx_bytes_stores_text_as_text() -> None:
    content = exports.xlsx_bytes([("t", [["name", "n"], ["=1+1", -3], ["-x", 2.5]])])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    (a, b), (c, d) = [(r[0], r[1]) for r in sheet.iter_rows(min_row=2)]
    assert a.value == "=1+1" and a.data_type == "s" and a.quotePrefix
    assert b.value == -3 and b.data_type == "n"
    assert c.value == "-x" and c.data_type == "s" and c.quotePrefix
    assert d.value == 2.5 and d.data_type == "n"


def test_streamed_csv_is_the_same_file_in_pieces():
    from jetpm.core.exports import csv_bytes, csv_chunks

    rows = [
        ["Name", "Note"],
        *([f"applicant {i}", "=HYPERLINK(1)" if i % 7 == 0 else "ok"] for i in range(1203)),
    ]
    chunks = list(csv_chunks(iter(rows), rows_per_chunk=500))
    assert chunks[0] == "\ufeff".encode()
    assert len(chunks) == 1 + 3  # the BOM, then 500, 500 and 204 rows: never the whole file at once
    assert b"".join(chunks) == csv_bytes(rows)
    assert b"'=HYPERLINK(1)" in b"".join(chunks)
