"""The audit log's hash chain (shared/formats/trust.md):

    jetpm audit verify      recompute the chain from the first event
    jetpm audit schedule    book the daily verification in the task worker, unless booked

``verify``: intact, prints ``N events verified`` and exits 0; otherwise exits 1 and prints the id of the first
event whose hash or link does not match (or that events are missing at the end of the chain). Every run is
recorded (core.ChainVerification) and listed on the chain's page, ``/audit/chain/``.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jetpm.core import chain
from jetpm.core.management.booking import book_daily
from jetpm.core.services_chain import run_verification
from jetpm.core.states import VerificationTrigger


class Command(BaseCommand):
    help = "The audit log: verify its hash chain; book its daily verification."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute the hash chain from the first event")
        sub.add_parser(
            "schedule", help="book the daily verification in the background-task worker (idempotent)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "schedule":
            self._schedule()
            return
        row = run_verification(trigger=VerificationTrigger.COMMAND)
        if row.intact:
            self.stdout.write(f"{row.verified} events verified")
            return
        reason = chain.REASONS.get(row.problem, row.problem)  # in English: scripts read it
        if row.first_bad_event_id is not None:
            self.stdout.write(f"event {row.first_bad_event_id} does not match: {reason}")
        else:
            self.stdout.write(f"{reason} (after {row.verified} events)")
        self.stdout.flush()
        sys.exit(1)

    def _schedule(self) -> None:
        from jetpm.core.tasks import ensure_verification_scheduled, verification_time

        book_daily(
            self.stdout,
            what="daily verification",
            ensure=ensure_verification_scheduled,
            run_time=verification_time,
        )
