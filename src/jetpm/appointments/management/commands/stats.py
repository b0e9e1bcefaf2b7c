"""``jetpm stats retention|participants``: the participant statistics of formats/participant-history.md.

    jetpm stats retention --from-fy A --to-fy B [--format csv|table]
    jetpm stats participants --fy Y [--format csv|table]

CSV goes to standard output without a BOM (for scripts); ``table`` (the default) is aligned for people.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.appointments import retention, selectors
from jetpm.core.exports import safe_row
from jetpm.core.scoping import OPERATOR

EXIT_INPUT = 2


def csv_text(header: Sequence[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(r) for r in rows)
    return out.getvalue()


class Command(BaseCommand):
    help = "Participant statistics: retention by cohort, participants by country and job type."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="table", required=True)
        r = sub.add_parser("retention", help="participants and retention by cohort and fiscal year")
        r.add_argument("--from-fy", type=int, required=True)
        r.add_argument("--to-fy", type=int, required=True)
        r.add_argument("--format", choices=["csv", "table"], default="table")
        p = sub.add_parser("participants", help="participants of a fiscal year by country and job type")
        p.add_argument("--fy", type=int, required=True)
        p.add_argument("--format", choices=["csv", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        header: Sequence[str]
        if options["table"] == "retention":
            from_fy, to_fy = options["from_fy"], options["to_fy"]
            if from_fy > to_fy:
                raise CommandError("--from-fy is after --to-fy", returncode=EXIT_INPUT)
            counts = selectors.retention_counts(OPERATOR, from_fy=from_fy, to_fy=to_fy)
            header = retention.RETENTION_COLUMNS
            rows = [r.cells() for r in retention.retention(counts, from_fy=from_fy, to_fy=to_fy)]
        else:
            fy = options["fy"]
            header = retention.PARTICIPANTS_COLUMNS
            rows = [
                r.cells()
                for r in retention.participants(
                    selectors.participant_counts(OPERATOR, fiscal_year=fy), fiscal_year=fy
                )
            ]
        if options["format"] == "csv":
            self.stdout.write(csv_text(header, rows), ending="")
        else:
            self.stdout.write(retention.text_table(header, rows), ending="")
