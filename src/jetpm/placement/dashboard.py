"""Placement's tasks on the home dashboard (jetpm.core.dashboard), for the intakes whose fiscal year has not
ended: CLAIR's staff see the accepted candidates not placed yet and the runs ready to publish; a contracting
(or host) organisation its published placements; a placed participant their placement and notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetpm.core.calendar import Window, fiscal_year_label, fiscal_year_of
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope
from jetpm.placement import selectors
from jetpm.placement.permissions import can_manage_runs, can_view_my_placements


@task_provider
def placement_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    since = fiscal_year_of(today)
    tasks: list[Task] = []
    if can_manage_runs(scope):
        for run in selectors.runs_ready(user):
            tasks.append(
                Task(
                    _("The placement of %(year)s, version %(v)s, is ready to publish")
                    % {"v": run.version, "year": fiscal_year_label(run.intake_year)},
                    url=reverse("placement:run", kwargs={"run_id": run.pk}),
                    priority=20,
                )
            )
        year = selectors.latest_placeable_year(since)
        if year is not None:
            n = selectors.not_yet_placed(year)
            if n:
                tasks.append(
                    Task(
                        ngettext(
                            "%(n)s accepted candidate of %(year)s is not placed yet",
                            "%(n)s accepted candidates of %(year)s are not placed yet",
                            n,
                        )
                        % {"n": n, "year": fiscal_year_label(year)},
                        url=reverse("placement:home"),
                        priority=25,
                    )
                )
    elif can_view_my_placements(scope):
        for year, n in sorted(selectors.published_counts(user, since).items()):
            tasks.append(
                Task(
                    ngettext(
                        "Your placements for %(year)s are published: %(n)s participant",
                        "Your placements for %(year)s are published: %(n)s participants",
                        n,
                    )
                    % {"year": fiscal_year_label(year), "n": n},
                    url=reverse("placement:mine"),
                    priority=30,
                )
            )
    if scope.person_id is not None:
        for placement in selectors.own_placements(scope.person_id, since):
            assert placement.contracting_org is not None
            tasks.append(
                Task(
                    _("Your placement: %(org)s — read your notice") % {"org": placement.contracting_org.name},
                    url=reverse("placement:mine"),
                    priority=10,
                )
            )
    return tasks
