"""Reads of screening, always scoped (jetpm.core.scoping)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core.models import User
from jetpm.core.scoping import get_visible_or_404, scope_of, visible_to
from jetpm.screening import calibration
from jetpm.screening.models import (
    Assignment,
    Conflict,
    Interview,
    MissionReport,
    Panel,
    PanelMember,
    ReportEntry,
    Review,
    StageResult,
)
from jetpm.screening.states import ReportStatus, ReviewStatus, Stage


def panels_for(user: User, *, intake_year: int | None = None) -> QuerySet[Panel]:
    qs = visible_to(user, Panel).select_related("mission", "chair")
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    # one count per panel by subquery: counting both through joins multiplied the members by the
    # assignments (tens of thousands of rows for a year's panels)
    return qs.annotate(n_members=_count_of(PanelMember), n_assigned=_count_of(Assignment)).order_by(
        "-intake_year", "mission__code", "name"
    )


def _count_of(model: type[PanelMember] | type[Assignment]) -> Coalesce:
    rows = model.objects.filter(panel=OuterRef("pk")).order_by().values("panel").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")[:1], output_field=IntegerField()), Value(0))


def my_panels(user: User) -> QuerySet[Panel]:
    """The panels the user sits on, with how many applications wait for their review."""
    return panels_for(user).filter(members__user=user)


def access_panel_by_id(user: User, panel_id: int) -> Panel:
    return get_visible_or_404(user, Panel.objects.select_related("mission", "chair"), pk=panel_id)


def panel_members(panel: Panel) -> list[PanelMember]:
    return list(panel.members.select_related("user").order_by("user__username"))


def access_application_by_id(user: User, application_id: int) -> Application:
    return get_visible_or_404(
        user,
        Application.objects.select_related(
            "person", "nationality", "country", "language", "mission", "assignment__panel"
        ),
        pk=application_id,
    )


def queue_for(user: User, *, open_only: bool = False) -> QuerySet[Application]:
    """The applications of the user's panels (conflicted ones vanish through the scoping rule), with the
    user's review status of the current stage; those waiting at a stage the panel scores come first (only
    those with ``open_only``)."""
    mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user)
    current_stage = Q(stage=Stage.DOCUMENTS, application__status=ApplicationStatus.ELIGIBLE) | Q(
        stage=Stage.INTERVIEW, application__status=ApplicationStatus.INTERVIEW
    )
    open_statuses = [ApplicationStatus.ELIGIBLE, ApplicationStatus.INTERVIEW]
    qs = (
        visible_to(user, Application)
        .filter(assignment__panel__members__user=user)
        .select_related("person", "nationality", "assignment__panel")
        .annotate(
            my_submitted=Exists(mine.filter(current_stage, status=ReviewStatus.SUBMITTED)),
            my_draft=Exists(mine.filter(current_stage, status=ReviewStatus.DRAFT)),
            my_earlier=Exists(mine.filter(status=ReviewStatus.SUBMITTED)),
            waiting=Case(When(status__in=open_statuses, then=Value(0)), default=Value(1)),
        )
    )
    if open_only:
        qs = qs.filter(status__in=open_statuses)
    return qs.order_by("waiting", "my_submitted", "assignment__panel__name", "reference")


def queue_todo_count(user: User) -> int:
    """How many applications of the queue wait for the user's submitted review at their current stage."""
    done = Review.objects.filter(
        application=OuterRef("pk"), reviewer=user, status=ReviewStatus.SUBMITTED
    ).filter(
        Q(stage=Stage.DOCUMENTS, application__status=ApplicationStatus.ELIGIBLE)
        | Q(stage=Stage.INTERVIEW, application__status=ApplicationStatus.INTERVIEW)
    )
    return (
        visible_to(user, Application)
        .filter(assignment__panel__members__user=user)
        .filter(status__in=[ApplicationStatus.ELIGIBLE, ApplicationStatus.INTERVIEW])
        .exclude(Exists(done))
        .count()
    )


def assignable_applications(user: User, panel: Panel) -> QuerySet[Application]:
    """The mission's eligible applications of the panel's year (and job type) without a panel."""
    qs = visible_to(user, Application).filter(
        mission_id=panel.mission_id,
        intake_year=panel.intake_year,
        status=ApplicationStatus.ELIGIBLE,
        assignment__isnull=True,
    )
    if panel.job_type:
        qs = qs.filter(job_type=panel.job_type)
    return qs.select_related("person", "nationality").order_by("reference")


def panel_conflicts(user: User, panel: Panel) -> QuerySet[Conflict]:
    """Conflicts declared on the panel's applications (for the chair and the mission's staff)."""
    return (
        Conflict.objects.filter(application__assignment__panel=panel)
        .exclude(application__conflicts__user=user)
        .select_related("user", "application")
        .order_by("-declared_at")
    )


def my_review(user: User, application: Application, stage: str) -> Review | None:
    return Review.objects.filter(application=application, stage=stage, reviewer=user).first()


def my_reviews(user: User, application: Application) -> QuerySet[Review]:
    return Review.objects.filter(application=application, reviewer=user).order_by("stage")


def sits_on(user: User, panel: Panel | None) -> bool:
    """Whether the user is a member of the panel."""
    return panel is not None and PanelMember.objects.filter(panel=panel, user=user).exists()


@dataclass
class SheetCell:
    member: PanelMember
    status: str  # "", "draft", "submitted", "conflict"
    weighted: Decimal | None


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
                cells.append(SheetCell(m, "conflict", None))
            elif r is None:
                cells.append(SheetCell(m, "", None))
            else:
                cells.append(
                    SheetCell(m, r.status, r.weighted if r.status == ReviewStatus.SUBMITTED else None)
                )
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


def interviews_for(user: User, panel: Panel) -> QuerySet[Interview]:
    return (
        visible_to(user, Interview)
        .filter(panel=panel)
        .select_related("application__person")
        .order_by("starts_at")
    )


def access_interview_by_id(user: User, interview_id: int) -> Interview:
    return get_visible_or_404(
        user, Interview.objects.select_related("application__person", "panel"), pk=interview_id
    )


def waiting_for_interview(user: User, panel: Panel) -> QuerySet[Application]:
    return (
        visible_to(user, Application)
        .filter(assignment__panel=panel, status=ApplicationStatus.DOCUMENT_SCREENED)
        .select_related("person")
        .order_by("reference")
    )


def _reports(user: User) -> QuerySet[MissionReport]:
    """The reports the user may read: their mission's (drafts included); HQ and the national bodies see
    only what the missions submitted."""
    qs = visible_to(user, MissionReport)
    scope = scope_of(user)
    if not scope.mission_ids or scope.national:
        qs = qs.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.SUPERSEDED])
    return qs


def reports_for(user: User, *, mission_id: int | None = None) -> QuerySet[MissionReport]:
    qs = _reports(user).select_related("mission", "submitted_by")
    if mission_id is not None:
        qs = qs.filter(mission_id=mission_id)
    return qs.annotate(
        n_entries=Count("entries", distinct=True),
        n_alt=Count("entries", filter=Q(entries__job_type="ALT"), distinct=True),
        n_cir=Count("entries", filter=Q(entries__job_type="CIR"), distinct=True),
        n_sea=Count("entries", filter=Q(entries__job_type="SEA"), distinct=True),
    ).order_by("-intake_year", "mission__code", "-version")


def access_report_by_id(user: User, report_id: int) -> MissionReport:
    return get_visible_or_404(user, _reports(user).select_related("mission", "supersedes"), pk=report_id)


def report_entries(report: MissionReport) -> QuerySet[ReportEntry]:
    return report.entries.select_related("application__person", "application__nationality").order_by(
        "job_type", "rank"
    )


def missions_of(user: User) -> list[int]:
    return sorted(scope_of(user).mission_ids)


def interviews_of(
    user: User, *, intake_year: int | None = None, panel_id: int | None = None
) -> QuerySet[Interview]:
    """The interviews the user may see across their panels (for a mission's system), by time."""
    qs = visible_to(user, Interview).select_related("application")
    if intake_year is not None:
        qs = qs.filter(application__intake_year=intake_year)
    if panel_id is not None:
        qs = qs.filter(panel_id=panel_id)
    return qs.order_by("starts_at", "pk")


# --- the person's own (read by jetpm.portal) --------------------------------------------------------------


@dataclass(frozen=True)
class InterviewInvite:
    """An interview the applicant was invited to: when and where (and its id, for the calendar file)."""

    pk: int
    starts_at: Any
    place: str
    application_id: int = 0
    reference: str = ""


@dataclass(frozen=True)
class ScreeningForPerson:
    """What screening has for the applicant on one of their applications."""

    interview: InterviewInvite | None = None


def for_person(user: User, *, application_id: int) -> ScreeningForPerson:
    """Screening's part of the applicant's own application page (nothing for someone else's application)."""
    person_id = scope_of(user).person_id
    interview = (
        Interview.objects.filter(
            application_id=application_id, application__person_id=person_id or 0, invited_at__isnull=False
        )
        .only("pk", "starts_at", "place")
        .first()
    )
    if interview is None:
        return ScreeningForPerson()
    return ScreeningForPerson(
        InterviewInvite(interview.pk, interview.starts_at, interview.place, application_id)
    )


def interviews_for_person(user: User) -> list[InterviewInvite]:
    """The interviews the user was invited to, on their applications still at the interview stage."""
    person_id = scope_of(user).person_id
    rows = Interview.objects.filter(
        application__person_id=person_id or 0,
        application__status=ApplicationStatus.INTERVIEW,
        invited_at__isnull=False,
    ).select_related("application")
    return [
        InterviewInvite(i.pk, i.starts_at, i.place, i.application_id, i.application.reference) for i in rows
    ]
