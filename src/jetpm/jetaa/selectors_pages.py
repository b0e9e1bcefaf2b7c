"""Reads of JETAA support's pages: every one scoped through the records' visibility rules (jetaa/rules.py),
so a list and a detail page cannot drift apart and a record outside the user's scope answers 404. The
budget at each level (national budget → mission envelopes → approved lines → commitments → payments) is
read here with a bounded number of queries whatever the number of lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jetpm.core.calendar import fiscal_year_of
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import get_visible_or_404, visible_to
from jetpm.jetaa import budget
from jetpm.jetaa import selectors_figures as figures
from jetpm.jetaa.models import (
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    HQEvaluation,
    Payment,
    ProjectLine,
    ReportPhoto,
    SupportYear,
)
from jetpm.jetaa.states import CURRENT, SUPPORTED, PolicyStatus
from jetpm.jetaa.windows import window_problem


def current_year() -> int:
    return fiscal_year_of(timezone.localdate())


def years_around() -> list[int]:
    """The fiscal years a page offers: next year back to five years ago."""
    now = current_year()
    return list(range(now + 1, now - 6, -1))


def year_to_plan(years: list[int], window: str) -> tuple[int, str | None]:
    """The year a new plan form starts on: the first of ``years`` whose ``window`` is open today (an approved
    policy), else next year — not a year nothing can be planned for while another is open; and, when no
    year is open, why not (for next year), to say before the form is filled in."""
    open_year = next((y for y in years if window_problem(y, window) is None), None)
    if open_year is not None:
        return open_year, None
    return current_year() + 1, window_problem(current_year() + 1, window)


# --- single records (404 outside the scope) -----------------------------------------------------------


def access_chapter_plan(user: User, plan_id: int) -> ChapterPlan:
    return get_visible_or_404(
        user, ChapterPlan.objects.select_related("chapter", "mission", "execution_plan"), pk=plan_id
    )


def access_execution_plan(user: User, plan_id: int) -> ExecutionPlan:
    return get_visible_or_404(user, ExecutionPlan.objects.select_related("mission"), pk=plan_id)


def access_line(user: User, line_id: int) -> ProjectLine:
    return get_visible_or_404(
        user,
        ProjectLine.objects.select_related(
            "plan__chapter", "plan__mission", "plan__execution_plan", "previous", "carried_from__plan"
        ),
        pk=line_id,
    )


def access_photo(user: User, photo_id: int) -> ReportPhoto:
    return get_visible_or_404(user, ReportPhoto.objects.all(), pk=photo_id)


def policy_of(user: User, fiscal_year: int) -> SupportYear | None:
    """The version of the year's policy the user sees first: the approved one, else (HQ) the newest draft."""
    qs = visible_to(user, SupportYear.objects.filter(fiscal_year=fiscal_year))
    return qs.filter(status=PolicyStatus.APPROVED).first() or qs.order_by("-version").first()


def policy_versions(user: User, fiscal_year: int) -> list[SupportYear]:
    return list(visible_to(user, SupportYear.objects.filter(fiscal_year=fiscal_year)).order_by("-version"))


# --- lists --------------------------------------------------------------------------------------------


def _committed_sq() -> Any:
    return Coalesce(
        Subquery(
            Commitment.objects.filter(line=OuterRef("pk"))
            .order_by()
            .values("line")
            .annotate(s=Sum("amount_yen"))
            .values("s"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _spent_sq() -> Any:
    return Coalesce(
        Subquery(
            Payment.objects.filter(commitment__line=OuterRef("pk"))
            .order_by()
            .values("commitment__line")
            .annotate(s=Sum("amount_yen"))
            .values("s"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_budget(qs: QuerySet[ProjectLine]) -> QuerySet[ProjectLine]:
    """Lines with ``committed_yen``, ``spent_yen`` and ``remaining_yen`` (approved less spent), in one query
    for the lot."""
    return qs.annotate(committed_yen=_committed_sq(), spent_yen=_spent_sq()).annotate(
        remaining_yen=F("approved_yen") - F("spent_yen")
    )


def chapter_plans_for(user: User, fiscal_year: int) -> QuerySet[ChapterPlan]:
    """The chapters' plans of the year the user sees, with their totals asked and approved."""
    current = Q(lines__status__in=CURRENT)
    return (
        visible_to(user, ChapterPlan.objects.filter(fiscal_year=fiscal_year))
        .select_related("chapter", "mission", "execution_plan")
        .annotate(
            requested=Coalesce(Sum("lines__requested_yen", filter=current), Value(0)),
            approved=Coalesce(Sum("lines__approved_yen", filter=Q(lines__status__in=SUPPORTED)), Value(0)),
        )
        .order_by("mission__code", "chapter__code")
    )


def chapter_plans_of_chapters(user: User, chapter_ids: set[int] | frozenset[int]) -> QuerySet[ChapterPlan]:
    """Every year's plan of the user's chapters (a chapter officer's own list)."""
    return (
        visible_to(user, ChapterPlan.objects.filter(chapter_id__in=chapter_ids))
        .select_related("chapter", "mission")
        .order_by("-fiscal_year", "chapter__code")
    )


def execution_plans_for(user: User, fiscal_year: int) -> QuerySet[ExecutionPlan]:
    return (
        visible_to(user, ExecutionPlan.objects.filter(fiscal_year=fiscal_year))
        .select_related("mission")
        .order_by("mission__code")
    )


def lines_of_chapter_plan(plan: ChapterPlan) -> list[ProjectLine]:
    """Every version of the plan's lines, with last year's evaluation of the project each one continues,
    its assessment, report and evaluation (a bounded number of queries)."""
    return list(
        with_budget(ProjectLine.objects.filter(plan=plan))
        .select_related(
            "assessment", "report", "evaluation", "carried_from__evaluation", "carried_from__plan"
        )
        .order_by("starts_on", "pk")
    )


def lines_of_execution_plan(plan: ExecutionPlan) -> list[ProjectLine]:
    return list(
        with_budget(ProjectLine.objects.filter(plan__execution_plan=plan))
        .select_related(
            "plan__chapter",
            "assessment",
            "report",
            "evaluation",
            "carried_from__evaluation",
            "carried_from__plan",
        )
        .order_by("plan__chapter__code", "starts_on", "pk")
    )


def mission_choices(user: User) -> list[Organisation]:
    """The missions whose execution plans the user keeps (a mission's staff)."""
    from jetpm.core.scoping import scope_of

    scope = scope_of(user)
    return list(Organisation.objects.filter(pk__in=scope.mission_ids).order_by("code"))


def chapter_choices(user: User) -> list[Organisation]:
    from jetpm.core.scoping import scope_of

    scope = scope_of(user)
    return list(Organisation.objects.filter(pk__in=scope.chapter_ids).order_by("code"))


def earlier_lines_of_chapter(chapter_id: int, fiscal_year: int) -> list[ProjectLine]:
    """Last year's current lines of the chapter (what a new line may continue), with their evaluations."""
    return list(
        ProjectLine.objects.filter(
            plan__chapter_id=chapter_id, plan__fiscal_year=fiscal_year - 1, status__in=CURRENT
        )
        .select_related("evaluation")
        .order_by("starts_on", "pk")
    )


def line_versions(line: ProjectLine) -> list[ProjectLine]:
    """The line's earlier versions, newest first (a handful)."""
    out: list[ProjectLine] = []
    seen = {line.pk}
    prev = line.previous
    while prev is not None and prev.pk not in seen and len(out) < 20:
        out.append(prev)
        seen.add(prev.pk)
        prev = prev.previous
    return out


def commitments_of(line: ProjectLine) -> list[Commitment]:
    return list(
        Commitment.objects.filter(line=line)
        .prefetch_related("payments")
        .annotate(paid=Coalesce(Sum("payments__amount_yen"), Value(0)))
        .order_by("committed_on", "pk")
    )


# --- the budget at each level ------------------------------------------------------------------------------


@dataclass
class Money:
    requested: int = 0
    approved: int = 0
    committed: int = 0
    spent: int = 0

    @property
    def remaining(self) -> int:
        """What is approved and not spent yet."""
        return self.approved - self.spent

    @property
    def approved_unspent(self) -> int:
        """The same as ``remaining``, by the name the budget's totals give it."""
        return self.approved - self.spent

    @property
    def uncommitted(self) -> int:
        return self.approved - self.committed

    def add(self, line: ProjectLine) -> None:
        if line.status in CURRENT:
            self.requested += line.requested_yen
        if line.status in SUPPORTED:
            self.approved += line.approved_yen
        self.committed += int(getattr(line, "committed_yen", 0) or 0)
        self.spent += int(getattr(line, "spent_yen", 0) or 0)


def money_of(lines: list[ProjectLine]) -> Money:
    total = Money()
    for line in lines:
        total.add(line)
    return total


@dataclass
class MissionRow:
    """A mission's year on the pages: its envelope and budget (jetaa/selectors_figures.budget_overview), its
    execution plan, and its outcomes (selectors_figures.side_by_side) — the figures of ``jetpm stats``."""

    mission: Organisation
    money: budget.Totals  # its budget is the envelope: ``remaining`` is what the envelope has left
    plan: ExecutionPlan | None = None
    outcome: figures.Outcome | None = None

    @property
    def envelope(self) -> int | None:
        return self.money.budget

    @property
    def over_envelope(self) -> bool:
        return self.money.budget is not None and self.money.approved > self.money.budget

    @property
    def envelope_left(self) -> int | None:
        return None if self.money.budget is None else self.money.budget - self.money.approved

    def _of(self, name: str) -> Any:
        return getattr(self.outcome, name) if self.outcome is not None else 0

    @property
    def chapters(self) -> int:
        return int(self._of("chapters"))

    @property
    def projects(self) -> int:
        return int(self._of("projects"))

    @property
    def reported(self) -> int:
        return int(self._of("reported"))

    @property
    def evaluated(self) -> int:
        return int(self._of("evaluated"))

    @property
    def participants(self) -> int:
        return int(self._of("participants"))

    @property
    def next_year(self) -> int:
        return int(self._of("support_next_year"))

    @property
    def effects(self) -> dict[str, int]:
        return self.outcome.effects if self.outcome is not None else {}

    @property
    def cost_per_participant(self) -> int | None:
        return self.outcome.cost_per_participant if self.outcome is not None else None

    @property
    def hq(self) -> HQEvaluation | None:
        return self.outcome.hq_evaluation if self.outcome is not None else None


@dataclass
class YearFigures:
    fiscal_year: int
    policy: SupportYear | None
    missions: list[MissionRow]
    total: budget.Totals  # its budget is the national budget
    envelopes_total: int
    by_category: list[tuple[str, Any, budget.Totals, int]]  # (code, label, money, projects)
    by_region: list[tuple[str, budget.Totals, int]]  # (region name, money, projects)

    @property
    def envelopes_left(self) -> int:
        """What the missions' envelopes have left to approve, together."""
        return self.envelopes_total - self.total.approved

    @property
    def national_budget(self) -> int | None:
        return self.policy.national_budget_yen if self.policy else None


def year_figures(user: User, fiscal_year: int) -> YearFigures:
    """The year's figures for the user's scope (HQ: every mission; a mission: its own) by mission, category
    and region: the domain's own figures (selectors_figures, the same as ``jetpm stats jetaa-support``) with
    each mission's execution plan."""
    overview = figures.budget_overview(user, fiscal_year)
    outcomes = figures.side_by_side(user, fiscal_year)
    by_mission = {o.key: o for o in outcomes.by_mission}
    by_category = {o.key: o for o in outcomes.by_category}
    by_region = {o.key: o for o in outcomes.by_region}
    plans = {p.mission_id: p for p in execution_plans_for(user, fiscal_year)}
    rows = [
        MissionRow(mission=b.key, money=b.totals, plan=plans.get(b.key.pk), outcome=by_mission.get(b.key.pk))
        for b in overview.by_mission
    ]
    shown = {r.mission.pk for r in rows}
    rows += [
        MissionRow(mission=p.mission, money=budget.Totals(), plan=p)
        for m, p in plans.items()
        if m not in shown
    ]
    rows.sort(key=lambda r: r.mission.code)

    def projects(outcome: figures.Outcome | None) -> int:
        return outcome.projects if outcome is not None else 0

    return YearFigures(
        fiscal_year=fiscal_year,
        policy=policy_of(user, fiscal_year),
        missions=rows,
        total=overview.national,
        envelopes_total=overview.envelopes_total,
        by_category=[
            (b.key, b.label, b.totals, projects(by_category.get(b.key))) for b in overview.by_category
        ],
        by_region=[
            (b.label, b.totals, projects(by_region.get(b.key.pk if b.key is not None else None)))
            for b in overview.by_region
        ],
    )
