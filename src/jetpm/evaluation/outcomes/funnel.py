"""The funnel of an intake year (formats/programme-figures.md, ``jetpm stats outcomes``), as pure arithmetic:
plain records in, rows out. No Django here.

One record per submitted application: its groups (country, gender, age band, mission, panel) and how far it
went (eligible, interviewed, selected, alternate, placed). The selector reads the records; this module
groups, counts, bands ages and rounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

BREAKDOWNS = ("country", "gender", "age_band", "mission", "panel")
COLUMNS = (
    "fiscal_year",
    "by",
    "group",
    "applicants",
    "eligible",
    "interviewed",
    "selected",
    "alternates",
    "placed",
    "selection_rate_pct",
)
AGE_BANDS = ("-24", "25-29", "30-34", "35-39", "40-")
UNKNOWN = "unknown"  # a group that is not recorded (no date of birth, no panel, sex not given)
TOTAL = "total"
STAGES = ("applicants", "eligible", "interviewed", "selected", "alternates", "placed")


@dataclass(frozen=True)
class Record:
    """One submitted application of the intake year."""

    country: str
    gender: str
    birth_date: date | None
    mission: str
    panel: str
    eligible: bool
    interviewed: bool
    selected: bool
    alternate: bool
    placed: bool


@dataclass(frozen=True)
class Row:
    fiscal_year: int
    by: str
    group: str
    applicants: int
    eligible: int
    interviewed: int
    selected: int
    alternates: int
    placed: int

    @property
    def selection_rate_pct(self) -> int | None:
        return percent_half_up(self.selected, self.applicants)

    def counts(self) -> tuple[int, ...]:
        return tuple(getattr(self, s) for s in STAGES)

    def cells(self) -> list[object]:
        rate = self.selection_rate_pct
        return [self.fiscal_year, self.by, self.group, *self.counts(), "" if rate is None else rate]


def percent_half_up(part: int, whole: int) -> int | None:
    """part ÷ whole × 100 rounded half up to a whole number (exact: no float); None when whole is 0."""
    if whole == 0:
        return None
    value = Fraction(part * 100, whole)
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day`` (born 29 February: a year older on 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: date | None, fiscal_year: int) -> str:
    """The band of the age on 1 April of ``fiscal_year``: -24, 25-29, 30-34, 35-39, 40-."""
    if birth is None:
        return UNKNOWN
    age = age_on(birth, date(fiscal_year, 4, 1))
    if age <= 24:
        return "-24"
    if age >= 40:
        return "40-"
    low = 25 + (age - 25) // 5 * 5
    return f"{low}-{low + 4}"


def group_of(record: Record, by: str, fiscal_year: int) -> str:
    if by == "age_band":
        return age_band(record.birth_date, fiscal_year)
    value = getattr(record, by)
    return value or UNKNOWN


def funnel(records: Iterable[Record], *, fiscal_year: int, by: str) -> list[Row]:
    """One row per group (sorted by group), then the row ``total`` whose figures are the sums."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    counts: dict[str, list[int]] = {}
    for r in records:
        c = counts.setdefault(group_of(r, by, fiscal_year), [0] * len(STAGES))
        for i, flag in enumerate((True, r.eligible, r.interviewed, r.selected, r.alternate, r.placed)):
            c[i] += flag
    # sorted by the group's text: the age bands' texts sort in their own order ("-24" < "25-29" < … "40-")
    rows = [Row(fiscal_year, by, g, *counts[g]) for g in sorted(counts)]
    return [*rows, total_row(rows, fiscal_year=fiscal_year, by=by)]


def total_row(rows: Sequence[Row], *, fiscal_year: int, by: str) -> Row:
    sums = [sum(r.counts()[i] for r in rows) for i in range(len(STAGES))]
    return Row(fiscal_year, by, TOTAL, *sums)


# -- the series since FY2019 (the seed's 参考１ chart) ------------------------------------------------------

SERIES_FROM = 2019
SERIES_KINDS = ("applicants", "new_participants", "alt", "participants")
# The programme's published figures (the seed: 参考２ gives the participants of FY2022–FY2024 and the
# first-year cohorts, 参考１ the ALTs of FY2024; the applicants are not published there). Used only for a
# year without records, and marked so.
PUBLISHED: dict[tuple[str, int], int] = {
    ("participants", 2022): 5723,
    ("participants", 2023): 5831,
    ("participants", 2024): 5861,
    ("new_participants", 2022): 2038,
    ("new_participants", 2023): 1995,
    ("new_participants", 2024): 2006,
    ("alt", 2024): 5373,
}
RECORDS, PUBLISHED_SOURCE = "records", "published"


@dataclass(frozen=True)
class Cell:
    value: int | None  # None: neither records nor a published figure
    source: str | None  # "records", "published" (the seed) or None


@dataclass(frozen=True)
class SeriesYear:
    fiscal_year: int
    cells: tuple[Cell, ...]  # in the order of SERIES_KINDS


def series(
    participants: dict[int, tuple[int, int, int]],
    applicants: dict[int, int],
    *,
    to_fy: int,
    from_fy: int = SERIES_FROM,
) -> list[SeriesYear]:
    """``participants``: (participants, new, ALTs) by fiscal year with terms; ``applicants``: submitted
    applications by intake year with any. Records first; a published figure where there are none."""
    out = []
    for fy in range(from_fy, to_fy + 1):
        counts = participants.get(fy)
        recorded = {
            "applicants": applicants.get(fy),
            "new_participants": counts[1] if counts else None,
            "alt": counts[2] if counts else None,
            "participants": counts[0] if counts else None,
        }
        cells = []
        for kind in SERIES_KINDS:
            value = recorded[kind]
            if value is not None:
                cells.append(Cell(value, RECORDS))
            elif (kind, fy) in PUBLISHED:
                cells.append(Cell(PUBLISHED[(kind, fy)], PUBLISHED_SOURCE))
            else:
                cells.append(Cell(None, None))
        out.append(SeriesYear(fy, tuple(cells)))
    return out
