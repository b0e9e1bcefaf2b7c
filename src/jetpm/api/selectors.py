"""Reads of the api app, scoped (jetpm.core.scoping): a user's own API tokens."""

from __future__ import annotations

from django.db.models import F, QuerySet

from jetpm.core.access import access
from jetpm.core.models import ApiToken, User
from jetpm.core.scoping import visible_to


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens: active ones first, newest first."""
    return visible_to(user, ApiToken).order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")


def access_token_by_id(user: User, token_id: int) -> ApiToken:
    """One of the user's tokens; ``NotFound`` otherwise (the page answers 404)."""
    return access(user, ApiToken, pk=token_id)
