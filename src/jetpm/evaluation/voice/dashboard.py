"""The voice's task on the home dashboard (jetpm.core.dashboard): a contracting or host organisation's
coordinator is asked to answer the year's survey while it is open and not yet submitted."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core.calendar import Window
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope
from jetpm.evaluation.permissions import answers_voice
from jetpm.evaluation.voice import selectors
from jetpm.questionnaires.states import QuestionnaireStatus, ResponseStatus


@task_provider
def voice_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    if not answers_voice(scope):
        return []
    open_ones = selectors.my_responses(user).filter(
        status=ResponseStatus.OPEN, questionnaire__status=QuestionnaireStatus.OPEN
    )[:5]
    return [
        Task(
            _("Evaluate the programme: answer “%(title)s” by %(date)s")
            % {"title": r.questionnaire.title, "date": date_format(r.due_on, "DATE_FORMAT")},
            due=r.due_on,
            url=reverse("evaluation:voice_answer", kwargs={"response_id": r.pk}),
            priority=40,
        )
        for r in open_ones
    ]
