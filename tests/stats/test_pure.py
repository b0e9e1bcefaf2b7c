"""The pure parts: the figures from jetpm.appointments.retention's rows, and the top-N grouping."""

from __future__ import annotations

from jetpm.appointments import retention
from jetpm.stats import tables
from tests.stats.conftest import COUNTS


def test_matrix_and_year_totals_from_the_retention_rows() -> None:
    rows = retention.retention(COUNTS, from_fy=2022, to_fy=2024)
    matrix = tables.retention_matrix(rows, from_fy=2022, to_fy=2024)
    assert [r.cohort_year for r in matrix.rows] == [2021, 2022, 2023, 2024]
    assert matrix.rows[0].cells == [tables.Cell(10, None), tables.Cell(8, 80), tables.Cell(5, 63)]
    assert matrix.rows[3].cells == [None, None, tables.Cell(7, None)]
    assert matrix.totals == [30, 37, 21]
    years = tables.year_totals(rows, from_fy=2022, to_fy=2024)
    assert [(y.participants, y.new_participants) for y in years] == [(30, 20), (37, 12), (21, 7)]


def test_top_groups_the_rest_as_others() -> None:
    bars = [tables.Bar(str(i), f"C{i}", 100 - i, 1) for i in range(15)]
    top = tables.top(bars, 10)
    assert len(top) == 11 and top[-1].label == "Others"
    assert top[-1].participants == sum(100 - i for i in range(10, 15))
    assert tables.top(bars[:11], 10) == bars[:11]  # one other is shown as itself


def test_by_country_and_job_type_sorted_by_participants() -> None:
    rows = retention.participants(
        [("GB", "ALT", True, 3), ("GB", "CIR", False, 1), ("US", "ALT", False, 5), ("US", "ALT", True, 2)],
        fiscal_year=2024,
    )
    fig = tables.figures(
        retention_rows=[],
        participant_rows=rows,
        country_names={"GB": "United Kingdom"},
        from_fy=2024,
        to_fy=2024,
        fiscal_year=2024,
    )
    assert [(b.label, b.participants, b.new_participants) for b in fig.by_country] == [
        ("US", 7, 2),
        ("United Kingdom", 4, 3),
    ]
    assert [b.key for b in fig.by_job_type] == ["ALT", "CIR"]
    assert (fig.participants, fig.new_participants) == (11, 5)
