"""The applicant's dashboard tasks: an open intake they have not applied to yet (applicants and alumni; a
serving participant does not apply) and a draft to finish before the mission's intake closes (an interview
to prepare for is screening's task: jetpm.screening.dashboard).
(Registered by importing this module from the app's ready().)"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.selectors_portal import intake_window
from jetpm.applications.states import ApplicationStatus
from jetpm.core.calendar import Window, fiscal_year_label
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope
from jetpm.core.states import MilestoneKind, PersonKind


@task_provider
def applicant_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    if scope.person_id is None or scope.org_ids:
        return []
    tasks = []
    if scope.person_kind != PersonKind.PARTICIPANT:
        applied = set(
            Application.objects.filter(person_id=scope.person_id).values_list("intake_year", flat=True)
        )
        for w in windows:
            if w.kind == MilestoneKind.INTAKE and w.intake_year not in applied:
                tasks.append(
                    Task(
                        _("Applications for %(year)s are open until %(date)s")
                        % {"year": fiscal_year_label(w.intake_year), "date": date_format(w.ends_on)},
                        due=w.ends_on,
                        url=reverse("applications:portal"),
                        priority=10,
                    )
                )
    drafts = Application.objects.filter(person_id=scope.person_id, status=ApplicationStatus.DRAFT)
    for application in drafts:
        window = intake_window(application)
        if window is None or window[1] < today:
            continue
        tasks.append(
            Task(
                _("Finish your application %(ref)s before %(date)s")
                % {"ref": application.reference, "date": date_format(window[1])},
                due=window[1],
                url=reverse("applications:portal_application", kwargs={"application_id": application.pk}),
                priority=5,
            )
        )
    return tasks
