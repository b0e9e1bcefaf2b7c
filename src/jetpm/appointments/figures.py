"""Appointments' ``jetpm stats`` tables (formats/participant-history.md): retention by cohort and the
participants of a fiscal year by country and job type."""

from __future__ import annotations

import argparse
from typing import Any

from jetpm.appointments import retention, selectors
from jetpm.core.figures import BadArguments, Rows, Table, fiscal_year, register
from jetpm.core.scoping import OPERATOR


def _retention_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from-fy", type=fiscal_year, required=True)
    parser.add_argument("--to-fy", type=fiscal_year, required=True)


def _retention(options: dict[str, Any]) -> Rows:
    from_fy, to_fy = options["from_fy"], options["to_fy"]
    if from_fy > to_fy:
        raise BadArguments("--from-fy is after --to-fy")
    counts = selectors.retention_counts(OPERATOR, from_fy=from_fy, to_fy=to_fy)
    rows = [r.cells() for r in retention.retention(counts, from_fy=from_fy, to_fy=to_fy)]
    return retention.RETENTION_COLUMNS, rows


def _participants_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fy", type=fiscal_year, required=True)


def _participants(options: dict[str, Any]) -> Rows:
    fy = options["fy"]
    counts = selectors.participant_counts(OPERATOR, fiscal_year=fy)
    return retention.PARTICIPANTS_COLUMNS, [r.cells() for r in retention.participants(counts, fiscal_year=fy)]


register(
    Table(
        "retention",
        "participants and retention by cohort and fiscal year",
        _retention_arguments,
        _retention,
    )
)
register(
    Table(
        "participants",
        "participants of a fiscal year by country and job type",
        _participants_arguments,
        _participants,
    )
)
