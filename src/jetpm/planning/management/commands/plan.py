"""``jetpm plan apportion INPUT.json [-o OUTPUT.json]``: the country plan's apportionment as a pure function.

The contract is /work/shared/formats/apportionment.md; the method is :mod:`jetpm.planning.apportionment`.
INPUT may be ``-`` for standard input. The output JSON goes to OUTPUT, or to standard output. Every error
(unreadable file, invalid JSON, impossible input) is one message on standard error and exit code 2; nothing
is written then. The command needs no database.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jetpm.planning.apportionment import ApportionmentError, apportion, parse_input, to_output

EXIT_INPUT = 2


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ApportionmentError(f"duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ApportionmentError(f"{name} is not a valid JSON number")


def read_input(source: str) -> Any:
    """Decode the JSON document at ``source`` (``-``: standard input); ``CommandError`` on failure."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CommandError(f"cannot read {source}: no such file", returncode=EXIT_INPUT) from exc
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"cannot read {source}: not UTF-8 text ({exc.reason})", returncode=EXIT_INPUT
        ) from exc
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror or exc}", returncode=EXIT_INPUT) from exc
    try:
        return json.loads(
            text.removeprefix("\ufeff"),
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{source} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            returncode=EXIT_INPUT,
        ) from exc
    except ApportionmentError as exc:
        raise CommandError(f"{source} is not valid JSON: {exc}", returncode=EXIT_INPUT) from exc


def write_output(text: str, target: str | None, stdout: Any) -> None:
    """Write ``text`` to ``target`` whole (a temporary file renamed into place), or to ``stdout``."""
    if target is None or target == "-":
        stdout.write(text, ending="")
        return
    path = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror or exc}", returncode=EXIT_INPUT) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CommandError(f"cannot write {target}: {exc.strerror or exc}", returncode=EXIT_INPUT) from exc


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
        data = read_input(source)
        try:
            total, method, shares = parse_input(data)
            result = apportion(total, method, shares)
        except ApportionmentError as exc:
            raise CommandError(f"{source}: {exc}", returncode=EXIT_INPUT) from exc
        text = json.dumps(to_output(result), ensure_ascii=False, indent=2) + "\n"
        write_output(text, target, self.stdout)
