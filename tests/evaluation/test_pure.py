"""The pure arithmetic of the outcomes and the fairness statistics, against numbers computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jetpm.evaluation.fairness import stats
from jetpm.evaluation.outcomes import funnel


def rec(
    country: str = "GB", *, birth: date | None = None, stage: int = 0, gender: str = "F"
) -> funnel.Record:
    """stage: 0 applicant, 1 eligible, 2 interviewed, 3 selected, 4 alternate (interviewed), 5 placed."""
    return funnel.Record(
        country=country,
        gender=gender,
        birth_date=birth,
        mission="mission-x",
        panel="",
        eligible=stage >= 1,
        interviewed=stage >= 2,
        selected=stage in (3, 5),
        alternate=stage == 4,
        placed=stage == 5,
    )


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 8, 13), (1, 40, 3), (1, 200, 1), (1, 201, 0), (5, 8, 63), (0, 3, 0), (3, 3, 100), (2, 0, None)],
)
def test_percent_rounds_half_up(part: int, whole: int, expected: int | None) -> None:
    # 12.5 → 13, 2.5 → 3, 0.5 → 1 (banker's rounding would give 12, 2, 0), 0.4975… → 0, 62.5 → 63
    assert funnel.percent_half_up(part, whole) == expected


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (date(2001, 4, 1), "25-29"),  # born 1 April 2001: 25 on 1 April 2026, that very day
        (date(2001, 4, 2), "-24"),  # 24 on 1 April 2026
        (date(1997, 4, 1), "25-29"),  # 29
        (date(1996, 4, 1), "30-34"),  # 30
        (date(1991, 4, 2), "30-34"),  # 34
        (date(1991, 4, 1), "35-39"),  # 35
        (date(1986, 4, 2), "35-39"),  # 39
        (date(1986, 4, 1), "40-"),  # 40
        (None, "unknown"),
    ],
)
def test_age_band_on_1_april(birth: date | None, band: str) -> None:
    assert funnel.age_band(birth, 2026) == band


def test_age_of_29_february() -> None:
    assert funnel.age_on(date(2004, 2, 29), date(2026, 2, 28)) == 21
    assert funnel.age_on(date(2004, 2, 29), date(2026, 3, 1)) == 22


def test_funnel_groups_sorted_total_sums_rates() -> None:
    records = [
        rec("US", stage=5),
        rec("US", stage=3),
        rec("US", stage=4),
        rec("US", stage=0),
        rec("GB", stage=2),
        rec("GB", stage=1),
        rec("GB", stage=5),
        rec("", stage=0),
    ]
    rows = funnel.funnel(records, fiscal_year=2026, by="country")
    assert [r.cells() for r in rows] == [
        [2026, "country", "GB", 3, 3, 2, 1, 0, 1, 33],  # 1/3 = 33.3 %
        [2026, "country", "US", 4, 3, 3, 2, 1, 1, 50],
        [2026, "country", "unknown", 1, 0, 0, 0, 0, 0, 0],
        [2026, "country", "total", 8, 6, 5, 3, 1, 2, 38],  # 3/8 = 37.5 % → 38
    ]


def test_funnel_age_bands_in_order_and_empty_year() -> None:
    records = [rec(birth=date(1980, 1, 1)), rec(birth=date(2003, 1, 1)), rec(birth=date(1995, 1, 1))]
    rows = funnel.funnel(records, fiscal_year=2026, by="age_band")
    assert [r.group for r in rows] == ["-24", "30-34", "40-", "total"]
    empty = funnel.funnel([], fiscal_year=2025, by="gender")
    assert [r.cells() for r in empty] == [[2025, "gender", "total", 0, 0, 0, 0, 0, 0, ""]]
    with pytest.raises(ValueError):
        funnel.funnel([], fiscal_year=2025, by="colour")


def test_series_prefers_records_then_published_figures() -> None:
    out = funnel.series({2024: (5900, 2100, 5400), 2026: (10, 4, 9)}, {2026: 1000}, to_fy=2026)
    assert [y.fiscal_year for y in out] == list(range(2019, 2027))
    by_year = {y.fiscal_year: y.cells for y in out}
    assert by_year[2019] == tuple(funnel.Cell(None, None) for _k in funnel.SERIES_KINDS)
    # FY2023: no records; the published participants and new participants, no published ALTs or applicants
    assert [c.value for c in by_year[2023]] == [None, 1995, None, 5831]
    assert by_year[2023][3].source == "published"
    # FY2024: records win over the published figures
    assert [(c.value, c.source) for c in by_year[2024]] == [
        (None, None),
        (2100, "records"),
        (5400, "records"),
        (5900, "records"),
    ]
    assert [c.value for c in by_year[2026]] == [1000, 4, 9, 10]


def test_selection_rates_four_fifths_and_small_groups() -> None:
    rates = stats.selection_rates({"A": (100, 40), "B": (50, 15), "C": (20, 7), "D": (9, 9), "E": (10, 0)})
    by = {r.group: r for r in rates}
    assert (by["A"].rate_pct, by["A"].ratio_pct, by["A"].flagged) == (40.0, 100.0, False)
    # B: 30 % is 75 % of 40 %: below four fifths
    assert (by["B"].rate_pct, by["B"].ratio_pct, by["B"].flagged) == (30.0, 75.0, True)
    # C: 35 % is 87.5 % of 40 %
    assert (by["C"].rate_pct, by["C"].ratio_pct, by["C"].flagged) == (35.0, 87.5, False)
    # D: 9 people, all selected — counts only, and not the reference
    assert (by["D"].people, by["D"].selected, by["D"].rate_pct, by["D"].flagged) == (9, 9, None, False)
    assert (by["E"].rate_pct, by["E"].ratio_pct, by["E"].flagged) == (0.0, 0.0, True)
    assert [r.group for r in rates] == ["A", "B", "C", "D", "E"]


def test_exactly_four_fifths_is_not_flagged() -> None:
    by = {r.group: r for r in stats.selection_rates({"A": (10, 5), "B": (10, 4)})}
    assert by["B"].ratio_pct == 80.0 and not by["B"].flagged


def test_distribution_quartiles() -> None:
    d = stats.distribution([4.0, 1.0, 3.0, 2.0])
    assert d is not None
    # mean 2.5; population sd √1.25; Q1 at rank 0.75 → 1.75, median 2.5, Q3 at rank 2.25 → 3.25
    assert (d.n, d.mean, d.minimum, d.q1, d.median, d.q3, d.maximum) == (4, 2.5, 1.0, 1.75, 2.5, 3.25, 4.0)
    assert d.sd == pytest.approx(1.118034, abs=1e-6)
    assert stats.distribution([]) is None


def scored(panel: str, raw: float, z: float, spread: float = 0.5, stage: str = "interview") -> stats.Scored:
    return stats.Scored(panel=panel, stage=stage, raw=raw, z=z, spread=spread, threshold=1.0)


def test_panels_severity_before_and_after_agreement_drift() -> None:
    # panel S scores 2,2,…; panel L scores 4,4,… (10 each): pooled mean 3, sd 1 → S −1 sd, L +1 sd.
    # After calibration both panels' z-scores average 0: no offset left.
    rows = [scored("S", 2.0, 0.0, spread=1.5 if i < 3 else 0.5) for i in range(10)]
    rows += [scored("L", 4.0, 0.0) for _i in range(10)]
    rows += [scored("T", 3.0, 0.0) for _i in range(3)]  # 3 scores: no verdict
    last = [scored("S", 2.5, 0.0), scored("S", 3.5, 0.0)]  # last year's mean 3.0
    out = {p.panel: p for p in stats.panels(rows, last)}
    # pooled: 10×2 + 10×4 + 3×3 over 23 = 69/23 = 3; variance (10 + 10 + 0)/23
    sd = (20 / 23) ** 0.5
    assert out["S"].offset_before == pytest.approx(-1 / sd, abs=1e-6)
    assert out["S"].verdict == "severe" and out["L"].verdict == "lenient"
    assert out["S"].offset_after == 0.0 and out["T"].verdict == ""
    assert out["S"].mean_spread == pytest.approx((3 * 1.5 + 7 * 0.5) / 10)
    assert out["S"].disagreements == 3  # spread 1.5 > threshold 1.0
    assert out["S"].drift == pytest.approx(-1.0) and out["L"].drift is None


def test_calibration_effect_counts_changed_decisions() -> None:
    # two panels, one list of 2 seats: the severe panel's candidates have low raw scores but high z-scores
    cands = [
        stats.Listed(1, "severe", Decimal("2.0"), 1.5),
        stats.Listed(2, "severe", Decimal("1.8"), 1.0),
        stats.Listed(3, "mild", Decimal("3.5"), 0.5),
        stats.Listed(4, "mild", Decimal("3.0"), -0.5),
    ]
    effect = stats.calibration_effect([stats.SelectionList("GB/ALT", 2, cands)])
    # calibrated: 1, 2 short-listed; 3, 4 alternates 1, 2. Raw: 3, 4 short-listed; 1, 2 alternates 1, 2.
    assert (effect.lists, effect.candidates, effect.changed, effect.shortlist_changed) == (1, 4, 4, 4)
    by = {e.panel: e for e in effect.by_panel}
    assert (by["severe"].shortlisted_raw, by["severe"].shortlisted_calibrated, by["severe"].gained) == (
        0,
        2,
        2,
    )
    assert by["mild"].gained == -2
    same = stats.calibration_effect([stats.SelectionList("US/ALT", 1, cands[2:])])
    assert same.changed == 0
