"""Reads of JETAA support for the pages, every one scoped (jetaa/rules.py): lists, and one record by id
(``access_*``: 404 out of scope). The budget and the evaluations side by side: selectors_figures.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from jetpm.core.models import Organisation
from jetpm.core.scoping import get_visible_or_404, scope_of, visible_to
from jetpm.core.states import OrgKind
from jetpm.jetaa import permissions as perms
from jetpm.jetaa.models import (
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    HQEvaluation,
    MissionEnvelope,
    Payment,
    ProjectLine,
    ProjectReport,
    ReportPhoto,
    SupportYear,
)
from jetpm.jetaa.states import CURRENT, PolicyStatus

LINE_RELATED = (
    "plan__chapter",
    "plan__mission",
    "assessment",
    "report",
    "evaluation",
    "carried_from__evaluation",
    "carried_from__report",
    "carried_from__assessment",
    "previous",
)


# --- the year's policy ----------------------------------------------------------------------------------


def support_years(user: Any) -> QuerySet[SupportYear]:
    """The versions of the years' policies the user may see (drafts: HQ and the national bodies), newest
    first."""
    return visible_to(user, SupportYear).select_related("approved_by", "previous")


def access_support_year(user: Any, year_id: int) -> SupportYear:
    return get_visible_or_404(user, support_years(user), pk=year_id)


def policy_in_force(user: Any, fiscal_year: int) -> SupportYear | None:
    """The approved version of the year's policy (everyone using JETAA support sees it)."""
    return support_years(user).filter(fiscal_year=fiscal_year, status=PolicyStatus.APPROVED).first()


def fiscal_years(user: Any) -> list[int]:
    """The fiscal years with a policy the user may see, newest first (a page's year switch)."""
    return sorted(set(support_years(user).values_list("fiscal_year", flat=True)), reverse=True)


def envelopes(user: Any, fiscal_year: int) -> QuerySet[MissionEnvelope]:
    return visible_to(user, MissionEnvelope).filter(fiscal_year=fiscal_year).select_related("mission")


def missions_for_envelopes() -> QuerySet[Organisation]:
    """Every active mission (HQ's envelope page)."""
    return Organisation.objects.filter(kind=OrgKind.MISSION, is_active=True).order_by("code")


# --- chapters' plans and their lines ---------------------------------------------------------------------


def chapter_plans(user: Any, fiscal_year: int | None = None) -> QuerySet[ChapterPlan]:
    """The chapters' plans the user may see, with their lines' counts and sums (current versions)."""
    qs = visible_to(user, ChapterPlan).select_related(
        "chapter", "chapter__region", "mission", "execution_plan"
    )
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    current = Q(lines__status__in=CURRENT)
    return qs.annotate(
        line_count=Count("lines", filter=current),
        requested_total=Sum("lines__requested_yen", filter=current),
        approved_total=Sum("lines__approved_yen", filter=current),
    ).order_by("-fiscal_year", "chapter__code")


def access_chapter_plan(user: Any, plan_id: int) -> ChapterPlan:
    return get_visible_or_404(user, chapter_plans(user), pk=plan_id)


def lines_of(user: Any, plan: ChapterPlan, *, every_version: bool = False) -> QuerySet[ProjectLine]:
    """A plan's lines (current versions unless ``every_version``), each with its assessment, report,
    evaluation, and last year's line it continues with that line's evaluation."""
    qs = visible_to(user, ProjectLine).filter(plan=plan).select_related(*LINE_RELATED)
    if not every_version:
        qs = qs.filter(status__in=CURRENT)
    return qs.order_by("starts_on", "id")


def access_line(user: Any, line_id: int) -> ProjectLine:
    return get_visible_or_404(
        user,
        visible_to(user, ProjectLine).select_related(*LINE_RELATED, "plan__execution_plan"),
        pk=line_id,
    )


def versions_of(user: Any, line: ProjectLine) -> list[ProjectLine]:
    """Every version of a line, oldest first (a change is a new version)."""
    chain = [line]
    seen = {line.pk}
    while chain[0].previous_id is not None and chain[0].previous_id not in seen:
        prior = (
            visible_to(user, ProjectLine).select_related("assessment").filter(pk=chain[0].previous_id).first()
        )
        if prior is None:
            break
        seen.add(prior.pk)
        chain.insert(0, prior)
    later = visible_to(user, ProjectLine).select_related("assessment").filter(previous=line).order_by("id")
    chain.extend(later)
    return chain


def carry_over_candidates(user: Any, chapter_id: int, fiscal_year: int) -> QuerySet[ProjectLine]:
    """Last year's supported lines of the chapter (a new line may continue one), with their evaluation."""
    return (
        visible_to(user, ProjectLine)
        .filter(
            plan__chapter_id=chapter_id, plan__fiscal_year=fiscal_year - 1, status__in=("approved", "reduced")
        )
        .select_related("evaluation", "report")
        .order_by("title")
    )


def support_of(user: Any, line: ProjectLine) -> list[Commitment]:
    """The commitments to a line, each with its payments."""
    return list(
        visible_to(user, Commitment)
        .filter(line=line)
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "id")))
        .order_by("committed_on", "id")
    )


# --- missions' execution plans ----------------------------------------------------------------------------


def execution_plans(user: Any, fiscal_year: int | None = None) -> QuerySet[ExecutionPlan]:
    qs = visible_to(user, ExecutionPlan).select_related("mission", "hq_evaluation")
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    current = Q(chapter_plans__lines__status__in=CURRENT)
    return qs.annotate(
        chapter_count=Count("chapter_plans", distinct=True),
        line_count=Count("chapter_plans__lines", filter=current),
        pending_count=Count("chapter_plans__lines", filter=Q(chapter_plans__lines__status="pending")),
        requested_total=Sum("chapter_plans__lines__requested_yen", filter=current),
        approved_total=Sum("chapter_plans__lines__approved_yen", filter=current),
    ).order_by("-fiscal_year", "mission__code")


def access_execution_plan(user: Any, plan_id: int) -> ExecutionPlan:
    return get_visible_or_404(user, execution_plans(user), pk=plan_id)


def plans_in(user: Any, execution_plan: ExecutionPlan) -> QuerySet[ChapterPlan]:
    """The chapters' plans an execution plan includes."""
    return chapter_plans(user).filter(execution_plan=execution_plan)


def lines_in(user: Any, execution_plan: ExecutionPlan) -> QuerySet[ProjectLine]:
    """Every current line of an execution plan (HQ's assessment page), by chapter."""
    return (
        visible_to(user, ProjectLine)
        .filter(plan__execution_plan=execution_plan, status__in=CURRENT)
        .select_related(*LINE_RELATED)
        .order_by("plan__chapter__code", "starts_on", "id")
    )


def waiting_for_mission(user: Any, mission_id: int, fiscal_year: int) -> QuerySet[ChapterPlan]:
    """Chapters' plans sent to the mission and not yet included or returned."""
    return chapter_plans(user, fiscal_year).filter(mission_id=mission_id, status="submitted")


def hq_evaluation_of(user: Any, execution_plan: ExecutionPlan) -> HQEvaluation | None:
    return visible_to(user, HQEvaluation).filter(execution_plan=execution_plan).first()


# --- reports ----------------------------------------------------------------------------------------------


def access_report(user: Any, report_id: int) -> ProjectReport:
    return get_visible_or_404(
        user,
        visible_to(user, ProjectReport).select_related("line__plan__chapter", "line__plan__mission"),
        pk=report_id,
    )


def photos_of(user: Any, report: ProjectReport) -> QuerySet[ReportPhoto]:
    return visible_to(user, ReportPhoto).filter(report=report).order_by("id")


def access_photo(user: Any, photo_id: int) -> ReportPhoto:
    return get_visible_or_404(
        user, visible_to(user, ReportPhoto).select_related("report__line__plan"), pk=photo_id
    )


# --- the user's own organisations (a page's starting point) -------------------------------------------------


def my_chapters(user: Any) -> QuerySet[Organisation]:
    """The chapters whose plans the user keeps (an officer's)."""
    scope = scope_of(user)
    ids = [c for c in scope.chapter_ids if perms.is_chapter_officer(scope, c)]
    return Organisation.objects.filter(pk__in=ids).order_by("code")


def my_missions(user: Any) -> QuerySet[Organisation]:
    scope = scope_of(user)
    ids = [m for m in scope.mission_ids if perms.is_mission_staff(scope, m)]
    return Organisation.objects.filter(pk__in=ids).order_by("code")
