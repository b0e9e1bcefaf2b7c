"""The alumni stage's ``jetpm stats`` tables (formats/programme-figures.md): the programme since FY1987 as
of a day, and JETAA's chapters and members by region on a day."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from jetpm.alumni import programme, selectors_figures
from jetpm.core.figures import FIRST_FY, LAST_FY, Rows, Table, day, register
from jetpm.core.scoping import OPERATOR


def as_of_day(value: str) -> date:
    """An argparse type: a day written YYYY-MM-DD in fiscal years 1987–2100."""
    parsed = day(value)
    fy = programme.programme_fiscal_year(parsed)
    if not FIRST_FY <= fy <= LAST_FY:
        raise argparse.ArgumentTypeError(f"{value} is in FY{fy}, outside {FIRST_FY}–{LAST_FY}")
    return parsed


def _as_of_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=as_of_day, required=True, metavar="YYYY-MM-DD")


def programme_rows(as_of: date) -> Rows:
    fy = programme.programme_fiscal_year(as_of)
    counts = selectors_figures.programme_counts(OPERATOR, to_fy=fy)
    series = programme.programme_series(
        first_terms=counts.first_terms,
        country_first_years=counts.country_first_years,
        serving=counts.serving,
        to_fy=fy,
        from_fy=fy,
    )
    return programme.PROGRAMME_COLUMNS, [programme.programme_row(as_of, series[-1])]


def jetaa_rows(as_of: date) -> Rows:
    counts = selectors_figures.jetaa_counts(OPERATOR, day=as_of)
    rows = programme.jetaa(chapters=counts.chapters, members=counts.members)
    return programme.JETAA_COLUMNS, [r.cells() for r in rows]


def _programme(options: dict[str, Any]) -> Rows:
    return programme_rows(options["as_of"])


def _jetaa(options: dict[str, Any]) -> Rows:
    return jetaa_rows(options["as_of"])


register(
    Table(
        "programme",
        "participants and countries since FY1987, serving and alumni, as of a day",
        _as_of_arguments,
        _programme,
    )
)
register(
    Table(
        "jetaa",
        "JETAA chapters, countries and members by region on a day",
        _as_of_arguments,
        _jetaa,
    )
)
