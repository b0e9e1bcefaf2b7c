"""``jetpm placement solve INSTANCE.json --mode optimal|stable [-o RESULT.json]``.

The contract is the placement instance and result format (formats/placement.md); the engine is
:mod:`jetpm.placement.engine`. INSTANCE may be ``-`` for standard input. The result JSON goes to RESULT,
or to standard output. Every error (unreadable file, invalid JSON, a bad instance) is one message on
standard error and exit code 2; nothing is written then. The command needs no database.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm import jsonfiles
from jetpm.placement.engine import MODES, InstanceError, parse_instance, solve, to_output

EXIT_INPUT = jsonfiles.EXIT_INPUT


class Command(BaseCommand):
    help = "Placement tools. `jetpm placement solve INSTANCE.json --mode optimal|stable [-o RESULT.json]`."
    requires_system_checks: list[str] = []  # a pure function of its input: no database, no checks

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        solve_parser = sub.add_parser(
            "solve",
            help="place participants with positions (JSON instance in, JSON result out)",
            description="Place the participants of INSTANCE: `stable` (participant-proposing deferred "
            "acceptance) or `optimal` (most placed, then least preference cost, partners together). "
            "Format: /work/shared/formats/placement.md. Exit code 2 on a malformed instance.",
        )
        solve_parser.add_argument("input", metavar="INSTANCE", help="the instance JSON file (- for stdin)")
        solve_parser.add_argument("--mode", required=True, choices=MODES, help="optimal or stable")
        solve_parser.add_argument(
            "-o", "--output", metavar="RESULT", default=None, help="write the result here (default: stdout)"
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "solve":
            self._solve(options["input"], options["mode"], options["output"])
        else:  # pragma: no cover - argparse rejects unknown subcommands
            raise CommandError(f"unknown subcommand {subcommand!r}", returncode=EXIT_INPUT)

    def _solve(self, source: str, mode: str, target: str | None) -> None:
        data = jsonfiles.read_json(source)
        try:
            instance = parse_instance(data)
        except InstanceError as exc:
            raise CommandError(f"{source}: {exc}", returncode=EXIT_INPUT) from exc
        result = solve(instance, mode)
        text = json.dumps(to_output(result), ensure_ascii=False, indent=2) + "\n"
        jsonfiles.write_text(text, target, self.stdout)
