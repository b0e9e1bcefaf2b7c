"""Reminders of the alumni surveys on the home dashboard (jetpm.core.dashboard): a respondent (an alumnus,
a chapter's officer) is asked to answer until they submit, at the top in the last two weeks; a mission sees
how many of its respondents have not answered an open survey."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from jetpm.alumni.surveys import selectors
from jetpm.alumni.surveys.defaults import SurveyPurpose
from jetpm.core.calendar import Window
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.scoping import Scope, visible_to
from jetpm.questionnaires.models import Response
from jetpm.questionnaires.states import QuestionnaireStatus, ResponseStatus

URGENT = timedelta(days=14)


@task_provider
def survey_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    tasks: list[Task] = []
    if scope.person_id is not None or scope.chapter_ids:
        pending = (
            selectors.my_surveys(user)
            .filter(status=ResponseStatus.OPEN, questionnaire__status=QuestionnaireStatus.OPEN)
            .order_by("due_on")[:5]
        )
        for r in pending:
            tasks.append(
                Task(
                    _("Answer “%(title)s” by %(date)s")
                    % {"title": r.questionnaire.title, "date": date_format(r.due_on)},
                    due=r.due_on,
                    url=reverse("alumni:surveys:answer", kwargs={"response_id": r.pk}),
                    priority=15 if r.due_on - today <= URGENT else 35,
                )
            )
    if scope.mission_ids:
        rows = (
            visible_to(user, Response)
            .filter(
                via_id__in=scope.mission_ids,
                questionnaire__status=QuestionnaireStatus.OPEN,
                questionnaire__purpose__in=SurveyPurpose.values,
            )
            .values("questionnaire_id", "questionnaire__title_ja", "questionnaire__title_en")
            .annotate(open=Count("id", filter=Q(status=ResponseStatus.OPEN)), due=Min("due_on"))
            .filter(open__gt=0)
            .order_by("due")[:5]
        )
        for row in rows:
            japanese = (get_language() or "").startswith("ja")
            title = row["questionnaire__title_ja"] if japanese else row["questionnaire__title_en"]
            tasks.append(
                Task(
                    ngettext(
                        "%(count)s respondent has not answered “%(title)s” (due %(date)s)",
                        "%(count)s respondents have not answered “%(title)s” (due %(date)s)",
                        row["open"],
                    )
                    % {"count": row["open"], "title": title, "date": date_format(row["due"])},
                    due=row["due"],
                    url=reverse(
                        "alumni:surveys:detail", kwargs={"questionnaire_id": row["questionnaire_id"]}
                    ),
                    priority=30,
                )
            )
    return tasks
