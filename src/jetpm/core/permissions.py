"""Who may do what in core: one predicate per permission, used by services, views and menus alike."""

from typing import Any

from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.states import NATIONAL_KINDS, OrgKind, Role

CALENDAR_EDITORS = frozenset({OrgKind.MOFA, OrgKind.MIC, OrgKind.CLAIR})


def can_edit_calendar(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=CALENDAR_EDITORS)


def can_set_mission_dates(scope: Scope, mission_id: int) -> bool:
    return (
        scope.is_superuser
        or scope.acts_for(mission_id, Role.STAFF, Role.ADMIN)
        or scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.MOFA})
    )


def can_set_time_zone(scope: Scope, mission_id: int) -> bool:
    """Set a mission's local time zone (core/time_zones.py): the national bodies' staff and administrators,
    and the mission's own administrators."""
    return (
        scope.is_superuser
        or scope.has_role(Role.STAFF, Role.ADMIN, kinds=NATIONAL_KINDS)
        or scope.acts_for(mission_id, Role.ADMIN)
    )


def can_read_audit(scope: Scope) -> bool:
    return scope.is_superuser or scope.national or scope.has_role(Role.ADMIN)


def reads_all_audit(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, Role.APPROVER, kinds=NATIONAL_KINDS)


def can_see_directory(scope: Scope) -> bool:
    """The organisations and people pages: anyone acting for an organisation."""
    return scope.is_superuser or bool(scope.org_ids)


def can_manage_members(scope: Scope, organisation_id: int) -> bool:
    """Invite, change the role of and remove an organisation's members: the organisation's administrators,
    and the national administrators (of an agency or the Council) for every organisation."""
    return (
        scope.is_superuser
        or scope.has_role(Role.ADMIN, kinds=NATIONAL_KINDS)
        or scope.acts_for(organisation_id, Role.ADMIN)
    )


def manages_all_members(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.ADMIN, kinds=NATIONAL_KINDS)


def manages_any_members(scope: Scope) -> bool:
    """The "Users" menu: anyone who administers at least one organisation."""
    return scope.is_superuser or scope.has_role(Role.ADMIN)


def can_read_retention(scope: Scope) -> bool:
    """The retention schedules and the purges: the national bodies."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, Role.APPROVER, kinds=NATIONAL_KINDS)


def can_edit_retention(scope: Scope) -> bool:
    """Change the retention schedules: the national administrators."""
    return scope.is_superuser or scope.has_role(Role.ADMIN, kinds=NATIONAL_KINDS)


def can_hold(scope: Scope) -> bool:
    """Place and lift a legal hold on a person: the national bodies' staff and administrators."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=NATIONAL_KINDS)


# --- the named permissions of core's records, for ``access_<x>(user, id, action=…)`` (core/access.py) ------


def _members_manager(scope: Scope, organisation: Any) -> bool:
    return can_manage_members(scope, organisation.pk)


def _calendar_editor(scope: Scope, record: Any) -> bool:
    return can_edit_calendar(scope)


def _mission_dates_setter(scope: Scope, mission: Any) -> bool:
    return can_set_mission_dates(scope, mission.pk)


def _time_zone_setter(scope: Scope, mission: Any) -> bool:
    return can_set_time_zone(scope, mission.pk)


def _holder(scope: Scope, person: Any) -> bool:
    return can_hold(scope)


def _membership_manager(scope: Scope, membership: Any) -> bool:
    return can_manage_members(scope, membership.organisation_id)


ORGANISATION_ACTIONS = Actions(manage_members=_members_manager)
MISSION_ACTIONS = Actions(set_dates=_mission_dates_setter, set_time_zone=_time_zone_setter)
PERSON_ACTIONS = Actions(hold=_holder)
CYCLE_ACTIONS = Actions(edit=_calendar_editor)
AUDIT_EVENT_ACTIONS = Actions()
MEMBERSHIP_ACTIONS = Actions(manage=_membership_manager)
