"""The evaluation's ``jetpm stats`` table (formats/programme-figures.md): the outcomes of an intake year's
entrance, stage by stage, for one breakdown."""

from __future__ import annotations

import argparse
from typing import Any

from jetpm.core.figures import Rows, Table, fiscal_year, register
from jetpm.core.scoping import OPERATOR
from jetpm.evaluation.outcomes import funnel, selectors


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fy", type=fiscal_year, required=True)
    parser.add_argument("--by", choices=funnel.BREAKDOWNS, required=True)


def _outcomes(options: dict[str, Any]) -> Rows:
    fy, by = options["fy"], options["by"]
    rows = funnel.funnel(selectors.records(OPERATOR, fiscal_year=fy), fiscal_year=fy, by=by)
    return funnel.COLUMNS, [r.cells() for r in rows]


register(
    Table(
        "outcomes",
        "the entrance of an intake year, stage by stage, for one breakdown",
        _arguments,
        _outcomes,
    )
)
