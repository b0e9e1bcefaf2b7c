"""Who may do what in evaluation: one predicate per permission, used by services, views and templates alike.

The examination rules are drafted and approved like the guideline (planning's predicates): the agencies'
staff draft, the Council's approver approves. The Council's members (any role in the Council) record the
findings of its next-year discussion and link them to next year's changes; its approver adopts them; the
agencies (MIC, MOFA, MEXT, CLAIR) read them."""

from __future__ import annotations

from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind, Role
from jetpm.planning.permissions import can_read_guideline_drafts, is_council_approver, is_drafter

COUNCIL = frozenset({OrgKind.COUNCIL})
CLAIR = frozenset({OrgKind.CLAIR})


def is_council_member(scope: Scope) -> bool:
    """A member of the Council (staff, approver or administrator): records findings and their changes."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.APPROVER, Role.ADMIN, kinds=COUNCIL)


def can_read_findings(scope: Scope) -> bool:
    """The Council and the agencies."""
    return scope.is_superuser or scope.national


def can_see_outcomes(scope: Scope) -> bool:
    """The outcomes and fairness of the entrance: the national bodies only (an organisation's share of the
    funnel would be nobody's figure)."""
    return scope.is_superuser or scope.national


def sees_voice_results(scope: Scope) -> bool:
    """The local governments' evaluations by prefecture and kind: HQ (the agencies) and the Council."""
    return scope.is_superuser or scope.national


def answers_voice(scope: Scope) -> bool:
    """Contracting and host organisations answer the survey (their coordinators)."""
    return bool(scope.co_ids or scope.host_ids)


def sees_voice(scope: Scope) -> bool:
    return sees_voice_results(scope) or answers_voice(scope)


def can_start_voice_survey(scope: Scope) -> bool:
    """CLAIR (HQ) defines and sends the year's survey: its staff and administrators."""
    return scope.is_superuser or scope.has_role(Role.STAFF, Role.ADMIN, kinds=CLAIR)


def can_read_rule_drafts(scope: Scope) -> bool:
    return can_read_guideline_drafts(scope)


__all__ = [
    "answers_voice",
    "can_read_findings",
    "can_read_rule_drafts",
    "can_see_outcomes",
    "can_start_voice_survey",
    "is_council_approver",
    "is_council_member",
    "is_drafter",
    "sees_voice",
    "sees_voice_results",
]
