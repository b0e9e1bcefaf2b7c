"""``jetpm import-history FILE``: import participant history (formats/participant-history.md).

CSV (UTF-8, with or without BOM) or XLSX (first sheet), chosen by the file's extension. The file is imported
whole or not at all: on any error every bad row is printed to standard error as "row N, column: reason",
nothing is written and the exit code is 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.appointments.history import services
from jetpm.core.errors import DomainError

EXIT_INPUT = 2
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


class Command(BaseCommand):
    help = "Import participant history from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        fmt = FORMATS.get(Path(source).suffix.lower())
        if fmt is None:
            raise CommandError(f"{source}: use a .csv or .xlsx file", returncode=EXIT_INPUT)
        try:
            content = Path(source).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror or exc}", returncode=EXIT_INPUT) from exc
        try:
            result = services.import_history(actor=None, content=content, fmt=fmt)
        except services.HistoryImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{source}: {len(exc.errors)} errors; nothing was imported", returncode=EXIT_INPUT
            ) from exc
        except DomainError as exc:
            raise CommandError(f"{source}: {exc.message}", returncode=EXIT_INPUT) from exc
        self.stdout.write(
            f"{result.rows} rows: {result.participants_created} participants created, "
            f"{result.terms_created} terms created, {result.terms_updated} updated, "
            f"{result.terms_unchanged} unchanged"
        )
