"""Who may do what with departure groups and arrivals: one predicate per permission.

The mission arranges its groups (dates, airport, flights) and puts its placed candidates in them, with CLAIR
(which books the arrival in Tokyo); the contracting organisation — or CLAIR at the Tokyo orientation —
confirms arrival or records a no-show; the mission or CLAIR records a withdrawal before departure. The
national bodies read everything; a CO sees who arrives at it; the participant sees their own group."""

from __future__ import annotations

from typing import Any

from jetpm.applications.permissions import is_mission_staff
from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind, PersonKind, Role


def is_clair_staff(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.CLAIR})


def can_manage_groups(scope: Scope, mission_id: int | None = None) -> bool:
    """Create groups, change their dates and flights, assign and move participants: the mission's staff
    (``mission_id`` None: of any mission) or CLAIR."""
    if is_clair_staff(scope):
        return True
    if mission_id is None:
        return bool(scope.mission_ids)
    return is_mission_staff(scope, mission_id)


def can_view_groups(scope: Scope) -> bool:
    """The group list: the national bodies and the missions."""
    return scope.is_superuser or scope.national or bool(scope.mission_ids)


def can_view_arrivals(scope: Scope) -> bool:
    """The arrivals page: a contracting organisation's coordinators (who arrives at it, when), CLAIR."""
    return is_clair_staff(scope) or bool(scope.co_ids)


def can_see_arrival_figures(scope: Scope) -> bool:
    """The arrivals figures (all missions): the national bodies."""
    return scope.is_superuser or scope.has_role(
        Role.STAFF,
        Role.APPROVER,
        Role.ADMIN,
        kinds={OrgKind.MIC, OrgKind.MOFA, OrgKind.CLAIR, OrgKind.COUNCIL},
    )


def receives(scope: Scope, co_id: int | None) -> bool:
    """The coordinators (or admins) of the contracting organisation that receives the participant."""
    return co_id is not None and co_id in scope.co_ids and scope.acts_for(co_id, Role.COORDINATOR, Role.ADMIN)


def can_confirm_arrival(scope: Scope, assignment: Any) -> bool:
    """Confirm arrival or record a no-show: the receiving CO, or CLAIR (at the Tokyo orientation)."""
    return is_clair_staff(scope) or receives(scope, assignment.contracting_org_id)


def can_record_withdrawal(scope: Scope, assignment: Any) -> bool:
    """Record a withdrawal before departure: the group's mission or CLAIR."""
    return can_manage_groups(scope, assignment.group.mission_id)


def manages_group(scope: Scope, group: Any) -> bool:
    return can_manage_groups(scope, group.mission_id)


def manages_assignment(scope: Scope, assignment: Any) -> bool:
    return can_manage_groups(scope, assignment.group.mission_id)


def has_own_departure(scope: Scope) -> bool:
    """The menu entry of one's own departure: candidates and participants (the page says when none yet)."""
    return scope.person_id is not None and scope.person_kind in {PersonKind.APPLICANT, PersonKind.PARTICIPANT}
