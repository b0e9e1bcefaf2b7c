"""JETAA support's workflows (core/workflow.py).

- The year's policy: draft → approved (MOFA's approvers) → superseded (by its revision, a new version).
- A chapter's plan: draft → submitted (its officers, in the chapters' window, with at least one line) →
  included in the mission's execution plan, or returned with a reason → submitted again.
- A mission's execution plan: draft → submitted (in the missions' window, with at least one chapter's plan)
  → assessed (HQ, once every line is assessed); a change during the year takes it back to submitted.
- A project line: pending → approved / reduced / rejected (HQ; a reason to reduce or reject); a changed line
  is a new version, and the version it replaces is superseded once the new one is assessed; a pending line may
  be withdrawn."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.core.errors import DomainError
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow, nobody
from jetpm.jetaa import permissions as perms
from jetpm.jetaa.states import ChapterPlanStatus as C
from jetpm.jetaa.states import ExecutionPlanStatus as E
from jetpm.jetaa.states import LineStatus as L
from jetpm.jetaa.states import PolicyStatus as P


def _plan_target(obj: Any) -> dict[str, Any]:
    return {"organisation": obj.chapter_id}


def _mission_target(obj: Any) -> dict[str, Any]:
    return {"organisation": obj.mission_id}


def _line_target(obj: Any) -> dict[str, Any]:
    return {"organisation": obj.plan.chapter_id}


def _notify_returned(plan: Any, actor: Any) -> None:
    from jetpm.jetaa.notices import plan_returned

    plan_returned(plan, actor)


def _notify_assessed(plan: Any, actor: Any) -> None:
    from jetpm.jetaa.notices import plan_assessed

    plan_assessed(plan, actor)


def _chapter_window(plan: Any) -> None:
    from jetpm.jetaa.windows import require_open

    # a returned plan may come back while the missions are still planning (the chapters' window closed)
    require_open(plan.fiscal_year, "mission_plans" if plan.status == C.RETURNED else "chapter_plans")


def _has_lines(plan: Any) -> None:
    if not plan.lines.exists():
        raise DomainError(_("A plan needs at least one project line before it is submitted."))


def _execution_plan_open(plan: Any) -> None:
    if plan.execution_plan_id is not None and plan.execution_plan.status != E.DRAFT:
        raise DomainError(
            _("The mission's execution plan has been submitted to HQ: its chapters' plans cannot change now.")
        )


def _mission_window(plan: Any) -> None:
    from jetpm.jetaa.windows import require_open

    require_open(plan.fiscal_year, "mission_plans")


def _has_chapter_plans(plan: Any) -> None:
    if not plan.chapter_plans.exists():
        raise DomainError(_("An execution plan needs at least one chapter's plan before it is submitted."))


def _no_plan_waiting(plan: Any) -> None:
    from jetpm.jetaa.models import ChapterPlan

    waiting = ChapterPlan.objects.filter(
        mission_id=plan.mission_id, fiscal_year=plan.fiscal_year, status=C.SUBMITTED
    ).count()
    if waiting:
        raise DomainError(
            _(
                "Chapters' plans sent to the mission are still waiting (%(count)s): "
                "include or return them first."
            )
            % {"count": waiting}
        )


def _all_assessed(plan: Any) -> None:
    from jetpm.jetaa.models import ProjectLine

    if ProjectLine.objects.filter(plan__execution_plan=plan, status=L.PENDING).exists():
        raise DomainError(_("Every project line must be assessed before the assessment is complete."))


def _submitted_to_hq(line: Any) -> None:
    plan = line.plan.execution_plan
    if plan is None or plan.status != E.SUBMITTED:
        raise DomainError(_("Only lines of an execution plan submitted to HQ are assessed."))


POLICY = Workflow(
    key="jetaa_year",
    model="jetaa.SupportYear",
    transitions=(
        Transition(
            "approve",
            {P.DRAFT},
            P.APPROVED,
            who=perms.can_approve_policy,
            label=gettext_lazy("Approve"),
            audit_action="jetaa_year.approve",
            stamps={"approved_at": NOW, "approved_by": ACTOR},
            denied=gettext_lazy("Only MOFA's approvers approve the year's JETAA support policy."),
            confirm=True,
        ),
        Transition(
            "supersede",
            {P.APPROVED},
            P.SUPERSEDED,
            who=nobody,
            label=gettext_lazy("Supersede"),
            audit_action="jetaa_year.supersede",
        ),
    ),
)

CHAPTER_PLANS = Workflow(
    key="jetaa_chapter_plan",
    model="jetaa.ChapterPlan",
    audit_target=_plan_target,
    transitions=(
        Transition(
            "submit",
            {C.DRAFT, C.RETURNED},
            C.SUBMITTED,
            who=perms.can_keep_chapter_plan,
            label=gettext_lazy("Submit to the mission"),
            audit_action="jetaa_chapter_plan.submit",
            stamps={"submitted_at": NOW, "submitted_by": ACTOR},
            guards=(_chapter_window, _has_lines),
            denied=gettext_lazy("Only the chapter's officers submit its plan."),
        ),
        Transition(
            "include",
            {C.SUBMITTED},
            C.INCLUDED,
            who=perms.can_handle_chapter_plan,
            label=gettext_lazy("Include in the execution plan"),
            audit_action="jetaa_chapter_plan.include",
            guards=(_execution_plan_open,),
            denied=gettext_lazy("Only the staff of the mission the plan was sent to include it."),
        ),
        Transition(
            "return",
            {C.SUBMITTED, C.INCLUDED},
            C.RETURNED,
            who=perms.can_handle_chapter_plan,
            label=gettext_lazy("Return to the chapter"),
            audit_action="jetaa_chapter_plan.return",
            reason_field="return_reason",
            reason_required=gettext_lazy("Say why the plan is returned to the chapter."),
            guards=(_execution_plan_open,),
            notify=_notify_returned,
            denied=gettext_lazy("Only the staff of the mission the plan was sent to return it."),
        ),
    ),
)

EXECUTION_PLANS = Workflow(
    key="jetaa_execution_plan",
    model="jetaa.ExecutionPlan",
    audit_target=_mission_target,
    transitions=(
        Transition(
            "submit",
            {E.DRAFT},
            E.SUBMITTED,
            who=perms.can_keep_execution_plan,
            label=gettext_lazy("Submit to HQ"),
            audit_action="jetaa_execution_plan.submit",
            stamps={"submitted_at": NOW, "submitted_by": ACTOR},
            guards=(_mission_window, _has_chapter_plans, _no_plan_waiting),
            denied=gettext_lazy("Only the mission's staff submit its execution plan."),
            confirm=True,
        ),
        Transition(
            "complete",
            {E.SUBMITTED},
            E.ASSESSED,
            who=perms.can_assess,
            label=gettext_lazy("Complete the assessment"),
            audit_action="jetaa_execution_plan.complete",
            stamps={"assessed_at": NOW, "assessed_by": ACTOR},
            guards=(_all_assessed,),
            notify=_notify_assessed,
            denied=gettext_lazy("Only HQ (MOFA) assesses the missions' plans."),
            confirm=True,
        ),
        Transition(
            "amend",
            {E.ASSESSED},
            E.SUBMITTED,
            who=perms.can_keep_execution_plan,
            label=gettext_lazy("Send a change for assessment"),
            audit_action="jetaa_execution_plan.amend",
            denied=gettext_lazy("Only the mission's staff change its execution plan."),
        ),
    ),
)

LINES = Workflow(
    key="jetaa_line",
    model="jetaa.ProjectLine",
    audit_target=_line_target,
    transitions=(
        Transition(
            "approve",
            {L.PENDING},
            L.APPROVED,
            who=perms.can_assess,
            label=gettext_lazy("Approve"),
            audit_action="jetaa_line.approve",
            guards=(_submitted_to_hq,),
            denied=gettext_lazy("Only HQ (MOFA) assesses the missions' plans."),
        ),
        Transition(
            "reduce",
            {L.PENDING},
            L.REDUCED,
            who=perms.can_assess,
            label=gettext_lazy("Reduce"),
            audit_action="jetaa_line.reduce",
            reason_required=gettext_lazy("Say why the amount is reduced."),
            guards=(_submitted_to_hq,),
            denied=gettext_lazy("Only HQ (MOFA) assesses the missions' plans."),
        ),
        Transition(
            "reject",
            {L.PENDING},
            L.REJECTED,
            who=perms.can_assess,
            label=gettext_lazy("Reject"),
            audit_action="jetaa_line.reject",
            reason_required=gettext_lazy("Say why the line is rejected."),
            guards=(_submitted_to_hq,),
            denied=gettext_lazy("Only HQ (MOFA) assesses the missions' plans."),
        ),
        Transition(
            "supersede",
            {L.PENDING, L.APPROVED, L.REDUCED, L.REJECTED},
            L.SUPERSEDED,
            who=nobody,
            label=gettext_lazy("Supersede"),
            audit_action="jetaa_line.supersede",
        ),
        Transition(
            "withdraw",
            {L.PENDING},
            L.WITHDRAWN,
            who=perms.can_revise_line,
            label=gettext_lazy("Withdraw"),
            audit_action="jetaa_line.withdraw",
            reason_field="change_reason",
            reason_required=gettext_lazy("Say why the line is withdrawn."),
            denied=gettext_lazy("Only the chapter's officers or its mission withdraw a line."),
        ),
    ),
)

WORKFLOWS = (POLICY, CHAPTER_PLANS, EXECUTION_PLANS, LINES)
