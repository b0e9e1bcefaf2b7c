"""Screening's workflows (core/workflow.py): a panel member's review (locked once submitted) and the
mission's report to HQ in versions (a correction is a new version that supersedes the submitted one); and the
actions each kind of record offers (core/access.py), declared once for the pages' ``access_*`` calls."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.applications.permissions import is_own
from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.screening.permissions import (
    can_decide,
    can_manage_panels,
    can_open_application,
    can_read_score_sheet,
    can_resolve,
    panel_of,
)
from jetpm.screening.states import ReportStatus, ReviewStatus


def _own_review(scope: Scope, review: Any) -> bool:
    """Only the reviewer submits their review."""
    return scope.user_id is not None and review.reviewer_id == scope.user_id


def _decider(scope: Scope, record: Any) -> bool:
    """The mission's staff of the record (a report, a panel, an application)."""
    return can_decide(scope, record.mission_id)


def review_locked(review: Any) -> bool:
    """A submitted review is never changed."""
    return review is not None and review.status == ReviewStatus.SUBMITTED


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


def _manager(scope: Scope, panel: Any) -> bool:
    return can_manage_panels(scope, panel.mission_id)


def _resolver(scope: Scope, application: Any) -> bool:
    panel = panel_of(application)
    return panel is not None and can_resolve(scope, panel)


def _interview_decider(scope: Scope, interview: Any) -> bool:
    return can_decide(scope, interview.application.mission_id)


def _calendar(scope: Scope, interview: Any) -> bool:
    return is_own(scope, interview.application) or can_read_score_sheet(scope, interview.panel)


PANEL_ACTIONS = Actions(
    manage=_manager,  # members, settings, assignments
    read_sheet=can_read_score_sheet,  # the score sheet and the interviews
    decide=_decider,  # decisions by a cut-off, interviews in bulk
)
APPLICATION_ACTIONS = Actions(
    view=can_open_application,  # the screening page of an application
    decide=_decider,  # a stage decision, an interview, a Japanese test
    resolve=_resolver,  # a resolved score of its panel
)
INTERVIEW_ACTIONS = Actions(decide=_interview_decider, calendar=_calendar)
REPORT_ACTIONS = Actions(workflow=REPORTS, reorder=_decider, correct=_decider)
