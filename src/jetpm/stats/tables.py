"""The figures of the statistics pages, pure: built from the rows of jetpm.appointments.retention and the
yearly counts of the selectors (no counting of its own), shaped for the page (the retention matrix of the
seed's 参考２ table; its 参考１: participants and ALTs by country, the named countries and the others, and
the series of new participants, ALTs, participants and applicants since FY2019; participants by job type)
and for the downloads (rows with a header)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jetpm.appointments.retention import ParticipantsRow, RetentionRow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.states import JobType

# The countries that the published figures (the seed's 参考１) name; every other country is in "Others".
# ALTs from China and the Republic of Korea are few (their participants are mostly CIRs): the ALT figures
# count them among the others.
NAMED_COUNTRIES: tuple[str, ...] = (
    "US", "GB", "CA", "PH", "AU", "NZ", "ZA", "IE", "CN", "TT", "SG", "JM", "KR",
)  # fmt: skip
NAMED_ALT_COUNTRIES: tuple[str, ...] = tuple(c for c in NAMED_COUNTRIES if c not in ("CN", "KR"))
SERIES_FROM = 2019  # the published series (参考１) starts with FY2019 (令和元年度)
OTHERS = ""  # the key of the "Others" bar


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
class SeriesYear:
    """One fiscal year of the series; None: no records of that kind for the year (never a made-up 0)."""

    fiscal_year: int
    new_participants: int | None
    alt: int | None
    participants: int | None
    applicants: int | None


@dataclass(frozen=True)
class Figures:
    from_fy: int
    to_fy: int
    fiscal_year: int
    matrix: RetentionMatrix
    series: list[SeriesYear]  # SERIES_FROM (or from_fy if earlier) to to_fy
    counts_applicants: bool  # False: the user does not see every application, the series has none
    by_country: list[Bar]  # the named countries with participants, most first, then "Others"
    alt_by_country: list[Bar]  # ALTs likewise
    by_job_type: list[Bar]
    participants: int  # in ``fiscal_year``
    new_participants: int
    alt: int
    new_alt: int


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


def named_and_others(bars: Sequence[Bar], named: Sequence[str]) -> list[Bar]:
    """The bars of the ``named`` countries (most participants first, as ``bars`` come) and one "Others"
    bar for every other country together; a country or the others without participants is left out."""
    shown = [b for b in bars if b.key in named and b.participants > 0]
    rest = [b for b in bars if b.key not in named]
    total = sum(b.participants for b in rest)
    if total > 0:
        shown.append(Bar(OTHERS, _("Others"), total, sum(b.new_participants for b in rest)))
    return shown


def series(
    years: Mapping[int, tuple[int, int, int]], applicants: Mapping[int, int], *, from_fy: int, to_fy: int
) -> list[SeriesYear]:
    """``years``: (participants, new participants, ALTs) by fiscal year with records; ``applicants``:
    applications by intake fiscal year with records. One entry per fiscal year of ``from_fy..to_fy``."""
    out = []
    for fy in range(from_fy, to_fy + 1):
        counts = years.get(fy)
        out.append(
            SeriesYear(
                fiscal_year=fy,
                new_participants=counts[1] if counts else None,
                alt=counts[2] if counts else None,
                participants=counts[0] if counts else None,
                applicants=applicants.get(fy),
            )
        )
    return out


def year_ranges(years: Sequence[int]) -> str:
    """Fiscal years as labels, consecutive ones as a range: "FY2019–FY2021, FY2026" (令和元年度–令和3年度、
    令和8年度)."""
    parts: list[str] = []
    ordered = sorted(years)
    start = 0
    for i, year in enumerate(ordered):
        if i + 1 < len(ordered) and ordered[i + 1] == year + 1:
            continue
        first = ordered[start]
        label = fiscal_year_label(first)
        parts.append(label if first == year else f"{label}–{fiscal_year_label(year)}")
        start = i + 1
    return ("、" if (get_language() or "").startswith("ja") else ", ").join(parts)


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
    yearly: Mapping[int, tuple[int, int, int]] | None = None,
    applicants: Mapping[int, int] | None = None,
    counts_applicants: bool = True,
) -> Figures:
    """``yearly`` and ``applicants`` as :func:`series` takes them, for SERIES_FROM (or ``from_fy``) to
    ``to_fy``; ``counts_applicants`` False when the user does not see every application."""

    def name(code: str) -> str:
        return country_names.get(code, code)

    by_country = _bars(participant_rows, lambda r: r.country, name)
    alt_rows = [r for r in participant_rows if r.job_type == JobType.ALT]
    alt_by_country = _bars(alt_rows, lambda r: r.country, name)
    return Figures(
        from_fy=from_fy,
        to_fy=to_fy,
        fiscal_year=fiscal_year,
        matrix=retention_matrix(retention_rows, from_fy=from_fy, to_fy=to_fy),
        series=series(
            yearly or {},
            applicants or {},
            from_fy=min(SERIES_FROM, from_fy),
            to_fy=to_fy,
        ),
        counts_applicants=counts_applicants,
        by_country=named_and_others(by_country, NAMED_COUNTRIES),
        alt_by_country=named_and_others(alt_by_country, NAMED_ALT_COUNTRIES),
        by_job_type=_bars(participant_rows, lambda r: r.job_type, job_type_label),
        participants=sum(r.participants for r in participant_rows),
        new_participants=sum(r.new_participants for r in participant_rows),
        alt=sum(r.participants for r in alt_rows),
        new_alt=sum(r.new_participants for r in alt_rows),
    )


def missing_years(fig: Figures) -> tuple[list[int], list[int]]:
    """The fiscal years of the series without participant records, and those without applications (none
    when the user does not count applicants)."""
    no_terms = [y.fiscal_year for y in fig.series if y.participants is None]
    no_applicants = (
        [y.fiscal_year for y in fig.series if y.applicants is None] if fig.counts_applicants else []
    )
    return no_terms, no_applicants


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


def series_header(fig: Figures) -> list[str]:
    header = [_("Fiscal year"), _("New participants"), _("ALTs"), _("Participants")]
    return [*header, _("Applicants")] if fig.counts_applicants else header


def series_cells(fig: Figures, y: SeriesYear) -> list[int | None]:
    cells = [y.new_participants, y.alt, y.participants]
    return [*cells, y.applicants] if fig.counts_applicants else cells


def years_table(fig: Figures) -> Table:
    """The series; a blank cell: no records for the year."""
    rows: list[list[Any]] = [series_header(fig)]
    rows += [
        [fiscal_year_label(y.fiscal_year), *("" if c is None else c for c in series_cells(fig, y))]
        for y in fig.series
    ]
    return _("By fiscal year"), rows


def _bars_table(
    title: str,
    first: str,
    bars: Sequence[Bar],
    total: tuple[int, int],
    fig: Figures,
    counted: tuple[str, str] | None = None,
) -> Table:
    rows: list[list[Any]] = [[first, *(counted or (_("Participants"), _("New participants")))]]
    rows += [[b.label, b.participants, b.new_participants] for b in bars]
    rows.append([_("Total"), *total])
    return title % {"year": fiscal_year_label(fig.fiscal_year)}, rows


def country_table(fig: Figures) -> Table:
    total = (fig.participants, fig.new_participants)
    return _bars_table(_("By country %(year)s"), _("Country"), fig.by_country, total, fig)


def alt_country_table(fig: Figures) -> Table:
    total = (fig.alt, fig.new_alt)
    counted = (_("ALTs"), _("New ALTs"))
    return _bars_table(_("ALTs by country %(year)s"), _("Country"), fig.alt_by_country, total, fig, counted)


def job_type_table(fig: Figures) -> Table:
    total = (fig.participants, fig.new_participants)
    return _bars_table(_("By job type %(year)s"), _("Job type"), fig.by_job_type, total, fig)


TABLES: dict[str, Callable[[Figures], Table]] = {
    "retention": retention_table,
    "years": years_table,
    "country": country_table,
    "alt_country": alt_country_table,
    "job_type": job_type_table,
}


def all_tables(fig: Figures) -> list[Table]:
    return [make(fig) for make in TABLES.values()]
