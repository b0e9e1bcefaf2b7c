"""The support desk's ``jetpm stats`` tables: the Q&A desk's response times per mission, and the
consultations by month, kind and category (anonymised: a group below five as "<5")."""

from __future__ import annotations

import argparse
from typing import Any

from jetpm.core.figures import Rows, Table, fiscal_year, register
from jetpm.core.scoping import OPERATOR
from jetpm.support import selectors


def _fy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fy", type=fiscal_year, required=True)


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _desk(options: dict[str, Any]) -> Rows:
    rows = selectors.desk_response_times(OPERATOR, fiscal_year=options["fy"])  # type: ignore[arg-type]
    header = ["mission", "asked", "answered", "median_hours", "p90_hours"]
    return header, [
        [
            r.mission.code,
            r.times.asked,
            r.times.answered,
            _hours(r.times.median_hours),
            _hours(r.times.p90_hours),
        ]
        for r in rows
    ]


def _consultations(options: dict[str, Any]) -> Rows:
    rows = selectors.consultation_figures(fiscal_year=options["fy"])
    header = ["month", "kind", "category", "cases"]
    return header, [[r.month, r.kind, r.category, "<5" if r.count is None else r.count] for r in rows]


register(Table("desk-response", "the Q&A desk's hours to the first answer per mission", _fy, _desk))
register(
    Table("consultations", "consultations by month, kind and category (anonymised)", _fy, _consultations)
)
