"""Outreach's workflow (core/workflow.py): a mission's yearly self-evaluation, submitted to MOFA HQ and
reviewed there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
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


def report_workflow(
    *,
    key: str,
    model: str,
    submit_denied: str | Promise,
    review_denied: str | Promise,
    submitter: Callable[[Scope, int], bool] = can_submit_evaluation,
    reviewer: Callable[[Scope], bool] = can_review_evaluations,
) -> Workflow:
    """The workflow of a yearly mission report (``MissionYearReport``): the mission's approver submits it
    to MOFA HQ (``submitter(scope, mission id)``), MOFA reviews it (``reviewer(scope)``). Audited as
    ``<key>.submit`` and ``<key>.review``."""
    return Workflow(
        key=key,
        model=model,
        audit_target=lambda report: {"organisation": report.mission_id},
        transitions=(
            Transition(
                "submit",
                {E.DRAFT},
                E.SUBMITTED,
                who=lambda scope, report: submitter(scope, report.mission_id),
                label=gettext_lazy("Submit to MOFA"),
                audit_action=f"{key}.submit",
                stamps={"submitted_at": NOW, "submitted_by": ACTOR},
                denied=submit_denied,
            ),
            Transition(
                "review",
                {E.SUBMITTED},
                E.REVIEWED,
                who=lambda scope, report: reviewer(scope),
                label=gettext_lazy("Record MOFA's review"),
                audit_action=f"{key}.review",
                stamps={"reviewed_at": NOW, "reviewed_by": ACTOR},
                denied=review_denied,
            ),
        ),
    )


EVALUATIONS = report_workflow(
    key="outreach_evaluation",
    model="outreach.SelfEvaluation",
    submit_denied=gettext_lazy(
        "Only the mission's approver or administrator may submit its self-evaluation."
    ),
    review_denied=gettext_lazy("Only MOFA's staff may review the missions' self-evaluations."),
)

WORKFLOWS = (EVALUATIONS,)


# --- the records' actions (core/access.py): what ``access_<x>_by_id(user, id, action=…)`` checks ----------


def _activity_editor(scope: Scope, activity: Any) -> bool:
    return can_edit_activities(scope, activity.mission_id)


def _evaluation_writer(scope: Scope, evaluation: Any) -> bool:
    return can_draft_evaluation(scope, evaluation.mission_id)


ACTIVITY_ACTIONS = Actions(edit=_activity_editor)
EVALUATION_ACTIONS = Actions(workflow=EVALUATIONS, edit=_evaluation_writer)
