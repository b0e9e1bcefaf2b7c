"""The arrivals table (formats/programme-figures.md, ``jetpm stats arrivals``): pure, no Django.

One row per group and mission of an intake year, sorted by arrival date, group, mission code, from the counts
the selector reads (one row of counts per group)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ARRIVALS_COLUMNS = ("fiscal_year", "group", "arrival_date", "mission", "participants", "arrived", "no_shows")
GROUP_ORDER = ("april", "a", "b", "late")


@dataclass(frozen=True)
class GroupCounts:
    group: str  # the group's code
    arrival_date: date
    mission: str  # the mission's code
    participants: int  # placed participants assigned (travelling, arrived or not arriving)
    arrived: int
    no_shows: int


@dataclass(frozen=True)
class ArrivalRow:
    fiscal_year: int
    group: str
    arrival_date: date
    mission: str
    participants: int
    arrived: int
    no_shows: int

    def cells(self) -> list[object]:
        return [
            self.fiscal_year,
            self.group,
            self.arrival_date.isoformat(),
            self.mission,
            self.participants,
            self.arrived,
            self.no_shows,
        ]


def _group_rank(code: str) -> int:
    return GROUP_ORDER.index(code) if code in GROUP_ORDER else len(GROUP_ORDER)


def arrivals(counts: list[GroupCounts], *, fiscal_year: int) -> list[ArrivalRow]:
    rows = [
        ArrivalRow(fiscal_year, c.group, c.arrival_date, c.mission, c.participants, c.arrived, c.no_shows)
        for c in counts
    ]
    return sorted(rows, key=lambda r: (r.arrival_date, _group_rank(r.group), r.group, r.mission))


@dataclass(frozen=True)
class Totals:
    participants: int
    arrived: int
    no_shows: int


def totals(rows: list[ArrivalRow]) -> Totals:
    return Totals(
        sum(r.participants for r in rows), sum(r.arrived for r in rows), sum(r.no_shows for r in rows)
    )
