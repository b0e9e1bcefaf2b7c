"""Who may do what in outreach: one predicate per permission, used by services, views and templates."""

from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind, Role


def can_see_outreach(scope: Scope) -> bool:
    """The outreach pages: the missions' staff and the national bodies."""
    return scope.is_superuser or scope.national or bool(scope.mission_ids)


def can_edit_activities(scope: Scope, mission_id: int) -> bool:
    """Plan and record a mission's activities: its staff and administrators."""
    return scope.is_superuser or scope.acts_for(mission_id, Role.STAFF, Role.ADMIN)


def can_draft_evaluation(scope: Scope, mission_id: int) -> bool:
    """Open and write a mission's self-evaluation: its staff, approvers and administrators."""
    return scope.is_superuser or scope.acts_for(mission_id, Role.STAFF, Role.APPROVER, Role.ADMIN)


def can_submit_evaluation(scope: Scope, mission_id: int) -> bool:
    """Submit the self-evaluation to MOFA HQ: the mission's approver or administrator (not its staff)."""
    return scope.is_superuser or scope.acts_for(mission_id, Role.APPROVER, Role.ADMIN)


def can_review_evaluations(scope: Scope) -> bool:
    """Review submitted self-evaluations: MOFA HQ's staff and administrators."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.MOFA})


def can_see_review(scope: Scope) -> bool:
    """All missions side by side: the national bodies (MOFA first of all)."""
    return scope.is_superuser or scope.national
