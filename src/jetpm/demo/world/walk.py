"""The demo's records reach their statuses through the workflow layer (``core/workflow.py``).

A step creates its records in the status the workflow creates them in and plans, for each, the statuses it
then goes through (:meth:`Walk.plan`); :meth:`Walk.run` takes them there with
:func:`jetpm.core.workflow.perform_bulk`, one call per transition and depth, so that every step is checked
against the workflow's table and recorded as the audit event a service would record (dated as the demo's story
dates it). :func:`route` finds the statuses between two stops by the table (the shortest way), so a step
names only where a record starts, where it passes and where it ends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.utils import translation

from jetpm.core import workflow
from jetpm.core.workflow import Workflow


def route(wf: Workflow, *stops: str) -> list[str]:
    """The statuses from ``stops[0]`` through every stop in turn, by the fewest transitions of the table."""
    table = workflow.table(wf)
    out = [str(stops[0])]
    for stop in stops[1:]:
        start, goal = out[-1], str(stop)
        if start == goal:
            continue
        previous: dict[str, str] = {}
        todo = [start]
        while todo and goal not in previous:
            nxt: list[str] = []
            for s in todo:
                for t in sorted(table.get(s, ())):
                    if t not in previous and t != start:
                        previous[t] = s
                        nxt.append(t)
            todo = nxt
        if goal not in previous:
            raise ValueError(f"{wf.key}: no way from {start} to {goal}")
        way = [goal]
        while way[-1] != start:
            way.append(previous[way[-1]])
        out += reversed(way[:-1])
    return out


class Walk:
    """Records of one workflow and the statuses each goes through (after the one it is created in)."""

    def __init__(self, wf: Workflow) -> None:
        self.wf = wf
        self.rows: list[Any] = []
        self.paths: list[list[str]] = []
        self.reasons: list[str] = []

    def plan(self, row: Any, path: Sequence[str], *, reason: str = "") -> None:
        """Create ``row`` in ``path[0]`` (call before writing it) and take it through the rest of ``path``;
        ``reason`` goes with the last step (the reason the record keeps)."""
        setattr(row, self.wf.field, str(path[0]))
        self.rows.append(row)
        self.paths.append([str(s) for s in path])
        self.reasons.append(reason)

    def run(
        self, *, when: datetime | Callable[[Any, str], datetime | None], actor: Any = workflow.SYSTEM
    ) -> int:
        """Take every planned row along its path (the rows are written already). A step is dated by the time
        the row holds in the step's time stamp (``submitted_at`` of a submission), else by ``when`` (a time,
        or ``when(row, status)`` for the step into ``status``). Returns the number of steps taken."""

        def at(row: Any, t: workflow.Transition) -> datetime:
            for stamp, what in t.stamps.items():
                value = getattr(row, stamp, None)
                if what == workflow.NOW and isinstance(value, datetime):
                    return value
            value = when(row, t.target) if callable(when) else when
            if value is None:
                raise ValueError(f"{self.wf.key}: no time for the step {t.name} of {row}")
            return value

        taken = 0
        depth = 1
        while True:
            groups: dict[str, list[int]] = defaultdict(list)
            for i, path in enumerate(self.paths):
                if len(path) > depth:
                    name = workflow.step_between(self.wf, path[depth - 1], path[depth])
                    if name is None:
                        raise ValueError(f"{self.wf.key}: no step from {path[depth - 1]} to {path[depth]}")
                    groups[name].append(i)
            if not groups:
                return taken
            for name, indexes in sorted(groups.items()):
                last = {id(self.rows[i]): i for i in indexes if len(self.paths[i]) == depth + 1}
                reasons = {key: self.reasons[i] for key, i in last.items()}
                t = self.wf.get(name)
                # The records' names in the audit log are written in English, as the demo's other records'
                # (the command runs in Japanese: a mission's name would be Japanese on the English pages).
                with translation.override("en"):
                    workflow.perform_bulk(
                        self.wf,
                        [self.rows[i] for i in indexes],
                        name,
                        actor=actor,
                        reason_of=lambda row, reasons=reasons: reasons.get(id(row), ""),  # type: ignore[misc]
                        at_of=lambda row, t=t: at(row, t),  # type: ignore[misc]
                    )
                taken += len(indexes)
            depth += 1
