"""Who may use the API's pages: one predicate per permission."""

from __future__ import annotations

from jetpm.core.scoping import Scope


def may_hold_tokens(scope: Scope) -> bool:
    """API tokens and the API's documentation in the menu: who acts for an organisation (the integrations
    are theirs), not applicants, participants or external panelists."""
    return scope.is_superuser or bool(scope.org_ids)
