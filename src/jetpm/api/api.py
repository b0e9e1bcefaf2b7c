"""The HTTP API for integrations (OpenAPI 3; Swagger UI at /api/docs, served by the app).

Version 1 lives at ``/api/`` (the paths of the first API kept); an incompatible version would be mounted
beside it at ``/api/v2/``. Every endpoint reads through the apps' scoped selectors and writes through their
services, declares the scope it needs (``jetpm.api.scopes``) and the errors it may answer:

- 401 no valid token or session (a revoked or expired token: saying so and since when); 403 a token without
  the endpoint's scope, or a rule of the programme that keeps this user from doing this; 404 a record that
  does not exist or that the user may not see;
- 409 the record's state does not allow it (a request already submitted, a window closed);
- 422 invalid input, every field named (``loc``); 429 the token's rate limit, with Retry-After."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from jetpm.api.auth import TokenRefused
from jetpm.api.routes import alumni, applications, appointments, core, placement, planning, screening
from jetpm.core.errors import DomainError, FieldErrors
from jetpm.core.throttle import RateLimited


class Utf8Renderer(JSONRenderer):
    """JSON in UTF-8 as it is (Japanese names and messages readable, not \\u escapes)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="JETPM API",
    version="1",
    description=(
        "The records other systems exchange with JETPM. Authenticate with `Authorization: Bearer <token>` "
        "(create tokens on the “API tokens” page; each token holds scopes, `<area>:read` or "
        "`<area>:write`, and each endpoint names the one it needs). A token works until the expiry chosen "
        "when it was created (30, 90 or 365 days, at most the site's maximum) and is renewed by creating a "
        "new one; an expired or revoked token answers 401 with a `detail` saying so and since when. Lists "
        "take `limit` (1–100, default 50) and `offset`, and give the total `count`. Every list of personal "
        "data read is recorded in the audit log. Too many requests with one token answer 429 with "
        "Retry-After."
    ),
    urls_namespace="api",
    renderer=Utf8Renderer(),
)

for module in (core, planning, applications, screening, placement, appointments, alumni):
    api.add_router("", module.router)


def _field_error(field: str | None, message: str) -> dict[str, Any]:
    return {"loc": ["body", field] if field else ["body"], "msg": message, "type": "value_error"}


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A rule of the programme refused the request: 403 (who), 404, 409 (the record's state), 422 (a field),
    429 (the token's rate limit)."""
    if isinstance(exc, RateLimited):
        response = api.create_response(
            request, {"detail": exc.message, "retry_after": exc.retry_after}, status=429
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, FieldErrors):
        return api.create_response(
            request, {"detail": [_field_error(f, m) for f, m in exc.errors]}, status=422
        )
    if isinstance(exc, TokenRefused):  # revoked or expired (RFC 6750: the token is no longer valid)
        response = api.create_response(request, {"detail": exc.message}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    status = exc.status_code  # 403 PermissionDenied, MissingScope; 404 NotFound; 409 IllegalTransition
    if status == DomainError.status_code:  # a rule refused without a status of its own
        if exc.field:
            return api.create_response(
                request, {"detail": [_field_error(exc.field, exc.message)]}, status=422
            )
        status = 409  # a rule about the record's state or the calendar, not about a field
    return api.create_response(request, {"detail": exc.message}, status=status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Invalid input: every error with where it is and why (no echo of the input itself)."""
    errors = [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": errors}, status=422)
