"""``jetpm stats <table>``: the statistics of formats/participant-history.md and
formats/programme-figures.md, one subcommand per table registered by the stages (jetpm/core/figures.py).

    jetpm stats retention --from-fy A --to-fy B [--format csv|table]
    jetpm stats participants --fy Y [--format csv|table]
    jetpm stats --help     (every table)

CSV goes to standard output without a BOM (for scripts); ``table`` (the default) is aligned for people.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.core.exports import safe_row
from jetpm.core.figures import TABLES, BadArguments, text_table


def csv_text(header: Sequence[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(r) for r in rows)
    return out.getvalue()


class Command(BaseCommand):
    help = "Programme statistics: one subcommand per table (participants, retention, programme, …)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="table", required=True)
        for table in sorted(TABLES.values(), key=lambda t: t.name):
            p = sub.add_parser(table.name, help=table.help)
            table.arguments(p)
            p.add_argument("--format", choices=["csv", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            header, rows = TABLES[options["table"]].compute(options)
        except BadArguments as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["format"] == "csv":
            self.stdout.write(csv_text(header, rows), ending="")
        else:
            self.stdout.write(text_table(header, rows), ending="")
