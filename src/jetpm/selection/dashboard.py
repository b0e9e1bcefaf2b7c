"""The selection's tasks on the home dashboard (jetpm.core.dashboard): the applicant's open offer ("My
offer": reply by the deadline, then upload the certificates); HQ's proposed lists for the Council and the
freed places waiting for an upgrade."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core.calendar import Window
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope
from jetpm.selection import selectors
from jetpm.selection.permissions import can_decide, can_prepare
from jetpm.selection.services.offers import missing_certificates
from jetpm.selection.states import ListStatus


@task_provider
def selection_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    tasks: list[Task] = []
    if scope.person_id is not None:
        for offer in selectors.open_offers_of(scope.person_id).filter(deadline__gte=today):
            tasks.append(
                Task(
                    _("Reply to your offer by %(date)s") % {"date": date_format(offer.deadline)},
                    due=offer.deadline,
                    url=reverse("selection:offer", kwargs={"offer_id": offer.pk}),
                    priority=5,
                )
            )
        for offer in selectors.accepted_offers_of(scope.person_id).select_related("application"):
            if missing_certificates(offer.application):
                tasks.append(
                    Task(
                        _("Upload your certificate of health and criminal-record check"),
                        url=reverse("selection:offer", kwargs={"offer_id": offer.pk}),
                        priority=10,
                    )
                )
    if can_decide(scope):
        from jetpm.selection.models import SelectionList

        n = SelectionList.objects.filter(status=ListStatus.PROPOSED).count()
        if n:
            tasks.append(
                Task(
                    _("%(n)s selection lists await the Council's decision") % {"n": n},
                    url=reverse("selection:home"),
                    priority=25,
                )
            )
    if can_prepare(scope):
        freed = selectors.freed_applications_count(user)
        if freed:
            tasks.append(
                Task(
                    _("%(n)s freed places wait for an upgrade") % {"n": freed},
                    url=reverse("selection:vacancies"),
                    priority=25,
                )
            )
    return tasks
