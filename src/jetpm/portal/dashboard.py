"""The applicant's dashboard tasks that later stages make: an interview to prepare for (screening).
(Registered by importing this module from the app's ready().)"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core.calendar import Window
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope
from jetpm.screening.selectors.person import interviews_for_person


@task_provider
def interview_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    """An applicant invited to an interview that has not taken place yet is told to prepare for it."""
    if scope.person_id is None or scope.org_ids:
        return []
    tasks = []
    for interview in interviews_for_person(user):
        day = timezone.localtime(interview.starts_at).date()
        if day < today:
            continue
        tasks.append(
            Task(
                _("Prepare for your interview on %(date)s (application %(ref)s)")
                % {"date": date_format(day), "ref": interview.reference},
                due=day,
                url=reverse("portal:application", kwargs={"application_id": interview.application_id}),
                priority=5,
            )
        )
    return tasks
