"""JETAA support's ``jetpm stats`` table (formats/programme-figures.md): ``jetaa-support --fy Y``, one row
per mission supporting at least one chapter that year, sorted by mission code, then ``total``."""

from __future__ import annotations

import argparse
from typing import Any

from jetpm.core.figures import Rows, Table, fiscal_year, register
from jetpm.jetaa import budget, selectors_figures


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fy", type=fiscal_year, required=True, metavar="YEAR")


def support_rows(fy: int) -> Rows:
    return budget.SUPPORT_COLUMNS, budget.support_table(fy, selectors_figures.support_rows(fy))


def _support(options: dict[str, Any]) -> Rows:
    return support_rows(options["fy"])


register(
    Table(
        "jetaa-support",
        "MOFA's support of JETAA through the missions in a fiscal year, by mission",
        _arguments,
        _support,
    )
)
