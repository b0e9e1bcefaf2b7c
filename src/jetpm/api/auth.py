"""Token authentication for integrations: ``Authorization: Bearer <token>``; only a digest is stored."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from jetpm.core import audit
from jetpm.core.models import ApiToken, User


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


@transaction.atomic
def issue_token(*, actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    plain = "jetpm_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, digest=digest(plain), prefix=plain[6:14])
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=row,
        changes={"user": [None, user.pk], "name": [None, name]},
    )
    return row, plain


class VerifiedSessionAuth(SessionAuth):
    """The browser session, once it has passed the second factor when the user has or needs one."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        from jetpm.core import second_factor

        user = request.user
        if not user.is_authenticated or not second_factor.session_complete(user):  # type: ignore[arg-type]
            return None
        return user


def session_or_token() -> list[Any]:
    return [TokenAuth(), VerifiedSessionAuth()]
