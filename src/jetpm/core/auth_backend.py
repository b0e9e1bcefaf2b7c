"""The account backend: Django's model backend whose per-request user read also brings what every signed-in
request asks next (issue 15: five queries before any view → two for an applicant, three for staff).

``get_user`` runs once per request (the session names the user). Its single query joins the person (a
user has at most one) and tells whether the user has a confirmed second factor and any membership; the
scope (``core/scoping.scope_of``) and the second-factor middleware read those instead of asking again.
They describe the account as the request began, like the scope already cached on the user for the request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from jetpm.core.models import Membership, User

# the attributes get_user sets (read with getattr: a user loaded otherwise has none of them)
HAS_DEVICE = "jetpm_has_device"
HAS_MEMBERSHIPS = "jetpm_has_memberships"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = (
            User._default_manager.select_related("person__mission")
            .annotate(
                **{
                    HAS_DEVICE: Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)),
                    HAS_MEMBERSHIPS: Exists(Membership.objects.filter(user_id=OuterRef("pk"))),
                }
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


def loaded_flag(user: Any, name: str) -> bool | None:
    """A flag ``get_user`` loaded with the user, or None when the user was loaded some other way."""
    value = getattr(user, name, None)
    return None if value is None else bool(value)


def loaded_person(user: Any) -> tuple[bool, Any]:
    """(whether the person came with the user, the person or None)."""
    cache = getattr(getattr(user, "_state", None), "fields_cache", {})
    if "person" in cache:
        return True, cache["person"]
    return False, None
