"""The placement engine: pure Python (no Django), dataclasses in and out.

Contract: the placement instance and result format (``jetpm placement solve``). ``stable`` is the
participant-optimal stable matching (:mod:`.stable`), ``optimal`` the exact lexicographic optimum — most
placed, then least total preference cost, partners in one prefecture when both placed (:mod:`.optimal`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from .index import Index, build_index
from .model import Instance, InstanceError, Participant, Position, eligible, parse_instance
from .optimal import SolverError, solve_optimal
from .stable import solve_stable
from .summary import summarise

Mode = Literal["optimal", "stable"]
MODES: tuple[str, ...] = ("optimal", "stable")

__all__ = [
    "MODES",
    "Instance",
    "InstanceError",
    "Mode",
    "Participant",
    "Position",
    "Result",
    "SolverError",
    "eligible",
    "parse_instance",
    "solve",
    "to_output",
]


@dataclass(frozen=True, slots=True)
class Result:
    mode: str
    assignments: dict[str, str]  # participant id -> position id, participants in input order
    unassigned: list[str]  # sorted
    summary: dict[str, Any] = field(default_factory=dict)


def solve(instance: Instance, mode: str) -> Result:
    """Place ``instance``'s participants in ``mode`` ("optimal" or "stable")."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    start = time.perf_counter()
    ix: Index = build_index(instance)
    assigned = solve_optimal(ix) if mode == "optimal" else solve_stable(ix)
    summary: dict[str, Any] = summarise(ix, assigned)
    summary["seconds"] = round(time.perf_counter() - start, 3)
    assignments = {
        p.id: ix.positions[j].id for p, j in zip(instance.participants, assigned, strict=True) if j >= 0
    }
    unassigned = sorted(p.id for p, j in zip(instance.participants, assigned, strict=True) if j < 0)
    return Result(mode=mode, assignments=assignments, unassigned=unassigned, summary=summary)


def to_output(result: Result) -> dict[str, Any]:
    """The result as the contract's JSON object."""
    return {
        "mode": result.mode,
        "assignments": dict(result.assignments),
        "unassigned": list(result.unassigned),
        "summary": dict(result.summary),
    }
