"""Who may do what in screening: one predicate per permission, used by services, views and templates."""

from __future__ import annotations

from typing import Any

from jetpm.applications.permissions import is_hq, is_mission_staff
from jetpm.core.scoping import Scope
from jetpm.screening.models import Panel, PanelMember


def can_use_screening(scope: Scope) -> bool:
    """The Screening menu: mission staff, panelists, HQ."""
    return bool(scope.mission_ids or scope.panelist_mission_ids) or is_hq(scope)


def can_manage_panels(scope: Scope, mission_id: int) -> bool:
    """Create panels, add and remove members, assign applications: the mission's staff."""
    return is_mission_staff(scope, mission_id)


def is_chair(scope: Scope, panel: Panel) -> bool:
    return scope.user_id is not None and panel.chair_id == scope.user_id


def sits_on(scope: Scope, panel: Panel | None) -> bool:
    """A member of the panel."""
    return (
        panel is not None
        and scope.user_id is not None
        and PanelMember.objects.filter(panel=panel, user_id=scope.user_id).exists()
    )


def panel_of(application: Any) -> Panel | None:
    """The panel an application is assigned to, if any."""
    assignment = getattr(application, "assignment", None)
    return assignment.panel if assignment is not None else None


def can_open_application(scope: Scope, application: Any) -> bool:
    """The screening page of an application: the members of its panel, the mission's staff, and HQ."""
    return sits_on(scope, panel_of(application)) or can_decide(scope, application.mission_id) or is_hq(scope)


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
