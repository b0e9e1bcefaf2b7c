"""``jetpm plan apportion INPUT.json [-o OUTPUT.json]``: the country plan's apportionment as a pure function.

The contract is /work/shared/formats/apportionment.md; the method is :mod:`jetpm.planning.apportionment`.
INPUT may be ``-`` for standard input. The output JSON goes to OUTPUT, or to standard output. Every error
(unreadable file, invalid JSON, impossible input) is one message on standard error and exit code 2; nothing
is written then. The command needs no database.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm import jsonfiles
from jetpm.planning.apportionment import ApportionmentError, apportion, parse_input, to_output

EXIT_INPUT = jsonfiles.EXIT_INPUT


class Command(BaseCommand):
    help = "Country recruitment plan tools. `jetpm plan apportion INPUT.json [-o OUTPUT.json]`."
    requires_system_checks: list[str] = []  # a pure function of its input: no database, no checks

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        apportion_parser = sub.add_parser(
            "apportion",
            help="divide a total among shares by a published apportionment method (JSON in, JSON out)",
            description="Divide `total` among the shares of INPUT by its `method` (hamilton, dhondt, "
            "sainte-lague, huntington-hill, adams), respecting each share's min and max. Format: "
            "/work/shared/formats/apportionment.md. Exit code 2 on an impossible or malformed input.",
        )
        apportion_parser.add_argument("input", metavar="INPUT", help="the input JSON file (- for stdin)")
        apportion_parser.add_argument(
            "-o", "--output", metavar="OUTPUT", default=None, help="write the result here (default: stdout)"
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "apportion":
            self._apportion(options["input"], options["output"])
        else:  # pragma: no cover - argparse rejects unknown subcommands
            raise CommandError(f"unknown subcommand {subcommand!r}", returncode=EXIT_INPUT)

    def _apportion(self, source: str, target: str | None) -> None:
        data = jsonfiles.read_json(source)
        try:
            total, method, shares = parse_input(data)
            result = apportion(total, method, shares)
        except ApportionmentError as exc:
            raise CommandError(f"{source}: {exc}", returncode=EXIT_INPUT) from exc
        text = json.dumps(to_output(result), ensure_ascii=False, indent=2) + "\n"
        jsonfiles.write_text(text, target, self.stdout)
