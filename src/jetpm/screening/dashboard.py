"""Screening's tasks on the home dashboard: a member's reviews to do; an external panelist whose panel has
nothing of the intake being screened is told so (and nothing else: the screening window itself is the
mission's task, jetpm.core.dashboard)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetpm.core.calendar import Window, fiscal_year_label
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope
from jetpm.core.states import MilestoneKind


@task_provider
def review_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    if not (scope.mission_ids or scope.panelist_mission_ids):
        return []
    from jetpm.screening.models import Assignment
    from jetpm.screening.selectors.review import queue_todo_count

    todo = queue_todo_count(user)
    if todo:
        return [
            Task(
                title=ngettext(
                    "%(n)s application waits for your review", "%(n)s applications wait for your review", todo
                )
                % {"n": todo},
                url=reverse("screening:queue"),
                priority=20,
            )
        ]
    if scope.mission_ids:
        return []
    tasks: list[Task] = []
    for w in windows:
        if w.kind != MilestoneKind.SCREENING:
            continue
        assigned = Assignment.objects.filter(
            panel__members__user=user, panel__intake_year=w.intake_year
        ).exists()
        if not assigned:
            tasks.append(
                Task(
                    _("No applications of %(year)s are assigned to your panel yet.")
                    % {"year": fiscal_year_label(w.intake_year)},
                    priority=90,
                )
            )
    return tasks
