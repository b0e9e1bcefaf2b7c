"""The pure parts: the statistics and the format's reading."""

from __future__ import annotations

from jetpm.appointments import retention
from jetpm.appointments.history import format as history
from jetpm.core import figures


def test_rate_rounds_half_up() -> None:
    assert retention.rate_pct(1, 8) == 13  # 12.5
    assert retention.rate_pct(5, 8) == 63  # 62.5
    assert retention.rate_pct(1, 40) == 3  # 2.5 (banker's rounding would give 2)
    assert retention.rate_pct(567, 777) == 73
    assert retention.rate_pct(34, 55) == 62


def test_retention_blanks_outside_the_range_and_skips_empty_cells() -> None:
    counts = {(2020, 2021): 10, (2020, 2022): 8, (2020, 2023): 0, (2022, 2022): 5, (2022, 2023): 4}
    rows = retention.retention(counts, from_fy=2022, to_fy=2023)
    assert [r.cells() for r in rows] == [
        [2020, 2022, 3, 8, ""],
        [2022, 2022, 1, 5, ""],
        [2022, 2023, 2, 4, 80],
    ]
    rows = retention.retention(counts, from_fy=2021, to_fy=2023)
    assert rows[1].cells() == [2020, 2022, 3, 8, 80]


def test_participants_table() -> None:
    counts = [
        ("GB", "ALT", True, 2),
        ("GB", "ALT", False, 3),
        ("AU", "CIR", False, 1),
        ("US", "SEA", True, 0),
    ]
    rows = retention.participants(counts, fiscal_year=2024)
    assert [r.cells() for r in rows] == [[2024, "AU", "CIR", 1, 0], [2024, "GB", "ALT", 5, 2]]


def test_text_table_aligns() -> None:
    text = figures.text_table(["a", "number"], [["x", 1], ["long", 100]])
    assert text.splitlines() == ["a     number", "----  ------", "x          1", "long     100"]


def test_read_csv_with_and_without_bom_and_blank_lines() -> None:
    ref = history.Reference(frozenset({"GB"}), frozenset(), frozenset({"en"}), {})
    for prefix in ("\ufeff", ""):
        content = (
            prefix + "job_type,jet_id,fiscal_year,cohort_year,country\r\nALT,A1,2024,2024,GB\r\n\r\n"
        ).encode()
        rows, errors = history.parse_rows(history.read_table(content, fmt="csv"), ref)
        assert errors == []
        assert rows == [history.HistoryRow(2, "A1", 2024, 2024, 1, "GB", "ALT", "", "")]


def test_not_xlsx() -> None:
    try:
        history.read_table(b"PK\x03\x04 not really", fmt="xlsx")
    except history.HistoryFileError as exc:
        assert "XLSX" in str(exc)
    else:
        raise AssertionError("accepted")
