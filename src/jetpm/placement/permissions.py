"""Who may do what in placement: one predicate per permission, used by services, views and menus.

CLAIR's staff build, run, adjust and publish runs; MIC (and the other national bodies) read them. A
contracting organisation sees its own published placements, a participant their own, a mission its own
applicants'."""

from __future__ import annotations

from jetpm.applications.models import Application
from jetpm.applications.permissions import is_mission_staff, is_own
from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind, Role

RUN_READERS = frozenset({OrgKind.CLAIR, OrgKind.MIC, OrgKind.MOFA})


def can_manage_runs(scope: Scope) -> bool:
    """Build, run, adjust, publish, correct: CLAIR's staff and admins."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.CLAIR})


def can_view_runs(scope: Scope) -> bool:
    """The run list and the review pages: CLAIR, MIC and MOFA."""
    return scope.is_superuser or bool(scope.agency_kinds & RUN_READERS)


def can_view_my_placements(scope: Scope) -> bool:
    """The published placements of one's own organisation(s): contracting and host organisations."""
    return bool(scope.co_ids or scope.host_ids)


def can_decline(scope: Scope, application: Application) -> bool:
    """Decline a placement: the participant themself, or CLAIR on their behalf."""
    return is_own(scope, application) or can_manage_runs(scope)


def can_read_notice(scope: Scope, application: Application) -> bool:
    """The placement notice (who may reach it is also bounded by the Placement scoping rule)."""
    return (
        is_own(scope, application)
        or is_mission_staff(scope, application.mission_id)
        or can_view_runs(scope)
        or bool(scope.co_ids or scope.host_ids)
    )
