"""Who may do what in the alumni stage: one predicate per permission, used by services, views and menus.

Jurisdiction (documented in docs/architecture.md): a mission's alumni are those who live in one of the
mission's countries (the profile's country of residence); an alumnus whose residence is not known counts
for the missions of their nationality. CLAIR follows up the alumni living in Japan; MOFA and the national
administrators see every alumnus; a chapter's officers see their current members only."""

from __future__ import annotations

from typing import Any

from jetpm.core.scoping import Scope
from jetpm.core.states import NATIONAL_KINDS, OrgKind, PersonKind, Role

JAPAN = "JP"
STAFF_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN)


def sees_all_alumni(scope: Scope) -> bool:
    """MOFA (HQ of the alumni's diplomacy) and the national administrators."""
    return (
        scope.is_superuser
        or scope.has_role(*STAFF_ROLES, kinds={OrgKind.MOFA})
        or scope.has_role(Role.ADMIN, kinds=NATIONAL_KINDS)
    )


def is_clair(scope: Scope) -> bool:
    return scope.has_role(*STAFF_ROLES, kinds={OrgKind.CLAIR})


def is_mission(scope: Scope) -> bool:
    return bool(scope.mission_ids)


def is_officer(scope: Scope) -> bool:
    return bool(scope.chapter_ids)


def can_view_alumni(scope: Scope) -> bool:
    """The alumni registry: MOFA and the national administrators, CLAIR, missions, chapter officers."""
    return sees_all_alumni(scope) or is_clair(scope) or is_mission(scope) or is_officer(scope)


def can_view_chapters(scope: Scope) -> bool:
    return can_view_alumni(scope) or scope.national


def is_alumnus(scope: Scope) -> bool:
    return scope.person_id is not None and scope.person_kind == PersonKind.ALUMNUS


def can_see_notable_list(scope: Scope) -> bool:
    """The national list of notable alumni by sector: HQ (MOFA) and the national administrators."""
    return sees_all_alumni(scope)


def can_flag_notable(scope: Scope, profile: Any) -> bool:
    """Missions flag the notable alumni of their jurisdiction (the profile is already in their scope)."""
    return scope.is_superuser or bool(scope.mission_ids)


def is_officer_of(scope: Scope, chapter_id: int) -> bool:
    return scope.is_superuser or (
        chapter_id in scope.chapter_ids and scope.acts_for(chapter_id, Role.OFFICER, Role.ADMIN)
    )


def can_keep_members(scope: Scope, chapter: Any) -> bool:
    """A chapter's officers keep its member list (and its details)."""
    return is_officer_of(scope, chapter.pk)


def can_remove_member(scope: Scope, membership: Any) -> bool:
    return is_officer_of(scope, membership.chapter_id)


def can_record_return(scope: Scope, term: Any) -> bool:
    """The coordinators of the last term's contracting organisation, or CLAIR."""
    if scope.is_superuser or is_clair(scope):
        return True
    co = term.contracting_org_id
    return co is not None and co in scope.co_ids and scope.acts_for(co, Role.COORDINATOR, Role.ADMIN)


def can_record_returns(scope: Scope) -> bool:
    """The page of participants to return: coordinators and CLAIR."""
    return scope.is_superuser or is_clair(scope) or bool(scope.co_ids)


def is_own_profile(scope: Scope, profile: Any) -> bool:
    return scope.person_id is not None and scope.person_id == profile.person_id
