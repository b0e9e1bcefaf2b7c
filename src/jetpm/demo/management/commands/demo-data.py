"""``jetpm demo-data --scale small|full --seed N [--if-empty]``: load the deterministic demo world.

(The file name has a hyphen so that the command is ``demo-data``: Django imports commands by file name.)
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.core.models import Organisation
from jetpm.demo.generator import SCALES, DemoWorldError, DemoWorldExists, build_world, existing_data


class ProgressBar:
    """A textual progress bar on stderr: redrawn in place on a terminal, one line per stage otherwise."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()
        self.last_label = ""

    def __call__(self, fraction: float, label: str) -> None:
        if not self.tty and label == self.last_label:
            return
        self.last_label = label
        filled = round(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {fraction * 100:3.0f}% {label}"
        if self.tty:
            self.stream.write("\r" + line.ljust(self.width + 40))
            if fraction >= 1.0:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Load the deterministic demo world (FY2024 organisations, logins, persons) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="full",
            help="full: about 984 contracting organisations; small: the same structure, smaller "
            "(for tests). Default: full.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed: the same seed builds the same world."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and succeed) when the database already holds organisations.",
        )

    def handle(self, *args: Any, scale: str, seed: int, if_empty: bool, **options: Any) -> None:
        n_orgs = Organisation.objects.count()
        if n_orgs and if_empty:
            self.stdout.write(f"The demo world is already loaded ({n_orgs} organisations); nothing to do.")
            return
        why = existing_data()
        if why is not None:
            raise CommandError(self._refusal(why))
        progress = ProgressBar(sys.stderr) if options["verbosity"] >= 1 else None
        started = time.perf_counter()
        try:
            summary = build_world(scale=scale, seed=seed, progress=progress)
        except DemoWorldExists as exc:
            raise CommandError(self._refusal(str(exc))) from exc
        except DemoWorldError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world loaded (scale {summary.scale}, seed {summary.seed}) in {elapsed:.1f} s."
            )
        )
        if options["verbosity"] >= 1:
            width = max(len(k) for k in summary.counts)
            for label, n in summary.counts.items():
                self.stdout.write(f"  {label.ljust(width)}  {n:>6}")
            self.stdout.write("Demo logins: jetpm demo-logins")

    @staticmethod
    def _refusal(why: str) -> str:
        return (
            f"The database is not empty ({why}): demo-data loads only into a fresh, migrated database and "
            "has written nothing. Use a fresh database (for example "
            "DATABASE_URL=sqlite:////tmp/jetpm-demo.sqlite3 jetpm migrate, then jetpm demo-data), "
            "or pass --if-empty to keep the data already there."
        )
