"""What participants cost a contracting organisation (and the nation) in a fiscal year (pure: no Django).

Salary comes from the programme year's salary table (by year on the programme: the row of the highest year
not above the participant's); travel is a flat amount per new participant's arrival and per leaving
participant's return; insurance is a share per participant and year. The estimate for next year counts the
participants reappointed in this year's round (at their next year on the programme) and the new participants
requested for next year's intake (at the first-year salary): what the local allocation tax has to cover.
The return travel of next year's leavers is not known before next year's round, so the estimate has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SalaryTable:
    """A programme year's salary table: (from year on the programme, annual salary) rows."""

    fiscal_year: int
    rows: tuple[tuple[int, int], ...] = ()

    def salary(self, year_on_programme: int) -> int | None:
        amount = None
        for yop, value in sorted(self.rows):
            if yop <= year_on_programme:
                amount = value
        return amount

    @property
    def exists(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class Rates:
    fiscal_year: int
    travel_arrival_yen: int
    travel_return_yen: int
    insurance_yen: int


@dataclass(frozen=True)
class SalaryLine:
    year_on_programme: int
    participants: int
    annual_salary_yen: int | None  # None: the year's table has no row for it

    @property
    def total_yen(self) -> int | None:
        return None if self.annual_salary_yen is None else self.annual_salary_yen * self.participants


@dataclass(frozen=True)
class Breakdown:
    """One fiscal year's costs of a group of participants. ``total_yen`` is None when the year has no salary
    table or no cost rates (the page says which)."""

    fiscal_year: int
    salary_lines: tuple[SalaryLine, ...]
    arrivals: int
    returns: int
    rates: Rates | None
    salary_table: bool
    participants: int = field(init=False)
    salary_yen: int | None = field(init=False)
    travel_arrival_yen: int | None = field(init=False)
    travel_return_yen: int | None = field(init=False)
    insurance_yen: int | None = field(init=False)
    total_yen: int | None = field(init=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "participants", sum(line.participants for line in self.salary_lines))
        totals = [line.total_yen for line in self.salary_lines]
        salary = None if any(t is None for t in totals) else sum(t or 0 for t in totals)
        set_(self, "salary_yen", salary)
        r = self.rates
        set_(self, "travel_arrival_yen", None if r is None else r.travel_arrival_yen * self.arrivals)
        set_(self, "travel_return_yen", None if r is None else r.travel_return_yen * self.returns)
        set_(self, "insurance_yen", None if r is None else r.insurance_yen * self.participants)
        parts = [salary, self.travel_arrival_yen, self.travel_return_yen, self.insurance_yen]
        set_(self, "total_yen", None if any(p is None for p in parts) else sum(p or 0 for p in parts))

    @property
    def complete(self) -> bool:
        return self.total_yen is not None


def year_costs(
    *,
    fiscal_year: int,
    by_year_on_programme: Mapping[int, int],
    arrivals: int,
    returns: int,
    table: SalaryTable,
    rates: Rates | None,
) -> Breakdown:
    """The costs of the participants serving ``fiscal_year``: ``by_year_on_programme`` counts them by their
    year on the programme; ``arrivals`` new participants arrived and ``returns`` leave in the year."""
    lines = tuple(
        SalaryLine(yop, n, table.salary(yop)) for yop, n in sorted(by_year_on_programme.items()) if n
    )
    return Breakdown(fiscal_year, lines, arrivals, returns, rates, table.exists)


def estimate(
    *,
    fiscal_year: int,
    reappointed_by_next_year: Mapping[int, int],
    new_participants: int,
    table: SalaryTable,
    rates: Rates | None,
) -> Breakdown:
    """Next year's (``fiscal_year``) estimate: the reappointed participants by their year on the programme
    in ``fiscal_year``, plus ``new_participants`` in their first year, each arriving."""
    counts = dict(reappointed_by_next_year)
    if new_participants:
        counts[1] = counts.get(1, 0) + new_participants
    return year_costs(
        fiscal_year=fiscal_year,
        by_year_on_programme=counts,
        arrivals=new_participants,
        returns=0,
        table=table,
        rates=rates,
    )


def total(
    breakdowns: Iterable[Breakdown], *, fiscal_year: int, table: SalaryTable, rates: Rates | None
) -> Breakdown:
    """The sum of several groups' costs of one fiscal year (e.g. the prefectures into the national total)."""
    counts: dict[int, int] = {}
    arrivals = returns = 0
    for b in breakdowns:
        for line in b.salary_lines:
            counts[line.year_on_programme] = counts.get(line.year_on_programme, 0) + line.participants
        arrivals += b.arrivals
        returns += b.returns
    return year_costs(
        fiscal_year=fiscal_year,
        by_year_on_programme=counts,
        arrivals=arrivals,
        returns=returns,
        table=table,
        rates=rates,
    )


def participant_cost(
    *,
    fiscal_year: int,
    year_on_programme: int,
    arriving: bool,
    leaving: bool,
    table: SalaryTable,
    rates: Rates | None,
) -> Breakdown:
    """One participant's costs in ``fiscal_year``."""
    return year_costs(
        fiscal_year=fiscal_year,
        by_year_on_programme={year_on_programme: 1},
        arrivals=int(arriving),
        returns=int(leaving),
        table=table,
        rates=rates,
    )
