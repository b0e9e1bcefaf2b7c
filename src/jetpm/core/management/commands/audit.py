"""``jetpm audit verify``: recompute the audit log's hash chain (shared/formats/trust.md).

Intact: prints ``N events verified`` and exits 0. Otherwise exits 1 and prints the id of the first event
whose hash or link does not match (or that events are missing at the end of the chain).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jetpm.core.audit import verify_chain


class Command(BaseCommand):
    help = "The audit log: verify its hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute the hash chain from the first event")

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify_chain()
        if verdict.intact:
            self.stdout.write(f"{verdict.verified} events verified")
            return
        if verdict.first_bad_id is not None:
            self.stdout.write(f"event {verdict.first_bad_id} does not match: {verdict.reason}")
        else:
            self.stdout.write(f"{verdict.reason} (after {verdict.verified} events)")
        self.stdout.flush()
        sys.exit(1)
