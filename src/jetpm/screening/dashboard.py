"""Screening's tasks on the home dashboard: a member's reviews to do; an external panelist whose panel has
nothing of the intake being screened is told so (and nothing else: the screening window itself is the
mission's task, jetpm.core.dashboard); an applicant invited to an interview prepares for it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetpm.applications.states import ApplicationStatus
from jetpm.core.calendar import Window, fiscal_year_label
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope
from jetpm.core.states import MilestoneKind


@task_provider
def review_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    if not (scope.mission_ids or scope.panelist_mission_ids):
        return []
    from jetpm.screening.models import Assignment
    from jetpm.screening.selectors import queue_todo_count

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


@task_provider
def interview_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    """An applicant invited to an interview that has not taken place yet is told to prepare for it."""
    if scope.person_id is None or scope.org_ids:
        return []
    from jetpm.screening.models import Interview

    tasks = []
    interviews = Interview.objects.filter(
        application__person_id=scope.person_id,
        application__status=ApplicationStatus.INTERVIEW,
        invited_at__isnull=False,
    ).select_related("application")
    for interview in interviews:
        day = timezone.localtime(interview.starts_at).date()
        if day < today:
            continue
        tasks.append(
            Task(
                _("Prepare for your interview on %(date)s (application %(ref)s)")
                % {"date": date_format(day), "ref": interview.application.reference},
                due=day,
                url=reverse(
                    "applications:portal_application", kwargs={"application_id": interview.application_id}
                ),
                priority=5,
            )
        )
    return tasks
