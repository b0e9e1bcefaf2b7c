"""The participant statistics, pure: retention by cohort and participants by country and job type.

Inputs are counts already aggregated by the database; outputs are rows of the tables of
formats/participant-history.md. The web pages and the command line share these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

RETENTION_COLUMNS: tuple[str, ...] = (
    "cohort_year",
    "fiscal_year",
    "year_on_programme",
    "participants",
    "retention_rate_pct",
)
PARTICIPANTS_COLUMNS: tuple[str, ...] = (
    "fiscal_year",
    "country",
    "job_type",
    "participants",
    "new_participants",
)


@dataclass(frozen=True)
class RetentionRow:
    cohort_year: int
    fiscal_year: int
    year_on_programme: int
    participants: int
    retention_rate_pct: int | None  # None: the previous year is outside the range (or had nobody)

    def cells(self) -> list[Any]:
        rate = "" if self.retention_rate_pct is None else self.retention_rate_pct
        return [self.cohort_year, self.fiscal_year, self.year_on_programme, self.participants, rate]


@dataclass(frozen=True)
class ParticipantsRow:
    fiscal_year: int
    country: str
    job_type: str
    participants: int
    new_participants: int

    def cells(self) -> list[Any]:
        return [self.fiscal_year, self.country, self.job_type, self.participants, self.new_participants]


def rate_pct(now: int, before: int) -> int:
    """``now / before`` in percent, rounded half up to a whole number."""
    return int((Decimal(now) * 100 / Decimal(before)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def retention(counts: Mapping[tuple[int, int], int], *, from_fy: int, to_fy: int) -> list[RetentionRow]:
    """``counts``: participants by (cohort_year, fiscal_year). One row per cohort and fiscal year in
    ``from_fy..to_fy`` with participants, sorted; the rate against the same cohort a year before."""
    out: list[RetentionRow] = []
    for (cohort, fy), n in sorted(counts.items()):
        if not from_fy <= fy <= to_fy or n <= 0:
            continue
        before = counts.get((cohort, fy - 1), 0) if fy - 1 >= from_fy else 0
        out.append(
            RetentionRow(
                cohort_year=cohort,
                fiscal_year=fy,
                year_on_programme=fy - cohort + 1,
                participants=n,
                retention_rate_pct=rate_pct(n, before) if before > 0 else None,
            )
        )
    return out


def participants(counts: Iterable[tuple[str, str, bool, int]], *, fiscal_year: int) -> list[ParticipantsRow]:
    """``counts``: (country, job type, first year?, participants) of one fiscal year. One row per country
    and job type with participants, sorted by country and job type."""
    total: dict[tuple[str, str], int] = {}
    new: dict[tuple[str, str], int] = {}
    for country, job_type, first_year, n in counts:
        key = (country, job_type)
        total[key] = total.get(key, 0) + n
        if first_year:
            new[key] = new.get(key, 0) + n
    return [
        ParticipantsRow(fiscal_year, country, job_type, n, new.get((country, job_type), 0))
        for (country, job_type), n in sorted(total.items())
        if n > 0
    ]
