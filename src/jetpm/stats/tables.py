"""The figures of the statistics pages, pure: built from the rows of jetpm.appointments.retention (no
counting of its own), shaped for the page (the retention matrix of the seed's 参考２ table, participants
by country and job type, new and total participants by fiscal year) and for the downloads (rows with a
header)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jetpm.appointments.retention import ParticipantsRow, RetentionRow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.states import JobType

TOP_COUNTRIES = 10


@dataclass(frozen=True)
class Cell:
    participants: int
    retention_rate_pct: int | None


@dataclass(frozen=True)
class MatrixRow:
    cohort_year: int
    cells: list[Cell | None]  # one per fiscal year of the matrix, None: nobody of the cohort that year


@dataclass(frozen=True)
class RetentionMatrix:
    """Cohorts as rows, fiscal years as columns."""

    fiscal_years: list[int]
    rows: list[MatrixRow]
    totals: list[int]  # participants per fiscal year, all cohorts


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    participants: int
    new_participants: int


@dataclass(frozen=True)
class YearTotals:
    fiscal_year: int
    participants: int
    new_participants: int


@dataclass(frozen=True)
class Figures:
    from_fy: int
    to_fy: int
    fiscal_year: int
    matrix: RetentionMatrix
    years: list[YearTotals]
    by_country: list[Bar]  # every country, most participants first
    by_job_type: list[Bar]
    participants: int  # in ``fiscal_year``
    new_participants: int


def retention_matrix(rows: Sequence[RetentionRow], *, from_fy: int, to_fy: int) -> RetentionMatrix:
    years = list(range(from_fy, to_fy + 1))
    by_cohort: dict[int, dict[int, Cell]] = {}
    for r in rows:
        by_cohort.setdefault(r.cohort_year, {})[r.fiscal_year] = Cell(r.participants, r.retention_rate_pct)
    matrix_rows = [
        MatrixRow(cohort, [cells.get(fy) for fy in years]) for cohort, cells in sorted(by_cohort.items())
    ]
    totals = [sum(r.participants for r in rows if r.fiscal_year == fy) for fy in years]
    return RetentionMatrix(years, matrix_rows, totals)


def year_totals(rows: Sequence[RetentionRow], *, from_fy: int, to_fy: int) -> list[YearTotals]:
    """Participants and first-year participants (year on programme 1) by fiscal year."""
    return [
        YearTotals(
            fy,
            sum(r.participants for r in rows if r.fiscal_year == fy),
            sum(r.participants for r in rows if r.fiscal_year == fy and r.year_on_programme == 1),
        )
        for fy in range(from_fy, to_fy + 1)
    ]


def _bars(
    rows: Sequence[ParticipantsRow], key: Callable[[ParticipantsRow], str], label: Callable[[str], str]
) -> list[Bar]:
    total: dict[str, int] = {}
    new: dict[str, int] = {}
    for r in rows:
        k = key(r)
        total[k] = total.get(k, 0) + r.participants
        new[k] = new.get(k, 0) + r.new_participants
    return [Bar(k, label(k), n, new[k]) for k, n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))]


def job_type_label(code: str) -> str:
    try:
        return str(JobType(code).label)
    except ValueError:
        return code


def figures(
    *,
    retention_rows: Sequence[RetentionRow],
    participant_rows: Sequence[ParticipantsRow],
    country_names: Mapping[str, str],
    from_fy: int,
    to_fy: int,
    fiscal_year: int,
) -> Figures:
    by_country = _bars(participant_rows, lambda r: r.country, lambda c: country_names.get(c, c))
    return Figures(
        from_fy=from_fy,
        to_fy=to_fy,
        fiscal_year=fiscal_year,
        matrix=retention_matrix(retention_rows, from_fy=from_fy, to_fy=to_fy),
        years=year_totals(retention_rows, from_fy=from_fy, to_fy=to_fy),
        by_country=by_country,
        by_job_type=_bars(participant_rows, lambda r: r.job_type, job_type_label),
        participants=sum(r.participants for r in participant_rows),
        new_participants=sum(r.new_participants for r in participant_rows),
    )


def top(bars: Sequence[Bar], n: int = TOP_COUNTRIES) -> list[Bar]:
    """The ``n`` largest bars and one for all the others together."""
    if len(bars) <= n + 1:
        return list(bars)
    rest = bars[n:]
    others = Bar("", _("Others"), sum(b.participants for b in rest), sum(b.new_participants for b in rest))
    return [*bars[:n], others]


# The downloads: (title, rows with a header row first), in the active language.
Table = tuple[str, list[list[Any]]]


def retention_table(fig: Figures) -> Table:
    fy = fiscal_year_label
    header: list[Any] = [_("Cohort")]
    for year in fig.matrix.fiscal_years:
        header += [
            _("%(year)s participants") % {"year": fy(year)},
            _("%(year)s retention %%") % {"year": fy(year)},
        ]
    rows: list[list[Any]] = [header]
    for r in fig.matrix.rows:
        line: list[Any] = [fy(r.cohort_year)]
        for cell in r.cells:
            if cell is None:
                line += ["", ""]
            else:
                line += [
                    cell.participants,
                    "" if cell.retention_rate_pct is None else cell.retention_rate_pct,
                ]
        rows.append(line)
    total: list[Any] = [_("Total")]
    for n in fig.matrix.totals:
        total += [n, ""]
    rows.append(total)
    return _("Retention"), rows


def years_table(fig: Figures) -> Table:
    rows: list[list[Any]] = [[_("Fiscal year"), _("Participants"), _("New participants")]]
    rows += [[fiscal_year_label(y.fiscal_year), y.participants, y.new_participants] for y in fig.years]
    return _("By fiscal year"), rows


def _bars_table(title: str, first: str, bars: Sequence[Bar], fig: Figures) -> Table:
    rows: list[list[Any]] = [[first, _("Participants"), _("New participants")]]
    rows += [[b.label, b.participants, b.new_participants] for b in bars]
    rows.append([_("Total"), fig.participants, fig.new_participants])
    return title % {"year": fiscal_year_label(fig.fiscal_year)}, rows


def country_table(fig: Figures) -> Table:
    return _bars_table(_("By country %(year)s"), _("Country"), fig.by_country, fig)


def job_type_table(fig: Figures) -> Table:
    return _bars_table(_("By job type %(year)s"), _("Job type"), fig.by_job_type, fig)


TABLES: dict[str, Callable[[Figures], Table]] = {
    "retention": retention_table,
    "years": years_table,
    "country": country_table,
    "job_type": job_type_table,
}


def all_tables(fig: Figures) -> list[Table]:
    return [make(fig) for make in TABLES.values()]
