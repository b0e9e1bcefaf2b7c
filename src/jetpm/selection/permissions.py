"""Who may do what in the final selection: one predicate per permission, used by services, views and menus.

HQ (MOFA's staff) prepares the lists, publishes them, lapses offers and confirms upgrades; the Council's
approvers approve or send back proposed lists; every national body reads the side-by-side view (CLAIR, which
places the selected candidates, MIC and MEXT only read).
The applicant replies to their own offer; the mission and HQ mark a candidate cleared.
"""

from __future__ import annotations

from jetpm.applications.models import Application
from jetpm.applications.permissions import is_council_approver, is_hq, is_mission_staff, is_own
from jetpm.core.scoping import Scope

__all__ = [
    "can_clear",
    "can_decide",
    "can_prepare",
    "can_read_letter",
    "can_reply",
    "can_view_selection",
    "is_council_approver",
    "is_hq",
]


def can_view_selection(scope: Scope) -> bool:
    """The side-by-side view and the lists: national bodies only (missions see results once published)."""
    return scope.is_superuser or scope.national


def can_prepare(scope: Scope) -> bool:
    """Prepare, adjust and propose lists, publish, lapse offers, confirm upgrades: HQ."""
    return is_hq(scope)


def can_decide(scope: Scope) -> bool:
    """Approve or send back a proposed list: the Council's approvers."""
    return is_council_approver(scope)


def can_reply(scope: Scope, application: Application) -> bool:
    """Accept or decline an offer, upload the certificates: the applicant themself."""
    return is_own(scope, application)


def can_clear(scope: Scope, application: Application) -> bool:
    """Mark an accepted candidate cleared for placement: the mission and HQ."""
    return is_mission_staff(scope, application.mission_id) or is_hq(scope)


def can_read_letter(scope: Scope, application: Application) -> bool:
    """The result letter: the applicant, their mission, the national bodies."""
    return is_own(scope, application) or is_mission_staff(scope, application.mission_id) or scope.national
