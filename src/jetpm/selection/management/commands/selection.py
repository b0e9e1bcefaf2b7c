"""``jetpm selection expire-offers [--today YYYY-MM-DD]``: lapse every open offer whose reply deadline has
passed (the application moves ``shortlisted → declined`` as the platform; the place shows as freed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.selection.services.offers import lapse_offers


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: {value!r} is not a date (YYYY-MM-DD)", returncode=2) from exc


class Command(BaseCommand):
    help = "Final selection tools. `jetpm selection expire-offers [--today YYYY-MM-DD]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        expire = sub.add_parser(
            "expire-offers",
            help="lapse the open offers whose reply deadline has passed",
            description="Lapse every open offer whose deadline is before TODAY (default: today): the "
            "short-listed candidate is marked declined by the platform and the place is freed "
            "for an upgrade.",
        )
        expire.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="the day to judge by")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand != "expire-offers":  # pragma: no cover - argparse rejects unknown subcommands
            raise CommandError(f"unknown subcommand {subcommand!r}", returncode=2)
        today = _day(options["today"]) if options["today"] else None
        done = lapse_offers(actor=None, today=today)
        for ref in done:
            self.stdout.write(f"lapsed {ref}")
        self.stdout.write(f"{len(done)} offers lapsed")
