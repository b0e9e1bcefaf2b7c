"""Screening's tasks on the home dashboard: a member's reviews to do."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jetpm.core.calendar import Window
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope


@task_provider
def review_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    if not (scope.mission_ids or scope.panelist_mission_ids):
        return []
    from jetpm.screening.selectors import queue_todo_count

    todo = queue_todo_count(user)
    if not todo:
        return []
    return [
        Task(
            title=_("%(n)s applications wait for your review") % {"n": todo},
            url=reverse("screening:queue"),
            priority=20,
        )
    ]
