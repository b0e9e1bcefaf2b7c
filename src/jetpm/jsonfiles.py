"""JSON documents in and out of the project's command-line tools (``jetpm plan apportion``,
``jetpm placement solve``): strict reading (no duplicate keys, no NaN), whole-file writing, and every failure
as one message with exit code 2, as the interchange contracts in shared/formats/ require."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

EXIT_INPUT = 2


class _StrictJSONError(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _StrictJSONError(f"duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise _StrictJSONError(f"{name} is not a valid JSON number")


def read_json(source: str) -> Any:
    """Decode the JSON document at ``source`` (``-``: standard input); CommandError (exit 2) on failure."""
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
            text.removeprefix("\ufeff"), object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{source} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            returncode=EXIT_INPUT,
        ) from exc
    except _StrictJSONError as exc:
        raise CommandError(f"{source} is not valid JSON: {exc}", returncode=EXIT_INPUT) from exc


def write_text(text: str, target: str | None, stdout: Any) -> None:
    """Write ``text`` to ``target`` whole (a temporary file renamed into place, with the usual permissions),
    or to ``stdout`` when there is no target or it is ``-``."""
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
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CommandError(f"cannot write {target}: {exc.strerror or exc}", returncode=EXIT_INPUT) from exc
