"""The programme's figures since 1987 and JETAA's by region, pure (formats/programme-figures.md).

Inputs are counts and small rows already read by the selectors (``jetpm.alumni.selectors_figures``);
outputs are the rows of ``jetpm stats programme`` and ``jetpm stats jetaa``, which the statistics pages show
too. Definitions:

- a participant is *to date* in fiscal year F when they have a term in a fiscal year ≤ F; the countries to
  date are their recruiting countries; *serving* in F: a term in F; *alumni* in F: participants to date
  without a term in F (their last term up to F is before F — someone who returns after a gap is serving
  again in the years of their new terms, and counted once throughout);
- a chapter exists on a day from its founding to its closing; a member on a day is a person whose membership
  covers the day (joined on or before it, not left before it); a person counts once, in the chapter they
  joined last among those covering the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jetpm.core.calendar import fiscal_year_of

FIRST_FY = 1987  # the programme's first year
PROGRAMME_COLUMNS: tuple[str, ...] = (
    "as_of",
    "fiscal_year",
    "participants_to_date",
    "countries_to_date",
    "serving",
    "alumni",
)
JETAA_COLUMNS: tuple[str, ...] = ("region", "countries", "chapters", "members")
REGIONS: tuple[str, ...] = ("europe", "asia", "oceania", "africa", "north_america", "latin_america")
TOTAL = "total"


@dataclass(frozen=True)
class ProgrammeYear:
    fiscal_year: int
    participants_to_date: int
    countries_to_date: int
    serving: int
    alumni: int
    new_participants: int  # whose first term is in this year
    new_countries: int  # whose first participant's first term is in this year


def programme_series(
    *,
    first_terms: Mapping[int, int],
    country_first_years: Mapping[str, int],
    serving: Mapping[int, int],
    to_fy: int,
    from_fy: int = FIRST_FY,
) -> list[ProgrammeYear]:
    """One row per fiscal year ``from_fy..to_fy``. ``first_terms``: participants by the fiscal year of their
    first term; ``country_first_years``: recruiting country → the first fiscal year with a participant of it;
    ``serving``: participants with a term, by fiscal year. Years before ``from_fy`` count towards the totals
    to date."""
    to_date = sum(n for fy, n in first_terms.items() if fy < from_fy)
    countries = sum(1 for fy in country_first_years.values() if fy < from_fy)
    new_countries: dict[int, int] = {}
    for fy in country_first_years.values():
        new_countries[fy] = new_countries.get(fy, 0) + 1
    out: list[ProgrammeYear] = []
    for fy in range(from_fy, to_fy + 1):
        new = first_terms.get(fy, 0)
        to_date += new
        countries += new_countries.get(fy, 0)
        now = serving.get(fy, 0)
        out.append(
            ProgrammeYear(
                fiscal_year=fy,
                participants_to_date=to_date,
                countries_to_date=countries,
                serving=now,
                alumni=to_date - now,
                new_participants=new,
                new_countries=new_countries.get(fy, 0),
            )
        )
    return out


def programme_row(as_of: date, year: ProgrammeYear) -> list[Any]:
    """The one data row of ``jetpm stats programme``."""
    return [
        as_of.isoformat(),
        year.fiscal_year,
        year.participants_to_date,
        year.countries_to_date,
        year.serving,
        year.alumni,
    ]


def programme_fiscal_year(as_of: date) -> int:
    return fiscal_year_of(as_of)


@dataclass(frozen=True)
class JetaaRow:
    region: str
    countries: int
    chapters: int
    members: int

    def cells(self) -> list[Any]:
        return [self.region, self.countries, self.chapters, self.members]


def covers(joined_on: date, left_on: date | None, day: date) -> bool:
    """A membership covers ``day``: joined on or before it and not left before it."""
    return joined_on <= day and (left_on is None or left_on >= day)


def exists_on(founded_on: date | None, closed_on: date | None, day: date) -> bool:
    """A chapter exists on ``day``: founded on or before it (unknown founding: always) and not closed before
    it."""
    return (founded_on is None or founded_on <= day) and (closed_on is None or closed_on >= day)


def jetaa(
    *,
    chapters: Iterable[tuple[int, str, str]],
    members: Iterable[tuple[int, str, date, int]],
) -> list[JetaaRow]:
    """``chapters``: (chapter id, region code, country code) of the chapters existing on the day;
    ``members``: (person id, region code, joined on, membership id) of the memberships covering the day.
    One row per region of :data:`REGIONS`, in that order, then the total (distinct countries and persons)."""
    countries: dict[str, set[str]] = {r: set() for r in REGIONS}
    n_chapters: dict[str, int] = dict.fromkeys(REGIONS, 0)
    for _id, region, country in chapters:
        if region in countries:
            countries[region].add(country)
            n_chapters[region] += 1
    latest: dict[int, tuple[date, int, str]] = {}
    for person, region, joined_on, membership in members:
        key = (joined_on, membership, region)
        if person not in latest or key[:2] > latest[person][:2]:
            latest[person] = key
    n_members: dict[str, int] = dict.fromkeys(REGIONS, 0)
    for _joined, _membership, region in latest.values():
        if region in n_members:
            n_members[region] += 1
    rows = [JetaaRow(r, len(countries[r]), n_chapters[r], n_members[r]) for r in REGIONS]
    rows.append(
        JetaaRow(
            TOTAL,
            len(set().union(*countries.values())),
            sum(n_chapters.values()),
            sum(n_members.values()),
        )
    )
    return rows
