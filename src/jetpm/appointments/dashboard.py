"""Reminders of the reappointment round on the home dashboard (jetpm.core.dashboard): while a round's
decisions are open, coordinators see how many decisions are pending and the participant is asked for their
intention; the reminder rises to the top in the last two weeks before the deadline."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetpm.appointments import selectors
from jetpm.appointments.reappointment import services
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.core.calendar import Window, fiscal_year_label, fiscal_year_of
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope

URGENT = timedelta(days=14)


@task_provider
def reappointment_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    if not (scope.co_ids or scope.person_id is not None):
        return []
    rules = services.round_rules(fiscal_year_of(today))
    if not rules.decisions_open <= today <= rules.decisions_close:
        return []
    priority = 15 if rules.decisions_close - today <= URGENT else 30
    values = {"year": fiscal_year_label(rules.fiscal_year), "date": date_format(rules.decisions_close)}
    terms = selectors.terms_for(user).filter(fiscal_year=rules.fiscal_year, status=TermStatus.SERVING)
    tasks: list[Task] = []
    if scope.co_ids:
        pending = terms.exclude(reappointment__status=DecisionStatus.DECIDED).count()
        if pending:
            tasks.append(
                Task(
                    ngettext(
                        "%(count)s reappointment decision of %(year)s is pending; decide by %(date)s",
                        "%(count)s reappointment decisions of %(year)s are pending; decide by %(date)s",
                        pending,
                    )
                    % {"count": pending, **values},
                    due=rules.decisions_close,
                    url=reverse("appointments:reappointment_list"),
                    priority=priority,
                )
            )
    elif scope.person_id is not None:
        own = terms.filter(participant__person_id=scope.person_id).values_list(
            "participant_id", "reappointment__intention"
        )
        for participant_id, intention in own:
            if not intention:
                tasks.append(
                    Task(
                        _("Tell your contracting organisation whether you wish to continue by %(date)s")
                        % values,
                        due=rules.decisions_close,
                        url=reverse(
                            "appointments:participant_detail", kwargs={"participant_id": participant_id}
                        ),
                        priority=priority,
                    )
                )
    return tasks
