"""The programme calendar: fiscal years, 和暦 labels, default milestone dates and open windows.

Pure functions over dates and dataclasses; nothing here imports Django (the architecture contract "pure",
docs/architecture.md). The active language, which labels need, is read through ``active_language``: core
installs Django's ``get_language`` there when Django starts (``CoreConfig.ready``); without Django it is
Japanese.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


def _unknown_language() -> str | None:
    return None


# The active language code (None: unknown, taken as Japanese); see the module's docstring.
active_language: Callable[[], str | None] = _unknown_language

# Era starts, by the first fiscal year labelled in that era (FY2019 = 令和元年度, FY1989 = 平成元年度).
_ERAS: list[tuple[int, str, str]] = [
    (2019, "令和", "Reiwa"),
    (1989, "平成", "Heisei"),
    (1926, "昭和", "Showa"),
]


def fiscal_year_of(day: date) -> int:
    """The fiscal year (April–March) a day belongs to: 2025-03-31 is in FY2024."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def wareki_fiscal_year(fiscal_year: int) -> str:
    """和暦 label of a fiscal year: 2024 → 令和6年度, 2019 → 令和元年度, 2018 → 平成30年度."""
    for first, era_ja, _era_en in _ERAS:
        if fiscal_year >= first:
            n = fiscal_year - first + 1
            return f"{era_ja}{'元' if n == 1 else n}年度"
    raise ValueError(f"fiscal year {fiscal_year} is before the Showa era")


def fiscal_year_label(fiscal_year: int, language: str | None = None) -> str:
    """令和6年度 in Japanese, FY2024 otherwise; the active language when none is given."""
    if language is None:
        language = active_language() or "ja"
    return wareki_fiscal_year(fiscal_year) if language.startswith("ja") else f"FY{fiscal_year}"


def _end_of_february(year: int) -> date:
    return date(year, 2, _calendar.monthrange(year, 2)[1])


def default_milestone_dates(intake_year: int) -> dict[str, tuple[date, date]]:
    """The seed's yearly timeline (section ３) for the intake that arrives in fiscal year ``intake_year``.

    The requests of the contracting organisations are collected from October to February before the
    arrival (during the reappointment round whose decisions say who continues), then the country plan leads
    to the March/May results. Participants arrive in April and in July–August, each group after its
    pre-departure orientation."""
    y = intake_year
    return {
        "requests": (date(y - 1, 10, 1), _end_of_february(y)),
        "info_sessions": (date(y - 1, 4, 1), date(y - 1, 11, 30)),
        "intake": (date(y - 1, 9, 15), date(y - 1, 11, 30)),
        "screening": (date(y - 1, 12, 1), _end_of_february(y)),
        "results": (date(y, 3, 1), date(y, 5, 31)),
        "predeparture_april": (date(y, 3, 1), date(y, 3, 31)),
        "arrival_april": (date(y, 4, 1), date(y, 4, 30)),
        "predeparture": (date(y, 6, 1), date(y, 7, 19)),
        "arrival": (date(y, 7, 20), date(y, 8, 31)),
    }


@dataclass(frozen=True)
class Window:
    intake_year: int
    kind: str
    starts_on: date
    ends_on: date
    overridden: bool = False

    def is_open(self, on: date) -> bool:
        return self.starts_on <= on <= self.ends_on

    def days_left(self, on: date) -> int:
        return (self.ends_on - on).days


def effective_windows(
    defaults: list[Window], overrides: dict[tuple[int, str], tuple[date, date]]
) -> list[Window]:
    """Apply one mission's overrides, keyed by (intake_year, kind), to the cycle's default windows."""
    result = []
    for w in defaults:
        o = overrides.get((w.intake_year, w.kind))
        result.append(Window(w.intake_year, w.kind, o[0], o[1], overridden=True) if o else w)
    return result


def open_windows(windows: list[Window], on: date) -> list[Window]:
    """The windows open on a day, the one closing soonest first."""
    return sorted((w for w in windows if w.is_open(on)), key=lambda w: (w.ends_on, w.intake_year, w.kind))


def upcoming_windows(windows: list[Window], on: date, *, limit: int = 5) -> list[Window]:
    return sorted((w for w in windows if w.starts_on > on), key=lambda w: (w.starts_on, w.kind))[:limit]
