"""Authentication of the API: integrations send ``Authorization: Bearer <token>`` (only a digest is stored); a
browser session works too, once it has passed the second factor.

Each endpoint builds its authentication with :func:`requires` and the one scope it needs. A token without that
scope is refused with 403 (:class:`MissingScope`), a token over its rate limit with 429
(:class:`jetpm.core.throttle.RateLimited`), a revoked or expired token with 401 saying so and since when
(:class:`TokenRefused`). A session keeps its roles' access: scopes limit tokens only."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from jetpm.api import expiry
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


class TokenRefused(DomainError):
    """A token that exists but no longer works (revoked, expired): 401, saying why and since when, so that the
    system's operators know to ask its person for a new token rather than look for a typing error."""

    status_code = 401


def _since(when: datetime) -> dict[str, str]:
    return {"date": expiry.moment(when), "utc": expiry.utc(when)}


class TokenAuth(HttpBearer):
    """A bearer token, not revoked, not expired, of an active user, holding ``scope``; counted for its rate
    limit."""

    openapi_description = (
        "An API token, created by a person on the “API tokens” page, sent as "
        "`Authorization: Bearer <token>`. It holds scopes and works until the expiry chosen when it was "
        "created (30, 90 or 365 days, never more than the site's `JETPM_API_TOKEN_MAX_DAYS`); it is renewed "
        "by creating a new token. A revoked or expired token answers 401 with a `detail` saying so and since "
        "when."
    )

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        if not token or len(token) > 200:
            return None
        row = ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
        if row is None or not row.user.is_active:
            return None
        if "HTTP_ACCEPT_LANGUAGE" not in request.META and row.user.language:
            translation.activate(row.user.language)  # the token's user's language, as for their pages
            request.LANGUAGE_CODE = row.user.language
        now = timezone.now()
        if row.revoked_at is not None:
            raise TokenRefused(
                _(
                    "This token was revoked on %(date)s (%(utc)s). Its person can create a new one on the "
                    "API tokens page."
                )
                % _since(row.revoked_at)
            )
        if expiry.is_expired(row, now=now):
            raise TokenRefused(
                _(
                    "This token expired on %(date)s (%(utc)s). Its person can create a new one on the API "
                    "tokens page."
                )
                % _since(row.expires_at)
            )
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
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
