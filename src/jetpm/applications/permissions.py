"""Who may do what with applications: one predicate per permission, used by services, views and menus.

Actors of the status machine (``states.Actor``): the applicant (their own application), the mission (its
staff, approvers and administrators), HQ (staff and administrators of MOFA, who run recruitment and the final
selection for the Council through the missions), and the system (deadlines). The Council's approvers approve
selection lists; CLAIR places the selected candidates (the placement stage) but takes no part in selection.
"""

from __future__ import annotations

from jetpm.applications.models import Application
from jetpm.applications.states import Actor
from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind, Role

HQ_KINDS = frozenset({OrgKind.MOFA})
PLACEMENT_KINDS = frozenset({OrgKind.CLAIR})
MISSION_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN)


def is_hq(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=HQ_KINDS)


def is_placement_agency(scope: Scope) -> bool:
    """CLAIR's staff and administrators: they place the selected candidates (and record a declined
    placement as the candidate's withdrawal); they take no part in screening or selection."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=PLACEMENT_KINDS)


def is_council_approver(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.APPROVER, kinds={OrgKind.COUNCIL})


def is_mission_staff(scope: Scope, mission_id: int) -> bool:
    return scope.acts_for(mission_id, *MISSION_ROLES)


def works_for_a_mission(scope: Scope) -> bool:
    return bool(scope.mission_ids)


def is_own(scope: Scope, application: Application) -> bool:
    return scope.person_id is not None and application.person_id == scope.person_id


def actors_of(scope: Scope, application: Application) -> frozenset[str]:
    """The actor classes the user may act as on this application."""
    found: set[str] = set()
    if is_own(scope, application):
        found.add(Actor.APPLICANT)
    if is_mission_staff(scope, application.mission_id):
        found.add(Actor.MISSION)
    if is_hq(scope):
        found.add(Actor.HQ)
    if is_placement_agency(scope):
        found.add(Actor.PLACEMENT)
    return frozenset(found)


def can_apply(scope: Scope) -> bool:
    """The applicant portal: a signed-in person who acts for no organisation."""
    return scope.person_id is not None and not scope.org_ids


def can_view_intake(scope: Scope) -> bool:
    """The list of applications: mission staff for their mission, HQ and the national bodies for all."""
    return scope.is_superuser or scope.national or bool(scope.mission_ids)


def can_manage_intake(scope: Scope, application: Application) -> bool:
    """Mark document problems, check eligibility, withdraw or disqualify: the mission and HQ."""
    return is_mission_staff(scope, application.mission_id) or is_hq(scope)
