"""Who may do what with the country recruitment plan: one predicate per permission, used by services, views
and templates alike."""

from jetpm.core.scoping import Scope
from jetpm.core.states import NATIONAL_KINDS, OrgKind, Role

# The agencies that draw up the plan (MIC with MOFA, MEXT and CLAIR).
PLANNER_KINDS = frozenset({OrgKind.MIC, OrgKind.MOFA, OrgKind.MEXT, OrgKind.CLAIR})


def can_read_plans(scope: Scope) -> bool:
    """The plan pages: the national bodies (every version) and the missions (approved versions)."""
    return scope.is_superuser or scope.national or bool(scope.mission_ids)


def can_plan(scope: Scope) -> bool:
    """Create drafts, set parameters, compute the proposal, edit lines, propose, make a new version."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=PLANNER_KINDS)


def can_approve_plan(scope: Scope) -> bool:
    """Approve a proposed plan or send it back: the Council's approvers."""
    return scope.is_superuser or scope.has_role(Role.APPROVER, kinds={OrgKind.COUNCIL})


def can_see_national_demand(scope: Scope) -> bool:
    """The national demand and the plan's gap against it (national figures)."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.APPROVER, Role.ADMIN, kinds=NATIONAL_KINDS)
