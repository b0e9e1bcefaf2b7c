"""Who may do what in JETAA support: one predicate per permission, used by services, views and menus.

HQ is MOFA (its staff, approvers and administrators) and the superuser; the other national bodies (the
agencies, the Council) read everything. A mission keeps the plans of the chapters that send their plan to it
(a chapter of one of its countries) and its own execution plan, envelope, support and evaluations. A
chapter's officers keep their own chapter's plan and reports."""

from __future__ import annotations

from typing import Any

from jetpm.core.scoping import Scope
from jetpm.core.states import NATIONAL_KINDS, OrgKind, Role

STAFF_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN)


def is_hq(scope: Scope) -> bool:
    """MOFA's staff (HQ of JETAA support), the national administrators and the superuser."""
    return (
        scope.is_superuser
        or scope.has_role(*STAFF_ROLES, kinds={OrgKind.MOFA})
        or scope.has_role(Role.ADMIN, kinds=NATIONAL_KINDS)
    )


def approves_policy(scope: Scope) -> bool:
    """Approving the year's guidelines and assessment policy: MOFA's approvers and administrators."""
    return scope.is_superuser or scope.has_role(Role.APPROVER, Role.ADMIN, kinds={OrgKind.MOFA})


def sees_everything(scope: Scope) -> bool:
    """HQ, and the national bodies (read only)."""
    return is_hq(scope) or scope.national


def is_mission_staff(scope: Scope, mission_id: int | None) -> bool:
    return mission_id is not None and (
        scope.is_superuser or (mission_id in scope.mission_ids and scope.acts_for(mission_id, *STAFF_ROLES))
    )


def is_chapter_officer(scope: Scope, chapter_id: int | None) -> bool:
    return chapter_id is not None and (
        scope.is_superuser
        or (chapter_id in scope.chapter_ids and scope.acts_for(chapter_id, Role.OFFICER, Role.ADMIN))
    )


def sees_missions_work(scope: Scope) -> bool:
    """The missions' execution plans and the evaluations side by side: HQ and the national bodies, missions
    (their own); not the chapters."""
    return sees_everything(scope) or bool(scope.mission_ids)


def can_use_jetaa_support(scope: Scope) -> bool:
    """The JETAA support pages at all: HQ and the national bodies, missions, chapter officers."""
    return sees_everything(scope) or bool(scope.mission_ids) or bool(scope.chapter_ids)


# --- the year's policy and budget (HQ) ------------------------------------------------------------------


def can_keep_policy(scope: Scope, year: Any = None) -> bool:
    return is_hq(scope)


def can_approve_policy(scope: Scope, year: Any = None) -> bool:
    return approves_policy(scope)


def can_set_envelopes(scope: Scope) -> bool:
    return is_hq(scope)


# --- chapters' plans ----------------------------------------------------------------------------------------


def can_keep_chapter_plan(scope: Scope, plan: Any) -> bool:
    """The chapter's officers write and submit its plan (its lines)."""
    return is_chapter_officer(scope, plan.chapter_id)


def can_handle_chapter_plan(scope: Scope, plan: Any) -> bool:
    """The mission the plan is sent to includes it in its execution plan or returns it."""
    return is_mission_staff(scope, plan.mission_id)


def can_report(scope: Scope, line: Any) -> bool:
    """The chapter's officers report on its projects."""
    return is_chapter_officer(scope, line.plan.chapter_id)


# --- missions' execution plans, support, evaluation ----------------------------------------------------


def can_keep_execution_plan(scope: Scope, plan: Any) -> bool:
    return is_mission_staff(scope, plan.mission_id)


def can_assess(scope: Scope, obj: Any = None) -> bool:
    """HQ assesses the missions' plans line by line and evaluates the missions' years."""
    return is_hq(scope)


def can_record_support(scope: Scope, line: Any) -> bool:
    """The mission records the support it commits and pays to its chapters' projects."""
    return is_mission_staff(scope, line.plan.mission_id)


def can_revise_line(scope: Scope, line: Any) -> bool:
    """A change during the year: the chapter's officers or the mission."""
    return is_chapter_officer(scope, line.plan.chapter_id) or is_mission_staff(scope, line.plan.mission_id)


def can_evaluate_project(scope: Scope, line: Any) -> bool:
    return is_mission_staff(scope, line.plan.mission_id)
