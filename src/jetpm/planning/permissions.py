"""Who may do what in planning: one predicate per permission, used by services, views and templates alike.

Requests (配置要望): a contracting organisation's coordinators write and submit its request while the year's
requests window is open; its host organisation's coordinators forward or return it (also only while the
window is open); MIC and CLAIR staff accept or return requests, and after the window has closed they are the
only ones who may change lines or statuses.
"""

from __future__ import annotations

from jetpm.core.scoping import Scope
from jetpm.core.states import AGENCY_KINDS, OrgKind, Role
from jetpm.planning.models import PlacementRequest
from jetpm.planning.states import REQUEST_EDITABLE

REQUEST_AGENCY_KINDS = frozenset({OrgKind.MIC, OrgKind.CLAIR})
ORG_WRITER_ROLES = (Role.COORDINATOR, Role.ADMIN)


def is_request_agency(scope: Scope) -> bool:
    """Staff of MIC or CLAIR: they collect the requests, and may change them after the deadline."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=REQUEST_AGENCY_KINDS)


def can_view_requests(scope: Scope) -> bool:
    return scope.is_superuser or scope.national or bool(scope.co_ids) or bool(scope.host_ids)


def can_view_demand(scope: Scope) -> bool:
    """The national demand view: agencies and the Council."""
    return scope.is_superuser or scope.national


def is_request_writer(scope: Scope, organisation_id: int) -> bool:
    """A coordinator (or administrator) of the contracting organisation itself."""
    return scope.acts_for(organisation_id, *ORG_WRITER_ROLES)


def is_request_host(scope: Scope, host_id: int | None) -> bool:
    """A coordinator (or administrator) of the contracting organisation's host organisation."""
    return host_id is not None and scope.acts_for(host_id, *ORG_WRITER_ROLES)


def can_start_request(scope: Scope, organisation_id: int, *, window_open: bool) -> bool:
    return (is_request_writer(scope, organisation_id) and window_open) or is_request_agency(scope)


def can_edit_request(scope: Scope, req: PlacementRequest, *, window_open: bool) -> bool:
    """Add, change or remove lines (and the note): while the request is a draft or returned."""
    if req.status not in REQUEST_EDITABLE:
        return False
    return (is_request_writer(scope, req.organisation_id) and window_open) or is_request_agency(scope)


def can_upload_requests(scope: Scope, host_id: int) -> bool:
    """Bulk entry (XLSX template and upload) for a host organisation's area."""
    return is_request_host(scope, host_id)


# --- the country recruitment plan and the guidelines: the agencies draft, the Council approves -----------


def is_drafter(scope: Scope) -> bool:
    """Staff of MIC, MOFA, MEXT or CLAIR: they draw up the country plan and the guidelines."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=AGENCY_KINDS)


def is_council_approver(scope: Scope) -> bool:
    """The Council's approvers: they approve (or send back) plans and guidelines."""
    return scope.is_superuser or scope.has_role(Role.APPROVER, kinds={OrgKind.COUNCIL})


def can_read_plans(scope: Scope) -> bool:
    """The plan pages: the national bodies (every version) and the missions (approved versions)."""
    return scope.is_superuser or scope.national or bool(scope.mission_ids)


def can_read_guideline_drafts(scope: Scope) -> bool:
    return scope.is_superuser or scope.national


# --- the rules of the year --------------------------------------------------------------------------------

YEAR_RULES_EDITORS = frozenset({OrgKind.MIC, OrgKind.MOFA, OrgKind.CLAIR})


def can_view_year_rules(scope: Scope) -> bool:
    """The rules of the year's page: the agencies and the Council."""
    return scope.is_superuser or scope.national


def can_edit_year_rules(scope: Scope) -> bool:
    """Staff (and administrators) of MIC, MOFA and CLAIR change the rules of the year."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=YEAR_RULES_EDITORS)
