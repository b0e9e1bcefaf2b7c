"""Pre-departure's ``jetpm stats`` tables (formats/programme-figures.md): the arrivals of an intake year by
departure group and mission."""

from __future__ import annotations

import argparse
from typing import Any

from jetpm.core.figures import Rows, Table, fiscal_year, register
from jetpm.core.scoping import OPERATOR
from jetpm.predeparture.departure import arrivals, selectors


def _arrivals_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fy", type=fiscal_year, required=True)


def _arrivals(options: dict[str, Any]) -> Rows:
    fy = options["fy"]
    rows = selectors.arrival_rows(OPERATOR, fiscal_year=fy)
    return arrivals.ARRIVALS_COLUMNS, [r.cells() for r in rows]


register(
    Table(
        "arrivals",
        "new participants' departure groups and arrival in a fiscal year",
        _arrivals_arguments,
        _arrivals,
    )
)
