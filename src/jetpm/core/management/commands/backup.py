"""``jetpm backup -o FILE``: the database and the uploaded files in one file (shared/formats/trust.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.core.backup import BackupError, backup

EXIT_INPUT = 2


class Command(BaseCommand):
    help = "Write the database and the uploaded files, with a manifest, into one backup file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(f"{output.parent}: no such folder", returncode=EXIT_INPUT)
        try:
            summary = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=EXIT_INPUT) from exc
        self.stdout.write(
            f"{output}: {summary.tables} tables, {summary.rows} rows, {summary.files} uploaded files"
        )
