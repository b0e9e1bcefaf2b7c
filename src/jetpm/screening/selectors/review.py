"""Reads of reviews, always scoped (jetpm.core.scoping): the member's queue, an application as a panel member
sees it, the score sheet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet

from jetpm.applications.models import Application
from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.screening import calibration, permissions
from jetpm.screening.models import Conflict, Panel, PanelMember, Review, StageResult
from jetpm.screening.states import SCORING_STATUSES, ReviewStatus, at_current_stage
from jetpm.screening.workflows import APPLICATION_ACTIONS


def access_application_by_id(user: User, application_id: int, *, action: str | None = None) -> Application:
    """An application the user may see (and, with ``action``, act on: ``APPLICATION_ACTIONS``)."""
    return access(
        user,
        Application.objects.select_related(
            "person", "nationality", "country", "language", "mission", "assignment__panel"
        ),
        action=action,
        actions=APPLICATION_ACTIONS,
        pk=application_id,
    )


def queue_for(user: User, *, open_only: bool = False) -> QuerySet[Application]:
    """The applications of the user's panels (conflicted ones vanish through the scoping rule), with the
    user's review status of the current stage; those waiting at a stage the panel scores come first (only
    those with ``open_only``)."""
    mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user)
    current_stage = at_current_stage()
    qs = (
        visible_to(user, Application)
        .filter(assignment__panel__members__user=user)
        .select_related("person", "nationality", "assignment__panel")
        .annotate(
            my_submitted=Exists(mine.filter(current_stage, status=ReviewStatus.SUBMITTED)),
            my_draft=Exists(mine.filter(current_stage, status=ReviewStatus.DRAFT)),
            my_earlier=Exists(mine.filter(status=ReviewStatus.SUBMITTED)),
            at_stage=ExpressionWrapper(Q(status__in=SCORING_STATUSES), output_field=BooleanField()),
        )
    )
    if open_only:
        qs = qs.filter(status__in=SCORING_STATUSES)
    return qs.order_by(F("at_stage").desc(), "my_submitted", "assignment__panel__name", "reference")


def queue_todo_count(user: User) -> int:
    """How many applications of the queue wait for the user's submitted review at their current stage."""
    done = Review.objects.filter(
        application=OuterRef("pk"), reviewer=user, status=ReviewStatus.SUBMITTED
    ).filter(at_current_stage())
    return (
        visible_to(user, Application)
        .filter(assignment__panel__members__user=user)
        .filter(status__in=SCORING_STATUSES)
        .exclude(Exists(done))
        .count()
    )


def my_review(user: User, application: Application, stage: str) -> Review | None:
    return Review.objects.filter(application=application, stage=stage, reviewer=user).first()


def my_reviews(user: User, application: Application) -> QuerySet[Review]:
    return Review.objects.filter(application=application, reviewer=user).order_by("stage")


def sits_on(user: User, panel: Panel | None) -> bool:
    """Whether the user is a member of the panel."""
    return permissions.sits_on(scope_of(user), panel)


@dataclass
class SheetCell:
    """A member's review of one application on the score sheet: their weighted score once submitted, else
    whether a draft is pending, or their declared conflict."""

    member: PanelMember
    submitted: bool = False
    pending: bool = False
    conflict: bool = False
    weighted: Decimal | None = None


@dataclass
class SheetRow:
    application: Application
    cells: list[SheetCell]
    result: StageResult | None
    disagreement: bool
    japanese_test: Any


def score_sheet_applications(user: User, panel: Panel, stage: str) -> QuerySet[Application]:
    """The panel's applications with their reviews and result of the stage (prefetched: bounded queries)."""
    return (
        visible_to(user, Application)
        .filter(assignment__panel=panel)
        .select_related("person", "nationality", "japanese_test", "interview")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.filter(stage=stage), to_attr="stage_reviews"),
            Prefetch(
                "stage_results", queryset=StageResult.objects.filter(stage=stage), to_attr="stage_result"
            ),
            Prefetch("conflicts", queryset=Conflict.objects.all(), to_attr="all_conflicts"),
        )
        .order_by("reference")
    )


def sheet_rows(applications: Any, members: list[PanelMember], panel: Panel) -> list[SheetRow]:
    rows = []
    threshold = float(panel.disagreement_threshold)
    for app in applications:
        reviews = {r.reviewer_id: r for r in app.stage_reviews}
        conflicted = {c.user_id for c in app.all_conflicts}
        cells = []
        for m in members:
            r = reviews.get(m.user_id)
            if m.user_id in conflicted:
                cells.append(SheetCell(m, conflict=True))
            elif r is None:
                cells.append(SheetCell(m))
            elif r.status == ReviewStatus.SUBMITTED:
                cells.append(SheetCell(m, submitted=True, weighted=r.weighted))
            else:
                cells.append(SheetCell(m, pending=True))
        result = app.stage_result[0] if app.stage_result else None
        spread = float(result.spread) if result is not None and result.spread is not None else None
        rows.append(
            SheetRow(
                application=app,
                cells=cells,
                result=result,
                disagreement=calibration.disagrees(spread, threshold),
                japanese_test=getattr(app, "japanese_test", None),
            )
        )
    return rows
