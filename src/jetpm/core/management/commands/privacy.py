"""``jetpm privacy export --person ID -o FILE.zip``: everything held about one person (shared/formats/
trust.md), for a subject-access request. Exits 2 for an unknown person; the export is an audit event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.core.models import Person
from jetpm.core.privacy import export_person
from jetpm.core.scoping import OPERATOR

EXIT_INPUT = 2


class Command(BaseCommand):
    help = "Personal data: export everything held about one person."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        e = sub.add_parser("export", help="a ZIP of the person's records and uploaded files")
        e.add_argument("--person", type=int, required=True, help="the person's id")
        e.add_argument("-o", "--output", required=True, help="the ZIP file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        person_id, output = options["person"], Path(options["output"])
        if not Person.objects.filter(pk=person_id).exists():
            raise CommandError(f"--person {person_id}: no such person", returncode=EXIT_INPUT)
        if not output.parent.exists():
            raise CommandError(f"{output.parent}: no such folder", returncode=EXIT_INPUT)
        partial = output.with_name(output.name + ".partial")
        with partial.open("wb") as f:
            export = export_person(actor=OPERATOR, person_id=person_id, target=f)
        partial.replace(output)
        self.stdout.write(f"{output}: {export.record_count} records, {len(export.files)} files")
