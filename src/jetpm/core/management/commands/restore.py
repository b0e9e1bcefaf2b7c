"""``jetpm restore FILE``: load a backup into an empty database and upload folder (shared/formats/trust.md).

Refuses (exit 2, nothing written) a damaged file, a backup of another engine or of unknown migrations, and
a target that already holds data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.core.backup import BackupError, restore

EXIT_INPUT = 2


class Command(BaseCommand):
    help = "Restore a backup file into the configured (empty) database and upload folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file written by jetpm backup")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=EXIT_INPUT)
        try:
            summary = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=EXIT_INPUT) from exc
        self.stdout.write(
            f"restored {summary.tables} tables, {summary.rows} rows, {summary.files} uploaded files"
        )
