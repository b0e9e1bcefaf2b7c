"""``jetpm placement solve INSTANCE.json --mode optimal|stable [-o RESULT.json]``;
``jetpm placement recover-stalled``.

The contract is the placement instance and result format (formats/placement.md); the engine is
:mod:`jetpm.placement.engine`. INSTANCE may be ``-`` for standard input. The result JSON goes to RESULT,
or to standard output. Every error (unreadable file, invalid JSON, a bad instance) is one message on
standard error and exit code 2; nothing is written then. ``solve`` needs no database.

``recover-stalled`` records as failed every placement run whose background worker stopped giving signs of
life (killed, machine lost; ``JETPM_PLACEMENT_STALLED_AFTER`` seconds, default 120), one line per run, so
that it shows as failed and can be started again. Exit 0, also when there is none. Run it from cron, or
before a worker starts (docs/operations.md).
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
        sub.add_parser(
            "recover-stalled",
            help="record as failed the runs whose background worker stopped (they can be started again)",
            description="Record as failed every running placement run whose worker gave no sign of life "
            "for JETPM_PLACEMENT_STALLED_AFTER seconds, so that it can be started again.",
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "solve":
            self._solve(options["input"], options["mode"], options["output"])
        elif subcommand == "recover-stalled":
            self._recover()
        else:  # pragma: no cover - argparse rejects unknown subcommands
            raise CommandError(f"unknown subcommand {subcommand!r}", returncode=EXIT_INPUT)

    def _recover(self) -> None:
        from jetpm.placement.services.runs import fail_stalled

        lost = fail_stalled()
        for run in lost:
            self.stdout.write(f"placement run {run.pk} ({run}): its worker stopped; marked failed")
        self.stdout.write(f"{len(lost)} stalled placement runs")

    def _solve(self, source: str, mode: str, target: str | None) -> None:
        data = jsonfiles.read_json(source)
        try:
            instance = parse_instance(data)
        except InstanceError as exc:
            raise CommandError(f"{source}: {exc}", returncode=EXIT_INPUT) from exc
        result = solve(instance, mode)
        text = json.dumps(to_output(result), ensure_ascii=False, indent=2) + "\n"
        jsonfiles.write_text(text, target, self.stdout)
