"""The pure parts: the figures from jetpm.appointments.retention's rows, the named countries and the others,
and the series since FY2019."""

from __future__ import annotations

import csv

from django.utils import translation

from jetpm.appointments import retention
from jetpm.stats import tables
from tests.appointments.helpers import DATA
from tests.stats.conftest import COUNTS


def test_matrix_and_year_totals_from_the_retention_rows() -> None:
    rows = retention.retention(COUNTS, from_fy=2022, to_fy=2024)
    matrix = tables.retention_matrix(rows, from_fy=2022, to_fy=2024)
    assert [r.cohort_year for r in matrix.rows] == [2021, 2022, 2023, 2024]
    assert matrix.rows[0].cells == [tables.Cell(10, None), tables.Cell(8, 80), tables.Cell(5, 63)]
    assert matrix.rows[3].cells == [None, None, tables.Cell(7, None)]
    assert matrix.totals == [30, 37, 21]


def test_the_seed_s_countries_are_named_and_every_other_one_is_in_others() -> None:
    """参考１ (data/fy2024_participants_by_country.csv): the 13 named countries and その他 174; ALTs: the 11
    named ones and the others (5,373 ALTs in all, data/fy2024_job_types.csv), not a "top 10"."""
    with (DATA / "fy2024_participants_by_country.csv").open(encoding="utf-8") as f:
        published = list(csv.DictReader(f))
    counts: list[tuple[str, str, bool, int]] = []
    # the ALTs that the table counts among the others (blank ALT): 40, shared here by CN, KR, DE and FR
    unnamed_alt = {"CN": 20, "KR": 10, "DE": 6, "FR": 4}
    for r in published:
        codes = {"OTHER": [("DE", 100), ("FR", 74)]}.get(r["country_code"], [(r["country_code"], 0)])
        for code, share in codes:
            n = share or int(r["participants"])
            alt = int(r["alt"]) if r["alt"] else unnamed_alt[code]
            counts += [(code, "ALT", True, alt), (code, "CIR", False, n - alt)]
    rows = retention.participants(counts, fiscal_year=2024)
    names = {r["country_code"]: r["country_ja"] for r in published}
    with translation.override("ja"):
        fig = tables.figures(
            retention_rows=[],
            participant_rows=rows,
            country_names={**names, "DE": "ドイツ", "FR": "フランス"},
            from_fy=2024,
            to_fy=2024,
            fiscal_year=2024,
        )
        expected = [(r["country_ja"], int(r["participants"])) for r in published]
        assert [(str(b.label), b.participants) for b in fig.by_country] == expected
        assert fig.participants == 5861 and fig.by_country[-1].key == tables.OTHERS
        # most ALTs first, as the seed's ALT chart: South Africa (181) before New Zealand (170)
        named_alt = sorted(
            (r for r in published if r["alt"]), key=lambda r: (-int(r["alt"]), r["country_code"])
        )
        expected_alt = [(r["country_ja"], int(r["alt"])) for r in named_alt] + [("その他", 40)]
        assert [(str(b.label), b.participants) for b in fig.alt_by_country] == expected_alt
        assert fig.alt == 5373


def test_named_countries_without_participants_and_empty_others_are_left_out() -> None:
    bars = [tables.Bar("US", "US", 5, 1), tables.Bar("KR", "KR", 0, 0)]
    assert tables.named_and_others(bars, tables.NAMED_COUNTRIES) == bars[:1]
    many = [tables.Bar(c, c, 100 - i, 1) for i, c in enumerate(["DE", "FR", "IT", "US"])]
    shown = tables.named_and_others(many, tables.NAMED_COUNTRIES)
    assert [(b.key, b.participants) for b in shown] == [("US", 97), ("", 100 + 99 + 98)]


def test_the_series_says_none_where_there_are_no_records() -> None:
    years = tables.series({2022: (30, 20, 25), 2024: (21, 7, 16)}, {2023: 9}, from_fy=2019, to_fy=2024)
    assert [y.fiscal_year for y in years] == list(range(2019, 2025))
    assert years[3] == tables.SeriesYear(2022, 20, 25, 30, None)
    assert years[4] == tables.SeriesYear(2023, None, None, None, 9)
    assert [y.participants for y in years] == [None, None, None, 30, None, 21]
    with translation.override("en"):
        assert (
            tables.year_ranges([2019, 2020, 2021, 2023, 2025, 2026]) == "FY2019–FY2021, FY2023, FY2025–FY2026"
        )
    with translation.override("ja"):
        assert tables.year_ranges([2019, 2020, 2026]) == "令和元年度–令和2年度、令和8年度"
    assert tables.year_ranges([]) == ""


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
