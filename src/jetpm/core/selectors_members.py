"""Reads of the members pages, scoped through jetpm.core.scoping: the organisations a user manages, an
organisation's members, one membership, and what a member would lose if removed."""

from __future__ import annotations

from django.db.models import QuerySet

from jetpm.core.access import access
from jetpm.core.models import Membership, Organisation, User
from jetpm.core.permissions import MEMBERSHIP_ACTIONS, manages_all_members
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.selectors import access_organisation_by_id, organisations_for
from jetpm.core.states import ROLES_BY_KIND, Role


def managed_organisations(user: User, *, q: str = "") -> QuerySet[Organisation]:
    """The organisations whose members ``user`` manages: every organisation for a national administrator,
    else the ones they are an administrator of."""
    scope = scope_of(user)
    qs = organisations_for(user, q=q)
    if manages_all_members(scope):
        return qs
    return qs.filter(id__in={o for o, _k, r in scope.roles if r == Role.ADMIN})


def access_managed_organisation(user: User, organisation_id: int) -> Organisation:
    """An organisation whose members ``user`` manages, or ``NotFound`` (as for an organisation they cannot
    see)."""
    return access_organisation_by_id(user, organisation_id, action="manage_members")


def members_of(user: User, organisation: Organisation) -> QuerySet[Membership]:
    return (
        visible_to(user, Membership)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role", "pk")
    )


def access_membership(
    user: User, organisation: Organisation, membership_id: int, *, action: str | None = None
) -> Membership:
    """One membership of ``organisation`` on which the user may take ``action`` (``MEMBERSHIP_ACTIONS``);
    ``NotFound`` for a membership of another organisation."""
    return access(
        user,
        Membership.objects.filter(organisation=organisation).select_related("user", "organisation"),
        action=action,
        actions=MEMBERSHIP_ACTIONS,
        pk=membership_id,
    )


def roles_of(organisation: Organisation) -> list[tuple[str, str]]:
    """The roles the organisation's kind admits, in the order of ``Role``, with their labels."""
    allowed = ROLES_BY_KIND.get(organisation.kind, frozenset())
    return [(value, str(label)) for value, label in Role.choices if value in allowed]


def other_memberships(membership: Membership) -> list[Membership]:
    """The member's other roles (here and elsewhere): what they keep when this one is removed."""
    return list(
        Membership.objects.filter(user_id=membership.user_id)
        .exclude(pk=membership.pk)
        .select_related("organisation")
        .order_by("organisation__kind", "organisation__code", "role")
    )
