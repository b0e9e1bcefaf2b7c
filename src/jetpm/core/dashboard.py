"""The home dashboard: the open windows and the user's next tasks.

Each app contributes tasks with :func:`task_provider`; a provider receives the user, their scope and the
day, and returns :class:`Task` items. Core's provider turns the open calendar windows into tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from jetpm.core.calendar import Window, fiscal_year_label
from jetpm.core.scoping import Scope, scope_of
from jetpm.core.states import MilestoneKind, OrgKind, Role


@dataclass(frozen=True)
class Task:
    title: str
    due: date | None = None
    url: str = ""
    priority: int = 50  # lower comes first


Provider = Callable[[Any, Scope, date, list[Window]], list[Task]]
_PROVIDERS: list[Provider] = []


def task_provider(fn: Provider) -> Provider:
    _PROVIDERS.append(fn)
    return fn


def tasks_for(user: Any, today: date, windows: list[Window]) -> list[Task]:
    scope = scope_of(user)
    tasks: list[Task] = []
    for provider in _PROVIDERS:
        tasks.extend(provider(user, scope, today, windows))
    return sorted(tasks, key=lambda t: (t.priority, t.due or date.max, t.title))


# Which milestone asks something of whom: (who may act, the task's wording).
def _who_acts(scope: Scope, kind: str) -> bool:
    if kind == MilestoneKind.REQUESTS:
        return bool(scope.co_ids or scope.host_ids) or scope.has_role(
            Role.STAFF, kinds={OrgKind.MIC, OrgKind.CLAIR}
        )
    if kind in (MilestoneKind.INFO_SESSIONS, MilestoneKind.INTAKE, MilestoneKind.SCREENING):
        return bool(scope.mission_ids or scope.panelist_mission_ids) or scope.has_role(
            Role.STAFF, kinds={OrgKind.MOFA}
        )
    if kind == MilestoneKind.RESULTS:
        return scope.national or bool(scope.mission_ids)
    if kind in (MilestoneKind.PREDEPARTURE, MilestoneKind.ARRIVAL):
        return bool(scope.mission_ids or scope.co_ids or scope.host_ids) or scope.national
    return False


def _wording(kind: str) -> str:
    # The literal strings are marked for translation here so makemessages finds them.
    return {
        MilestoneKind.REQUESTS: _("Submit the requests for %(year)s by %(date)s"),
        MilestoneKind.INFO_SESSIONS: _("Hold information sessions for %(year)s until %(date)s"),
        MilestoneKind.INTAKE: _("Application intake for %(year)s closes on %(date)s"),
        MilestoneKind.SCREENING: _("Finish screening and interviews for %(year)s by %(date)s"),
        MilestoneKind.RESULTS: _("Publish the results for %(year)s by %(date)s"),
        MilestoneKind.PREDEPARTURE: _("Prepare pre-departure orientation for %(year)s by %(date)s"),
        MilestoneKind.ARRIVAL: _("Arrivals of %(year)s until %(date)s"),
    }[MilestoneKind(kind)]


@task_provider
def calendar_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    from django.utils.formats import date_format

    tasks = []
    for w in windows:
        if scope.person_id is not None and not scope.roles:
            if w.kind == MilestoneKind.INTAKE:
                tasks.append(
                    Task(
                        _("Applications for %(year)s are open until %(date)s")
                        % {"year": fiscal_year_label(w.intake_year), "date": date_format(w.ends_on)},
                        due=w.ends_on,
                        priority=10,
                    )
                )
            continue
        if _who_acts(scope, w.kind):
            tasks.append(
                Task(
                    _wording(w.kind)
                    % {"year": fiscal_year_label(w.intake_year), "date": date_format(w.ends_on)},
                    due=w.ends_on,
                    priority=20,
                )
            )
    if scope.panelist_mission_ids and not scope.mission_ids:
        tasks.append(Task(_("No applications are assigned to your panel yet."), priority=90))
    return tasks
