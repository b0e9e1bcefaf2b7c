"""Screening's workflows (core/workflow.py): a panel member's review (locked once submitted) and the
mission's report to HQ in versions (a correction is a new version that supersedes the submitted one)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.screening.permissions import can_decide
from jetpm.screening.states import ReportStatus, ReviewStatus


def _own_review(scope: Scope, review: Any) -> bool:
    """Only the reviewer submits their review."""
    return scope.user_id is not None and review.reviewer_id == scope.user_id


def _decider(scope: Scope, report: Any) -> bool:
    return can_decide(scope, report.mission_id)


REVIEWS = Workflow(
    key="review",
    model="screening.Review",
    audit_target=lambda review: {
        "organisation": review.application.mission_id,
        "person": review.application.person_id,
    },
    transitions=(
        Transition(
            "submit",
            {ReviewStatus.DRAFT},
            ReviewStatus.SUBMITTED,
            who=_own_review,
            label=gettext_lazy("Submit the review"),
            audit_action="screening.review.submit",
            stamps={"submitted_at": NOW},
            denied=gettext_lazy("Only the reviewer may submit their review."),
        ),
    ),
)

REPORTS = Workflow(
    key="mission_report",
    highlight=frozenset({ReportStatus.SUBMITTED}),
    model="screening.MissionReport",
    audit_target=lambda report: {"organisation": report.mission_id},
    transitions=(
        Transition(
            "submit",
            {ReportStatus.DRAFT},
            ReportStatus.SUBMITTED,
            who=_decider,
            label=gettext_lazy("Submit to HQ"),
            audit_action="screening.report.submit",
            stamps={"submitted_at": NOW, "submitted_by": ACTOR},
            denied=gettext_lazy("Only the mission's staff may do this."),
        ),
        Transition(
            "supersede",
            {ReportStatus.SUBMITTED},
            ReportStatus.SUPERSEDED,
            who=_decider,
            label=gettext_lazy("Supersede"),
            audit_action="screening.report.supersede",
            denied=gettext_lazy("Only the mission's staff may do this."),
        ),
    ),
)

WORKFLOWS = (REVIEWS, REPORTS)
