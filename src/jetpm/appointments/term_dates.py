"""The dates of appointment terms (pure: no Django).

A first term runs from the day after arrival for one year: to the day before the anniversary of its start.
Later terms continue from the day after the previous term's end, for one year. Participants who arrive in
April–June (the southern-hemisphere, early group) belong to that year's intake like its summer arrivals:
their first term runs until the summer arrivals' first term ends (the day before the anniversary of the
summer start, the common start date of that programme year's summer arrivals, 1 August unless the year says
otherwise) — a few months longer than a year — so that they serve, are reappointed in the autumn round and
return with their cohort. An early end (resignation, dismissal) cuts the end date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_SUMMER_START = (8, 1)  # (month, day): the summer arrivals' common start date
EARLY_ARRIVAL_MONTHS = frozenset({4, 5, 6})
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class TermDates:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def default_summer_start(year: int) -> date:
    return date(year, *DEFAULT_SUMMER_START)


def anniversary(day: date, years: int = 1) -> date:
    """The same day ``years`` later; 29 February falls on 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → a common year
        return date(day.year + years, 3, 1)


def one_year_from(start: date) -> TermDates:
    """A one-year term from ``start``: to the day before the anniversary of the start."""
    return TermDates(start, anniversary(start) - ONE_DAY)


def is_early_arrival(arrival: date) -> bool:
    """April–June arrivals (the early group): their first term ends with their summer cohort's."""
    return arrival.month in EARLY_ARRIVAL_MONTHS


def first_term(arrival: date, *, summer_start: date | None = None) -> TermDates:
    """The first term of a participant who arrives on ``arrival``. ``summer_start`` is the common start
    date of the summer arrivals of that year (default 1 August of the arrival's year): an early arrival's
    first term ends when theirs does."""
    start = arrival + ONE_DAY
    if is_early_arrival(arrival):
        summer = summer_start or default_summer_start(arrival.year)
        if start < summer:
            return TermDates(start, one_year_from(summer).end)
    return one_year_from(start)


def next_term(previous_end: date) -> TermDates:
    """The term after one that ended (or ends) on ``previous_end``."""
    return one_year_from(previous_end + ONE_DAY)


def terms_from_arrival(arrival: date, count: int, *, summer_start: date | None = None) -> list[TermDates]:
    """The first ``count`` terms of a participant who arrives on ``arrival`` and is reappointed each year."""
    if count < 1:
        return []
    terms = [first_term(arrival, summer_start=summer_start)]
    while len(terms) < count:
        terms.append(next_term(terms[-1].end))
    return terms


def cut(dates: TermDates, ended_on: date | None) -> TermDates:
    """The term as served: an early end (resignation or dismissal) on ``ended_on`` cuts its end date."""
    if ended_on is None or ended_on >= dates.end:
        return dates
    return TermDates(dates.start, max(ended_on, dates.start))
