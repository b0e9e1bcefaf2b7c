"""Authentication of the API: integrations send ``Authorization: Bearer <token>`` (only a digest is stored); a
browser session works too, once it has passed the second factor.

Each endpoint builds its authentication with :func:`requires` and the one scope it needs. A token without that
scope is refused with 403 (:class:`MissingScope`), a token over its rate limit with 429
(:class:`jetpm.core.throttle.RateLimited`). A session keeps its roles' access: scopes limit tokens only."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from jetpm.api import scopes as api_scopes
from jetpm.core import throttle
from jetpm.core.errors import DomainError
from jetpm.core.models import ApiToken, User


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class MissingScope(DomainError):
    status_code = 403

    def __init__(self, scope: str) -> None:
        super().__init__(
            _("This token does not have the scope %(scope)s (%(label)s) that this endpoint requires.")
            % {"scope": scope, "label": api_scopes.label(scope)}
        )
        self.scope = scope


class TokenAuth(HttpBearer):
    """A bearer token, not revoked, of an active user, holding ``scope``; counted for its rate limit."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        if not token or len(token) > 200:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        if "HTTP_ACCEPT_LANGUAGE" not in request.META and row.user.language:
            translation.activate(row.user.language)  # the token's user's language, as for their pages
            request.LANGUAGE_CODE = row.user.language
        throttle.count_api_request(row.pk)
        if self.scope is not None and self.scope not in (row.scopes or []):
            raise MissingScope(self.scope)
        request.user = row.user
        return row


class VerifiedSessionAuth(SessionAuth):
    """The browser session, once it has passed the second factor when the user has or needs one."""

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # no session: 401, not a CSRF refusal (403) of a request that has no session
        return super()._get_key(request)  # a session's unsafe request must carry the CSRF token

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        from jetpm.core import second_factor

        user = request.user
        if not user.is_authenticated or not second_factor.session_complete(user):  # type: ignore[arg-type]
            return None
        return user


def requires(scope: str) -> list[Any]:
    """The authentication of an endpoint that needs ``scope`` (a token) or a signed-in session."""
    if scope not in api_scopes.ALL:
        raise ValueError(f"unknown API scope {scope!r}")
    return [TokenAuth(scope), VerifiedSessionAuth()]


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token the request was authenticated with (None for a browser session)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def actor_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]
