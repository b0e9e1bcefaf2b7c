"""Who may do what in screening: one predicate per permission, used by services, views and templates."""

from __future__ import annotations

from jetpm.applications.permissions import is_hq, is_mission_staff
from jetpm.core.scoping import Scope
from jetpm.screening.models import Panel


def can_use_screening(scope: Scope) -> bool:
    """The Screening menu: mission staff, panelists, HQ."""
    return bool(scope.mission_ids or scope.panelist_mission_ids) or is_hq(scope)


def can_manage_panels(scope: Scope, mission_id: int) -> bool:
    """Create panels, add and remove members, assign applications: the mission's staff."""
    return is_mission_staff(scope, mission_id)


def is_chair(scope: Scope, panel: Panel) -> bool:
    return scope.user_id is not None and panel.chair_id == scope.user_id


def can_read_score_sheet(scope: Scope, panel: Panel) -> bool:
    """The chair, the mission's staff, and HQ (read-only)."""
    return is_chair(scope, panel) or is_mission_staff(scope, panel.mission_id) or is_hq(scope)


def can_resolve(scope: Scope, panel: Panel) -> bool:
    """Set a resolved score where members disagree: the chair or the mission's staff."""
    return is_chair(scope, panel) or is_mission_staff(scope, panel.mission_id)


def can_see_conflicts(scope: Scope, panel: Panel) -> bool:
    return can_resolve(scope, panel) or is_hq(scope)


def can_decide(scope: Scope, mission_id: int) -> bool:
    """Stage decisions, interviews, Japanese tests and the report: the mission's staff."""
    return is_mission_staff(scope, mission_id)


def can_read_all_reports(scope: Scope) -> bool:
    """Every mission's submitted reports: HQ (MOFA)."""
    return is_hq(scope)
