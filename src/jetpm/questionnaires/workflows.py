"""The questionnaire engine's workflows (core/workflow.py): a questionnaire is prepared, opened for answers
(the owner instructs those who send it) and closed; a response is edited until it is submitted."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.errors import DomainError, FieldErrors
from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.questionnaires.permissions import can_answer, can_manage, can_remind
from jetpm.questionnaires.states import QuestionnaireStatus as Q
from jetpm.questionnaires.states import ResponseStatus as R


def _manager(scope: Scope, questionnaire: Any) -> bool:
    return can_manage(scope, questionnaire)


def _has_questions(questionnaire: Any) -> None:
    if not questionnaire.questions.exists():
        raise DomainError(_("A questionnaire needs at least one question before it is opened."))


def _respondent(scope: Scope, response: Any) -> bool:
    return can_answer(scope, response)


def _questionnaire_open(response: Any) -> None:
    from jetpm.questionnaires.models import Questionnaire

    status = Questionnaire.objects.filter(pk=response.questionnaire_id).values_list("status", flat=True).get()
    if status != Q.OPEN:
        raise DomainError(_("This questionnaire is not open for answers."))


def _required_answered(response: Any) -> None:
    """Every required question answered: all the missing ones named at once."""
    from jetpm.questionnaires.answers import missing_required

    missing = missing_required(response)
    if missing:
        raise FieldErrors(
            [(key, _("“%(question)s” must be answered.") % {"question": label}) for key, label in missing]
        )


QUESTIONNAIRES = Workflow(
    key="questionnaire",
    model="questionnaires.Questionnaire",
    audit_target=lambda q: {"organisation": q.owner_id},
    transitions=(
        Transition(
            "open",
            {Q.DRAFT},
            Q.OPEN,
            who=_manager,
            label=gettext_lazy("Open for answers"),
            audit_action="questionnaire.open",
            stamps={"opened_at": NOW},
            guards=(_has_questions,),
            denied=gettext_lazy("Only the questionnaire's owner may open it."),
            confirm=True,
        ),
        Transition(
            "close",
            {Q.OPEN},
            Q.CLOSED,
            who=_manager,
            label=gettext_lazy("Close"),
            audit_action="questionnaire.close",
            stamps={"closed_at": NOW},
            denied=gettext_lazy("Only the questionnaire's owner may close it."),
            confirm=True,
        ),
    ),
)

RESPONSES = Workflow(
    key="questionnaire_response",
    model="questionnaires.Response",
    audit_target=lambda r: {"organisation": r.organisation_id or r.via_id, "person": r.person_id},
    transitions=(
        Transition(
            "submit",
            {R.OPEN},
            R.SUBMITTED,
            who=_respondent,
            label=gettext_lazy("Submit the answers"),
            audit_action="questionnaire_response.submit",
            stamps={"submitted_at": NOW, "submitted_by": ACTOR},
            guards=(_questionnaire_open, _required_answered),
            denied=gettext_lazy("Only the respondent may submit these answers."),
        ),
    ),
)

WORKFLOWS = (QUESTIONNAIRES, RESPONSES)


def _answer_editor(scope: Scope, response: Any) -> bool:
    return can_answer(scope, response)


def _reminder(scope: Scope, response: Any) -> bool:
    return can_remind(scope, response)


QUESTIONNAIRE_ACTIONS = Actions(workflow=QUESTIONNAIRES, manage=_manager)
RESPONSE_ACTIONS = Actions(workflow=RESPONSES, answer=_answer_editor, remind=_reminder)
