"""Outreach's workflow (core/workflow.py): a mission's yearly self-evaluation, submitted to MOFA HQ and
reviewed there."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.outreach.permissions import (
    can_draft_evaluation,
    can_edit_activities,
    can_review_evaluations,
    can_submit_evaluation,
)
from jetpm.outreach.states import EvaluationStatus as E


def _submitter(scope: Scope, evaluation: Any) -> bool:
    return can_submit_evaluation(scope, evaluation.mission_id)


def _reviewer(scope: Scope, evaluation: Any) -> bool:
    return can_review_evaluations(scope)


EVALUATIONS = Workflow(
    key="outreach_evaluation",
    model="outreach.SelfEvaluation",
    audit_target=lambda evaluation: {"organisation": evaluation.mission_id},
    transitions=(
        Transition(
            "submit",
            {E.DRAFT},
            E.SUBMITTED,
            who=_submitter,
            label=gettext_lazy("Submit to MOFA"),
            audit_action="outreach_evaluation.submit",
            stamps={"submitted_at": NOW, "submitted_by": ACTOR},
            denied=gettext_lazy(
                "Only the mission's approver or administrator may submit its self-evaluation."
            ),
        ),
        Transition(
            "review",
            {E.SUBMITTED},
            E.REVIEWED,
            who=_reviewer,
            label=gettext_lazy("Record MOFA's review"),
            audit_action="outreach_evaluation.review",
            stamps={"reviewed_at": NOW, "reviewed_by": ACTOR},
            denied=gettext_lazy("Only MOFA's staff may review the missions' self-evaluations."),
        ),
    ),
)

WORKFLOWS = (EVALUATIONS,)


# --- the records' actions (core/access.py): what ``access_<x>_by_id(user, id, action=…)`` checks ----------


def _activity_editor(scope: Scope, activity: Any) -> bool:
    return can_edit_activities(scope, activity.mission_id)


def _evaluation_writer(scope: Scope, evaluation: Any) -> bool:
    return can_draft_evaluation(scope, evaluation.mission_id)


ACTIVITY_ACTIONS = Actions(edit=_activity_editor)
EVALUATION_ACTIONS = Actions(workflow=EVALUATIONS, edit=_evaluation_writer)
