"""Who may do what with questionnaires: predicates over the user's Scope."""

from __future__ import annotations

from typing import Any

from jetpm.core.scoping import Scope
from jetpm.core.states import Role

MANAGING_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN)
SENDING_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN, Role.COORDINATOR)


def can_manage(scope: Scope, questionnaire: Any) -> bool:
    """Define, open and close a questionnaire, read all its results: its owner's staff."""
    return scope.is_superuser or scope.acts_for(questionnaire.owner_id, *MANAGING_ROLES)


def can_send_via(scope: Scope, organisation_id: int) -> bool:
    """Send a questionnaire to respondents through an organisation (a mission to its chapters): its staff."""
    return scope.is_superuser or scope.acts_for(organisation_id, *SENDING_ROLES)


def can_answer(scope: Scope, response: Any) -> bool:
    """Answer and submit a response: the person themselves, or whoever acts for the responding
    organisation (a chapter's officers)."""
    if response.person_id is not None:
        return scope.person_id is not None and scope.person_id == response.person_id
    return scope.acts_for(response.organisation_id) and response.organisation_id in scope.org_ids


def can_remind(scope: Scope, response: Any) -> bool:
    """Remind a respondent: whoever sent it, or the owner."""
    return can_send_via(scope, response.via_id) or can_manage(scope, response.questionnaire)
