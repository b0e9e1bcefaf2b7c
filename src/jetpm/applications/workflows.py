"""The application's workflow (core/workflow.py), built from the table in ``applications/states.py``: from
each status, the statuses it may go to and the actors who may move it there (the applicant, the mission,
HQ, CLAIR as the placing body, or the platform). Every move keeps its reason in ``status_reason`` and stamps
``status_changed_at``; the moves in ``REASON_REQUIRED`` refuse an empty reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jetpm.applications.permissions import actors_of, can_apply, can_manage_intake, can_view_intake
from jetpm.applications.states import ALLOWED, REASON_REQUIRED, Actor, ApplicationStatus
from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.workflow import NOW, Transition, Workflow


def acting_as(actors: frozenset[str]) -> Callable[[Scope, Any], bool]:
    """A predicate: the user may act on the application as one of ``actors``."""

    def may(scope: Scope, application: Any) -> bool:
        return bool(actors_of(scope, application) & actors)

    may.__doc__ = f"acting as one of {sorted(actors)}"
    return may


def _transitions() -> tuple[Transition, ...]:
    # one transition per target and set of actors, with every status it may start from
    groups: dict[tuple[str, frozenset[str]], set[str]] = {}
    for source, targets in ALLOWED.items():
        for target, actors in targets.items():
            groups.setdefault((str(target), frozenset(actors)), set()).add(str(source))
    out: list[Transition] = []
    seen: dict[str, int] = {}
    for (target, actors), sources in sorted(groups.items(), key=lambda g: (g[0][0], sorted(g[0][1]))):
        seen[target] = seen.get(target, 0) + 1
        name = target if seen[target] == 1 else f"{target}_{seen[target]}"
        out.append(
            Transition(
                name,
                sources,
                target,
                who=acting_as(actors - {Actor.SYSTEM}),
                label=ApplicationStatus(target).label,
                audit_action="application.status",
                stamps={"status_changed_at": NOW},
                reason_field="status_reason",
                reason_required=target in REASON_REQUIRED,
            )
        )
    return tuple(out)


APPLICATIONS = Workflow(
    key="application",
    model="applications.Application",
    audit_target=lambda application: {
        "organisation": application.mission_id,
        "person": application.person_id,
    },
    transitions=_transitions(),
)

WORKFLOWS = (APPLICATIONS,)

# What a page may do with an application: its transitions (by name) and the named permissions of its pages.
APPLICATION_ACTIONS = Actions(
    workflow=APPLICATIONS,
    apply=lambda scope, application: can_apply(scope),  # the applicant portal (their own applications)
    view=lambda scope, application: can_view_intake(scope),  # the missions' intake pages
    manage=can_manage_intake,  # document problems, uploads, eligibility, withdrawal, disqualification
)
