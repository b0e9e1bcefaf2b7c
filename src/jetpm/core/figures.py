"""The registry of ``jetpm stats`` tables (formats/participant-history.md, formats/programme-figures.md).

Each stage registers its tables (in its AppConfig.ready) with the arguments they take and a function from
the parsed options to a header and rows; the ``stats`` command (jetpm/stats) lists them as subcommands and
prints CSV or an aligned table. So a new stage adds a table without touching the command or an earlier
stage. The argument types here give the contracts' message for a bad value (exit 2).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

FIRST_FY, LAST_FY = 1987, 2100

Rows = tuple[Sequence[str], list[list[Any]]]


@dataclass(frozen=True)
class Table:
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    compute: Callable[[dict[str, Any]], Rows]


TABLES: dict[str, Table] = {}


class BadArguments(ValueError):
    """Arguments that parse but do not make sense together (the command exits 2 with the message)."""


def register(table: Table) -> Table:
    if table.name in TABLES and TABLES[table.name] is not table:
        raise ValueError(f"a stats table named {table.name!r} is registered twice")
    TABLES[table.name] = table
    return table


def fiscal_year(value: str) -> int:
    """An argparse type: a fiscal year between 1987 and 2100."""
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a year") from None
    if not FIRST_FY <= year <= LAST_FY:
        raise argparse.ArgumentTypeError(f"{year} is outside {FIRST_FY}–{LAST_FY}")
    return year


def day(value: str) -> date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def text_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """An aligned table for people: text left, numbers right."""
    body = [[("" if c is None else str(c)) for c in r] for r in rows]
    numeric = [all(r[i] == "" or r[i].lstrip("-").isdigit() for r in body) for i in range(len(header))]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    out = [line(list(header)), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in body)
    return "\n".join(out) + "\n"
