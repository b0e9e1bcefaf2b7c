"""Who may do what in appointments: one predicate per permission."""

from typing import Any

from jetpm.appointments.models import AppointmentTerm
from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.states import NATIONAL_KINDS, OrgKind, PersonKind, Role

HISTORY_IMPORTERS = frozenset({OrgKind.CLAIR, OrgKind.MIC, OrgKind.MOFA})


def can_import_history(scope: Scope) -> bool:
    """CLAIR, MIC and MOFA staff (and superusers) import participant history."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=HISTORY_IMPORTERS)


def can_see_statistics(scope: Scope) -> bool:
    """The programme's statistics: the national bodies."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.APPROVER, Role.ADMIN, kinds=NATIONAL_KINDS)


REAPPOINTMENT_OVERSEERS = frozenset({OrgKind.CLAIR, OrgKind.MIC})


def can_view_participants(scope: Scope) -> bool:
    """The participant list: national bodies and the coordinators of contracting and host organisations."""
    return scope.is_superuser or scope.national or bool(scope.co_ids or scope.host_ids)


def can_manage_reappointment(scope: Scope, co_id: int | None = None) -> bool:
    """The coordinators of a contracting organisation assess and decide its participants' reappointment
    (``co_id`` None: of any organisation they coordinate)."""
    if scope.is_superuser:
        return True
    if co_id is None:
        return bool(scope.co_ids)
    return co_id in scope.co_ids and scope.acts_for(co_id, Role.COORDINATOR)


def can_state_intention(scope: Scope, term: AppointmentTerm) -> bool:
    """The participant themselves, or their contracting organisation on their behalf."""
    if can_manage_reappointment(scope, term.contracting_org_id):
        return True
    return scope.person_id is not None and scope.person_id == term.participant.person_id


def can_see_reappointment_progress(scope: Scope) -> bool:
    """The national progress of the reappointment round: CLAIR and MIC."""
    return scope.is_superuser or scope.has_role(
        Role.STAFF, Role.APPROVER, Role.ADMIN, kinds=REAPPOINTMENT_OVERSEERS
    )


# --- training ---------------------------------------------------------------------------------------------

TRAINING_ORGANISER_KINDS = frozenset({OrgKind.CLAIR, OrgKind.MEXT, OrgKind.HOST_ORG})
TRAINING_ROLES = (Role.STAFF, Role.ADMIN, Role.COORDINATOR)


def training_organiser_ids(scope: Scope) -> set[int]:
    """The organisations (CLAIR, MEXT, host organisations) for which the user organises training."""
    return {o for o, k, r in scope.roles if k in TRAINING_ORGANISER_KINDS and r in TRAINING_ROLES}


def can_organise_training(scope: Scope, organiser_id: int | None = None) -> bool:
    """CLAIR and MEXT staff and host organisations' coordinators create and manage their own events
    (``organiser_id`` None: for any organisation)."""
    if scope.is_superuser:
        return True
    ids = training_organiser_ids(scope)
    return bool(ids) if organiser_id is None else organiser_id in ids


def can_view_training(scope: Scope) -> bool:
    """The training pages: organisers, national bodies, contracting organisations, participants."""
    return (
        scope.is_superuser
        or scope.national
        or bool(scope.co_ids or scope.host_ids or training_organiser_ids(scope))
        or scope.person_kind == PersonKind.PARTICIPANT
    )


def can_record_attendance(scope: Scope, organiser_id: int, co_id: int | None) -> bool:
    """The event's organiser, or the coordinator of the participant's contracting organisation (``co_id``:
    of the participant's term in the event's fiscal year)."""
    if can_organise_training(scope, organiser_id):
        return True
    return co_id is not None and co_id in scope.co_ids and scope.acts_for(co_id, Role.COORDINATOR, Role.ADMIN)


def _organises_event(scope: Scope, event: Any) -> bool:
    return can_organise_training(scope, event.organiser_id)


def _own_invitation(scope: Scope, invitation: Any) -> bool:
    """The invited participant themselves."""
    return scope.person_id is not None and scope.person_id == invitation.participant.person_id


# The named permissions of a training event and of an invitation (``access_<x>(user, id, action=…)``).
EVENT_ACTIONS = Actions(manage=_organises_event)
INVITATION_ACTIONS = Actions(feedback=_own_invitation)


# --- costs ------------------------------------------------------------------------------------------------

COST_RATE_EDITORS = frozenset({OrgKind.CLAIR, OrgKind.MIC})


def can_view_costs(scope: Scope) -> bool:
    """Costs: national bodies (the national table), host organisations (their area), contracting
    organisations (their own)."""
    return scope.is_superuser or scope.national or bool(scope.co_ids or scope.host_ids)


def can_edit_cost_rates(scope: Scope) -> bool:
    """The year's travel and insurance amounts: CLAIR and MIC staff."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=COST_RATE_EDITORS)


def _sees_costs(scope: Scope, organisation: Any) -> bool:
    return can_view_costs(scope)


# The named permissions of an organisation's costs (``access_cost_organisation(user, id, action=…)``).
COST_ORGANISATION_ACTIONS = Actions(view=_sees_costs)


def can_export_costs(scope: Scope) -> bool:
    """The national table's download: the national bodies."""
    return scope.is_superuser or scope.national
