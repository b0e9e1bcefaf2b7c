"""Who may do what with the alumni's surveys, bulletins and engagement: predicates over the user's Scope."""

from __future__ import annotations

from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind, PersonKind, Role

STAFF = (Role.STAFF, Role.APPROVER, Role.ADMIN)


def is_alumnus(scope: Scope) -> bool:
    return scope.person_kind == PersonKind.ALUMNUS and scope.person_id is not None


def can_define_surveys(scope: Scope) -> bool:
    """Define the year's surveys and instruct the missions: MOFA HQ's staff."""
    return scope.is_superuser or scope.has_role(*STAFF, kinds={OrgKind.MOFA})


def can_send_for_mission(scope: Scope, mission_id: int) -> bool:
    """Send a survey or a bulletin for a mission, record its alumni's engagement: its staff."""
    return scope.is_superuser or scope.acts_for(mission_id, *STAFF)


def can_see_surveys(scope: Scope) -> bool:
    return (
        scope.is_superuser
        or scope.national
        or bool(scope.mission_ids)
        or bool(scope.chapter_ids)
        or is_alumnus(scope)
    )


def can_send_bulletin_as(scope: Scope, organisation_id: int, kind: str) -> bool:
    """Send bulletins as an organisation: a mission's or MOFA's staff."""
    if scope.is_superuser:
        return kind in (OrgKind.MISSION, OrgKind.MOFA)
    return kind in (OrgKind.MISSION, OrgKind.MOFA) and scope.acts_for(organisation_id, *STAFF)


def can_see_bulletins(scope: Scope) -> bool:
    return can_see_surveys(scope)


def can_see_engagement(scope: Scope) -> bool:
    return scope.is_superuser or scope.national or bool(scope.mission_ids) or is_alumnus(scope)


def can_search_alumni(scope: Scope) -> bool:
    """Find consenting alumni for an event: the missions' staff (and MOFA HQ)."""
    return scope.is_superuser or bool(scope.mission_ids) or can_define_surveys(scope)
