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


def _calendar_task(scope: Scope, kind: str) -> str | None:
    """What an open window asks of this user, in words fitting their role; None when it asks nothing.

    The requests are collected by MIC and CLAIR (what each contracting or host organisation still has to do
    comes from jetpm.planning's tasks, which know its requests); recruitment, screening, the results and the
    pre-departure orientations are MOFA's and the missions' (a panelist's reviews come from
    jetpm.screening's tasks); the arrivals concern the bodies in Japan that receive the participants."""
    mofa = scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.MOFA})
    in_japan = scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.MIC, OrgKind.MEXT, OrgKind.CLAIR})
    if kind == MilestoneKind.REQUESTS:
        if scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.MIC, OrgKind.CLAIR}):
            return _("Requests for %(year)s are being collected until %(date)s")
    elif kind == MilestoneKind.INFO_SESSIONS and (scope.mission_ids or mofa):
        return _("Hold information sessions for %(year)s until %(date)s")
    elif kind == MilestoneKind.INTAKE and (scope.mission_ids or mofa):
        return _("Application intake for %(year)s closes on %(date)s")
    elif kind == MilestoneKind.SCREENING and (scope.mission_ids or mofa):
        return _("Finish screening and interviews for %(year)s by %(date)s")
    elif kind == MilestoneKind.RESULTS and mofa:
        return _("Publish the results for %(year)s by %(date)s")
    elif kind == MilestoneKind.PREDEPARTURE_APRIL and (scope.mission_ids or mofa):
        return _("Prepare the pre-departure orientation for the April arrivals of %(year)s by %(date)s")
    elif kind == MilestoneKind.PREDEPARTURE and (scope.mission_ids or mofa):
        return _("Prepare pre-departure orientation for %(year)s by %(date)s")
    elif kind == MilestoneKind.ARRIVAL_APRIL and (in_japan or scope.co_ids or scope.host_ids):
        return _("April arrivals of %(year)s until %(date)s")
    elif kind == MilestoneKind.ARRIVAL and (in_japan or scope.co_ids or scope.host_ids):
        return _("Arrivals of %(year)s until %(date)s")
    return None


@task_provider
def calendar_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    from django.utils.formats import date_format

    tasks: list[Task] = []
    if scope.person_id is not None and not scope.roles:
        return tasks  # a person's own tasks come from the apps that hold their records
    for w in windows:
        text = _calendar_task(scope, w.kind)
        if text is not None:
            tasks.append(
                Task(
                    text % {"year": fiscal_year_label(w.intake_year), "date": date_format(w.ends_on)},
                    due=w.ends_on,
                    priority=20,
                )
            )
    return tasks
