"""Who may do what with the orientations, the checklists and the send-off evaluations."""

from __future__ import annotations

from typing import Any

from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind, Role
from jetpm.outreach.permissions import (
    can_draft_evaluation,
    can_review_evaluations,
    can_see_review,
    can_submit_evaluation,
)


def can_see_orientations(scope: Scope) -> bool:
    """The orientation pages: the missions' staff and the national bodies."""
    return scope.is_superuser or scope.national or bool(scope.mission_ids)


def can_manage_orientations(scope: Scope, mission_id: int) -> bool:
    """Plan events, invite, upload materials, add speakers, record attendance: the mission's staff and
    administrators."""
    return scope.is_superuser or scope.acts_for(mission_id, Role.STAFF, Role.ADMIN)


def is_own_invitation(scope: Scope, invitation: Any) -> bool:
    """The candidate invited (their feedback)."""
    return scope.person_id is not None and invitation.application.person_id == scope.person_id


def is_clair(scope: Scope) -> bool:
    return scope.has_role(Role.STAFF, Role.ADMIN, kinds={OrgKind.CLAIR})


def can_see_checklists(scope: Scope) -> bool:
    """The checklists' pages: the missions (their candidates), CLAIR and the national bodies, and the
    contracting organisations (the candidates placed with them)."""
    return scope.is_superuser or scope.national or bool(scope.mission_ids) or bool(scope.co_ids)


def receives(scope: Scope, application_id: int) -> bool:
    """The contracting organisation the candidate is placed with (a published placement)."""
    if not scope.co_ids:
        return False
    from jetpm.placement.models import Placement
    from jetpm.placement.states import RunStatus

    return Placement.objects.filter(
        application_id=application_id, contracting_org_id__in=scope.co_ids, run__status=RunStatus.PUBLISHED
    ).exists()


def can_report_visa(scope: Scope, application_id: int) -> bool:
    """Report the visa paperwork: CLAIR, or the contracting organisation the candidate is placed with."""
    return scope.is_superuser or is_clair(scope) or receives(scope, application_id)


# The send-off evaluation is a yearly mission report like the outreach self-evaluation: the same people
# write, submit and review it, and the national bodies see all missions side by side.
can_draft_sendoff = can_draft_evaluation
can_submit_sendoff = can_submit_evaluation
can_review_sendoff = can_review_evaluations
can_see_sendoff_review = can_see_review


def can_see_sendoff(scope: Scope) -> bool:
    return scope.is_superuser or scope.national or bool(scope.mission_ids)
