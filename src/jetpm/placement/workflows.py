"""Placement's workflow (core/workflow.py): a run is built as a draft, solved in the background (running →
ready, or failed with the reason), published once reviewed, and superseded by a correction's run."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow, nobody
from jetpm.placement.permissions import can_decline, can_manage_runs, can_read_notice, can_view_runs
from jetpm.placement.states import ADJUSTABLE
from jetpm.placement.states import RunStatus as R


def _manager(scope: Scope, run: Any) -> bool:
    return can_manage_runs(scope)


def _enqueue(run: Any, actor: Any) -> None:
    """Hand the run to the background worker (after the commit that set it running)."""
    from jetpm.placement.tasks import solve_run  # the task module imports the services

    solve_run.enqueue(run.pk, run.attempt)


MANAGERS_ONLY = gettext_lazy("Only CLAIR's staff may build, adjust and publish placement runs.")

RUNS = Workflow(
    key="placement_run",
    model="placement.PlacementRun",
    highlight=frozenset({R.PUBLISHED, R.READY}),
    transitions=(
        Transition(
            "start",
            {R.DRAFT, R.FAILED, R.READY},
            R.RUNNING,
            who=_manager,
            label=gettext_lazy("Run the engine"),
            audit_action="placement.run.start",
            stamps={"started_at": NOW},
            notify=_enqueue,
            denied=MANAGERS_ONLY,
        ),
        Transition(
            "solved",
            {R.RUNNING},
            R.READY,
            who=nobody,
            label=gettext_lazy("Ready for review"),
            audit_action="placement.run.solved",
            stamps={"finished_at": NOW},
        ),
        Transition(
            "fail",
            {R.RUNNING},
            R.FAILED,
            who=nobody,
            label=gettext_lazy("Failed"),
            audit_action="placement.run.fail",
            stamps={"finished_at": NOW},
        ),
        Transition(
            "publish",
            {R.READY},
            R.PUBLISHED,
            who=_manager,
            label=gettext_lazy("Publish"),
            audit_action="placement.run.publish",
            stamps={"published_at": NOW, "published_by": ACTOR},
            denied=MANAGERS_ONLY,
            confirm=True,
        ),
        Transition(
            "supersede",
            {R.PUBLISHED},
            R.SUPERSEDED,
            who=_manager,
            label=gettext_lazy("Supersede"),
            audit_action="placement.run.supersede",
            denied=MANAGERS_ONLY,
        ),
    ),
)

WORKFLOWS = (RUNS,)


def _reader(scope: Scope, run: Any) -> bool:
    return can_view_runs(scope)


def _adjuster(scope: Scope, run: Any) -> bool:
    """CLAIR's staff, on a run not yet published (a draft or one ready for review) that has its instance."""
    return can_manage_runs(scope) and run.status in ADJUSTABLE


def _decliner(scope: Scope, placement: Any) -> bool:
    return can_decline(scope, placement.application)


def _notice_reader(scope: Scope, placement: Any) -> bool:
    return can_read_notice(scope, placement.application)


# The named permissions of a run and of a published placement (``access_<x>(user, id, action=…)``).
RUN_ACTIONS = Actions(workflow=RUNS, view=_reader, manage=_manager, adjust=_adjuster)
PLACEMENT_ACTIONS = Actions(decline=_decliner, notice=_notice_reader)
