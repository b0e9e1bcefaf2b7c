"""Who may do what with the year's guidelines: one predicate per permission, used by services, views and
templates alike. Reading is the scoping rule's business (jetpm.planning.rules): national bodies see drafts,
everyone signed in sees approved guidelines."""

from jetpm.core.scoping import Scope
from jetpm.core.states import AGENCY_KINDS, OrgKind, Role

# MIC, MOFA, MEXT and CLAIR draft the guidelines; the Council approves them.
GUIDELINE_DRAFTERS = AGENCY_KINDS


def can_draft_guidelines(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=GUIDELINE_DRAFTERS)


def can_approve_guidelines(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(Role.APPROVER, kinds={OrgKind.COUNCIL})


def can_read_guideline_drafts(scope: Scope) -> bool:
    return scope.is_superuser or scope.national
