"""What every endpoint of the API shares: the bounded input types, the error bodies declared in the schema,
bounded pagination with the total count, and the audit of bulk reads of personal data."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema
from pydantic import AfterValidator, create_model

from jetpm.api.auth import requires, token_of
from jetpm.core.errors import DomainError, IllegalTransition

# --- bounded inputs ---------------------------------------------------------------------------------------

MAX_ID = 2_147_483_647  # ids are 32-bit or 64-bit integers; nothing larger names a record
PAGE_DEFAULT = 50
PAGE_MAX = 100
OFFSET_MAX = 10_000_000
SEARCH_MAX = 100


def _plain_text(value: str) -> str:
    """Refuse what no database column takes: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode text") from exc
    return value


# Text without NUL (the schema says so; the validator also refuses lone surrogates); then bounded:
# Annotated[Text, Field(max_length=…)].
Text = Annotated[str, Field(pattern=r"^[^\x00]*$"), AfterValidator(_plain_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1987, le=2100, description="A fiscal year (April–March), e.g. 2027.")]
Search = Annotated[Text, Field(max_length=SEARCH_MAX)]


# --- errors -----------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    """401, 403, 404, 409: what went wrong, in the user's language."""

    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(..., description="Where: ['query', 'limit'], ['body', 'language'], …")
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """422: every refused field, each named by its location."""

    detail: list[FieldErrorOut]


class RateLimitedOut(Schema):
    """429: too many requests with this token; retry after ``retry_after`` seconds (also the Retry-After
    header)."""

    detail: str
    retry_after: int


READ_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    429: RateLimitedOut,
}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}


# --- pagination -------------------------------------------------------------------------------------------

_PAGES: dict[type, type] = {}


def page_of(item: type[Schema]) -> Any:
    """The response schema of a list of ``item``: the page's items, the total count and the bounds."""
    if item not in _PAGES:
        name = item.__name__.removesuffix("Out") + "Page"
        _PAGES[item] = create_model(
            name,
            __base__=Schema,
            items=(list[item], ...),  # type: ignore[valid-type]
            count=(int, Field(..., description="How many records match, on every page.")),
            limit=(int, ...),
            offset=(int, ...),
        )
    return _PAGES[item]


Limit = Annotated[int, Field(ge=1, le=PAGE_MAX, description=f"At most {PAGE_MAX} records a page.")]
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX, description="How many records to skip.")]


def page(qs: QuerySet[Any] | Sequence[Any], *, limit: int, offset: int) -> dict[str, Any]:
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    items = list(qs[offset : offset + limit])
    return {"items": items, "count": count, "limit": limit, "offset": offset}


def personal_page(
    request: HttpRequest,
    qs: QuerySet[Any],
    *,
    limit: int,
    offset: int,
    filters: dict[str, Any],
) -> dict[str, Any]:
    """A page of personal data: read, then audited (one event for the request, no personal values)."""
    from jetpm.api.services import record_bulk_read

    out = page(qs, limit=limit, offset=offset)
    match = request.resolver_match
    route = match.route if match is not None else request.path
    record_bulk_read(
        actor=request.user,  # type: ignore[arg-type]
        token=token_of(request),
        endpoint=f"{request.method} /{route}",
        filters=_audited_filters(filters, limit=limit, offset=offset),
        returned=len(out["items"]),
        total=out["count"],
    )
    return out


# The filters as the audit log names them (the audit page shows each by its label, core.audit_labels).
AUDIT_NAMES = {
    "q": "search_length",
    "mission_id": "mission",
    "contracting_org_id": "contracting_organisation",
    "panel_id": "panel",
    "chapter_id": "chapter",
}
AUDIT_WORDS = (
    gettext_noop("Search length"),
    gettext_noop("Limit"),
    gettext_noop("Offset"),
    gettext_noop("Kind"),
    gettext_noop("Status"),
    gettext_noop("Intake year"),
    gettext_noop("Fiscal year"),
    gettext_noop("Job type"),
    gettext_noop("Changed since"),
    gettext_noop("Country"),
    gettext_noop("Mission"),
    gettext_noop("Contracting organisation"),
    gettext_noop("Panel"),
    gettext_noop("Chapter"),
)


def _audited_filters(filters: dict[str, Any], *, limit: int, offset: int) -> dict[str, Any]:
    """The filters of the request as the audit log keeps them: a search text may be a person's name, so only
    its length is kept."""
    out: dict[str, Any] = {}
    for name, value in filters.items():
        if value in (None, ""):
            continue
        key = AUDIT_NAMES.get(name, name)
        if name == "q":
            out[key] = len(value)
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = str(value) if isinstance(value, str) else value
    out["limit"] = limit
    out["offset"] = offset
    return out


# --- the routers of the areas -----------------------------------------------------------------------------


def _renaming_errors(
    fn: Callable[..., Any], conflicts: frozenset[str], fields: Mapping[str, str]
) -> Callable[..., Any]:
    """The endpoint, with its services' errors named for the API: a field that means the record's state
    becomes a conflict (409), a field named otherwise in the body is renamed (422 on the body's field)."""
    if not conflicts and not fields:
        return fn

    @functools.wraps(fn)
    def endpoint(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            if exc.field in conflicts:
                raise IllegalTransition(exc.message) from exc
            if exc.field is not None and exc.field in fields:
                raise DomainError(exc.message, field=fields[exc.field]) from exc
            raise

    # ninja reads the parameters from the signature: give it the endpoint's own, its annotations resolved in
    # the endpoint's module (they are strings under ``from __future__ import annotations``)
    hints = typing.get_type_hints(fn, include_extras=True)
    signature = inspect.signature(fn)
    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
        ],
        return_annotation=hints.get("return", signature.return_annotation),
    )
    return endpoint


class Area(Router):
    """The endpoints of one area (``core``, ``planning``, …): each declares whether it reads or writes, and so
    the one scope it needs (``<area>:read`` or ``<area>:write``), the errors it may answer and its
    authentication (a token with that scope, or a browser session)."""

    def __init__(self, area: str) -> None:
        super().__init__(tags=[area])
        self.area = area

    def endpoint(
        self,
        method: str,
        path: str,
        *,
        response: Any,
        status: int = 200,
        write: bool = False,
        conflicts: Iterable[str] = (),
        fields: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """``conflicts``: the services' error fields that mean the record's state (409, not 422); ``fields``:
        a service's field named otherwise in the body (``{"organisation": "organisation_id"}``). The errors
        are then answered by the API's one handler (``api/api.py``)."""
        scope = f"{self.area}:{'write' if write else 'read'}"
        responses = {**(WRITE_ERRORS if write else READ_ERRORS)}
        if isinstance(response, dict):
            responses.update(response)
        else:
            responses[status] = response
        extra = {
            "x-scope": scope,
            "responses": {
                429: {
                    "headers": {
                        "Retry-After": {
                            "description": "Seconds until the token may make another request.",
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    }
                }
            },
        }

        def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
            doc = (fn.__doc__ or "").strip()
            fn.__doc__ = f"{doc}\n\nScope: `{scope}`."
            fn = _renaming_errors(fn, frozenset(conflicts), dict(fields or {}))
            return self.api_operation(
                [method],
                path,
                auth=requires(scope),
                response=responses,
                openapi_extra=extra,
                url_name=fn.__name__,
                **kwargs,
            )(fn)

        return deco

    def read(
        self, path: str, *, response: Any, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.endpoint("GET", path, response=response, **kwargs)
