"""Personal data (shared/formats/trust.md):

    jetpm privacy export --person ID -o FILE.zip    everything held about one person (exit 2: unknown person)
    jetpm privacy purge [--dry-run] [--today YYYY-MM-DD]
                                                    apply the retention schedules (exit 2: a bad date)
    jetpm privacy schedule                          book the daily purge in the task worker, unless booked

The export and every purge are audit events; a dry run prints what would go, per kind, and writes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from jetpm.core import purge, retention
from jetpm.core.management.booking import book_daily
from jetpm.core.models import Person, RetentionSchedule
from jetpm.core.privacy import export_person
from jetpm.core.scoping import OPERATOR
from jetpm.core.states import PurgeTrigger, RecordKind

EXIT_INPUT = 2
# What one unit of each kind is, in the purge's report.
UNITS = {
    retention.UNSUCCESSFUL_APPLICANT: "applications",
    retention.UNUSED_ACCOUNT: "persons",
    retention.APPLICANT_DOCUMENTS: "documents",
    retention.REFEREE_LETTERS: "referees",
    retention.REVIEWS: "reviews",
    retention.PARTICIPANT: "participants",
    retention.ALUMNUS_WITHDRAWN: "persons",
    retention.SIGN_IN_RECORDS: "records",
    retention.EXPIRED_SESSIONS: "sessions",
    retention.ORPHAN_FILES: "files",
}


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value}: not a date (YYYY-MM-DD)", returncode=EXIT_INPUT) from None


def report(outcome: purge.Outcome) -> str:
    """The counts per kind as an aligned table, in English whatever the installation's language (scripts
    read it)."""
    with translation.override("en"):
        labels = {kind: str(label) for kind, label in RecordKind.choices}
    actions = {s.kind: s.action for s in RetentionSchedule.objects.all()}
    rows = [
        [
            f"{labels[kind]} ({UNITS[kind]})",
            actions.get(kind, "-"),
            str(outcome.due.get(kind, 0)),
            str(outcome.held.get(kind, 0)),
        ]
        for kind in retention.KINDS
    ]
    header = ["kind", "action", "due" if outcome.dry_run else "done", "kept under hold"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    what = "what would go (dry run: nothing was changed)" if outcome.dry_run else "applied"
    out = [f"Retention purge as of {outcome.today:%Y-%m-%d}: {what}", line(header)]
    out += [line(r) for r in rows]
    out.append(f"persons anonymised: {outcome.persons}; persons kept under hold: {outcome.held_persons}")
    if not outcome.dry_run:
        out.append(f"files removed: {outcome.files}; audit event: privacy.purge (run {outcome.run_id})")
    return "\n".join(out) + "\n"


class Command(BaseCommand):
    help = "Personal data: export everything held about one person; apply the retention schedules."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        e = sub.add_parser("export", help="a ZIP of the person's records and uploaded files")
        e.add_argument("--person", type=int, required=True, help="the person's id")
        e.add_argument("-o", "--output", required=True, help="the ZIP file to write")
        p = sub.add_parser("purge", help="anonymise or delete the personal data past its retention period")
        p.add_argument("--dry-run", action="store_true", help="print what would go, per kind; change nothing")
        p.add_argument("--today", help="apply the schedules as of this day (YYYY-MM-DD; default: today)")
        sub.add_parser("schedule", help="book the daily purge in the background-task worker (idempotent)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "purge":
            self._purge(options)
        elif options["action"] == "schedule":
            self._schedule()
        else:
            self._export(options)

    def _export(self, options: dict[str, Any]) -> None:
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

    def _purge(self, options: dict[str, Any]) -> None:
        real_today = timezone.localdate()
        today = _date(options["today"]) if options["today"] else real_today
        if options["dry_run"]:
            self.stdout.write(report(purge.plan(today=today)), ending="")
            return
        if today > real_today:
            self.stderr.write(
                f"--today {today:%Y-%m-%d} is after today ({real_today:%Y-%m-%d}): the periods end early for "
                "this run (a rehearsal on a copy of the data)."
            )
        outcome = purge.purge(actor=None, today=today, trigger=PurgeTrigger.COMMAND)
        self.stdout.write(report(outcome), ending="")

    def _schedule(self) -> None:
        from jetpm.core.tasks import ensure_scheduled, run_time

        book_daily(self.stdout, what="daily purge", ensure=ensure_scheduled, run_time=run_time)
