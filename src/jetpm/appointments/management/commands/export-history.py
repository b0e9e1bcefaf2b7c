"""``jetpm export-history --from-fy A --to-fy B [--format csv|xlsx] [-o FILE]``: participant history in the
interchange format (formats/participant-history.md). CSV in UTF-8 with a BOM; XLSX needs ``-o``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.appointments.history import format as history
from jetpm.appointments.history import selectors, services
from jetpm.core.exports import csv_bytes, xlsx_bytes
from jetpm.core.scoping import OPERATOR

EXIT_INPUT = 2


def write_atomically(content: bytes, target: str) -> None:
    path = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror or exc}", returncode=EXIT_INPUT) from exc


class Command(BaseCommand):
    help = "Export participant history (one row per participant and fiscal year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-fy", type=int, required=True)
        parser.add_argument("--to-fy", type=int, required=True)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", help="the file to write (default: standard output, CSV only)")

    def handle(self, *args: Any, **options: Any) -> None:
        from_fy, to_fy, fmt, target = (
            options["from_fy"],
            options["to_fy"],
            options["format"],
            options["output"],
        )
        if from_fy > to_fy:
            raise CommandError("--from-fy is after --to-fy", returncode=EXIT_INPUT)
        if fmt == "xlsx" and not target:
            raise CommandError("--format xlsx needs -o FILE", returncode=EXIT_INPUT)
        rows = selectors.history_rows(OPERATOR, from_fy=from_fy, to_fy=to_fy)
        table = history.to_table(rows)
        content = csv_bytes(table) if fmt == "csv" else xlsx_bytes([("participant history", table)])
        services.record_history_export(actor=None, from_fy=from_fy, to_fy=to_fy, fmt=fmt, rows=len(rows))
        if target and target != "-":
            write_atomically(content, target)
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
